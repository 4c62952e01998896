from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from helpdesk.rules.backups import generations_to_keep


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_and_12_months():
    last = date(2026, 11, 22)                                 # a Sunday
    days = [last - timedelta(days=n) for n in range(400)]
    keep = generations_to_keep(days)
    daily = {last - timedelta(days=n) for n in range(7)}     # 16.11–22.11
    weekly = {date(2026, 11, 22), date(2026, 11, 15), date(2026, 11, 8), date(2026, 11, 1)}   # Sundays
    monthly = {date(2026, 11, 22)} | {date(2026, m, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31][m - 1])
                                      for m in range(1, 11)} | {date(2025, 12, 31)}
    assert keep == daily | weekly | monthly
    assert len(keep) == 7 + 3 + 11                            # the newest day is daily, weekly and monthly at once


def test_few_backups_are_all_kept():
    days = [date(2026, 11, 20), date(2026, 11, 21)]
    assert generations_to_keep(days) == set(days)


@given(st.lists(st.dates(date(2024, 1, 1), date(2027, 12, 31)), max_size=60))
def test_the_newest_is_always_kept_and_never_more_than_23(days):
    keep = generations_to_keep(days)
    assert keep <= set(days) and len(keep) <= 7 + 4 + 12
    if days:
        assert max(days) in keep
