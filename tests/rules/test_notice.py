"""Agreement periods, notice deadlines and changes of prices or terms (SPEC §7), by hand."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.rules.notice import (
    agreement_ends,
    earliest_change_date,
    next_period_end,
    notice_deadline,
    notice_in_time,
    period_end,
    rescission_deadline,
)
from helpdesk.rules.terms import COMPUSOFT, HOSTKON

relaxed = settings(deadline=None)
starts = st.dates(date(2020, 1, 1), date(2030, 12, 31))
profiles = st.sampled_from([HOSTKON, COMPUSOFT])


def day(text: str) -> date:
    """Return a date from ISO text."""
    return date.fromisoformat(text)


class TestPeriods:
    @pytest.mark.parametrize(
        ("start", "months", "end"),
        [
            ("2025-01-01", 12, "2025-12-31"),
            ("2025-03-01", 12, "2026-02-28"),
            ("2023-03-01", 12, "2024-02-29"),
            ("2025-07-15", 12, "2026-07-14"),
            ("2025-04-01", 1, "2025-04-30"),
            ("2025-01-01", 24, "2026-12-31"),
        ],
    )
    def test_a_period_ends_the_day_before_the_same_day_months_later(self, start, months, end):
        assert period_end(day(start), months) == day(end)

    @pytest.mark.parametrize("months", [0, -12])
    def test_a_period_of_no_months_is_refused(self, months):
        with pytest.raises(ValueError, match="at least one month"):
            period_end(day("2025-01-01"), months)

    @pytest.mark.parametrize(
        ("current_end", "months", "next_end"),
        [
            ("2025-12-31", 12, "2026-12-31"),
            ("2025-04-30", 1, "2025-05-31"),
            ("2026-02-28", 12, "2027-02-28"),
            ("2024-02-29", 12, "2025-02-28"),
        ],
    )
    def test_the_next_period_begins_the_day_after(self, current_end, months, next_end):
        assert next_period_end(day(current_end), months) == day(next_end)


class TestNotice:
    @pytest.mark.parametrize(
        ("profile", "ends", "deadline"),
        [
            (HOSTKON, "2025-12-31", "2025-09-30"),
            (COMPUSOFT, "2025-12-31", "2025-06-30"),
            (COMPUSOFT, "2025-08-31", "2025-02-28"),
            (HOSTKON, "2026-05-31", "2026-02-28"),
            # The rule counts back from the last day itself, so not to 2025-11-30.
            (HOSTKON, "2026-02-28", "2025-11-28"),
        ],
    )
    def test_deadline_is_the_period_end_minus_the_notice_months(self, profile, ends, deadline):
        assert notice_deadline(day(ends), profile) == day(deadline)

    def test_spec_example_hostkon_on_the_deadline_is_in_time(self):
        assert notice_in_time(day("2025-09-30"), day("2025-12-31"), HOSTKON)
        assert agreement_ends(day("2025-09-30"), day("2025-12-31"), HOSTKON) == day("2025-12-31")

    def test_spec_example_hostkon_a_day_late_renews_for_a_year(self):
        assert not notice_in_time(day("2025-10-01"), day("2025-12-31"), HOSTKON)
        assert agreement_ends(day("2025-10-01"), day("2025-12-31"), HOSTKON) == day("2026-12-31")

    def test_compusoft_notice_5_months_before_the_end_is_too_late(self):
        assert not notice_in_time(day("2025-07-31"), day("2025-12-31"), COMPUSOFT)
        assert agreement_ends(day("2025-07-31"), day("2025-12-31"), COMPUSOFT) == day(
            "2026-12-31"
        )

    def test_compusoft_notice_6_months_before_the_end_is_in_time(self):
        assert notice_in_time(day("2025-06-30"), day("2025-12-31"), COMPUSOFT)
        assert agreement_ends(day("2025-06-30"), day("2025-12-31"), COMPUSOFT) == day(
            "2025-12-31"
        )

    def test_notice_on_the_last_day_of_the_period_ends_the_next_one(self):
        assert agreement_ends(day("2025-12-31"), day("2025-12-31"), HOSTKON) == day("2026-12-31")

    def test_a_late_notice_ends_a_next_period_of_the_same_length(self):
        # hostkon renews "for a period of the same length as the previous one" (H §8.2).
        ends = agreement_ends(day("2025-10-01"), day("2025-12-31"), HOSTKON, renewal_months=24)
        assert ends == day("2027-12-31")

    def test_notice_after_the_period_ended_is_refused(self):
        with pytest.raises(ValueError, match="after the period ended 2025-12-31"):
            agreement_ends(day("2026-01-02"), day("2025-12-31"), HOSTKON)

    @relaxed
    @given(starts, profiles)
    def test_the_deadline_is_the_last_day_in_time(self, start, profile):
        ends = period_end(start, profile.renewal_months)
        deadline = notice_deadline(ends, profile)
        assert notice_in_time(deadline, ends, profile)
        assert not notice_in_time(deadline + timedelta(days=1), ends, profile)

    @relaxed
    @given(starts, st.integers(0, 364), profiles)
    def test_the_agreement_ends_with_this_period_exactly_when_notice_is_in_time(
        self, start, offset, profile
    ):
        ends = period_end(start, profile.renewal_months)
        received = start + timedelta(days=offset)
        ended = agreement_ends(received, ends, profile)
        assert ended in {ends, next_period_end(ends, profile.renewal_months)}
        assert (ended == ends) == notice_in_time(received, ends, profile)


class TestRescission:
    def test_compusoft_rescission_arrives_180_days_before_the_renewal(self):
        assert rescission_deadline(day("2026-01-01"), COMPUSOFT) == day("2025-07-05")

    def test_hostkon_has_no_rescission_deadline(self):
        assert rescission_deadline(day("2026-01-01"), HOSTKON) is None


class TestChanges:
    @pytest.mark.parametrize("major", [True, False])
    def test_hostkon_changes_prices_and_terms_with_30_days_notice(self, major):
        assert earliest_change_date(day("2025-03-01"), HOSTKON, major) == day("2025-03-31")

    def test_compusoft_major_price_change_needs_40_days(self):
        assert earliest_change_date(day("2025-03-01"), COMPUSOFT, True) == day("2025-04-10")

    def test_compusoft_other_terms_need_3_calendar_months(self):
        assert earliest_change_date(day("2025-03-01"), COMPUSOFT, False) == day("2025-06-01")
        assert earliest_change_date(day("2025-11-30"), COMPUSOFT, False) == day("2026-02-28")
