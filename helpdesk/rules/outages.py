"""Decide how long an agreement's outages ran, whether the customer may terminate, and the refund (SPEC §7).

An outage is whole days: its first and its last affected day, both included. Outages that overlap
or touch (one ends the day before the next begins) are one unbroken run, and a day is counted once
however many outages cover it.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from helpdesk.rules.money import round_ore

ONE_DAY = timedelta(days=1)
# More consecutive days than this lets the customer terminate.
TERMINATION_AFTER_DAYS = 10

Span = tuple[date, date]


def days_in(start: date, end: date) -> int:
    """Return the number of days from the first to the last day, both included."""
    if end < start:
        raise ValueError(f"A span cannot end ({end}) before it starts ({start}).")
    return (end - start).days + 1


def merge(periods: Iterable[Span]) -> list[Span]:
    """Return the spans joined where they overlap or touch, in order."""
    merged: list[Span] = []
    for start, end in sorted(periods):
        days_in(start, end)
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def longest_consecutive_run(periods: Iterable[Span]) -> int:
    """Return the most consecutive days of outage, 0 without any."""
    return max((days_in(start, end) for start, end in merge(periods)), default=0)


def may_terminate(longest: int) -> bool:
    """Tell whether a run of this many consecutive days lets the customer terminate (more than 10)."""
    return longest > TERMINATION_AFTER_DAYS


def affected_days(periods: Iterable[Span], period_start: date, period_end: date) -> int:
    """Return how many days of the period any outage touched, each day once."""
    total = 0
    for start, end in merge(periods):
        start, end = max(start, period_start), min(end, period_end)
        if start <= end:
            total += days_in(start, end)
    return total


def refund(price_per_period: Decimal, period_start: date, period_end: date, affected_days: int) -> Decimal:
    """Return the refund for affected days of a period: its price pro rata by day, at most the whole price.

    The day count is actual calendar days: the period's days are every day from its first to its last,
    both included (2025-01-01–2025-12-31 is 365 days, a leap year's 366), so 5 affected days of a
    12,000.00 kr period refund 12000 × 5 / 365 = 164.38 kr, rounded half up to the øre. More affected
    days than the period has refund 100 % of its price, never more.
    """
    if not isinstance(price_per_period, Decimal):
        raise TypeError(f"The price must be a Decimal, not {type(price_per_period).__name__}.")
    if affected_days < 0:
        raise ValueError(f"Affected days cannot be negative: {affected_days}.")
    period_days = days_in(period_start, period_end)
    return round_ore(price_per_period * min(affected_days, period_days) / period_days)
