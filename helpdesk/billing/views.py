"""The managers' invoice pages: find invoices, read one, book a payment, issue a credit note, get documents."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.billing import documents, services
from helpdesk.billing import receivables as debts
from helpdesk.billing.dunning import get_reminder
from helpdesk.billing.forms import CreditNoteForm, InvoiceFilterForm, PaymentForm, ReceivablesFilterForm
from helpdesk.cases.forms import customer_choices, options
from helpdesk.database import Page, local_today, whole_number
from helpdesk.errors import DomainError
from helpdesk.i18n import in_danish
from helpdesk.web import download, page_number, show_domain_error

blueprint = Blueprint("billing", __name__, url_prefix="/invoices")
PER_PAGE = 50


@blueprint.get("/")
@manager_required
def index():
    form = InvoiceFilterForm(request.args)
    form.customer.choices = customer_choices(gettext("Alle"))
    form.validate()
    page = services.list_invoices(
        customer_id=whole_number(form.customer.data),
        status=form.status.data if form.status.data and not form.status.errors else None,
        first_day=form.start.data, last_day=form.end.data, page=page_number(),
    )
    return render_template("billing/index.html", form=form, page=page, outstanding=services.outstanding,
                           today=local_today())


def _credit_form(invoice, form=None) -> CreditNoteForm:
    form = form or CreditNoteForm()
    form.position.choices = options([("", gettext("Hele fakturaen"))] + [
        (line.position, gettext("Linje %(position)s: %(description)s", position=line.position,
                                description=line.description))
        for line in invoice.lines])
    return form


@blueprint.get("/<int:invoice_id>")
@manager_required
def show(invoice_id: int, payment_form=None, credit_form=None):
    invoice = services.get_invoice(invoice_id)
    return render_template("billing/show.html", invoice=invoice, today=local_today(),
                           outstanding=services.outstanding(invoice), paid=services.paid(invoice),
                           payment_form=payment_form or PaymentForm(),
                           credit_form=_credit_form(invoice, credit_form))


@blueprint.post("/<int:invoice_id>/payments")
@manager_required
def pay(invoice_id: int):
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            services.register_payment(current_user, invoice_id, form.amount.data, form.paid_on.data, local_today())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Betalingen er bogført."), "success")
            return redirect(url_for("billing.show", invoice_id=invoice_id))
    return show(invoice_id, payment_form=form), 400


@blueprint.get("/<int:invoice_id>.pdf")
@manager_required
def pdf(invoice_id: int):
    return download(*documents.pdf_download(services.get_invoice(invoice_id)), "application/pdf")


@blueprint.get("/<int:invoice_id>/print.pdf")
@manager_required
def print_pdf(invoice_id: int):
    """The PDF to post to the customer: in the customers' language, Danish, whichever language the manager reads."""
    invoice = services.get_invoice(invoice_id)
    return download(*in_danish(documents.pdf_download, invoice), "application/pdf")


@blueprint.get("/<int:invoice_id>.xml")
@manager_required
def xml(invoice_id: int):
    return _oioubl(documents.xml_download, services.get_invoice(invoice_id), invoice_id)


@blueprint.get("/reminders/<int:reminder_id>.pdf")
@manager_required
def reminder_pdf(reminder_id: int):
    return download(*documents.reminder_pdf_download(get_reminder(reminder_id)), "application/pdf")


@blueprint.get("/reminders/<int:reminder_id>.xml")
@manager_required
def reminder_xml(reminder_id: int):
    reminder = get_reminder(reminder_id)
    return _oioubl(documents.reminder_xml_download, reminder, reminder.invoice_id)


def _oioubl(make_download, document, invoice_id: int):
    """Send the document's OIOUBL XML, or go back to the invoice and say why it cannot be made."""
    try:
        content, filename = make_download(document)
    except DomainError as error:
        flash(gettext("OIOUBL kan ikke laves: %(reason)s", reason=error.message), "error")
        return redirect(url_for("billing.show", invoice_id=invoice_id))
    return download(content, filename, "application/xml")


@blueprint.post("/<int:invoice_id>/dispute")
@manager_required
def dispute(invoice_id: int):
    invoice = services.set_disputed(current_user, invoice_id, request.form.get("disputed") == "1")
    if invoice.disputed:
        flash(gettext("Fakturaen er markeret som bestridt."), "success")
    else:
        flash(gettext("Fakturaen er ikke længere bestridt."), "success")
    return redirect(url_for("billing.show", invoice_id=invoice_id))


@blueprint.post("/<int:invoice_id>/credit-notes")
@manager_required
def credit(invoice_id: int):
    invoice = services.get_invoice(invoice_id)
    form = _credit_form(invoice)
    if form.validate_on_submit():
        credits = None
        if form.position.data:
            credits = [services.CreditInput(int(form.position.data), form.amount.data or None)]
        try:
            note = services.issue_credit_note(current_user, invoice_id, form.reason.data, credits, local_today())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Kreditnota %(number)s er udstedt.", number=note.number), "success")
            return redirect(url_for("billing.show", invoice_id=note.id))
    return show(invoice_id, credit_form=form), 400


@blueprint.context_processor
def _late_payments():
    """Let invoice pages tell when a customer has paid late often enough for tighter terms (H §3.2)."""
    return {"late_payments": debts.late_payments}


@blueprint.get("/receivables")
@manager_required
def receivables():
    """The sums owed by age and by dunning stage, and the unpaid invoices of the group chosen, 50 a page."""
    today = local_today()
    form = ReceivablesFilterForm(request.args)
    form.validate()
    owed = debts.receivables(today)
    rows = owed.rows_of(age=form.group_named(form.age), stage=form.group_named(form.stage))
    page = render_template("billing/receivables.html", receivables=owed, today=today, form=form,
                           page=Page.of(rows, page_number(), PER_PAGE),
                           age_totals=debts.age_totals(rows), age_labels=debts.AGE_LABELS,
                           stage_labels=debts.STAGE_LABELS)
    return page, 400 if form.errors else 200


@blueprint.get("/late-payers")
@manager_required
def late_payers():
    """The customers who have paid late at least twice, most often first, 50 a page."""
    return render_template("billing/late_payers.html",
                           page=Page.of(debts.late_payers(), page_number(), PER_PAGE))
