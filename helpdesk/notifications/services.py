"""Queue e-mail in the caller's transaction and send it later, each message once, with retries.

``enqueue`` only adds rows to the session: the message is stored or dropped together with the event that
causes it. ``send_due`` takes one due message at a time with a lease (a conditional UPDATE, committed), so
two senders never take the same message; it then sends and records the outcome in a new transaction.
A sender that dies after sending leaves the lease to run out, and the message is sent again with the same
Message-ID, so the copy can be recognised.
"""

import smtplib
import ssl
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from helpdesk.accounts.models import Language, User
from helpdesk.i18n import in_language
from helpdesk.database import Page, paginate, utcnow
from helpdesk.errors import Conflict, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.notifications import attachments
from helpdesk.notifications.models import MessageStatus, OutboxMessage

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=6)
SMTP_TIMEOUT_SECONDS = 10
DEFAULT_SENDER = "helpdesk@localhost"


def render_mail(template: str, context: dict, language: str = Language.DANISH) -> tuple[str, str]:
    """Render the mail template in a language into its subject (the first line) and its body.

    Danish texts are ``templates/mail/<template>.txt``; other languages live in ``templates/mail/<language>/``.
    Amounts and dates are written for the recipient, not for whoever caused the mail.
    """
    folder = "mail" if language == Language.DANISH else f"mail/{language}"
    with in_language(language):
        text = current_app.jinja_env.get_template(f"{folder}/{template}.txt").render(context)
    first_line, _, body = text.partition("\n")
    if not first_line.startswith("Subject:"):
        raise ValueError(f"mail/{template}.txt must start with 'Subject: '")
    return first_line.removeprefix("Subject:").strip(), body.strip() + "\n"


@dataclass(frozen=True)
class Mail:
    """A mail to queue: a template, what it is filled with, and its recipients."""

    kind: str
    recipients: list[str]
    template: str
    context: dict
    customer_id: int | None = None
    dedupe_key: str | None = None
    attachment: str | None = None


def enqueue(kind: str, recipients, template: str, context: dict, customer_id: int | None = None,
            dedupe_key: str | None = None, attachment: str | None = None) -> int:
    """Add one message per distinct recipient, in the recipient's language, without committing; return how many.

    Each recipient gets a message of its own, so recipients of one mail may read it, and its attachment, in
    different languages. A recipient already sent the mail of a dedupe key is not sent it again.
    """
    return enqueue_all([Mail(kind, list(recipients), template, context, customer_id, dedupe_key, attachment)])


def enqueue_all(mails: list[Mail]) -> int:
    """``enqueue`` each mail, reading what is already queued and the recipients' languages once for them all
    (a dunning batch queues fifty reminders)."""
    wanted = [[address for address in dict.fromkeys(r.strip() for r in mail.recipients) if address] for mail in mails]
    queued = _already_queued({mail.dedupe_key for mail in mails if mail.dedupe_key is not None})
    languages = _languages({address for addresses in wanted for address in addresses})
    count = 0
    for mail, addresses in zip(mails, wanted):
        addresses = [address for address in addresses if (mail.dedupe_key, address) not in queued]
        texts = {language: render_mail(mail.template, mail.context, language)
                 for language in {languages[address] for address in addresses}}
        for address in addresses:
            subject, body = texts[languages[address]]
            db.session.add(OutboxMessage(kind=mail.kind, recipient=address, subject=subject, body=body,
                                         customer_id=mail.customer_id, dedupe_key=mail.dedupe_key,
                                         message_id=_new_message_id(), attachment=mail.attachment,
                                         language=languages[address]))
            if mail.dedupe_key is not None:
                queued.add((mail.dedupe_key, address))
        count += len(addresses)
    return count


def _already_queued(dedupe_keys: set[str]) -> set[tuple[str, str]]:
    """The (dedupe key, recipient) of the messages queued under the keys."""
    if not dedupe_keys:
        return set()
    rows = db.session.execute(sa.select(OutboxMessage.dedupe_key, OutboxMessage.recipient)
                              .where(OutboxMessage.dedupe_key.in_(dedupe_keys)))
    return {(key, recipient) for key, recipient in rows}


def _languages(addresses: set[str]) -> dict[str, Language]:
    """Each address's language: its user's choice, Danish for an address that is nobody's sign-in."""
    chosen = dict(db.session.execute(sa.select(User.email, User.language).where(User.email.in_(addresses))).all()
                  ) if addresses else {}
    return {address: chosen.get(address, Language.DANISH) for address in addresses}


def _sender() -> str:
    return current_app.config.get("HELPDESK_MAIL_FROM") or DEFAULT_SENDER


def _new_message_id() -> str:
    return make_msgid(domain=_sender().rpartition("@")[2] or "localhost")


def backoff(attempts: int) -> timedelta:
    """Return the wait after the given number of failed attempts: 1, 2, 4, 8 … minutes, at most 6 hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def send_due(now: datetime | None = None) -> dict:
    """Send every pending message that is due, each in its own transaction; count the outcomes.

    It commits as it goes: call it with nothing of your own left uncommitted.
    """
    now = now or utcnow()
    due = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == MessageStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    ).all()
    db.session.commit()
    counts = Counter({"sent": 0, "failed": 0, "retrying": 0})
    for message_id in due:
        if _claim(message_id, now):
            counts[_send_claimed(message_id, now)] += 1
    return dict(counts)


def _claim(message_id: int, now: datetime) -> bool:
    """Take the message for the lease's time, unless another sender has it or it is no longer due."""
    claimed = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.PENDING,
               OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _send_claimed(message_id: int, now: datetime) -> str:
    """Send a claimed message and record the outcome: "sent", "retrying" or "failed"."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    error = _attempt(message, now)
    message.attempts += 1
    if error is None:
        message.status = MessageStatus.SENT
        message.sent_at = now
        outcome = "sent"
    else:
        outcome = _record_failure(message, error, now)
    db.session.commit()
    return outcome


def _attempt(message: OutboxMessage, now: datetime) -> Exception | None:
    """Deliver the message with no transaction open meanwhile; return the error that stopped it, if any."""
    message_id = message.id
    try:
        email = _email(message, now)
        db.session.commit()
        _deliver(email, message_id)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        return error
    return None


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> str:
    """Keep the error; retry after the backoff, or give up after the last attempt."""
    message.last_error = f"{type(error).__name__}: {error}"
    if message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
        return "failed"
    message.next_attempt_at = now + backoff(message.attempts)
    return "retrying"


def _email(message: OutboxMessage, now: datetime) -> EmailMessage:
    """Build the e-mail as it goes out; a header that cannot be written raises ValueError."""
    email = EmailMessage()
    email["From"] = _sender()
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message.message_id
    email.set_content(message.body, cte="quoted-printable")
    if message.attachment:
        content, filename, mime_type = attachments.render(message.attachment, message.language)
        maintype, _, subtype = mime_type.partition("/")
        email.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return email


def _deliver(email: EmailMessage, message_id: int) -> None:
    """Send over SMTP when a host is configured, else write the message to the instance folder."""
    config = current_app.config
    if not config.get("HELPDESK_SMTP_HOST"):
        _write_eml(email, Path(current_app.instance_path) / "outbox" / f"{message_id}.eml")
        return
    with smtplib.SMTP(config["HELPDESK_SMTP_HOST"], config.get("HELPDESK_SMTP_PORT", 25),
                      timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if config.get("HELPDESK_SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("HELPDESK_SMTP_USER"):
            smtp.login(config["HELPDESK_SMTP_USER"], config.get("HELPDESK_SMTP_PASSWORD") or "")
        smtp.send_message(email)


def _write_eml(email: EmailMessage, path: Path) -> None:
    """Write the file whole or not at all: a reader never sees half a message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(email.as_bytes())
    partial.replace(path)


def resend(actor, message_id: int) -> OutboxMessage:
    """Put a sent or failed message back in the queue, under a new Message-ID; managers only."""
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan sende en besked igen."))
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(gettext("Beskeden %(id)s findes ikke.", id=message_id))
    if message.status == MessageStatus.PENDING:
        raise Conflict(gettext("Beskeden venter allerede på at blive sendt."))
    message.status = MessageStatus.PENDING
    message.attempts = 0
    message.last_error = None
    message.next_attempt_at = utcnow()
    message.message_id = _new_message_id()
    db.session.commit()
    return message


def list_messages(status: MessageStatus | None = None, page: int = 1, per_page: int = 50) -> Page:
    """List every message for managers: the failed ones first, then the newest."""
    query = sa.select(OutboxMessage)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    failed_first = sa.case((OutboxMessage.status == MessageStatus.FAILED, 0), else_=1)
    return paginate(query, page, per_page, failed_first, OutboxMessage.created_at.desc(), OutboxMessage.id.desc())


def customer_messages(customer_id: int) -> list[OutboxMessage]:
    """List the messages sent to a customer's contacts, the newest first."""
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.customer_id == customer_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    ))
