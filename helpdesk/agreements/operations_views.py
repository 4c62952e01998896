"""The managers' operations pages: an agreement's outages with the refund calculator, and maintenance windows."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.agreements import maintenance, outages
from helpdesk.agreements.operations_forms import MaintenanceForm, OutageForm, RefundForm
from helpdesk.agreements.services import get_agreement
from helpdesk.cases.forms import customer_choices, options
from helpdesk.database import local_today, utcnow
from helpdesk.errors import DomainError
from helpdesk.formatting import danish_date
from helpdesk.web import show_domain_error

blueprint = Blueprint("operations", __name__, url_prefix="/operations")


def _refund_form(agreement) -> tuple[RefundForm, int | None]:
    """The period chooser from the query string, and the period chosen (None: the service picks one)."""
    form = RefundForm(request.args)
    locale = get_locale()
    form.period_id.choices = options([("", gettext("Perioden med nedbrud"))] + [
        (period.id, f"{danish_date(period.starts_on, locale)}–{danish_date(period.ends_on, locale)}")
        for period in agreement.periods])
    chosen = form.validate() and form.period_id.data
    return form, int(chosen) if chosen else None


def _outage_input(form: OutageForm) -> outages.OutageInput:
    return outages.OutageInput(form.starts_on.data, form.ends_on.data, form.description.data)


def _days(outage) -> dict[str, str]:
    """An outage's first and last day as its messages write them, in the reader's language."""
    locale = get_locale()
    return {"first": danish_date(outage.starts_on, locale), "last": danish_date(outage.ends_on, locale)}


@blueprint.route("/agreements/<int:agreement_id>/outages", methods=["GET", "POST"])
@manager_required
def agreement_outages(agreement_id: int):
    agreement = get_agreement(agreement_id)
    today = local_today()
    form = OutageForm()
    if form.validate_on_submit():
        try:
            outage = outages.record_outage(current_user, agreement.id, _outage_input(form), today)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Nedbruddet %(first)s–%(last)s er registreret.", **_days(outage)), "success")
            return redirect(url_for("operations.agreement_outages", agreement_id=agreement.id))
    refund_form, period_id = _refund_form(agreement)
    return render_template("operations/outages.html", agreement=agreement, summary=outages.summary(agreement),
                           form=form, refund_form=refund_form,
                           refund=outages.refund(agreement, period_id, today)), 400 if form.errors else 200


@blueprint.route("/outages/<int:outage_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_outage(outage_id: int):
    outage = outages.get_outage(outage_id)
    form = OutageForm(obj=outage)
    if form.validate_on_submit():
        try:
            outages.correct_outage(current_user, outage.id, _outage_input(form), local_today())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Nedbruddet er rettet til %(first)s–%(last)s.", **_days(outage)), "success")
            return redirect(url_for("operations.agreement_outages", agreement_id=outage.agreement_id))
    return render_template("operations/outage_edit.html", outage=outage, form=form), 400 if form.errors else 200


@blueprint.post("/outages/<int:outage_id>/delete")
@manager_required
def delete_outage(outage_id: int):
    outage = outages.delete_outage(current_user, outage_id)
    flash(gettext("Nedbruddet %(first)s–%(last)s er slettet.", **_days(outage)), "success")
    return redirect(url_for("operations.agreement_outages", agreement_id=outage.agreement_id))


@blueprint.route("/maintenance", methods=["GET", "POST"])
@manager_required
def maintenance_windows():
    form = MaintenanceForm()
    form.customer_id.choices = customer_choices(gettext("Alle kunder"))
    customer_names = {int(choice.value): choice.label for choice in form.customer_id.choices if choice.value}
    if form.validate_on_submit():
        data = maintenance.WindowInput(
            starts_at=form.starts_at.data, ends_at=form.ends_at.data, systems=form.systems.data or "",
            description=form.description.data, urgent=form.urgent.data, urgent_reason=form.urgent_reason.data,
            customer_id=int(form.customer_id.data) if form.customer_id.data else None)
        try:
            maintenance.plan_window(current_user, data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Vedligeholdet er planlagt."), "success")
            return redirect(url_for("operations.maintenance_windows"))
    now = utcnow()
    return render_template("operations/maintenance.html", form=form, customer_names=customer_names,
                           upcoming=maintenance.upcoming(now), recent=maintenance.recent(now)), \
        400 if form.errors else 200


@blueprint.post("/maintenance/<int:window_id>/delete")
@manager_required
def delete_window(window_id: int):
    try:
        maintenance.delete_window(current_user, window_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Vedligeholdsvinduet er slettet."), "success")
    return redirect(url_for("operations.maintenance_windows"))
