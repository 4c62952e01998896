"""How long an ended customer's data is kept: 3 calendar months, warned 14 days before."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from helpdesk.rules.retention import deletion_due, warning_due


def test_three_calendar_months_after_the_last_day():
    assert deletion_due(date(2025, 12, 31)) == date(2026, 3, 31)
    assert deletion_due(date(2025, 11, 30)) == date(2026, 2, 28)
    assert deletion_due(date(2023, 11, 30)) == date(2024, 2, 29)
    assert deletion_due(date(2026, 1, 15)) == date(2026, 4, 15)


def test_a_postponement_counts_only_when_later():
    assert deletion_due(date(2025, 12, 31), date(2026, 5, 1)) == date(2026, 5, 1)
    assert deletion_due(date(2025, 12, 31), date(2026, 3, 1)) == date(2026, 3, 31)


def test_the_warning_comes_14_days_before():
    assert warning_due(date(2026, 3, 31)) == date(2026, 3, 17)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_the_data_is_kept_between_89_and_92_days(last_day):
    kept = deletion_due(last_day) - last_day
    assert timedelta(days=89) <= kept <= timedelta(days=92)
