"""Work out late-payment interest, reminders, fees and their deadlines (SPEC §6).

Interest is simple: each started month of lateness costs the unpaid amount times the
profile's rate, rounded half-up to the øre once per month. So the interest of n months is
n times that of one, whatever days it was booked on.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from helpdesk.rules.money import round_ore, to_money
from helpdesk.rules.terms import TermsProfile

NOTHING = Decimal("0.00")


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
