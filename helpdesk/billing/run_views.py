"""The month's invoice run with its preview, the mileage rates, and the letters and e-invoices to dispatch."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.billing import delivery, run
from helpdesk.billing.forms import MileageRateForm, MonthForm
from helpdesk.billing.models import Invoice
from helpdesk.database import local_today
from helpdesk.errors import DomainError
from helpdesk.formatting import danish_date, month_year
from helpdesk.web import show_domain_error

blueprint = Blueprint("invoicing", __name__, url_prefix="/invoices")


def _chosen_month(form: MonthForm) -> date:
    if form.month.data and not form.month.errors:
        return date.fromisoformat(f"{form.month.data}-01")
    return run.previous_month(local_today())


@blueprint.get("/run")
@manager_required
def preview():
    form = MonthForm(request.args)
    form.validate()
    month = _chosen_month(form)
    drafts, done = run.plan_month(month)
    form.month.data = f"{month:%Y-%m}"
    return render_template("billing/run.html", form=form, month=month, drafts=drafts, done=done,
                           blocked=[draft for draft in drafts if draft.problems], totals=run.ready_totals(drafts))


@blueprint.get("/run/<int:customer_id>")
@manager_required
def draft(customer_id: int):
    """One customer's draft with its lines: the preview lists only each draft's sums."""
    form = MonthForm(request.args)
    form.validate()
    month = _chosen_month(form)
    planned = run.plan_customer(month, customer_id)
    if isinstance(planned, Invoice):
        return redirect(url_for("billing.show", invoice_id=planned.id))
    return render_template("billing/run_draft.html", month=month, month_value=f"{month:%Y-%m}", draft=planned)


@blueprint.post("/run")
@manager_required
def issue():
    form = MonthForm(request.form)
    if not form.validate() or not form.month.data:
        flash(gettext("Vælg måneden som ÅÅÅÅ-MM."), "error")
        return redirect(url_for("invoicing.preview"))
    month = _chosen_month(form)
    result = run.run_month(current_user, month, local_today())
    message = gettext("%(count)s fakturaer udstedt for %(month)s", count=len(result.issued),
                      month=month_year(month, get_locale()))
    if result.blocked:
        message += gettext("; %(count)s kunder mangler noget og er ikke faktureret", count=len(result.blocked))
    if result.already_invoiced:
        message += gettext("; allerede faktureret: %(customers)s", customers=", ".join(result.already_invoiced))
    flash(message + ".", "success" if not result.blocked else "error")
    return redirect(url_for("invoicing.preview", month=f"{month:%Y-%m}"))


@blueprint.route("/mileage-rates", methods=["GET", "POST"])
@manager_required
def mileage_rates():
    form = MileageRateForm()
    if form.validate_on_submit():
        try:
            rate = run.save_mileage_rate(current_user, form.valid_from.data, form.up_to_tier.data,
                                         form.above_tier.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Kilometertaksten fra %(day)s er gemt.", day=danish_date(rate.valid_from, get_locale())),
                  "success")
            return redirect(url_for("invoicing.mileage_rates"))
    status = 400 if form.errors else 200
    return render_template("billing/mileage_rates.html", form=form, rates=run.stored_mileage_rates()), status


@blueprint.get("/dispatch")
@manager_required
def dispatch():
    return render_template("billing/dispatch.html", invoices=delivery.awaiting_dispatch())


@blueprint.post("/<int:invoice_id>/dispatched")
@manager_required
def dispatched(invoice_id: int):
    try:
        invoice = delivery.mark_dispatched(current_user, invoice_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Faktura %(number)s er markeret som afsendt.", number=invoice.number), "success")
    return redirect(url_for("invoicing.dispatch"))
