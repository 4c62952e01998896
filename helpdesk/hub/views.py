"""kundeHUB: a customer user's saldo, cards, consumption, cases and invoices."""

import csv
import io

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from helpdesk.access import customer_required
from helpdesk.agreements import services as agreements
from helpdesk.billing import documents, receivables
from helpdesk.billing import services as billing
from helpdesk.billing.dunning import get_reminder
from helpdesk.cases import services as cases
from helpdesk.cases.models import Channel
from helpdesk.clips import services as clips
from helpdesk.clips.forms import PeriodForm
from helpdesk.customers import export
from helpdesk.database import local_today
from helpdesk.errors import DomainError
from helpdesk.formatting import N_, local_date, local_time
from helpdesk.hub.forms import HubCaseForm, HubCommentForm
from helpdesk.timelog import expenses
from helpdesk.web import download, page_number, show_domain_error, uploads

blueprint = Blueprint("hub", __name__, url_prefix="/hub")


@blueprint.get("/")
@customer_required
def index():
    customer = current_user.customer
    today = local_today()
    saldo = clips.customer_saldo(customer)
    return render_template(
        "hub/index.html",
        customer=customer,
        saldo=saldo,
        expiring=saldo.expiring(today),
        latest_cases=cases.latest_hub_cases(),
        arrears=receivables.arrears(customer.id, today),
        today=today,
    )


def _period() -> PeriodForm:
    """The period filter from the query string; a malformed date is shown on the form and ignored."""
    form = PeriodForm(request.args)
    form.validate()
    return form


@blueprint.get("/consumption")
@customer_required
def consumption():
    form = _period()
    work = clips.consumption_page(current_user.customer_id, form.start.data, form.end.data, page_number())
    return render_template("hub/consumption.html", form=form, work=work)


CSV_HEADINGS = [N_("Dato"), N_("Start"), N_("Slut"), N_("Sag"), N_("Emne"), N_("Tekniker"), N_("Minutter"),
                N_("Blokke 1x"), N_("Blokke 2x"), N_("Blokke 3x"), N_("Klip")]


@blueprint.get("/consumption.csv")
@customer_required
def consumption_csv():
    form = _period()
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow([gettext(heading) for heading in CSV_HEADINGS])
    locale = get_locale()
    for entry in clips.consumption(current_user.customer_id, form.start.data, form.end.data):
        writer.writerow([
            local_date(entry.started_at, locale), local_time(entry.started_at, locale),
            local_time(entry.ended_at, locale),
            entry.case_number, entry.case_subject, entry.technician_name or "",
            entry.minutes, entry.blocks_1x, entry.blocks_2x, entry.blocks_3x, entry.clips,
        ])
    return download(("\ufeff" + output.getvalue()).encode(), gettext("klipforbrug.csv"), "text/csv")


@blueprint.get("/invoices")
@customer_required
def invoices():
    return render_template("hub/invoices.html", invoices=billing.customer_invoices(current_user.customer_id),
                           today=local_today())


@blueprint.get("/invoices/<int:invoice_id>.pdf")
@customer_required
def invoice_pdf(invoice_id: int):
    return download(*documents.pdf_download(billing.get_invoice(invoice_id)), "application/pdf")


@blueprint.get("/invoices/reminders/<int:reminder_id>.pdf")
@customer_required
def reminder_pdf(reminder_id: int):
    return download(*documents.reminder_pdf_download(get_reminder(reminder_id)), "application/pdf")


@blueprint.get("/agreements")
@customer_required
def agreements_page():
    today = local_today()
    return render_template("hub/agreements.html", agreements=agreements.customer_agreements(current_user.customer_id),
                           today=today, deadline=agreements.next_notice_deadline)


@blueprint.get("/cases/")
@customer_required
def case_list():
    return render_template("hub/cases.html", page=cases.hub_cases(page_number()))


@blueprint.route("/cases/new", methods=["GET", "POST"])
@customer_required
def new_case():
    form = HubCaseForm()
    if form.validate_on_submit():
        try:
            case = cases.create_case(current_user, customer_id=current_user.customer_id, subject=form.subject.data,
                                     description=form.description.data, category=form.category.data,
                                     channel=Channel.PORTAL, priority=form.priority.data, files=uploads(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Tak. Din sag har nummer %(number)s.", number=case.number), "success")
            return redirect(url_for("hub.show_case", case_id=case.id))
    return render_template("hub/new_case.html", form=form), 400 if form.errors else 200


@blueprint.route("/cases/<int:case_id>", methods=["GET", "POST"])
@customer_required
def show_case(case_id: int):
    case = cases.get_case(case_id)
    form = HubCommentForm()
    if form.validate_on_submit():
        try:
            cases.add_comment(current_user, case, form.body.data, files=uploads(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Dit svar er sendt."), "success")
            return redirect(url_for("hub.show_case", case_id=case.id))
    estimate_price = expenses.travel_estimate_price(case, local_today())
    page = render_template("hub/case.html", case=case, form=form, estimate_price=estimate_price)
    return page, 400 if form.errors else 200


# Outages and maintenance (SPEC §7): the front page includes hub/_operations.html, which asks for them here.

@blueprint.context_processor
def operations():
    """Hand kundeHUB's templates the maintenance of the customer's systems and its outages per agreement."""
    from helpdesk.agreements import outages
    from helpdesk.database import utcnow

    return {"hub_operations": lambda: outages.customer_operations(current_user.customer_id, utcnow())}


@blueprint.get("/export.zip")
@customer_required
def export_zip():
    customer_id = current_user.customer_id
    return download(export.export_for(current_user, customer_id), export.export_name(customer_id), "application/zip")


from helpdesk.hub import company  # noqa: E402,F401  (the company pages register on this blueprint)


# Delivery acceptance and complaints (SPEC §4, H §6.2, §12.1): the case page shows them through hub/_delivery.html.
# Like the technician's case actions they go back to the case page with a message: that page is rendered in one place.
from helpdesk.cases import deliveries  # noqa: E402
from helpdesk.cases.delivery_forms import ComplaintForm, DeliveryAnswerForm  # noqa: E402
from helpdesk.cases.models import DeliveryAnswer  # noqa: E402
from helpdesk.database import utcnow  # noqa: E402
from helpdesk.web import flash_form_errors  # noqa: E402


@blueprint.post("/cases/<int:case_id>/delivery-answer")
@customer_required
def answer_delivery(case_id: int):
    case = cases.get_case(case_id)
    form = DeliveryAnswerForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("hub.show_case", case_id=case.id))
    accept = form.answer.data == DeliveryAnswer.ACCEPTED
    try:
        deliveries.answer_delivery(current_user, case, accept, form.reason.data, utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        if accept:
            flash(gettext("Tak. Leverancen er godkendt."), "success")
        else:
            flash(gettext("Leverancen er afvist. Vi vender tilbage."), "success")
    return redirect(url_for("hub.show_case", case_id=case.id))


@blueprint.post("/cases/<int:case_id>/complaint")
@customer_required
def file_complaint(case_id: int):
    case = cases.get_case(case_id)
    form = ComplaintForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("hub.show_case", case_id=case.id))
    try:
        complaint = deliveries.file_complaint(current_user, case, form.subject.data, form.description.data,
                                              local_today(), files=uploads(form))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("hub.show_case", case_id=case.id))
    flash(gettext("Tak. Din klage har sagsnummer %(number)s.", number=complaint.number), "success")
    return redirect(url_for("hub.show_case", case_id=complaint.id))
