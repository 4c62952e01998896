"""Outage runs, the right to terminate and the refund (SPEC §7), worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.rules.outages import affected_days, longest_consecutive_run, may_terminate, refund

YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


def march(first: int, last: int) -> tuple[date, date]:
    return date(2025, 3, first), date(2025, 3, last)


@pytest.mark.parametrize(("periods", "longest"), [
    ([], 0),
    ([march(1, 1)], 1),
    ([march(1, 11)], 11),
    ([march(1, 5), march(6, 8)], 8),          # touching: one run of 8 days
    ([march(1, 5), march(6, 11)], 11),
    ([march(6, 11), march(1, 5)], 11),        # the order given does not matter
    ([march(1, 5), march(3, 8)], 8),          # overlapping days count once
    ([march(1, 5), march(7, 12)], 6),         # a day without outage breaks the run
    ([march(1, 20), march(5, 6)], 20),        # one inside another
    ([(date(2025, 2, 25), date(2025, 3, 2))], 6),
])
def test_longest_consecutive_run(periods, longest):
    assert longest_consecutive_run(periods) == longest


def test_more_than_10_consecutive_days_lets_the_customer_terminate():
    assert may_terminate(longest_consecutive_run([march(1, 11)]))
    assert not may_terminate(longest_consecutive_run([march(1, 10)]))
    assert may_terminate(longest_consecutive_run([march(1, 5), march(6, 11)]))


def test_an_outage_ending_before_it_starts_is_an_error():
    with pytest.raises(ValueError):
        longest_consecutive_run([march(5, 1)])


def test_five_days_of_a_12000_kr_year_refund_164_38():
    # 12000 × 5 / 365 = 164.3835… → 164.38
    assert refund(Decimal("12000.00"), *YEAR_2025, 5) == Decimal("164.38")


def test_a_leap_year_period_has_366_days():
    # 12000 × 5 / 366 = 163.9344… → 163.93
    assert refund(Decimal("12000.00"), date(2024, 1, 1), date(2024, 12, 31), 5) == Decimal("163.93")


def test_the_refund_rounds_half_up_to_the_ore():
    # 0.25 × 1 / 10 = 0.025 → 0.03
    assert refund(Decimal("0.25"), date(2025, 1, 1), date(2025, 1, 10), 1) == Decimal("0.03")


def test_the_refund_is_at_most_the_periods_price():
    assert refund(Decimal("12000.00"), *YEAR_2025, 365) == Decimal("12000.00")
    assert refund(Decimal("12000.00"), *YEAR_2025, 400) == Decimal("12000.00")
    assert refund(Decimal("12000.00"), *YEAR_2025, 0) == Decimal("0.00")


def test_the_price_must_be_a_decimal():
    with pytest.raises(TypeError):
        refund(12000.0, *YEAR_2025, 5)


def test_affected_days_count_each_day_once_and_only_inside_the_period():
    assert affected_days([march(1, 5), march(3, 8)], *YEAR_2025) == 8
    # 2024-12-30 to 2025-01-02: only the two days of 2025 belong to the 2025 period.
    assert affected_days([(date(2024, 12, 30), date(2025, 1, 2))], *YEAR_2025) == 2
    assert affected_days([(date(2024, 12, 1), date(2024, 12, 5))], *YEAR_2025) == 0


days = st.dates(date(2025, 1, 1), date(2025, 12, 31))
spans = st.lists(st.tuples(days, st.integers(0, 40)).map(lambda span: (span[0], span[0] + timedelta(span[1]))),
                 max_size=6)


@settings(deadline=None)
@given(spans, st.integers(0, 10**9).map(lambda ore: Decimal(ore) / 100))
def test_the_refund_never_exceeds_the_price_and_grows_with_the_days(periods, price):
    affected = affected_days(periods, *YEAR_2025)
    assert 0 <= affected <= 365
    assert Decimal(0) <= refund(price, *YEAR_2025, affected) <= price
    assert refund(price, *YEAR_2025, affected) <= refund(price, *YEAR_2025, affected + 1)


@settings(deadline=None)
@given(spans)
def test_the_longest_run_lies_between_the_longest_outage_and_every_day_affected(periods):
    longest_outage = max(((end - start).days + 1 for start, end in periods), default=0)
    assert longest_outage <= longest_consecutive_run(periods) <= affected_days(periods, date.min, date.max)
