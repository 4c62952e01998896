"""Decide working days, working time and the price multiplier of a moment (SPEC §1).

A naive datetime means Europe/Copenhagen local time. Following PEP 495, an ambiguous
naive time (the repeated hour when summer time ends) means its first occurrence, in
summer time, unless ``fold=1``; a naive time inside the spring gap is read with the
winter offset, so 02:30 on the last Sunday of March is 03:30 summer time.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

ONE_DAY = timedelta(days=1)
NO_TIME = timedelta(0)
FRIDAY = 4
SATURDAY = 5
MIDNIGHT = time(0)
WORK_STARTS = time(8)
WORK_ENDS = time(16)
FRIDAY_WORK_ENDS = time(14)

# Christmas Eve, New Year's Eve and Constitution Day (month, day): no working days,
# but no public holidays either, so a weekday among them costs 2, not 3.
ANNUAL_DAYS_OFF = frozenset({(12, 24), (12, 31), (6, 5)})

# The years the app works in. A date outside them is a typing error, and the arithmetic done on dates (a card's
# expiry 18 months on, the end of a day in UTC, an agreement's periods, a report's months) would run off the
# calendar Python's dates cover (years 1 to 9999) and fail.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
OUTSIDE_CALENDAR = f"Datoen skal ligge mellem {FIRST_DAY:%d.%m.%Y} og {LAST_DAY:%d.%m.%Y}."


def in_calendar(day: date) -> bool:
    """Tell whether a date, or the date written in a datetime, lies within the years the app works in."""
    written = day.date() if isinstance(day, datetime) else day
    return FIRST_DAY <= written <= LAST_DAY


def to_local(moment: datetime) -> datetime:
    """Return the moment as an aware Europe/Copenhagen datetime."""
    return to_utc(moment).astimezone(COPENHAGEN)


def to_utc(moment: datetime) -> datetime:
    """Return the moment as an aware UTC datetime."""
    if moment.tzinfo is timezone.utc:   # most moments here already are: spare pricing the call
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    return moment.astimezone(timezone.utc)


def local_date(day: date) -> date:
    """Return the Copenhagen calendar date of a date or of a datetime's moment."""
    if isinstance(day, datetime):
        return to_local(day).date()
    return day


@lru_cache(maxsize=None)
def public_holidays(year: int) -> frozenset[date]:
    """Return the Danish public holidays of a year, as the holidays package knows them."""
    return frozenset(holidays.country_holidays("DK", years=year, categories=(holidays.PUBLIC,)))


def _utc_at(day: date, clock: time) -> datetime:
    """Return the UTC moment of a Copenhagen wall-clock time on a day."""
    return datetime.combine(day, clock, COPENHAGEN).astimezone(timezone.utc)


class Step(NamedTuple):
    """A step of a span of time: its start in Copenhagen time and the multiplier in force then."""

    start: datetime
    multiplier: int


class Steps(Sequence):
    """The steps of a span of time from its first UTC moment, each a `Step`.

    The multipliers are worked out per day and kept as a list of numbers; a step's Copenhagen start is made only
    when it is asked for. Pricing asks for the multipliers of hundreds of thousands of steps and for few starts.
    """

    __slots__ = ("first", "step", "multipliers")

    def __init__(self, first: datetime, step: timedelta, multipliers: list[int]):
        self.first, self.step, self.multipliers = first, step, multipliers

    def __len__(self) -> int:
        return len(self.multipliers)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        multiplier = self.multipliers[index]
        return Step(self._start(index % len(self)), multiplier)

    def __iter__(self):
        for number, multiplier in enumerate(self.multipliers):
            yield Step(self._start(number), multiplier)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Steps, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None   # equal to a list of its steps, so no more hashable than one

    def __repr__(self) -> str:
        return f"Steps({list(self)!r})"

    def _start(self, number: int) -> datetime:
        return (self.first + number * self.step).astimezone(COPENHAGEN)


def _steps_before(boundary: datetime, first: datetime, step: timedelta, most: int) -> int:
    """How many of `most` steps from a first moment begin before a boundary (none if it is not after the first)."""
    count = -((first - boundary) // step)
    return 0 if count < 0 else most if count > most else count


@dataclass(frozen=True, slots=True)
class DayHours:
    """One Copenhagen day in UTC: its end, its working time and its multiplier outside that."""

    day: date
    ends: datetime
    work_starts: datetime
    work_ends: datetime
    off_multiplier: int

    def multiplier_at(self, moment: datetime) -> int:
        """Return the multiplier at a UTC moment within this day."""
        if self.work_starts <= moment < self.work_ends:
            return 1
        return self.off_multiplier

    def add_multipliers(self, multipliers: list[int], step: timedelta, moment: datetime, stop: datetime) -> datetime:
        """Append the multipliers of the steps from a UTC moment in this day that start before a stop within it:
        those before the working time, in it and after it, counted rather than stepped through; return the moment
        after them."""
        count = -((moment - stop) // step)   # the steps that start before the stop, at least one
        work_starts, work_ends = self.work_starts, self.work_ends
        if work_starts <= moment and stop <= work_ends:   # every step in working time
            multipliers += [1] * count
        elif stop <= work_starts or work_ends <= moment:   # no step in working time
            multipliers += [self.off_multiplier] * count
        else:
            working_from = _steps_before(work_starts, moment, step, count)
            working_until = _steps_before(work_ends, moment, step, count)
            off = self.off_multiplier
            multipliers += [off] * working_from + [1] * (working_until - working_from) + [off] * (count - working_until)
        return moment + count * step


@lru_cache(maxsize=64)
def _hours_by_day_for(closing_days: frozenset[date]) -> dict[date, DayHours]:
    """Return the one shared cache of day hours for calendars with these closing days."""
    return {}


@dataclass(frozen=True)
class WorkCalendar:
    """The Danish working calendar plus the company's own closing days."""

    closing_days: frozenset[date] = frozenset()
    _hours_by_day: dict[date, DayHours] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept any iterable of days while keeping the calendar hashable.
        closing_days = frozenset(self.closing_days)
        object.__setattr__(self, "closing_days", closing_days)
        # Calendars are often made per request; equal ones share what they worked out.
        object.__setattr__(self, "_hours_by_day", _hours_by_day_for(closing_days))

    def is_public_holiday(self, day: date) -> bool:
        """Tell whether the day is a Danish public holiday."""
        day = local_date(day)
        return day in public_holidays(day.year)

    def is_working_day(self, day: date) -> bool:
        """Tell whether the day is a working day: a weekday that is no holiday or closing day."""
        day = local_date(day)
        return (
            day.weekday() < SATURDAY
            and not self.is_public_holiday(day)
            and (day.month, day.day) not in ANNUAL_DAYS_OFF
            and day not in self.closing_days
        )

    def is_working_time(self, moment: datetime) -> bool:
        """Tell whether the moment lies in working time."""
        return self.multiplier_at(moment) == 1

    def multiplier_at(self, moment: datetime) -> int:
        """Return the price multiplier at the moment: 1, 2 or 3."""
        moment = to_utc(moment)
        return self.hours_at(moment).multiplier_at(moment)

    def add_working_days(self, day: date, n: int) -> date:
        """Return the n-th working day after the day (before it when n is negative)."""
        day = local_date(day)
        step = ONE_DAY if n >= 0 else -ONE_DAY
        for _ in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def multiplier_steps(self, step: timedelta, start: datetime, end: datetime) -> Steps:
        """Return the Copenhagen time and multiplier of start and each later step before end."""
        return self.utc_steps(step, to_utc(start), to_utc(end))

    def utc_steps(self, step: timedelta, start: datetime, end: datetime) -> Steps:
        """`multiplier_steps` for moments already in UTC (an entry's span is converted once, when it is checked)."""
        if step <= NO_TIME:
            raise ValueError(f"The step must be a positive time, not {step}.")
        if start.utcoffset() != NO_TIME or end.utcoffset() != NO_TIME:
            raise ValueError(f"The moments must be in UTC, not {start} and {end}.")
        multipliers: list[int] = []
        moment = start
        while moment < end:
            hours = self.hours_at(moment)
            moment = hours.add_multipliers(multipliers, step, moment, min(end, hours.ends))
        return Steps(start, step, multipliers)

    def hours_at(self, moment: datetime) -> DayHours:
        """Return the hours of the Copenhagen day that holds a UTC moment."""
        # Copenhagen is ahead of UTC, so the local date is the UTC date or the next one.
        hours = self.hours_of(moment.date())
        if moment >= hours.ends:
            hours = self.hours_of(hours.day + ONE_DAY)
        return hours

    def hours_of(self, day: date) -> DayHours:
        """Return the hours of a Copenhagen day, worked out once per day."""
        hours = self._hours_by_day.get(day)
        if hours is None:
            hours = self._hours_by_day[day] = self._work_out_hours(day)
        return hours

    def _work_out_hours(self, day: date) -> DayHours:
        """Work out a day's bounds, working time and multiplier outside it."""
        starts, ends = _utc_at(day, MIDNIGHT), _utc_at(day + ONE_DAY, MIDNIGHT)
        work_starts = work_ends = starts
        off_multiplier = 2
        if day.weekday() >= SATURDAY or self.is_public_holiday(day):
            off_multiplier = 3
        elif self.is_working_day(day):
            closes = FRIDAY_WORK_ENDS if day.weekday() == FRIDAY else WORK_ENDS
            work_starts, work_ends = _utc_at(day, WORK_STARTS), _utc_at(day, closes)
        return DayHours(
            day=day,
            ends=ends,
            work_starts=work_starts,
            work_ends=work_ends,
            off_multiplier=off_multiplier,
        )


DEFAULT_CALENDAR = WorkCalendar()


def calendar_or_default(calendar: WorkCalendar | None) -> WorkCalendar:
    """Return the calendar, or the one without closing days when there is none."""
    return DEFAULT_CALENDAR if calendar is None else calendar


def is_public_holiday(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Tell whether the day is a Danish public holiday."""
    return calendar_or_default(calendar).is_public_holiday(day)


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Tell whether the day is a working day."""
    return calendar_or_default(calendar).is_working_day(day)


def is_working_time(moment: datetime, calendar: WorkCalendar | None = None) -> bool:
    """Tell whether the moment lies in working time."""
    return calendar_or_default(calendar).is_working_time(moment)


def multiplier_at(moment: datetime, calendar: WorkCalendar | None = None) -> int:
    """Return the price multiplier at the moment: 1, 2 or 3."""
    return calendar_or_default(calendar).multiplier_at(moment)


def add_working_days(day: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """Return the n-th working day after the day (before it when n is negative)."""
    return calendar_or_default(calendar).add_working_days(day, n)


def multiplier_steps(
    step: timedelta, start: datetime, end: datetime, calendar: WorkCalendar | None = None
) -> Steps:
    """Return the Copenhagen time and multiplier of start and each later step before end."""
    return calendar_or_default(calendar).multiplier_steps(step, start, end)
