"""Configuration from the environment, with defaults that need nothing else."""

import os
import secrets
from datetime import date, time
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """Return HELPDESK_SECRET_KEY, or a key generated once and kept in the instance folder."""
    configured = os.environ.get("HELPDESK_SECRET_KEY")
    if configured:
        return configured
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _closing_days(text: str) -> frozenset[date]:
    """Parse HELPDESK_CLOSING_DAYS: ISO dates separated by commas."""
    days = set()
    for part in text.split(","):
        part = part.strip()
        if part:
            try:
                days.add(date.fromisoformat(part))
            except ValueError as exc:
                raise ValueError(f"HELPDESK_CLOSING_DAYS: {part!r} is not a date (YYYY-MM-DD)") from exc
    return frozenset(days)


def _job_times(text: str) -> dict[str, time]:
    """Parse HELPDESK_JOB_TIMES: "job_name=HH:MM" pairs separated by commas."""
    times = {}
    for part in text.split(","):
        if part.strip():
            name, _, clock = part.partition("=")
            try:
                times[name.strip()] = time.fromisoformat(clock.strip())
            except ValueError as exc:
                raise ValueError(f"HELPDESK_JOB_TIMES: {part.strip()!r} is not name=HH:MM") from exc
    return times


def _day_of_month(text: str) -> int:
    """Parse HELPDESK_INVOICE_RUN_DAY: the day of the month (1–28) the previous month is invoiced."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 28:
        raise ValueError(f"HELPDESK_INVOICE_RUN_DAY: {text!r} is not a day of the month from 1 to 28")
    return int(text)


def _days(name: str, default: str) -> int:
    text = os.environ.get(name, default).strip()
    if not text.isdigit() or int(text) > 365:
        raise ValueError(f"{name}: {text!r} is not a number of days from 0 to 365")
    return int(text)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: Path) -> dict:
    """Build the Flask configuration from HELPDESK_* environment variables."""
    instance_path.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{instance_path / 'helpdesk.sqlite'}"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "HELPDESK_CLOSING_DAYS": _closing_days(os.environ.get("HELPDESK_CLOSING_DAYS", "")),
        "HELPDESK_BACKUP_DIR": os.environ.get("HELPDESK_BACKUP_DIR") or str(instance_path / "backups"),
        "HELPDESK_ATTACHMENT_DIR": os.environ.get("HELPDESK_ATTACHMENT_DIR") or str(instance_path / "attachments"),
        "HELPDESK_ATTACHMENT_MAX_BYTES": int(os.environ.get("HELPDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)),
        "MAX_CONTENT_LENGTH": int(os.environ.get("HELPDESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)) + 1024 * 1024,
        "HELPDESK_PAGE_SIZE": 25,
        "SESSION_COOKIE_HTTPONLY": True,
        "HELPDESK_HTTPS": _flag("HELPDESK_HTTPS"),
        "RATELIMIT_STORAGE_URI": os.environ.get("HELPDESK_RATELIMIT_STORAGE_URI", "memory://"),
        "HELPDESK_PROXY_COUNT": int(os.environ.get("HELPDESK_PROXY_COUNT", "0") or 0),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "HELPDESK_JOB_TIMES": _job_times(os.environ.get("HELPDESK_JOB_TIMES", "")),
        "HELPDESK_INVOICE_RUN_DAY": _day_of_month(os.environ.get("HELPDESK_INVOICE_RUN_DAY", "1")),
        "HELPDESK_RENEWAL_INVOICE_DAYS": _days("HELPDESK_RENEWAL_INVOICE_DAYS", "30"),
        "HELPDESK_SMTP_HOST": os.environ.get("HELPDESK_SMTP_HOST", ""),
        "HELPDESK_SMTP_PORT": int(os.environ.get("HELPDESK_SMTP_PORT", 25)),
        "HELPDESK_SMTP_USER": os.environ.get("HELPDESK_SMTP_USER", ""),
        "HELPDESK_SMTP_PASSWORD": os.environ.get("HELPDESK_SMTP_PASSWORD", ""),
        "HELPDESK_SMTP_STARTTLS": _flag("HELPDESK_SMTP_STARTTLS"),
        "HELPDESK_MAIL_FROM": os.environ.get("HELPDESK_MAIL_FROM", "helpdesk@localhost"),
        **_seller(),
    }


SELLER_DEFAULTS = {
    "NAME": "hostkon.IT ApS",
    "ADDRESS": "Teknikervej 7\n8000 Aarhus C",
    "CVR": "26786843",
    "EMAIL": "faktura@hostkon.dk",
    "PHONE": "+45 70 11 22 33",
    "BANK_REG": "1234",
    "BANK_ACCOUNT": "0012345678",
    "IBAN": "DK5912340012345678",
    "BIC": "DABADKKK",
}


def _seller() -> dict:
    """The seller printed on invoices: HELPDESK_SELLER_NAME, _ADDRESS, _CVR, _EMAIL, _PHONE, _BANK_REG, ..."""
    return {f"HELPDESK_SELLER_{key}": os.environ.get(f"HELPDESK_SELLER_{key}", default)
            for key, default in SELLER_DEFAULTS.items()}
