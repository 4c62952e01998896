"""How long an ended customer's data is kept (SPEC §7; C "Ejendomsret til data", H §13.6).

The data is kept 3 calendar months after the last agreement ended; a day the target month lacks becomes its
last day, so an agreement that ended 2025-11-30 has its customer's data deleted on 2026-02-28.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

RETENTION = relativedelta(months=3)
WARNING_AHEAD = timedelta(days=14)


def deletion_due(last_agreement_end: date, postponed_until: date | None = None) -> date:
    """Return the day the data is deleted: 3 months after the last agreement ended, or a later postponement."""
    due = last_agreement_end + RETENTION
    return max(due, postponed_until) if postponed_until is not None else due


def warning_due(deletion_day: date) -> date:
    """Return the day managers are warned of a deletion: 14 days before it."""
    return deletion_day - WARNING_AHEAD
