"""The nightly maintenance window 22:00–05:00 by the Copenhagen clock, and whom maintenance concerns (SPEC §7)."""

from datetime import datetime, timezone

import pytest

from helpdesk.rules.maintenance import concerns, inside_window
from helpdesk.rules.worktime import COPENHAGEN


def copenhagen(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize(("start", "end", "inside"), [
    ("2026-11-24 22:00", "2026-11-25 04:30", True),
    ("2026-11-24 22:00", "2026-11-25 05:00", True),
    ("2026-11-25 01:00", "2026-11-25 03:00", True),       # after midnight: the window opened the evening before
    ("2026-11-24 21:30", "2026-11-24 23:00", False),      # starts before 22:00
    ("2026-11-24 23:00", "2026-11-25 05:30", False),      # ends after 05:00
    ("2026-11-25 05:00", "2026-11-25 06:00", False),
    ("2026-11-24 22:00", "2026-11-25 22:30", False),      # spans two nights
    ("2026-11-25 12:00", "2026-11-25 13:00", False),
])
def test_inside_the_window_by_the_copenhagen_clock(start, end, inside):
    assert inside_window(copenhagen(start), copenhagen(end)) is inside


def test_a_naive_time_is_copenhagen_time():
    assert inside_window(datetime(2026, 11, 24, 22), datetime(2026, 11, 25, 4, 30))


def test_the_spring_night_window_is_six_hours():
    # 28–29 March 2026: 22:00 CET is 21:00 UTC; at 02:00 the clocks jump to 03:00, so 05:00 CEST is 03:00 UTC.
    assert inside_window(utc("2026-03-28 21:00"), utc("2026-03-29 03:00"))
    # 6½ hours from 22:00 is 05:30 summer time: outside, though shorter than a normal night's 7 hours.
    assert not inside_window(utc("2026-03-28 21:00"), utc("2026-03-29 03:30"))


def test_the_autumn_night_window_is_eight_hours():
    # 24–25 October 2026: 22:00 CEST is 20:00 UTC; at 03:00 the clocks go back to 02:00, so 05:00 CET is 04:00 UTC.
    assert inside_window(utc("2026-10-24 20:00"), utc("2026-10-25 04:00"))
    assert not inside_window(utc("2026-10-24 19:30"), utc("2026-10-25 03:00"))   # 21:30 summer time


def test_a_span_must_end_after_it_starts():
    with pytest.raises(ValueError):
        inside_window(copenhagen("2026-11-24 23:00"), copenhagen("2026-11-24 23:00"))


@pytest.mark.parametrize(("systems", "covered", "expected"), [
    (["Økonomisystem"], [["Økonomisystem", "Mail"]], True),
    (["økonomisystem"], [["Økonomisystem"]], True),         # names compare without case
    (["Økonomisystem"], [["Mail"]], False),
    (["Økonomisystem"], [], False),                         # no agreement covers anything
    (["Økonomisystem"], [["Mail"], []], True),              # an agreement naming no system covers every system
    ([], [["Mail"]], True),                                 # maintenance naming no system concerns everyone
    ([], [], True),
])
def test_whom_maintenance_concerns(systems, covered, expected):
    assert concerns(systems, covered) is expected
