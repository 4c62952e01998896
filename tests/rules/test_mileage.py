from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.rules.mileage import STATE_RATES, MileageRate, mileage_charges, rate_on, started_kilometres

RATE_2026 = MileageRate(date(2026, 1, 1), Decimal("3.94"), Decimal("2.28"))


@pytest.mark.parametrize(("metres", "km"), [(1, 1), (999, 1), (1000, 1), (1001, 2), (12_100, 13), (43_000, 43)])
def test_every_started_kilometre_counts(metres, km):
    assert started_kilometres(metres) == km


@pytest.mark.parametrize("metres", [0, -5])
def test_a_trip_has_a_length(metres):
    with pytest.raises(ValueError, match="longer than 0 m"):
        started_kilometres(metres)


@pytest.mark.parametrize(("day", "up_to", "above"), [
    (date(2023, 6, 1), "3.73", "2.19"),
    (date(2024, 1, 1), "3.79", "2.23"),
    (date(2025, 12, 31), "3.81", "2.23"),
    (date(2026, 11, 21), "3.94", "2.28"),
])
def test_the_seeded_state_rates_by_year(day, up_to, above):
    rate = rate_on(list(STATE_RATES), day)
    assert (rate.up_to_tier, rate.above_tier) == (Decimal(up_to), Decimal(above))


def test_a_rate_changed_mid_year_applies_from_its_day():
    mid_year = MileageRate(date(2026, 7, 1), Decimal("4.10"), Decimal("2.40"))
    rates = [*STATE_RATES, mid_year]
    assert rate_on(rates, date(2026, 6, 30)).up_to_tier == Decimal("3.94")
    assert rate_on(rates, date(2026, 7, 1)).up_to_tier == Decimal("4.10")


def test_no_rate_before_the_first():
    assert rate_on(list(STATE_RATES), date(2022, 12, 31)) is None


def test_a_trip_below_the_tier_is_all_at_the_higher_rate():
    assert mileage_charges(43, 0, RATE_2026) == [(43, Decimal("3.94"))]


def test_a_trip_across_20000_km_is_split():
    assert mileage_charges(25, 19_990, RATE_2026) == [(10, Decimal("3.94")), (15, Decimal("2.28"))]


def test_a_trip_after_20000_km_is_all_at_the_lower_rate():
    assert mileage_charges(25, 20_000, RATE_2026) == [(25, Decimal("2.28"))]


@given(st.integers(1, 5000), st.integers(0, 40_000))
def test_the_split_keeps_every_kilometre(kilometres, before):
    charges = mileage_charges(kilometres, before, RATE_2026)
    assert sum(km for km, _ in charges) == kilometres
    assert all(km > 0 for km, _ in charges)
