"""The lines of a case's history, written in the reader's language when they are shown.

A line is kept as its Danish msgid (marked with ``N_``) and its values. A value that reads differently per
language is kept typed, as ``{"date": "2026-11-27"}``, and formatted for the reader; names, case numbers and
free text are kept as they are. A line kept before lines had values (``values`` is None) is its finished text.
"""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext, ngettext

from helpdesk.formatting import danish_date, kilometres, local_datetime, money, reader_locale, translated_label


def labelled(value) -> dict:
    """An enum value, shown as its label: a status, a channel, a classification."""
    return {"label": getattr(value, "value", value)}


def day(value: date) -> dict:
    return {"date": value.isoformat()}


def moment(value: datetime) -> dict:
    return {"moment": value.isoformat()}


def kroner(amount: Decimal) -> dict:
    return {"money": str(amount)}


def distance(metres: int) -> dict:
    return {"metres": metres}


def clips(count: int) -> dict:
    return {"clips": count}


def time_entries(count: int) -> dict:
    return {"time_entries": count}


WRITERS = {
    "label": lambda key, locale: translated_label(key),
    "date": lambda text, locale: danish_date(date.fromisoformat(text), locale),
    "moment": lambda text, locale: local_datetime(datetime.fromisoformat(text), locale),
    "money": lambda text, locale: money(Decimal(text), locale),
    "metres": kilometres,
    "clips": lambda count, locale: ngettext("%(num)s klip", "%(num)s klip", count),
    "time_entries": lambda count, locale: ngettext("%(num)s tidsregistrering", "%(num)s tidsregistreringer",
                                                   count),
}


def written(message: str, values: dict | None) -> str:
    """The line in the reader's language and locale."""
    if values is None:
        return message
    locale = reader_locale()
    shown = {name: _written(value, locale) for name, value in values.items()}
    try:
        return gettext(message, **shown)
    except (KeyError, ValueError, TypeError):
        return _as_far_as_it_goes(message, shown)


def _as_far_as_it_goes(message: str, shown: dict) -> str:
    """A kept line its translation cannot write (their placeholders differ): the Danish line, else the msgid and
    its values. Lines are kept for good, so a history msgid is a stored format: change it only with new wording."""
    try:
        return message % shown
    except (KeyError, ValueError, TypeError):
        return " ".join([message, *map(str, shown.values())])


def _written(value, locale):
    if not isinstance(value, dict):
        return value
    [(kind, stored)] = value.items()
    return WRITERS[kind](stored, locale)
