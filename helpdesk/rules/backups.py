"""Which backup generations to keep: by default the last 7 days, 4 weeks and 12 months (grandfather-father-son)."""

from datetime import date


def generations_to_keep(days: list[date], daily: int = 7, weekly: int = 4, monthly: int = 12) -> set[date]:
    """The backup days to keep: the newest ``daily`` days, the newest backup of each of the newest ``weekly`` ISO
    weeks and of each of the newest ``monthly`` calendar months; every other backup may go."""
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:daily])
    keep |= _newest_per(newest_first, lambda day: day.isocalendar()[:2], weekly)
    keep |= _newest_per(newest_first, lambda day: (day.year, day.month), monthly)
    return keep


def _newest_per(newest_first: list[date], period, count: int) -> set[date]:
    chosen: dict = {}
    for day in newest_first:
        if period(day) not in chosen:
            if len(chosen) == count:
                break
            chosen[period(day)] = day
    return set(chosen.values())
