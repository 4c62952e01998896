"""Decide agreement periods, notice deadlines and when changes may take effect (SPEC §7).

Calendar months are counted with ``relativedelta``: a day the target month lacks becomes
its last day, so 2025-12-31 minus 3 months is 2025-09-30.
"""

from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from helpdesk.rules.terms import TermsProfile

ONE_DAY = timedelta(days=1)


def period_end(start: date, months: int) -> date:
    """Return the last day of a period of whole calendar months from its first day."""
    if months < 1:
        raise ValueError(f"A period lasts at least one month, not {months}.")
    return start + relativedelta(months=months) - ONE_DAY


def next_period_end(current_end: date, months: int) -> date:
    """Return the last day of the period that begins the day after a period ends."""
    return period_end(current_end + ONE_DAY, months)


def notice_deadline(period_end: date, profile: TermsProfile) -> date:
    """Return the last day written notice can arrive to end the agreement with this period."""
    return period_end - relativedelta(months=profile.termination_notice_months)


@lru_cache(maxsize=4096)
def next_notice_deadline(period_end: date, profile: TermsProfile, period_months: int, today: date) -> date:
    """Return the first notice deadline on or after today, counting periods on from the one ending on period_end.

    Cached: a report of every agreement asks this for the few period ends they share, and an old agreement
    counts many periods on.
    """
    while notice_deadline(period_end, profile) < today:
        period_end = next_period_end(period_end, period_months)
    return notice_deadline(period_end, profile)


def notice_in_time(received_on: date, period_end: date, profile: TermsProfile) -> bool:
    """Tell whether written notice received on a day ends the agreement with this period."""
    return received_on <= notice_deadline(period_end, profile)


def agreement_ends(
    received_on: date,
    period_end: date,
    profile: TermsProfile,
    renewal_months: int | None = None,
) -> date:
    """Return the day the agreement ends after notice: this period's end, or the next one's.

    The next period lasts ``renewal_months``, by default the profile's renewal period.
    """
    if received_on > period_end:
        raise ValueError(
            f"Notice received {received_on} came after the period ended {period_end}; "
            "judge it against the period running when it arrived."
        )
    if notice_in_time(received_on, period_end, profile):
        return period_end
    months = profile.renewal_months if renewal_months is None else renewal_months
    return next_period_end(period_end, months)


def rescission_deadline(renewal_date: date, profile: TermsProfile) -> date | None:
    """Return the last day a rescission can arrive before a renewal, or None without such a rule."""
    if profile.rescission_notice_days is None:
        return None
    return renewal_date - timedelta(days=profile.rescission_notice_days)


def earliest_change_date(
    notified_on: date, profile: TermsProfile, major_price_change: bool
) -> date:
    """Return the earliest day a change of prices or terms notified on a day may take effect.

    Any change that is not a major price change counts as a change of terms. Under
    compusoft a major price change takes effect only at a renewal: the first one on or
    after the returned day.
    """
    if major_price_change:
        return notified_on + timedelta(days=profile.price_change_notice_days)
    if profile.terms_change_notice_months is not None:
        return notified_on + relativedelta(months=profile.terms_change_notice_months)
    return notified_on + timedelta(days=profile.terms_change_notice_days)
