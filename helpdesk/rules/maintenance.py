"""Decide whether maintenance lies in the nightly window and whom it concerns (SPEC §7).

The window is 22:00–05:00 by the Copenhagen clock every night. On the nights the clocks change it is
therefore 6 hours (spring) or 8 hours (autumn) of real time, not 7.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from helpdesk.rules.worktime import COPENHAGEN, to_local, to_utc

WINDOW_OPENS = time(22)
WINDOW_CLOSES = time(5)
# A start before noon belongs to the window that opened the evening before.
NOON = time(12)
ONE_DAY = timedelta(days=1)


def window_of(evening: date) -> tuple[datetime, datetime]:
    """Return the UTC bounds of the window that opens at 22:00 on the evening of the day."""
    opens = datetime.combine(evening, WINDOW_OPENS, COPENHAGEN)
    closes = datetime.combine(evening + ONE_DAY, WINDOW_CLOSES, COPENHAGEN)
    return to_utc(opens), to_utc(closes)


def inside_window(start: datetime, end: datetime) -> bool:
    """Tell whether the whole span from start to end lies inside one night's 22:00–05:00 window."""
    start, end = to_utc(start), to_utc(end)
    if end <= start:
        raise ValueError(f"Maintenance must end ({end}) after it starts ({start}).")
    local_start = to_local(start)
    evening = local_start.date() if local_start.time() >= NOON else local_start.date() - ONE_DAY
    opens, closes = window_of(evening)
    return opens <= start and end <= closes


def concerns(systems: Iterable[str], covered: Iterable[Iterable[str]]) -> bool:
    """Tell whether maintenance of the systems concerns a customer whose agreements cover these systems.

    ``covered`` holds each agreement's covered systems; an agreement naming none covers every system,
    and maintenance naming no system concerns everyone.
    """
    named = {name.casefold() for name in systems}
    if not named:
        return True
    for names in covered:
        folded = {name.casefold() for name in names}
        if not folded or folded & named:
            return True
    return False
