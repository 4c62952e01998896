"""The managers' key figures: this month so far against last month, and what needs attention now."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext

from helpdesk.reports import queries
from helpdesk.reports.catalogue import hours
from helpdesk.reports.charts import BarChart, Series
from helpdesk.reports.periods import Filters, Month
from helpdesk.timelog.models import Classification

SOON_DAYS = 60


@dataclass(frozen=True)
class Comparison:
    """A figure now (or this month so far) and at the end of last month (or for all of it)."""

    current: object
    previous: object


@dataclass(frozen=True)
class Saldi:
    customers: int
    clips: int


@dataclass(frozen=True)
class KeyFigures:
    today: date
    month: Month
    previous_month: Month
    customer_id: int | None
    clips_consumed: Comparison
    billable_hours: Comparison
    revenue: Comparison
    receivables_overdue: Comparison
    negative_saldi: Comparison
    expiring_cards: int
    expiring_clips: int
    agreements_near_deadline: int
    deliveries_awaiting: int


def _per_month(rows, value, months: list[Month], zero=0) -> Comparison:
    """Sum a value over last month's rows and over this month's."""
    previous, current = (sum((value(row) for row in rows if row.month == month), zero) for month in months)
    return Comparison(current, previous)


def _overdue(day: date, customer_id: int | None) -> Decimal:
    groups = queries.receivable_groups(Filters(day, day, customer_id))
    return sum((group.outstanding for group in groups if group.age != "not_due"), Decimal("0.00"))


def _negative(day: date, customer_id: int | None) -> Saldi:
    return Saldi(*queries.negative_totals(Filters(day, day, customer_id)))


def key_figures(today: date, customer_id: int | None = None) -> KeyFigures:
    """The dashboard's figures as of today, for every customer or one."""
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    both = Filters(first, today, customer_id)
    months = both.months()
    end_of_last = months[0].ends_on
    billable = [row for row in queries.time_months(both) if row.classification == Classification.BILLABLE]
    minutes = _per_month(billable, lambda row: row.minutes, months)
    soon = Filters(today, today + timedelta(days=SOON_DAYS), customer_id)
    cards, clips = queries.expiring_totals(soon)
    consumed_before, consumed_now = queries.consumed_by_month(both)
    return KeyFigures(
        today=today, month=months[1], previous_month=months[0], customer_id=customer_id,
        clips_consumed=Comparison(consumed_now, consumed_before),
        billable_hours=Comparison(hours(minutes.current), hours(minutes.previous)),
        revenue=_per_month(queries.revenue_months(both), lambda row: row.net, months, Decimal("0.00")),
        receivables_overdue=Comparison(_overdue(today, customer_id), _overdue(end_of_last, customer_id)),
        negative_saldi=Comparison(_negative(today, customer_id), _negative(end_of_last, customer_id)),
        expiring_cards=cards, expiring_clips=clips,
        agreements_near_deadline=len(queries.notice_deadlines(soon, today)),
        deliveries_awaiting=queries.deliveries_awaiting_acceptance(customer_id),
    )


def charts(figures: KeyFigures) -> list[BarChart]:
    """Last month against this month so far, one small chart per figure that flows."""
    categories = (figures.previous_month.label,
                  gettext("%(month)s (til %(day)s.)", month=figures.month.label, day=figures.today.day))

    def chart(key: str, title: str, unit: str, comparison: Comparison, decimals: int = 0) -> BarChart:
        return BarChart(f"dashboard-{key}", title,
                        gettext("%(title)s: sidste måned og denne måned indtil i dag.", title=title), unit,
                        gettext("Måned"), categories, (Series(title, (comparison.previous, comparison.current)),),
                        decimals=decimals, width=380)

    return [
        chart("clips", gettext("Klip forbrugt"), gettext("Klip"), figures.clips_consumed),
        chart("hours", gettext("Fakturerbare timer"), gettext("Timer"), figures.billable_hours, decimals=1),
        chart("revenue", gettext("Omsætning ekskl. moms"), gettext("kr."), figures.revenue),
    ]
