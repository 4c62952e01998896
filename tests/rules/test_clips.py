"""Clip pricing (SPEC §2) and clip card expiry (SPEC §3), worked out by hand."""

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpdesk.rules.clips import (
    CLIP_MINUTES,
    Block,
    blocks_by_multiplier,
    card_expiry,
    card_is_valid_for,
    clip_blocks,
    clips_for,
    paid_blocks,
)
from helpdesk.rules.worktime import COPENHAGEN, Steps, WorkCalendar, multiplier_at, to_local, to_utc

relaxed = settings(deadline=None)
QUARTER = timedelta(minutes=CLIP_MINUTES)
utc_starts = st.datetimes(datetime(2023, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC))
naive_starts = st.datetimes(datetime(2023, 1, 1), datetime(2027, 12, 31))
lengths = st.integers(1, 24 * 3600).map(lambda seconds: timedelta(seconds=seconds))
# A naive end a little after a naive start in the spring gap is really before it.
naive_entries = st.tuples(naive_starts, lengths).map(lambda s: (s[0], s[0] + s[1])).filter(
    lambda entry: to_utc(entry[0]) < to_utc(entry[1])
)


def at(text: str) -> datetime:
    """Return a naive (Copenhagen) moment from ISO text."""
    return datetime.fromisoformat(text)


def day(text: str) -> date:
    """Return a date from ISO text."""
    return date.fromisoformat(text)


def summary(blocks: Steps) -> list[tuple[str, int]]:
    """Show blocks as local 'HH:MM+offset' and multiplier."""
    return [(f"{block.start:%H:%M%z}", block.multiplier) for block in blocks]


class TestClipBlocks:
    def test_spec_example_friday_afternoon(self):
        blocks = clip_blocks(at("2025-03-07 13:50"), at("2025-03-07 14:20"))
        assert blocks == [
            Block(datetime(2025, 3, 7, 13, 50, tzinfo=COPENHAGEN), 1),
            Block(datetime(2025, 3, 7, 14, 5, tzinfo=COPENHAGEN), 2),
        ]
        assert clips_for(at("2025-03-07 13:50"), at("2025-03-07 14:20")) == 3

    def test_block_starts_are_copenhagen_time(self):
        (block,) = clip_blocks(datetime(2025, 3, 4, 9, 0, tzinfo=UTC), at("2025-03-04 10:10"))
        assert block.start.tzinfo is COPENHAGEN
        assert block.start.hour == 10

    @pytest.mark.parametrize(
        ("start", "end", "clips"),
        [
            ("2025-03-04 10:00", "2025-03-04 10:01", 1),
            ("2025-03-04 10:00", "2025-03-04 10:15", 1),
            ("2025-03-04 10:00", "2025-03-04 10:15:00.000001", 2),
            ("2025-03-04 10:00", "2025-03-04 11:00", 4),
            ("2025-03-04 10:00", "2025-03-04 11:01", 5),
            ("2025-03-04 07:50", "2025-03-04 08:20", 3),  # 07:50 (2), 08:05 (1)
            ("2025-03-04 07:45", "2025-03-04 08:00", 2),
            ("2025-03-04 15:50", "2025-03-04 16:20", 3),  # 15:50 (1), 16:05 (2)
            ("2025-03-04 15:45", "2025-03-04 16:00", 1),
            ("2025-03-07 13:45", "2025-03-07 14:00", 1),  # Friday
            ("2025-03-07 13:59", "2025-03-07 14:01", 1),  # one block, started in time
            ("2025-03-07 14:00", "2025-03-07 14:01", 2),
            ("2025-03-08 10:00", "2025-03-08 11:00", 12),  # Saturday
            ("2025-12-24 10:00", "2025-12-24 11:00", 8),  # Christmas Eve, Wednesday
            ("2025-12-31 10:00", "2025-12-31 11:00", 8),
            ("2025-06-05 10:00", "2025-06-05 11:00", 8),
            ("2025-05-01 10:00", "2025-05-01 11:00", 4),
            ("2025-04-18 10:00", "2025-04-18 11:00", 12),  # Good Friday
            ("2025-05-29 10:00", "2025-05-29 10:30", 6),  # Ascension Day
            ("2025-06-09 10:00", "2025-06-09 10:30", 6),  # Whit Monday
            ("2023-05-05 10:00", "2023-05-05 10:30", 6),  # Store Bededag 2023
            ("2024-04-26 10:00", "2024-04-26 10:30", 2),  # no longer a holiday
        ],
    )
    def test_hand_worked_entries(self, start, end, clips):
        assert clips_for(at(start), at(end)) == clips

    def test_across_midnight_into_saturday(self):
        blocks = clip_blocks(at("2025-03-07 23:30"), at("2025-03-08 00:30"))
        assert summary(blocks) == [
            ("23:30+0100", 2),
            ("23:45+0100", 2),
            ("00:00+0100", 3),
            ("00:15+0100", 3),
        ]

    def test_across_midnight_into_monday(self):
        assert clips_for(at("2025-03-09 23:50"), at("2025-03-10 00:10")) == 3 + 2

    def test_across_midnight_into_christmas_eve(self):
        assert clips_for(at("2025-12-23 23:45"), at("2025-12-24 00:15")) == 2 + 2

    def test_into_working_time_from_the_morning(self):
        assert clips_for(at("2025-03-10 07:30"), at("2025-03-10 08:30")) == 2 + 2 + 1 + 1

    def test_spring_forward_night_lasts_its_real_length(self):
        # 01:30 CET to 03:30 CEST on 2026-03-29 is one real hour.
        blocks = clip_blocks(at("2026-03-29 01:30"), at("2026-03-29 03:30"))
        assert summary(blocks) == [
            ("01:30+0100", 3),
            ("01:45+0100", 3),
            ("03:00+0200", 3),
            ("03:15+0200", 3),
        ]

    def test_fall_back_night_lasts_its_real_length(self):
        # 01:30 CEST to 03:30 CET on 2026-10-25 is three real hours.
        blocks = clip_blocks(at("2026-10-25 01:30"), at("2026-10-25 03:30"))
        assert len(blocks) == 12
        assert clips_for(at("2026-10-25 01:30"), at("2026-10-25 03:30")) == 36
        assert [f"{b.start:%H:%M%z}" for b in blocks[4:8]] == [
            "02:30+0200",
            "02:45+0200",
            "02:00+0100",
            "02:15+0100",
        ]

    def test_the_repeated_hour_first_then_second_occurrence(self):
        first, second = at("2026-10-25 02:30"), at("2026-10-25 02:30").replace(fold=1)
        assert len(clip_blocks(first, second)) == 4

    def test_aware_entries_in_other_zones(self):
        start = datetime(2025, 3, 7, 12, 50, tzinfo=UTC)
        end = datetime(2025, 3, 7, 13, 20, tzinfo=UTC)
        assert clips_for(start, end) == 3

    @pytest.mark.parametrize(
        ("start", "end"),
        [("2025-03-04 10:00", "2025-03-04 10:00"), ("2025-03-04 10:00", "2025-03-04 09:59")],
    )
    def test_the_end_must_be_after_the_start(self, start, end):
        with pytest.raises(ValueError, match="end must be after the start") as raised:
            clip_blocks(at(start), at(end))
        assert start in str(raised.value)
        assert end in str(raised.value)
        with pytest.raises(ValueError, match="end must be after the start"):
            clips_for(at(start), at(end))

    def test_equal_moments_in_different_zones_are_refused(self):
        with pytest.raises(ValueError, match="end must be after the start"):
            clips_for(at("2025-03-04 10:00"), datetime(2025, 3, 4, 9, 0, tzinfo=UTC))

    @pytest.mark.parametrize("block_minutes", [0, -15])
    def test_blocks_must_have_a_length(self, block_minutes):
        with pytest.raises(ValueError, match="positive number of minutes"):
            clip_blocks(at("2025-03-04 10:00"), at("2025-03-04 11:00"), block_minutes)

    def test_closing_days_price_as_2(self):
        calendar = WorkCalendar(closing_days=frozenset({day("2025-05-30")}))
        start, end = at("2025-05-30 10:00"), at("2025-05-30 11:00")
        assert clips_for(start, end, calendar) == 8
        assert clips_for(start, end) == 4
        assert {b.multiplier for b in clip_blocks(start, end, calendar=calendar)} == {2}


class TestHourlyBlocks:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ("2025-03-07 13:50", "2025-03-07 14:20", [("13:50+0100", 1)]),
            ("2025-03-07 13:30", "2025-03-07 15:10", [("13:30+0100", 1), ("14:30+0100", 2)]),
            ("2025-03-04 15:30", "2025-03-04 17:00", [("15:30+0100", 1), ("16:30+0100", 2)]),
            ("2025-03-04 10:00", "2025-03-04 11:00", [("10:00+0100", 1)]),
            ("2025-03-04 10:00", "2025-03-04 11:00:01", [("10:00+0100", 1), ("11:00+0100", 1)]),
            ("2025-03-07 23:30", "2025-03-08 00:45", [("23:30+0100", 2), ("00:30+0100", 3)]),
            (
                "2026-10-25 01:30",
                "2026-10-25 03:30",
                [("01:30+0200", 3), ("02:30+0200", 3), ("02:30+0100", 3)],
            ),
        ],
    )
    def test_hand_worked(self, start, end, expected):
        assert summary(clip_blocks(at(start), at(end), block_minutes=60)) == expected


class TestBlocksByMultiplier:
    def test_counts_each_multiplier(self):
        blocks = clip_blocks(at("2025-03-07 13:30"), at("2025-03-08 00:15"))
        assert blocks_by_multiplier(blocks) == {1: 2, 2: 40, 3: 1}

    def test_always_has_all_three_keys(self):
        assert blocks_by_multiplier(_blocks()) == {1: 0, 2: 0, 3: 0}
        assert blocks_by_multiplier(clip_blocks(at("2025-03-04 10:00"), at("2025-03-04 10:05"))) == {1: 1, 2: 0, 3: 0}


class TestCardExpiry:
    @pytest.mark.parametrize(
        ("invoiced", "expires"),
        [
            ("2024-08-31", "2026-02-28"),  # the 31st becomes February's last day
            ("2024-01-31", "2025-07-31"),
            ("2023-08-29", "2025-02-28"),  # 2025 is no leap year
            ("2022-08-29", "2024-02-29"),  # 2024 is
            ("2024-02-29", "2025-08-29"),
            ("2024-03-15", "2025-09-15"),
            ("2023-06-30", "2024-12-30"),
            ("2024-12-31", "2026-06-30"),
            ("2025-01-01", "2026-07-01"),
        ],
    )
    def test_eighteen_calendar_months(self, invoiced, expires):
        assert card_expiry(day(invoiced)) == day(expires)

    @pytest.mark.parametrize(
        ("work_starts", "valid"),
        [
            ("2024-08-30", False),  # before the card was invoiced
            ("2024-08-31", True),
            ("2025-12-31", True),
            ("2026-02-27", True),
            ("2026-02-28", False),  # the expiry date itself
            ("2026-03-01", False),
        ],
    )
    def test_validity_for_work(self, work_starts, valid):
        assert card_is_valid_for(day("2024-08-31"), day(work_starts)) is valid


def utc_blocks(blocks: Steps) -> list[tuple[datetime, int]]:
    """Show blocks by their UTC start, since equal Copenhagen times ignore the fold."""
    return [(to_utc(block.start), block.multiplier) for block in blocks]


def block_count(start: datetime, end: datetime, minutes: int = CLIP_MINUTES) -> int:
    """Count started blocks by real elapsed time."""
    return -(-(to_utc(end) - to_utc(start)) // timedelta(minutes=minutes))


class TestProperties:
    @relaxed
    @given(naive_entries)
    def test_clips_lie_between_one_and_three_per_block(self, entry):
        blocks = clip_blocks(*entry)
        assert len(blocks) <= clips_for(*entry) <= 3 * len(blocks)

    @relaxed
    @given(utc_starts, lengths, st.sampled_from([15, 30, 60]))
    def test_blocks_are_started_steps_of_real_time(self, start, length, minutes):
        blocks = clip_blocks(start, start + length, minutes)
        assert len(blocks) == block_count(start, start + length, minutes)
        for number, block in enumerate(blocks):
            expected = start + number * timedelta(minutes=minutes)
            assert block.start.isoformat() == expected.astimezone(COPENHAGEN).isoformat()
            assert to_utc(block.start) == expected

    @relaxed
    @given(naive_entries)
    def test_each_block_costs_the_multiplier_at_its_start(self, entry):
        for block in clip_blocks(*entry):
            assert block.multiplier == multiplier_at(block.start)
            assert block.start.tzinfo is COPENHAGEN

    @relaxed
    @given(utc_starts, lengths, st.data())
    def test_splitting_at_a_block_boundary_keeps_the_total(self, start, length, data):
        end = start + length
        blocks = block_count(start, end)
        assume(blocks >= 2)
        split = start + data.draw(st.integers(1, blocks - 1)) * QUARTER
        assert clips_for(start, end) == clips_for(start, split) + clips_for(split, end)

    @relaxed
    @given(utc_starts, lengths, lengths)
    def test_clips_grow_with_the_end(self, start, length, more):
        assert clips_for(start, start + length) <= clips_for(start, start + length + more)

    @relaxed
    @given(naive_entries)
    def test_an_hour_block_costs_the_quarter_block_multiplier_at_its_start(self, entry):
        quarters = clip_blocks(*entry)
        hours = clip_blocks(*entry, block_minutes=60)
        assert [hour.multiplier for hour in hours] == [q.multiplier for q in quarters[::4]]

    @relaxed
    @given(naive_entries)
    def test_naive_and_aware_entries_agree(self, entry):
        start, end = entry
        naive = utc_blocks(clip_blocks(start, end))
        assert naive == utc_blocks(clip_blocks(to_utc(start), to_utc(end)))
        assert naive == utc_blocks(clip_blocks(to_local(start), to_local(end)))

    @relaxed
    @given(naive_entries)
    def test_clips_are_the_sum_of_the_blocks(self, entry):
        blocks = clip_blocks(*entry)
        counts = blocks_by_multiplier(blocks)
        assert clips_for(*entry) == sum(m * n for m, n in counts.items())
        assert sum(counts.values()) == len(blocks)

    @relaxed
    @given(utc_starts, lengths, st.frozensets(st.dates(date(2023, 1, 1), date(2027, 12, 31))))
    def test_closing_days_never_make_an_entry_cheaper(self, start, length, closing_days):
        calendar = WorkCalendar(closing_days=closing_days)
        assert clips_for(start, start + length, calendar) >= clips_for(start, start + length)

    @relaxed
    @given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
    def test_a_card_expires_on_the_same_day_18_months_later_or_that_months_end(self, invoiced):
        expiry = card_expiry(invoiced)
        months = (expiry.year - invoiced.year) * 12 + expiry.month - invoiced.month
        assert months == 18
        assert expiry.day == min(invoiced.day, monthrange(expiry.year, expiry.month)[1])
        assert card_is_valid_for(invoiced, invoiced)
        assert card_is_valid_for(invoiced, expiry - timedelta(days=1))
        assert not card_is_valid_for(invoiced, expiry)


def _blocks(*multipliers):
    return Steps(datetime(2026, 11, 20, 7, 0, tzinfo=UTC), QUARTER, list(multipliers))


@pytest.mark.parametrize(("multipliers", "available", "paid"), [
    ((1, 1, 1), 3, 3),
    ((1, 1, 1), 2, 2),
    ((1, 2, 2), 2, 1),  # the 2-clip block is not paid by a single clip left
    ((1, 2, 2), 3, 2),
    ((3, 3), 0, 0),
    ((1, 1), 10, 2),
])
def test_cards_pay_whole_blocks_from_the_start(multipliers, available, paid):
    assert paid_blocks(_blocks(*multipliers), available) == paid
