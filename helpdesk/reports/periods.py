"""What a report covers: a period of Copenhagen days, cut into calendar months, and perhaps one customer.

Times are stored in UTC, but a month is a Copenhagen month: 2026-10-31 23:30 local (22:30 UTC) is October and
2026-11-01 00:30 local (2026-10-31 23:30 UTC) is November. So each month's bounds are worked out here as UTC
instants, and the SQL only compares stored values with them; no database time zone function is needed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel import Locale
from babel.dates import format_date
from dateutil.relativedelta import relativedelta
from flask_babel import gettext

from helpdesk.errors import DomainError
from helpdesk.formatting import DANISH, reader_locale
from helpdesk.rules.worktime import COPENHAGEN, in_calendar
from helpdesk.validators import outside_calendar

MAX_MONTHS = 24


def local_midnight(day: date) -> datetime:
    """The moment a Copenhagen day begins (aware; the database stores it as UTC)."""
    return datetime.combine(day, time(0), tzinfo=COPENHAGEN)


def month_label(first_day: date, locale: Locale | str = DANISH) -> str:
    """A month, e.g. "okt. 2026" in Danish, "Oct 2026" in English."""
    return format_date(first_day, "MMM y", locale=locale)


@dataclass(frozen=True)
class Month:
    """A calendar month, cut to the days of the period it belongs to."""

    first_day: date
    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        """The month in the reader's locale."""
        return month_label(self.first_day, reader_locale())

    @property
    def starts_at(self) -> datetime:
        return local_midnight(self.starts_on)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the month (its last day included)."""
        return local_midnight(self.ends_on + timedelta(days=1))

    @property
    def whole(self) -> bool:
        """Whether the period covers the whole calendar month (so its kept monthly sums answer for it)."""
        return self.starts_on == self.first_day and self.ends_on == self.first_day + relativedelta(months=1, days=-1)


@dataclass(frozen=True)
class Filters:
    """The days a report covers, first and last included, and the one customer it is about (None: all)."""

    first: date
    last: date
    customer_id: int | None = None

    @property
    def starts_at(self) -> datetime:
        return local_midnight(self.first)

    @property
    def ends_before(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def months(self) -> list[Month]:
        """The calendar months the period touches, the first and last cut to the period."""
        months, first_day = [], self.first.replace(day=1)
        while first_day <= self.last:
            next_first = first_day + relativedelta(months=1)
            months.append(Month(first_day, max(first_day, self.first),
                                min(next_first - timedelta(days=1), self.last)))
            first_day = next_first
        return months


def twelve_months_before(last: date) -> date:
    """The first day of the month eleven months before: a period from it to ``last`` spans twelve months."""
    return last.replace(day=1) - relativedelta(months=11)


def require_calendar(first: date | None, last: date | None) -> None:
    """Refuse a day asked for outside the years the app works in, before a default period is counted from it."""
    for field, day in (("from", first), ("to", last)):
        if day is not None and not in_calendar(day):
            raise DomainError(outside_calendar(), field=field)


def checked(first: date, last: date, customer_id: int | None, monthly: bool) -> Filters:
    """The filters, or a DomainError naming the field at fault; a monthly report spans at most 24 months."""
    if last < first:
        raise DomainError(gettext("Til-datoen må ikke ligge før fra-datoen."), field="to")
    filters = Filters(first, last, customer_id)
    if monthly and len(filters.months()) > MAX_MONTHS:
        raise DomainError(gettext("Vælg en periode på højst %(months)s måneder.", months=MAX_MONTHS), field="to")
    return filters
