"""Price time entries in clips and decide how long a clip card lasts (SPEC §2–3)."""

from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from helpdesk.rules.worktime import COPENHAGEN, Step, Steps, WorkCalendar, calendar_or_default, to_utc

CLIP_MINUTES = 15
CARD_LIFETIME = relativedelta(months=18)


class EndNotAfterStart(ValueError):
    """A time entry that does not end after it starts; the message is for developers, the moments for the reader."""

    def __init__(self, start: datetime, end: datetime):
        super().__init__(f"The end must be after the start: the entry starts {_shown(start)} and ends {_shown(end)}.")
        self.start, self.end = start, end


# A started block of a time entry, costing the multiplier in force at its start; an entry's blocks are `Steps`.
Block = Step


def clip_blocks(
    start: datetime,
    end: datetime,
    block_minutes: int = CLIP_MINUTES,
    calendar: WorkCalendar | None = None,
) -> Steps:
    """Cut the entry into blocks of real elapsed time from its start; the last may be partial."""
    if block_minutes <= 0:
        raise ValueError(f"A block must last a positive number of minutes, not {block_minutes}.")
    start, end = _entry_span(start, end)
    return calendar_or_default(calendar).utc_steps(_block_length(block_minutes), start, end)


@lru_cache(maxsize=8)
def _block_length(minutes: int) -> timedelta:
    """A block's length as a time, made once: making a timedelta costs a tenth of pricing an entry."""
    return timedelta(minutes=minutes)


def clips_for(start: datetime, end: datetime, calendar: WorkCalendar | None = None) -> int:
    """Return the clips the entry costs: each started 15 minutes at its multiplier."""
    return sum(clip_blocks(start, end, calendar=calendar).multipliers)


def blocks_by_multiplier(blocks: Steps) -> dict[int, int]:
    """Count the blocks at each multiplier 1, 2 and 3."""
    multipliers = blocks.multipliers
    return {1: multipliers.count(1), 2: multipliers.count(2), 3: multipliers.count(3)}


def card_expiry(invoice_date: date) -> date:
    """Return the date a card expires: 18 calendar months after its invoice date."""
    return invoice_date + CARD_LIFETIME


def card_is_valid_for(invoice_date: date, work_start_date: date) -> bool:
    """Tell whether a card invoiced on one date can pay for work starting on another."""
    return invoice_date <= work_start_date < card_expiry(invoice_date)


def _entry_span(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Return the entry's start and end in UTC, refusing an end that is not after the start."""
    start_utc, end_utc = to_utc(start), to_utc(end)
    if end_utc <= start_utc:
        raise EndNotAfterStart(start_utc, end_utc)
    return start_utc, end_utc


def _shown(moment: datetime) -> str:
    """Show a moment in Copenhagen time for an error message."""
    return f"{moment.astimezone(COPENHAGEN):%Y-%m-%d %H:%M:%S %Z}"


def paid_blocks(blocks: Steps, available_clips: int) -> int:
    """How many leading blocks the clips pay for in full.

    A customer billed by the hour for what the cards do not cover never has a block paid partly by clips:
    the cards pay whole blocks from the entry's start, and the rest is billed per started hour.
    """
    paid = 0
    for multiplier in blocks.multipliers:
        if multiplier > available_clips:
            break
        available_clips -= multiplier
        paid += 1
    return paid
