"""How values are shown: Copenhagen local time, in the reader's language.

The functions write Danish unless given a locale: OIOUBL and what is kept in the database as text are Danish.
The Jinja filters (FILTERS) write in the locale of the request, or of the mail being written.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import (NumberPattern, format_currency, format_decimal, format_percent, get_currency_symbol,
                           get_decimal_symbol, get_group_symbol, get_minus_sign_symbol, parse_pattern)
from babel.units import format_unit
from flask_babel import get_locale, gettext

from helpdesk.rules.worktime import to_local

DANISH = "da"
# CLDR's Danish money pattern with an ordinary space where CLDR has a no-break one: 1.234,50 kr.
MONEY_PATTERN = "#,##0.00 ¤"
# Danish dates as Danes write them (21.11.2026); other languages take their locale's short date (21/11/2026).
DATE_PATTERNS = {"da": "dd.MM.y"}
# CLDR's Danish time is 14.30; the pages have always written 14:30, as most Danes do.
TIME_PATTERN = "HH:mm"


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


def _date_pattern(locale: Locale | str) -> str:
    locale = Locale.parse(locale)
    return DATE_PATTERNS.get(locale.language) or locale.date_formats["short"].pattern


def local_datetime(moment: datetime | None, locale: Locale | str = DANISH) -> str:
    if not moment:
        return "—"
    return format_datetime(to_local(moment), f"{_date_pattern(locale)} {TIME_PATTERN}", locale=locale)


def local_date(moment: datetime | None, locale: Locale | str = DANISH) -> str:
    return danish_date(to_local(moment).date(), locale) if moment else "—"


def local_time(moment: datetime | None, locale: Locale | str = DANISH) -> str:
    """The Copenhagen wall clock, 14:30 (TIME_PATTERN, as Babel writes it in every language here: a test holds
    the two equal), without Babel: a customer's consumption export writes tens of thousands. The locale is
    taken, and not needed, so that every formatter is called alike."""
    return f"{to_local(moment):%H:%M}" if moment else "—"


def danish_date(day: date | None, locale: Locale | str = DANISH) -> str:
    """A day: 21.11.2026 in Danish (the name is older than the other languages); each day written once, as
    lists and exports repeat the same days many times."""
    return _written_date(day, str(locale)) if day else "—"


@lru_cache(maxsize=4096)
def _written_date(day: date, locale: str) -> str:
    return format_date(day, _date_pattern(locale), locale=locale)


def month_year(day: date, locale: Locale | str = DANISH) -> str:
    """The month a day is in: 11.2026 in Danish, 11/2026 in English."""
    return format_skeleton("yMM", day, locale=locale)


def input_datetime(moment: datetime | None) -> str:
    """The value of an <input type=datetime-local>, in Copenhagen time."""
    return to_local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def money(amount: Decimal | int | None, locale: Locale | str = DANISH) -> str:
    """Kroner: 1.234,50 kr. in Danish, 1,234.50 DKK in English.

    What Babel writes for MONEY_PATTERN (a test holds the two equal), without Babel's Decimal arithmetic: a
    receivables page shows a few thousand amounts, and Babel took 40 µs for each.
    """
    if amount is None:
        return "—"
    if type(amount) not in (Decimal, int):
        return format_currency(amount, "DKK", _parsed(MONEY_PATTERN), locale=locale)
    cents = Decimal(amount).quantize(CENT, ROUND_HALF_EVEN)
    group, decimal, minus, symbol = _money_symbols(locale)
    kroner, ore = divmod(abs(int(cents.scaleb(2))), 100)
    sign = minus if cents.is_signed() else ""
    return f"{sign}{kroner:,}".replace(",", group) + f"{decimal}{ore:02d} {symbol}"


CENT = Decimal("0.01")


@lru_cache(maxsize=None)
def _money_symbols(locale: Locale | str) -> tuple[str, str, str, str]:
    return (get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale),
            get_currency_symbol("DKK", locale))


def number(value, decimals: int | None = 0, locale: Locale | str = DANISH) -> str:
    """A count or an amount with its thousands grouped and a fixed number of decimals: 1.234,50 in Danish,
    1,234.50 in English; with decimals=None, the decimals it has (up to three): 2, 1,5, 310."""
    if decimals is None:
        return format_decimal(value, locale=locale)
    if decimals == 0 and type(value) is int:
        return _grouped(value, locale)
    return format_decimal(value, _parsed("#,##0." + "0" * decimals if decimals else "#,##0"), locale=locale)


def _grouped(value: int, locale: Locale | str) -> str:
    """A whole number as Babel's "#,##0" writes it, without Babel's Decimal arithmetic: a report's page shows
    hundreds of counts."""
    group, minus = _integer_symbols(locale)
    grouped = f"{abs(value):,}".replace(",", group)
    return minus + grouped if value < 0 else grouped


@lru_cache(maxsize=None)
def _integer_symbols(locale: Locale | str) -> tuple[str, str]:
    return get_group_symbol(locale), get_minus_sign_symbol(locale)


@lru_cache(maxsize=None)
def _parsed(pattern: str) -> NumberPattern:
    """A number pattern parsed once: Babel parses a pattern given as text on every call, and a report's table
    formats a thousand numbers."""
    return parse_pattern(pattern)


def percent(share: Decimal, locale: Locale | str = DANISH) -> str:
    """A share as a percentage with the decimals it has: 0.02 is 2 % in Danish (an ordinary space, as in money),
    2% in English; 0.015 is 1,5 %."""
    pattern = Locale.parse(locale).percent_formats[None].pattern.replace("\u00a0", " ")
    return format_percent(share, pattern, locale=locale, decimal_quantization=False)


def kilometres(metres: int, locale: Locale | str = DANISH) -> str:
    """A distance in metres as kilometres to one decimal: 20,0 km."""
    return format_unit(Decimal(metres) / 1000, "length-kilometer", length="short", format="#,##0.0", locale=locale)


def kilobytes(size_bytes: int, locale: Locale | str = DANISH) -> str:
    """A file's size in kilobytes of 1024 bytes, to one decimal: 12,3 kB."""
    return format_unit(Decimal(size_bytes) / 1024, "digital-kilobyte", length="short", format="#,##0.0",
                       locale=locale)


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def reader_locale() -> Locale | str:
    """The locale of the request or mail being written; Danish outside both."""
    return get_locale() or DANISH


def _in_reader_locale(format_value):
    """Make a Jinja filter of a formatter: the locale of the request or mail, Danish outside both."""
    def formatted(value, *args):
        return format_value(value, *args, locale=reader_locale())

    return formatted


FILTERS = {
    "label": translated_label,
    "local_datetime": _in_reader_locale(local_datetime),
    "local_date": _in_reader_locale(local_date),
    "local_time": _in_reader_locale(local_time),
    "danish_date": _in_reader_locale(danish_date),
    "month_year": _in_reader_locale(month_year),
    "input_datetime": input_datetime,
    "duration": duration,
    "money": _in_reader_locale(money),
    "number": _in_reader_locale(number),
    "kilometres": _in_reader_locale(kilometres),
    "kilobytes": _in_reader_locale(kilobytes),
}
GLOBALS = {"label": translated_label}
