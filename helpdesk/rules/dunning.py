"""Work out late-payment interest, reminders, fees, their deadlines and consequences (SPEC §5–6).

Interest is simple: each started month of lateness costs the unpaid amount times the
profile's rate, rounded half-up to the øre once per month. So the interest of n months is
n times that of one, whatever days it was booked on.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from helpdesk.rules.money import round_ore, to_money
from helpdesk.rules.terms import TermsProfile

NOTHING = Decimal("0.00")

# H §3.2: terms may be changed once the customer has failed them in "minimum 2 tilfælde".
TIGHTER_TERMS_AFTER_LATE_PAYMENTS = 2

# The upper bound (days past due) of each ageing bucket but the last.
AGE_LIMITS = ((0, "not_due"), (30, "1_30"), (60, "31_60"), (90, "61_90"))
OLDEST_AGE = "over_90"
AGE_BUCKETS = tuple(name for _, name in AGE_LIMITS) + (OLDEST_AGE,)


class InterestBooking(NamedTuple):
    """The started months not booked before and the interest they cost."""

    months: int
    amount: Decimal


class ReminderCharges(NamedTuple):
    """The fee and the compensation a reminder carries."""

    fee: Decimal
    compensation: Decimal


def started_months(due_date: date, on: date) -> int:
    """Count the months of lateness started on a day; month 1 begins the day after the due date."""
    first_late_day = due_date + timedelta(days=1)
    if on < first_late_day:
        return 0
    whole_months = (on.year - first_late_day.year) * 12 + on.month - first_late_day.month
    if first_late_day + relativedelta(months=whole_months) > on:
        whole_months -= 1
    return whole_months + 1


def monthly_interest(unpaid: Decimal, profile: TermsProfile) -> Decimal:
    """Return the interest of one started month on the unpaid amount, rounded to øre."""
    unpaid = to_money(unpaid)
    if unpaid < 0:
        raise ValueError(f"The unpaid amount cannot be negative: {unpaid}.")
    return round_ore(unpaid * profile.interest_rate_per_started_month)


def interest(unpaid: Decimal, due_date: date, on: date, profile: TermsProfile) -> Decimal:
    """Return the simple interest for every month of lateness started on a day."""
    return monthly_interest(unpaid, profile) * started_months(due_date, on)


def interest_to_book(
    unpaid: Decimal,
    due_date: date,
    on: date,
    profile: TermsProfile,
    months_already_booked: int,
) -> InterestBooking:
    """Return the started months not booked yet and their interest, so no month is booked twice."""
    if months_already_booked < 0:
        raise ValueError(
            f"The months already booked cannot be negative: {months_already_booked}."
        )
    new_months = max(started_months(due_date, on) - months_already_booked, 0)
    return InterestBooking(new_months, monthly_interest(unpaid, profile) * new_months)


def reminder_schedule(due_date: date, profile: TermsProfile) -> list[date]:
    """Return the dates of reminders 1, 2, … under the default schedule."""
    first = due_date + timedelta(days=profile.first_reminder_after_days)
    spacing = timedelta(days=profile.reminder_spacing_days)
    return [first + number * spacing for number in range(profile.max_reminders)]


def next_reminder(
    due_date: date, sent_dates: list[date], on: date, profile: TermsProfile
) -> int | None:
    """Return the number of the reminder due on a day, or None when none is."""
    sent = len(sent_dates)
    if sent >= profile.max_reminders:
        return None
    if on < reminder_schedule(due_date, profile)[sent]:
        return None
    spacing = timedelta(days=profile.reminder_spacing_days)
    if sent_dates and on < max(sent_dates) + spacing:
        return None
    return sent + 1


def reminder_charges(
    number: int,
    profile: TermsProfile,
    is_business: bool,
    disputed: bool,
    compensation_already_charged: bool,
) -> ReminderCharges:
    """Return the fee and compensation of a reminder; compensation comes once, with reminder 1."""
    if not 1 <= number <= profile.max_reminders:
        raise ValueError(
            f"A reminder is number 1 to {profile.max_reminders} under {profile.name}, not {number}."
        )
    if profile.fees_only_for_business and not is_business:
        return ReminderCharges(NOTHING, NOTHING)
    fee = NOTHING if disputed and number > 1 else profile.reminder_fee
    owes_compensation = number == 1 and not compensation_already_charged
    return ReminderCharges(fee, profile.compensation if owes_compensation else NOTHING)


def collection_date(third_reminder_date: date, profile: TermsProfile) -> date | None:
    """Return the day the debt may go to collection, or None when the profile has no rule."""
    return _days_after(third_reminder_date, profile.collection_after_last_reminder_days)


def deletion_date(third_reminder_date: date, profile: TermsProfile) -> date | None:
    """Return the day the customer's data may be deleted, or None when the profile has no rule."""
    return _days_after(third_reminder_date, profile.deletion_after_last_reminder_days)


def _days_after(day: date, days: int | None) -> date | None:
    """Return the day a number of days later, or None for no number."""
    return None if days is None else day + timedelta(days=days)


class Standing(enum.StrEnum):
    """How far non-payment has gone: nothing overdue, overdue, or far enough to suspend services."""

    CURRENT = "current"
    OVERDUE = "overdue"
    SUSPENDABLE = "suspendable"


@dataclass(frozen=True, slots=True)
class DunningStanding:
    """Where a customer stands with unpaid invoices, and from which day each consequence may follow.

    A date is given once it is fixed: suspension and material breach once reached; collection and data
    deletion as soon as the last reminder has been sent, so they may lie ahead. None means it does not apply.
    """

    overdue_since: date | None = None
    suspension_from: date | None = None
    material_breach_from: date | None = None
    collection_from: date | None = None
    deletion_from: date | None = None

    @property
    def state(self) -> Standing:
        if self.suspension_from:
            return Standing.SUSPENDABLE
        return Standing.OVERDUE if self.overdue_since else Standing.CURRENT


def dunning_standing(
    due_date: date, reminder_dates: list[date], on: date, profile: TermsProfile
) -> DunningStanding:
    """Tell what may follow from an invoice still unpaid on a day (H §3.5–3.8, C "Misligholdelse").

    Under terms that name a material breach by days late (CompuSoft) access may end once the payment is later
    than that; under the others (hostkon) services may be suspended once a reminder has been sent unpaid.
    """
    first_late_day = due_date + timedelta(days=1)
    if on < first_late_day:
        return DunningStanding()
    sent = sorted(day for day in reminder_dates if day <= on)
    breach = _material_breach_from(due_date, profile)
    if breach is None:
        suspension = sent[0] if sent else None
    else:
        breach = breach if on >= breach else None
        suspension = breach
    last = sent[profile.max_reminders - 1] if len(sent) >= profile.max_reminders else None
    return DunningStanding(
        overdue_since=first_late_day,
        suspension_from=suspension,
        material_breach_from=breach,
        collection_from=collection_date(last, profile) if last else None,
        deletion_from=deletion_date(last, profile) if last else None,
    )


def combined_standing(standings: Iterable[DunningStanding]) -> DunningStanding:
    """Merge the standings of one customer's invoices: each consequence applies from its earliest day."""
    standings = list(standings)
    return DunningStanding(**{
        field.name: min(filter(None, (getattr(standing, field.name) for standing in standings)), default=None)
        for field in fields(DunningStanding)
    })


def _material_breach_from(due_date: date, profile: TermsProfile) -> date | None:
    """Return the first day the payment is more than the profile's days late, or None for no such rule."""
    days = profile.material_breach_days_late
    return None if days is None else due_date + timedelta(days=days + 1)


def age_bucket(days_past_due: int) -> str:
    """Name the ageing bucket of an unpaid invoice: not yet due, 1–30, 31–60, 61–90 or over 90 days past due."""
    return next((name for limit, name in AGE_LIMITS if days_past_due <= limit), OLDEST_AGE)


def paid_late(due_date: date, reminded: bool, settled_on: date | None) -> bool:
    """Tell whether an invoice counts as a late payment (H §3.2).

    It does when it needed a reminder, paid or not, or when the payment that settled it came after the due
    date. An invoice unpaid but not yet reminded is within the reminder's grace and does not count yet.
    """
    return reminded or (settled_on is not None and settled_on > due_date)


def tighter_terms_advised(late_payments: int) -> bool:
    """Tell whether the customer's payment terms may be tightened: after two late payments (H §3.2)."""
    return late_payments >= TIGHTER_TERMS_AFTER_LATE_PAYMENTS
