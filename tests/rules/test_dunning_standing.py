"""What may follow non-payment (H §3.2, §3.5–3.8, C "Misligholdelse"), and ageing, worked out by hand."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.rules.dunning import (
    AGE_BUCKETS,
    DunningStanding,
    Standing,
    age_bucket,
    combined_standing,
    dunning_standing,
    paid_late,
    tighter_terms_advised,
)
from helpdesk.rules.terms import COMPUSOFT, HOSTKON

DUE = date(2025, 3, 9)
REMINDERS = [date(2025, 3, 12), date(2025, 3, 22), date(2025, 4, 1)]


def test_hostkon_after_the_third_reminder_names_collection_and_deletion():
    standing = dunning_standing(DUE, REMINDERS, date(2025, 4, 1), HOSTKON)
    assert standing == DunningStanding(overdue_since=date(2025, 3, 10), suspension_from=date(2025, 3, 12),
                                       collection_from=date(2025, 4, 11), deletion_from=date(2025, 5, 1))
    assert standing.state == Standing.SUSPENDABLE


def test_hostkon_is_current_until_the_due_date_and_only_overdue_before_a_reminder():
    assert dunning_standing(DUE, [], DUE, HOSTKON).state == Standing.CURRENT
    assert dunning_standing(DUE, [], date(2025, 3, 11), HOSTKON) == DunningStanding(overdue_since=date(2025, 3, 10))


def test_hostkon_may_suspend_from_the_first_reminder_and_counts_no_reminder_sent_later():
    standing = dunning_standing(DUE, REMINDERS, date(2025, 3, 31), HOSTKON)
    assert standing == DunningStanding(overdue_since=date(2025, 3, 10), suspension_from=date(2025, 3, 12))


@pytest.mark.parametrize(("day", "breach"), [
    (date(2025, 3, 17), None),                              # 8 days late
    (date(2025, 3, 18), date(2025, 3, 18)),                 # 9 days late: more than 8
])
def test_compusoft_more_than_8_days_late_is_a_material_breach(day, breach):
    standing = dunning_standing(DUE, [date(2025, 3, 12)], day, COMPUSOFT)
    assert standing == DunningStanding(overdue_since=date(2025, 3, 10), suspension_from=breach,
                                       material_breach_from=breach)


def test_compusoft_names_no_collection_or_deletion_after_three_reminders():
    standing = dunning_standing(DUE, REMINDERS, date(2025, 6, 1), COMPUSOFT)
    assert (standing.collection_from, standing.deletion_from) == (None, None)


def test_a_customers_invoices_combine_to_the_earliest_day_of_each_consequence():
    older = dunning_standing(DUE, REMINDERS, date(2025, 4, 20), HOSTKON)
    newer = dunning_standing(date(2025, 4, 1), [date(2025, 4, 4)], date(2025, 4, 20), HOSTKON)
    assert combined_standing([newer, older]) == older
    assert combined_standing([]) == DunningStanding()
    assert combined_standing([DunningStanding(), newer]) == newer


@pytest.mark.parametrize(("days", "bucket"), [
    (-5, "not_due"), (0, "not_due"), (1, "1_30"), (30, "1_30"), (31, "31_60"), (60, "31_60"),
    (61, "61_90"), (90, "61_90"), (91, "over_90"), (400, "over_90"),
])
def test_age_buckets(days, bucket):
    assert age_bucket(days) == bucket


@given(st.integers(-1000, 1000), st.integers(0, 1000))
@settings(deadline=None)
def test_an_invoice_only_ages(days, more):
    assert AGE_BUCKETS.index(age_bucket(days)) <= AGE_BUCKETS.index(age_bucket(days + more))


@given(st.dates(date(2023, 1, 1), date(2027, 12, 31)), st.integers(0, 200), st.integers(0, 200))
@settings(deadline=None)
def test_the_standing_only_worsens_while_the_invoice_stays_unpaid(due, days, more):
    reminders = [due + timedelta(days=3 + 10 * n) for n in range(3)]
    order = list(Standing)
    for terms in (HOSTKON, COMPUSOFT):
        earlier = dunning_standing(due, reminders, due + timedelta(days=days), terms).state
        later = dunning_standing(due, reminders, due + timedelta(days=days + more), terms).state
        assert order.index(earlier) <= order.index(later)


@pytest.mark.parametrize(("reminded", "settled_on", "late"), [
    (False, None, False),               # unpaid, not reminded yet
    (False, DUE, False),                # paid on the due date
    (False, date(2025, 3, 10), True),   # paid the day after
    (True, date(2025, 3, 13), True),    # reminded, then paid
    (True, None, True),                 # reminded and still unpaid
])
def test_what_counts_as_a_late_payment(reminded, settled_on, late):
    assert paid_late(DUE, reminded, settled_on) is late


def test_tighter_terms_after_two_late_payments():
    assert [tighter_terms_advised(n) for n in range(4)] == [False, False, True, True]
