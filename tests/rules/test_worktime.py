"""Working days, working time and multipliers (SPEC §1), worked out by hand."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpdesk.rules.worktime import (
    COPENHAGEN,
    WorkCalendar,
    add_working_days,
    in_calendar,
    is_public_holiday,
    is_working_day,
    is_working_time,
    multiplier_at,
    multiplier_steps,
    public_holidays,
    to_local,
    to_utc,
)

relaxed = settings(deadline=None)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
naive_moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31))


def at(text: str) -> datetime:
    """Return a naive (Copenhagen) moment from ISO text."""
    return datetime.fromisoformat(text)


def day(text: str) -> date:
    """Return a date from ISO text."""
    return date.fromisoformat(text)


class TestTimezones:
    def test_naive_means_copenhagen(self):
        assert to_utc(at("2025-01-15 10:00")) == datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
        assert to_utc(at("2025-07-15 10:00")) == datetime(2025, 7, 15, 8, 0, tzinfo=UTC)

    def test_aware_is_converted(self):
        new_york = datetime(2025, 1, 15, 4, 0, tzinfo=ZoneInfo("America/New_York"))
        local = to_local(new_york)
        assert local.tzinfo is COPENHAGEN
        assert (local.hour, local.utcoffset()) == (10, timedelta(hours=1))
        assert to_utc(new_york).tzinfo is UTC

    def test_to_local_of_naive_keeps_the_wall_clock(self):
        local = to_local(at("2025-07-15 10:00"))
        assert (local.hour, local.utcoffset()) == (10, timedelta(hours=2))

    def test_spring_gap_is_read_with_the_winter_offset(self):
        # 02:30 does not exist on 2026-03-29; PEP 495 fold=0 reads it as 02:30+01:00.
        local = to_local(at("2026-03-29 02:30"))
        assert (local.hour, local.minute, local.utcoffset()) == (3, 30, timedelta(hours=2))

    def test_ambiguous_autumn_time_takes_fold_0_summer_time_unless_fold_1(self):
        first = at("2026-10-25 02:30")
        assert to_utc(first) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert to_utc(first.replace(fold=1)) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


class TestCalendar:
    @pytest.mark.parametrize("value", [date(1900, 1, 1), date(2999, 12, 31), at("2999-12-31 23:59")])
    def test_the_years_1900_to_2999_are_worked_in(self, value):
        assert in_calendar(value)

    @pytest.mark.parametrize("value", [date(1899, 12, 31), date(3000, 1, 1), date(9999, 12, 31), date(1, 1, 1),
                                       at("0001-01-01 00:00"), at("9999-12-31 23:00")])
    def test_dates_beyond_them_are_not(self, value):
        """The date arithmetic behind the forms fails at these (a day after 9999-12-31, UTC before year 1)."""
        assert not in_calendar(value)


class TestPublicHolidays:
    @pytest.mark.parametrize(
        "holiday",
        [
            "2025-01-01",
            "2025-04-17",  # Maundy Thursday
            "2025-04-18",  # Good Friday
            "2025-04-20",  # Easter Sunday
            "2025-04-21",  # Easter Monday
            "2025-05-29",  # Ascension Day
            "2025-06-08",  # Whit Sunday
            "2025-06-09",  # Whit Monday
            "2025-12-25",
            "2025-12-26",
            "2023-05-05",  # Store Bededag, abolished from 2024
        ],
    )
    def test_public_holidays(self, holiday):
        assert is_public_holiday(day(holiday))

    @pytest.mark.parametrize(
        "not_holiday",
        [
            "2025-12-24",  # Christmas Eve
            "2025-12-31",  # New Year's Eve
            "2025-06-05",  # Constitution Day
            "2025-05-01",  # 1 May
            "2024-04-26",  # would have been Store Bededag
            "2025-03-08",  # a plain Saturday
        ],
    )
    def test_days_that_are_no_public_holiday(self, not_holiday):
        assert not is_public_holiday(day(not_holiday))

    def test_holidays_of_a_year_come_from_the_package(self):
        assert len(public_holidays(2025)) == 10
        assert len(public_holidays(2023)) == 11


class TestWorkingDays:
    @pytest.mark.parametrize(
        "working",
        [
            "2025-03-03",  # Monday
            "2025-03-07",  # Friday
            "2025-05-01",  # 1 May, a Thursday
            "2026-05-01",  # 1 May, a Friday
            "2024-04-26",  # the Friday that was Store Bededag until 2023
            "2025-12-23",
            "2026-01-02",
        ],
    )
    def test_working_days(self, working):
        assert is_working_day(day(working))

    @pytest.mark.parametrize(
        "not_working",
        [
            "2025-03-08",  # Saturday
            "2025-03-09",  # Sunday
            "2025-12-24",  # Christmas Eve, a Wednesday
            "2025-12-31",  # New Year's Eve, a Wednesday
            "2025-06-05",  # Constitution Day, a Thursday
            "2026-06-05",  # Constitution Day, a Friday
            "2025-04-17",
            "2025-04-18",
            "2025-04-21",
            "2026-04-02",
            "2026-04-03",
            "2026-04-06",
            "2025-05-29",  # Ascension Day
            "2026-05-14",  # Ascension Day
            "2025-06-09",  # Whit Monday
            "2026-05-25",  # Whit Monday
            "2023-05-05",  # Store Bededag 2023
            "2026-01-01",
        ],
    )
    def test_non_working_days(self, not_working):
        assert not is_working_day(day(not_working))

    def test_a_datetime_counts_by_its_copenhagen_date(self):
        # 23:30 UTC on 23 December is already Christmas Eve in Copenhagen.
        assert not is_working_day(datetime(2025, 12, 23, 23, 30, tzinfo=UTC))
        assert is_working_day(datetime(2025, 12, 23, 22, 30, tzinfo=UTC))


class TestWorkingTimeAndMultiplier:
    @pytest.mark.parametrize(
        ("moment", "multiplier"),
        [
            ("2025-03-04 00:00", 2),  # Tuesday
            ("2025-03-04 07:59", 2),
            ("2025-03-04 07:59:59.999999", 2),
            ("2025-03-04 08:00", 1),
            ("2025-03-04 12:00", 1),
            ("2025-03-04 15:59", 1),
            ("2025-03-04 15:59:59.999999", 1),
            ("2025-03-04 16:00", 2),
            ("2025-03-04 23:59", 2),
            ("2025-03-07 07:59", 2),  # Friday
            ("2025-03-07 08:00", 1),
            ("2025-03-07 13:59", 1),
            ("2025-03-07 13:59:59.999999", 1),
            ("2025-03-07 14:00", 2),
            ("2025-03-07 15:00", 2),
            ("2025-03-08 00:00", 3),  # Saturday
            ("2025-03-08 10:00", 3),
            ("2025-03-09 23:59", 3),  # Sunday
            ("2025-03-10 00:00", 2),  # Monday
        ],
    )
    def test_ordinary_weeks(self, moment, multiplier):
        assert multiplier_at(at(moment)) == multiplier
        assert is_working_time(at(moment)) == (multiplier == 1)

    @pytest.mark.parametrize(
        "moment",
        [
            "2025-12-24 10:00",  # Christmas Eve, Wednesday
            "2025-12-24 00:00",
            "2025-12-24 20:00",
            "2024-12-24 10:00",  # Tuesday
            "2025-12-31 10:00",  # New Year's Eve, Wednesday
            "2026-12-31 13:00",  # Thursday
            "2025-06-05 10:00",  # Constitution Day, Thursday
            "2026-06-05 09:00",  # Friday
        ],
    )
    def test_days_off_that_are_no_holiday_cost_2_all_day(self, moment):
        assert multiplier_at(at(moment)) == 2

    def test_days_off_on_a_weekend_cost_3(self):
        assert multiplier_at(at("2022-12-24 10:00")) == 3  # a Saturday

    @pytest.mark.parametrize(
        "moment",
        [
            "2025-04-17 10:00",  # Maundy Thursday
            "2025-04-18 10:00",  # Good Friday
            "2025-04-21 10:00",  # Easter Monday
            "2026-04-02 10:00",
            "2026-04-03 10:00",
            "2026-04-06 10:00",
            "2025-05-29 10:00",  # Ascension Day
            "2026-05-14 10:00",
            "2025-06-09 10:00",  # Whit Monday
            "2026-05-25 10:00",
            "2023-05-05 10:00",  # Store Bededag 2023
            "2025-12-25 10:00",
            "2025-12-26 03:00",
            "2026-01-01 00:00",
            "2026-01-01 23:59",
        ],
    )
    def test_public_holidays_cost_3_all_day(self, moment):
        assert multiplier_at(at(moment)) == 3

    def test_first_of_may_is_an_ordinary_working_day(self):
        assert multiplier_at(at("2025-05-01 10:00")) == 1
        assert multiplier_at(at("2025-05-01 17:00")) == 2

    def test_store_bededag_is_a_working_day_from_2024(self):
        assert multiplier_at(at("2024-04-26 10:00")) == 1
        assert multiplier_at(at("2024-04-26 14:00")) == 2

    def test_aware_moments_count_in_copenhagen_time(self):
        assert multiplier_at(datetime(2025, 3, 4, 6, 59, tzinfo=UTC)) == 2  # 07:59 CET
        assert multiplier_at(datetime(2025, 3, 4, 7, 0, tzinfo=UTC)) == 1  # 08:00 CET
        assert multiplier_at(datetime(2025, 6, 10, 6, 0, tzinfo=UTC)) == 1  # 08:00 CEST
        assert multiplier_at(datetime(2025, 6, 10, 14, 0, tzinfo=UTC)) == 2  # 16:00 CEST

    def test_the_late_evening_utc_belongs_to_the_next_local_day(self):
        # 2025-03-07 23:30 UTC is Saturday 00:30 in Copenhagen.
        assert multiplier_at(datetime(2025, 3, 7, 23, 30, tzinfo=UTC)) == 3
        assert multiplier_at(datetime(2025, 3, 7, 22, 59, tzinfo=UTC)) == 2

    def test_dst_sundays_cost_3(self):
        assert multiplier_at(at("2026-03-29 03:00")) == 3
        assert multiplier_at(at("2026-10-25 02:30")) == 3


class TestMultiplierSteps:
    def test_hourly_steps_over_a_friday_afternoon(self):
        start, end = at("2025-03-07 12:00"), at("2025-03-07 16:30")
        steps = multiplier_steps(timedelta(hours=1), start, end)
        assert [(f"{moment:%H:%M}", multiplier) for moment, multiplier in steps] == [
            ("12:00", 1),
            ("13:00", 1),
            ("14:00", 2),
            ("15:00", 2),
            ("16:00", 2),
        ]

    def test_steps_across_several_days(self):
        start, end = at("2025-03-06 10:00"), at("2025-03-10 10:00")
        steps = multiplier_steps(timedelta(days=1), start, end)
        assert [(f"{moment:%a %H:%M}", multiplier) for moment, multiplier in steps] == [
            ("Thu 10:00", 1),
            ("Fri 10:00", 1),
            ("Sat 10:00", 3),
            ("Sun 10:00", 3),
        ]

    def test_steps_are_real_time_over_the_spring_gap(self):
        start, end = at("2026-03-29 00:30"), at("2026-03-29 04:30")
        steps = multiplier_steps(timedelta(hours=1), start, end)
        assert [f"{moment:%H:%M%z}" for moment, _ in steps] == [
            "00:30+0100",
            "01:30+0100",
            "03:30+0200",
        ]
        assert all(moment.tzinfo is COPENHAGEN for moment, _ in steps)

    def test_an_empty_span_has_no_steps(self):
        moment = at("2025-03-07 12:00")
        assert multiplier_steps(timedelta(minutes=15), moment, moment) == []

    @pytest.mark.parametrize("step", [timedelta(0), timedelta(minutes=-15)])
    def test_the_step_must_be_positive(self, step):
        with pytest.raises(ValueError, match="positive time"):
            multiplier_steps(step, at("2025-03-07 12:00"), at("2025-03-07 13:00"))


class TestAddWorkingDays:
    @pytest.mark.parametrize(
        ("start", "n", "expected"),
        [
            ("2025-03-03", 0, "2025-03-03"),
            ("2025-03-08", 0, "2025-03-08"),  # zero keeps even a Saturday
            ("2025-03-03", 1, "2025-03-04"),
            ("2025-03-07", 1, "2025-03-10"),  # Friday to Monday
            ("2025-03-08", 1, "2025-03-10"),  # Saturday to Monday
            ("2025-03-03", 5, "2025-03-10"),
            ("2026-04-01", 5, "2026-04-13"),  # over Easter 2026
            ("2025-12-22", 3, "2025-12-30"),  # over Christmas
            ("2025-12-22", 4, "2026-01-02"),  # and New Year
            ("2026-01-02", -4, "2025-12-22"),
            ("2025-03-10", -1, "2025-03-07"),  # Monday back to Friday
            ("2026-04-13", -5, "2026-04-01"),
            ("2025-04-30", 1, "2025-05-01"),  # 1 May counts
            ("2025-06-04", 1, "2025-06-06"),  # 5 June does not
        ],
    )
    def test_hand_worked(self, start, n, expected):
        assert add_working_days(day(start), n) == day(expected)


class TestClosingDays:
    friday_after_ascension = day("2025-05-30")
    calendar = WorkCalendar(closing_days=frozenset({friday_after_ascension}))

    def test_a_closing_day_is_no_working_day(self):
        assert not self.calendar.is_working_day(self.friday_after_ascension)
        assert not is_working_day(self.friday_after_ascension, self.calendar)
        assert is_working_day(self.friday_after_ascension)

    def test_a_closing_weekday_costs_2(self):
        assert self.calendar.multiplier_at(at("2025-05-30 10:00")) == 2
        assert multiplier_at(at("2025-05-30 10:00"), self.calendar) == 2
        assert not is_working_time(at("2025-05-30 10:00"), self.calendar)
        assert multiplier_at(at("2025-05-30 10:00")) == 1

    def test_a_closing_day_on_a_weekend_or_holiday_still_costs_3(self):
        calendar = WorkCalendar(closing_days=frozenset({day("2025-05-31"), day("2025-05-29")}))
        assert calendar.multiplier_at(at("2025-05-31 10:00")) == 3
        assert calendar.multiplier_at(at("2025-05-29 10:00")) == 3

    def test_closing_days_are_skipped_when_counting(self):
        assert add_working_days(day("2025-05-28"), 1, self.calendar) == day("2025-06-02")
        assert add_working_days(day("2025-05-28"), 1) == day("2025-05-30")

    def test_any_iterable_of_days_makes_a_hashable_calendar(self):
        calendar = WorkCalendar(closing_days=[self.friday_after_ascension])
        assert calendar == self.calendar
        assert hash(calendar) == hash(self.calendar)


class TestProperties:
    @relaxed
    @given(naive_moments)
    def test_multiplier_1_is_exactly_working_time_on_a_working_day(self, moment):
        multiplier = multiplier_at(moment)
        assert multiplier in (1, 2, 3)
        assert is_working_time(moment) == (multiplier == 1)
        if multiplier == 1:
            assert is_working_day(moment.date())
            assert 8 <= moment.hour < (14 if moment.weekday() == 4 else 16)

    @relaxed
    @given(naive_moments)
    def test_3_exactly_on_weekends_and_public_holidays(self, moment):
        local_day = to_local(moment).date()
        rest_day = local_day.weekday() >= 5 or is_public_holiday(local_day)
        assert (multiplier_at(moment) == 3) == rest_day

    @relaxed
    @given(naive_moments)
    def test_naive_and_aware_agree(self, moment):
        assert multiplier_at(moment) == multiplier_at(to_utc(moment))
        assert multiplier_at(moment) == multiplier_at(to_local(moment))

    @relaxed
    @given(days, st.integers(-40, 40))
    def test_the_result_is_n_working_days_away(self, start, n):
        result = add_working_days(start, n)
        if n >= 0:
            counted = [start + timedelta(days=i) for i in range(1, (result - start).days + 1)]
        else:
            counted = [result + timedelta(days=i) for i in range((start - result).days)]
        assert sum(map(is_working_day, counted)) == abs(n)
        assert n == 0 or is_working_day(result)

    @relaxed
    @given(days, st.integers(-40, 40))
    def test_counting_back_from_a_working_day_undoes_counting_forward(self, start, n):
        start = add_working_days(start, 1)
        assert add_working_days(add_working_days(start, n), -n) == start

    @relaxed
    @given(naive_moments, st.frozensets(days, max_size=20))
    def test_closing_days_never_lower_the_multiplier(self, moment, closing_days):
        calendar = WorkCalendar(closing_days=closing_days)
        assert calendar.multiplier_at(moment) >= multiplier_at(moment)

    @relaxed
    @given(st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)),
           st.integers(1, 3 * 24 * 3600), st.integers(1, 2 * 24 * 3600))
    def test_every_step_starts_a_step_on_and_costs_the_multiplier_there(self, start, length_seconds, step_seconds):
        """Steps are counted per day, never stepped through: each must still be what the moment alone says."""
        assume(length_seconds // step_seconds <= 2_000)   # each step is checked one by one below
        step, end = timedelta(seconds=step_seconds), start + timedelta(seconds=length_seconds)
        steps = multiplier_steps(step, start, end)
        assert len(steps) == -(-length_seconds // step_seconds)
        for number, (moment, multiplier) in enumerate(steps):
            assert moment == start + number * step and moment.tzinfo is COPENHAGEN
            assert multiplier == multiplier_at(moment)
        assert steps[::-1] == list(reversed(steps)) and steps[-1] == list(steps)[-1]
        with pytest.raises(IndexError):
            steps[len(steps)]

    def test_utc_steps_refuses_moments_in_another_zone(self):
        with pytest.raises(ValueError, match="UTC"):
            WorkCalendar().utc_steps(timedelta(minutes=15), at("2025-03-07 12:00").replace(tzinfo=COPENHAGEN),
                                     datetime(2025, 3, 7, 13, tzinfo=UTC))
