"""How values are shown: Copenhagen local time; labels in Danish, or in the reader's language in templates."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext

from helpdesk.rules.worktime import to_local


def N_(text: str) -> str:
    """Mark a text for the message catalogue; it is translated where it is shown."""
    return text


LABELS = {
    "support": N_("Support"),
    "fault": N_("Fejl"),
    "consultancy": N_("Konsulentbistand"),
    "price_inquiry": N_("Prisforespørgsel"),
    "delivery": N_("Leverance"),
    "outage": N_("Nedbrud"),
    "portal": N_("Portal"),
    "phone": N_("Telefon"),
    "email": N_("E-mail"),
    "post": N_("Post"),
    "oioubl": N_("OIOUBL e-faktura"),
    "low": N_("Lav"),
    "normal": N_("Normal"),
    "high": N_("Høj"),
    "urgent": N_("Akut"),
    "new": N_("Ny"),
    "open": N_("Åben"),
    "waiting": N_("Afventer kunde"),
    "resolved": N_("Løst"),
    "closed": N_("Lukket"),
    "free": N_("Gratis"),
    "covered": N_("Dækket af aftale"),
    "billable": N_("Fakturerbar"),
    "hosting": N_("Hosting"),
    "backup": N_("Backup"),
    "monitoring": N_("Overvågning"),
    "active": N_("Aktiv"),
    "ending": N_("Opsagt"),
    "ended": N_("Ophørt"),
    "termination": N_("Opsigelse"),
    "rescission": N_("Ophævelse"),
    "major_price": N_("Prisændring"),
    "terms": N_("Ændring af vilkår"),
    "hostkon": N_("hostkon.IT"),
    "compusoft": N_("CompuSoft"),
    "mileage": N_("Kørsel"),
    "outlay": N_("Udlæg"),
    "supplier": N_("Leverandør"),
    "customer": N_("Kunde"),
    "third_party": N_("Tredjepart"),
    "no_fault": N_("Ingen fejl"),
    "technician": N_("Tekniker"),
    "manager": N_("Leder"),
    "admin": N_("Administrator"),
    "purchase": N_("Køb"),
    "consumption": N_("Forbrug"),
    "reversal": N_("Tilbageført"),
    "expiry": N_("Udløb"),
    "settlement": N_("Udligning"),
    "adjustment": N_("Regulering"),
    "issued": N_("Udstedt"),
    "partly_paid": N_("Delvist betalt"),
    "paid": N_("Betalt"),
    "overdue": N_("Forfalden"),
    "in_collection": N_("Til inkasso"),
    "credited": N_("Krediteret"),
}


def label(value) -> str:
    """The Danish label of an enum value."""
    if value is None:
        return "—"
    key = getattr(value, "value", value)
    return LABELS.get(key, str(key))


def translated_label(value) -> str:
    """The label of an enum value in the reader's language."""
    return gettext(label(value))


def local_datetime(moment: datetime | None) -> str:
    return to_local(moment).strftime("%d.%m.%Y %H:%M") if moment else "—"


def local_date(moment: datetime | None) -> str:
    return to_local(moment).strftime("%d.%m.%Y") if moment else "—"


def local_time(moment: datetime | None) -> str:
    return to_local(moment).strftime("%H:%M") if moment else "—"


def danish_date(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def input_datetime(moment: datetime | None) -> str:
    """The value of an <input type=datetime-local>, in Copenhagen time."""
    return to_local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def money(amount: Decimal | None) -> str:
    """Danish kroner: 1.234,50 kr."""
    if amount is None:
        return "—"
    whole, _, ore = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{ore} kr."


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


FILTERS = {
    "label": translated_label,
    "local_datetime": local_datetime,
    "local_date": local_date,
    "local_time": local_time,
    "danish_date": danish_date,
    "input_datetime": input_datetime,
    "duration": duration,
    "money": money,
}
GLOBALS = {"label": translated_label}
