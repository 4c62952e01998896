"""WTForms validators the forms share: dates the app can compute with, and ids the database can hold."""

from flask_babel import gettext
from wtforms.validators import ValidationError

from helpdesk.database import whole_number
from helpdesk.formatting import danish_date, reader_locale
from helpdesk.rules.worktime import FIRST_DAY, LAST_DAY, in_calendar


def outside_calendar() -> str:
    """The rules' OUTSIDE_CALENDAR in the reader's language."""
    locale = reader_locale()
    return gettext("Datoen skal ligge mellem %(first)s og %(last)s.", first=danish_date(FIRST_DAY, locale),
                   last=danish_date(LAST_DAY, locale))


class InCalendar:
    """Refuse a date or time outside the years the app works in (WTForms reads years 1 to 9999)."""

    def __call__(self, form, field) -> None:
        if field.data is not None and not in_calendar(field.data):
            raise ValidationError(outside_calendar())


class ChosenId:
    """A select of ids left unchecked against its options (they may change): blank, or a whole number the
    database can hold, so the view can turn it into an int and look it up."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field) -> None:
        value = "" if field.data is None else str(field.data)
        if value and whole_number(value) is None:
            raise ValidationError(self.message)
