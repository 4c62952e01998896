"""API endpoints for the managers' reports (SPEC §9): the figures of the report pages, as JSON.

Each report has its own path, /reports/<name>, so each has its own schema; an unknown name is a 404.
"""

from flask import jsonify

from helpdesk.api import blueprint
from helpdesk.api.parsing import Fields
from helpdesk.api.views import managers_only
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.reports import catalogue, dashboard
from helpdesk.reports.catalogue import DAY, HOURS, MONEY, MONTH, Column
from helpdesk.database import local_today

AS_OF_ONLY = "Rapporten gælder pr. dato; angiv kun to."


def value(column: Column, raw):
    """A cell as JSON: amounts and hours as exact decimal strings, dates in ISO 8601, labels as their codes."""
    if raw is None:
        return None
    if column.kind in (HOURS, MONEY):
        return f"{raw:.2f}"
    if column.kind in (DAY, MONTH):
        return raw.isoformat()
    return raw


def report(result: catalogue.Report) -> dict:
    columns = {column.key: column for column in result.columns}
    return {
        "report": result.kind.name,
        "title": result.kind.title,
        "from": result.filters.first.isoformat(),
        "to": result.filters.last.isoformat(),
        "customer_id": result.filters.customer_id,
        "rows": [{key: value(columns[key], row[key]) for key in columns} for row in result.rows],
        "totals": {key: value(columns[key], total) for key, total in result.totals.items()},
    }


def _decimals(comparison: dashboard.Comparison) -> dict:
    return {"current": f"{comparison.current:.2f}", "previous": f"{comparison.previous:.2f}"}


def _saldi(saldi: dashboard.Saldi) -> dict:
    return {"customers": saldi.customers, "clips": saldi.clips}


def key_figures(figures: dashboard.KeyFigures) -> dict:
    return {
        "today": figures.today.isoformat(),
        "month": figures.month.first_day.isoformat(),
        "previous_month": figures.previous_month.first_day.isoformat(),
        "customer_id": figures.customer_id,
        "clips_consumed": {"current": figures.clips_consumed.current, "previous": figures.clips_consumed.previous},
        "billable_hours": _decimals(figures.billable_hours),
        "revenue": _decimals(figures.revenue),
        "receivables_overdue": _decimals(figures.receivables_overdue),
        "negative_saldi": {"current": _saldi(figures.negative_saldi.current),
                           "previous": _saldi(figures.negative_saldi.previous)},
        "expiring_cards": {"cards": figures.expiring_cards, "clips": figures.expiring_clips},
        "agreements_near_notice_deadline": figures.agreements_near_deadline,
        "deliveries_awaiting_acceptance": figures.deliveries_awaiting,
    }


def _customer_id(query: Fields) -> int | None:
    customer_id = query.integer("customer_id", minimum=1)
    if customer_id is not None and db.session.get(Customer, customer_id) is None:
        query.errors["customer_id"] = "Kunden findes ikke."
    return customer_id


@blueprint.get("/reports/dashboard")
@managers_only
def report_dashboard():
    """The key figures: this month so far against last month, and what needs attention now."""
    with Fields.query() as query:
        customer_id = _customer_id(query)
    return jsonify(key_figures(dashboard.key_figures(local_today(), customer_id)))


@managers_only
def show_report(name: str):
    """One report, filtered by period (from, to) and customer; a bad date is a 422 naming its field."""
    kind = catalogue.REPORTS[name]
    with Fields.query() as query:
        first, last = query.day("from"), query.day("to")
        customer_id = _customer_id(query)
        if kind.period == catalogue.AS_OF and first is not None:
            query.errors["from"] = AS_OF_ONLY
    today = local_today()
    return jsonify(report(catalogue.run(kind, kind.filters(first, last, customer_id, today), today)))


for _kind in catalogue.REPORTS.values():
    blueprint.add_url_rule(f"/reports/{_kind.name}", endpoint=f"report_{_kind.name.replace('-', '_')}",
                           view_func=show_report, methods=["GET"], defaults={"name": _kind.name})
