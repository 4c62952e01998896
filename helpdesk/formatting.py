"""How values are shown: Copenhagen local time, Danish labels."""

from datetime import date, datetime
from decimal import Decimal

from helpdesk.rules.worktime import to_local

LABELS = {
    "support": "Support",
    "fault": "Fejl",
    "consultancy": "Konsulentbistand",
    "price_inquiry": "Prisforespørgsel",
    "delivery": "Leverance",
    "outage": "Nedbrud",
    "portal": "Portal",
    "phone": "Telefon",
    "email": "E-mail",
    "post": "Post",
    "oioubl": "OIOUBL e-faktura",
    "low": "Lav",
    "normal": "Normal",
    "high": "Høj",
    "urgent": "Akut",
    "new": "Ny",
    "open": "Åben",
    "waiting": "Afventer kunde",
    "resolved": "Løst",
    "closed": "Lukket",
    "free": "Gratis",
    "covered": "Dækket af aftale",
    "billable": "Fakturerbar",
    "hosting": "Hosting",
    "backup": "Backup",
    "monitoring": "Overvågning",
    "active": "Aktiv",
    "ending": "Opsagt",
    "ended": "Ophørt",
    "termination": "Opsigelse",
    "rescission": "Ophævelse",
    "major_price": "Prisændring",
    "terms": "Ændring af vilkår",
    "hostkon": "hostkon.IT",
    "compusoft": "CompuSoft",
    "mileage": "Kørsel",
    "outlay": "Udlæg",
    "supplier": "Leverandør",
    "customer": "Kunde",
    "third_party": "Tredjepart",
    "no_fault": "Ingen fejl",
    "technician": "Tekniker",
    "manager": "Leder",
    "admin": "Administrator",
    "purchase": "Køb",
    "consumption": "Forbrug",
    "reversal": "Tilbageført",
    "expiry": "Udløb",
    "settlement": "Udligning",
    "adjustment": "Regulering",
    "issued": "Udstedt",
    "partly_paid": "Delvist betalt",
    "paid": "Betalt",
    "overdue": "Forfalden",
    "in_collection": "Til inkasso",
    "credited": "Krediteret",
}


def label(value) -> str:
    """The Danish label of an enum value."""
    if value is None:
        return "—"
    key = getattr(value, "value", value)
    return LABELS.get(key, str(key))


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
    "label": label,
    "local_datetime": local_datetime,
    "local_date": local_date,
    "local_time": local_time,
    "danish_date": danish_date,
    "input_datetime": input_datetime,
    "duration": duration,
    "money": money,
}
GLOBALS = {"label": label}
