"""Log time: manual entries, the timer, edits and classification overrides."""

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from helpdesk.access import staff_required
from helpdesk.cases import services as cases
from helpdesk.cases.views import show as show_case
from helpdesk.errors import DomainError
from helpdesk.rules.worktime import to_local
from helpdesk.timelog import expenses, services
from helpdesk.timelog.forms import (
    ClassificationForm,
    ExpenseForm,
    TimeEntryForm,
    TimerStartForm,
    TimerStopForm,
    TravelEstimateForm,
)
from helpdesk.web import flash_form_errors, show_domain_error

blueprint = Blueprint("timelog", __name__)


def _entry_input(form) -> services.EntryInput:
    return services.EntryInput(
        start=form.start.data,
        end=form.end.data,
        description=form.description.data or "",
        out_of_hours_agreed_by=form.out_of_hours_agreed_by.data or "",
        confirm_long=form.confirm_long.data,
    )


def _saved_message(entry) -> str:
    clips = ngettext("%(num)s klip", "%(num)s klip", entry.clips)
    return gettext("Tiden er gemt: %(minutes)s min., %(clips)s (%(blocks_1x)s×1, %(blocks_2x)s×2, %(blocks_3x)s×3).",
                   minutes=entry.minutes, clips=clips, blocks_1x=entry.blocks_1x, blocks_2x=entry.blocks_2x,
                   blocks_3x=entry.blocks_3x)


def _at_entry(entry) -> str:
    """The case page at the entry, with every entry on it when the entry is older than those it shows."""
    every = {} if services.shown_on_case_page(entry) else {"entries": "all"}
    return url_for("cases.show", case_id=entry.case_id, _anchor=f"entry-{entry.id}", **every)


@blueprint.post("/cases/<int:case_id>/time")
@staff_required
def log(case_id: int):
    case = cases.get_case(case_id)
    form = TimeEntryForm()
    if form.validate_on_submit():
        try:
            entry = services.log_time(current_user, case, _entry_input(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_saved_message(entry), "success")
            return redirect(_at_entry(entry))
    return show_case(case.id, entry_form=form), 400


@blueprint.route("/time/<int:entry_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(entry_id: int):
    entry = services.get_entry(entry_id)
    form = TimeEntryForm(obj=None if request.method == "POST" else _form_values(entry))
    if form.validate_on_submit():
        try:
            services.update_entry(current_user, entry, _entry_input(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_saved_message(entry), "success")
            return redirect(_at_entry(entry))
    return render_template("timelog/edit.html", entry=entry, form=form), 400 if form.errors else 200


def _form_values(entry):
    return SimpleNamespace(
        start=to_local(entry.started_at).replace(tzinfo=None),
        end=to_local(entry.ended_at).replace(tzinfo=None),
        description=entry.description,
        out_of_hours_agreed_by=entry.out_of_hours_agreed_by,
        confirm_long=False,
    )


@blueprint.post("/time/<int:entry_id>/delete")
@staff_required
def delete(entry_id: int):
    entry = services.get_entry(entry_id)
    case_id = entry.case_id
    try:
        services.delete_entry(current_user, entry)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Tidsregistreringen er slettet."), "success")
    return redirect(url_for("cases.show", case_id=case_id))


@blueprint.post("/time/<int:entry_id>/classification")
@staff_required
def classify(entry_id: int):
    entry = services.get_entry(entry_id)
    form = ClassificationForm()
    if form.validate_on_submit():
        try:
            services.override_classification(current_user, entry, form.classification.data, form.reason.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(gettext("Klassifikationen er ændret."), "success")
    else:
        flash_form_errors(form)
    return redirect(_at_entry(entry))


@blueprint.post("/cases/<int:case_id>/timer")
@staff_required
def start_timer(case_id: int):
    case = cases.get_case(case_id)
    form = TimerStartForm()
    if form.validate_on_submit():
        try:
            services.start_timer(current_user, case, form.description.data or "")
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(gettext("Tidtagningen er startet."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("cases.show", case_id=case.id))


def _timer_case_page() -> str:
    """The page of the case the running timer is on (the case list when none runs)."""
    timer = services.running_timer(current_user)
    return url_for("cases.show", case_id=timer.case_id) if timer else url_for("cases.index")


@blueprint.post("/timer/stop")
@staff_required
def stop_timer():
    form = TimerStopForm()
    back = _timer_case_page()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(back)
    try:
        entry = services.stop_timer(current_user, form.description.data or "",
                                    form.out_of_hours_agreed_by.data or "", form.confirm_long.data)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(back)
    flash(_saved_message(entry), "success")
    return redirect(_at_entry(entry))


@blueprint.post("/timer/cancel")
@staff_required
def cancel_timer():
    back = _timer_case_page()
    try:
        services.cancel_timer(current_user)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Tidtagningen er kasseret."), "info")
    return redirect(back)


@blueprint.post("/cases/<int:case_id>/expenses")
@staff_required
def add_expense(case_id: int):
    case = cases.get_case(case_id)
    form = ExpenseForm()
    if form.validate_on_submit():
        try:
            expenses.add_expense(current_user, case, form.kind.data, form.spent_on.data, form.description.data,
                                 kilometres=form.kilometres.data, amount=form.amount.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Kørslen/udlægget er registreret og faktureres med månedens faktura."), "success")
            return redirect(url_for("cases.show", case_id=case.id, _anchor="expenses"))
    return show_case(case.id, expense_form=form), 400


@blueprint.post("/expenses/<int:expense_id>/delete")
@staff_required
def delete_expense(expense_id: int):
    try:
        expense = expenses.delete_expense(current_user, expense_id)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(request.referrer or url_for("cases.index"))
    flash(gettext("Kørslen/udlægget er slettet."), "success")
    return redirect(url_for("cases.show", case_id=expense.case_id, _anchor="expenses"))


@blueprint.post("/cases/<int:case_id>/travel-estimate")
@staff_required
def travel_estimate(case_id: int):
    case = cases.get_case(case_id)
    form = TravelEstimateForm()
    if form.validate_on_submit():
        try:
            expenses.set_travel_estimate(current_user, case, form.estimate_kilometres.data,
                                         form.estimate_outlays.data, form.estimate_note.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Overslaget over kørsel er gemt; kunden kan se det på sagen."), "success")
            return redirect(url_for("cases.show", case_id=case.id, _anchor="expenses"))
    return show_case(case.id, estimate_form=form), 400
