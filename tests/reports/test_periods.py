"""Periods cut into Copenhagen months, with their bounds as UTC instants (no app needed)."""

from datetime import date, datetime, timezone

import pytest

from helpdesk.errors import DomainError
from helpdesk.reports.periods import Filters, checked, month_label, twelve_months_before


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_months_are_cut_to_the_period():
    months = Filters(date(2026, 9, 15), date(2026, 11, 3)).months()
    assert [(m.first_day, m.starts_on, m.ends_on) for m in months] == [
        (date(2026, 9, 1), date(2026, 9, 15), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 3)),
    ]


def test_month_bounds_are_copenhagen_midnights_in_utc_across_the_change_to_winter_time():
    october = Filters(date(2026, 10, 1), date(2026, 10, 31)).months()[0]
    # 1 October is summer time (UTC+2); 1 November is winter time (UTC+1), after 25 October.
    assert october.starts_at == utc("2026-09-30 22:00")
    assert october.ends_before == utc("2026-10-31 23:00")
    assert october.label == "okt. 2026"


def test_twelve_months_back_and_the_limit_of_24_months():
    assert twelve_months_before(date(2026, 11, 20)) == date(2025, 12, 1)
    assert len(checked(date(2024, 12, 1), date(2026, 11, 30), None, monthly=True).months()) == 24
    with pytest.raises(DomainError) as error:
        checked(date(2024, 11, 30), date(2026, 11, 30), None, monthly=True)
    assert error.value.field == "to"
    assert checked(date(2020, 1, 1), date(2026, 11, 30), None, monthly=False).first == date(2020, 1, 1)


def test_the_last_day_may_not_come_before_the_first():
    with pytest.raises(DomainError, match="før fra-datoen") as error:
        checked(date(2026, 11, 2), date(2026, 11, 1), None, monthly=False)
    assert error.value.field == "to"


def test_month_names_are_danish():
    assert [month_label(date(2026, m, 1)) for m in (1, 5, 12)] == ["jan. 2026", "maj 2026", "dec. 2026"]
