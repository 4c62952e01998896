"""The managers' reports (SPEC §9): key figures, each report as charts and a table, and as CSV and Excel."""

from collections.abc import Sequence

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext

from helpdesk.access import manager_required
from helpdesk.database import Page, local_today
from helpdesk.errors import DomainError
from helpdesk.reports import catalogue, dashboard, exports
from helpdesk.reports.charts import render
from helpdesk.reports.forms import ReportFilterForm
from helpdesk.web import download, page_number

blueprint = Blueprint("reports", __name__, url_prefix="/reports")


@blueprint.get("/")
@manager_required
def index():
    form = ReportFilterForm(request.args)
    form.validate()
    figures = dashboard.key_figures(local_today(), form.customer_id)
    return render_template("reports/dashboard.html", form=form, figures=figures,
                           charts=[(chart.title, render(chart)) for chart in dashboard.charts(figures)],
                           reports=catalogue.REPORTS.values())


def _kind(name: str) -> catalogue.ReportKind:
    kind = catalogue.REPORTS.get(name)
    if kind is None:
        abort(404)
    return kind


def _report(kind: catalogue.ReportKind) -> tuple[ReportFilterForm, catalogue.Report | None]:
    """The report as the query string filters it, or None with the reason on the form."""
    form = ReportFilterForm(request.args)
    form.validate()
    today = local_today()
    try:
        filters = kind.filters(form.start.data, form.end.data, form.customer_id, today)
    except DomainError as error:
        field = form.start if error.field == "from" else form.end
        field.errors = list(field.errors) + [error.message]
        return form, None
    form.start.data, form.end.data = filters.first, filters.last
    return form, catalogue.run(kind, filters, today)


@blueprint.get("/<name>")
@manager_required
def show(name: str):
    kind = _kind(name)
    form, report = _report(kind)
    if kind.period == catalogue.AS_OF:
        form.end.label.text = gettext("Pr. dato")
    charts = [(chart.title, render(chart)) for chart in report.charts if chart.categories] if report else []
    return render_template("reports/report.html", kind=kind, form=form, report=report, charts=charts,
                           page=_page_of(report.rows if report else []),
                           as_of=kind.period == catalogue.AS_OF), 200 if report else 422


ROWS_PER_PAGE = 100


def _page_of(rows: Sequence) -> Page:
    """The table's rows a page at a time (a year of every customer's months is thousands); the totals, charts
    and exports still cover them all."""
    page = page_number()
    return Page(rows[(page - 1) * ROWS_PER_PAGE:page * ROWS_PER_PAGE], page, ROWS_PER_PAGE, len(rows))


@blueprint.get("/<name>/export.<any(csv, xlsx):file_type>")
@manager_required
def export(name: str, file_type: str):
    _, report = _report(_kind(name))
    if report is None:
        return redirect(url_for(".show", name=name, **request.args))
    if file_type == "csv":
        return download(exports.to_csv(report), exports.filename(report, "csv"), exports.CSV_TYPE)
    return download(exports.to_xlsx(report), exports.filename(report, "xlsx"), exports.XLSX_TYPE)
