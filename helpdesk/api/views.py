"""API endpoints: read the input, call one service, answer JSON."""

import functools

from flask import g, jsonify, url_for

from helpdesk.api import ApiError, blueprint, inputs, json_error, serialise
from helpdesk.api.openapi import DOCUMENT
from helpdesk.api.parsing import body_reference, invalid
from helpdesk.billing import documents
from helpdesk.billing import services as billing
from helpdesk.cases import services as cases
from helpdesk.clips import services as clips
from helpdesk.customers import services as customers
from helpdesk.database import local_today
from helpdesk.timelog import services as timelog
from helpdesk.web import download


CUSTOMER_ID = "<int:customer_id>"
CASE_ID = "<int:case_id>"
INVOICE_ID = "<int:invoice_id>"


def _requires(check, message: str):
    """Answer 403 unless the token's user passes the check."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not check(g.api_user):
                raise ApiError(403, "forbidden", message)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_only = _requires(lambda user: user.is_staff, "Kun medarbejdere kan gøre dette.")
managers_only = _requires(lambda user: user.can_manage(), "Kun ledere og administratorer kan gøre dette.")


def _created(body: dict, location: str):
    """Answer 201 with the new resource and where it lives."""
    return jsonify(body), 201, {"Location": location}


@blueprint.errorhandler(customers.InvalidCustomer)
def _invalid_customer(error: customers.InvalidCustomer):
    """Answer 422 naming each of the new customer's bad fields."""
    answer = invalid(error.fields)
    return json_error(answer.status, answer.code, answer.message, answer.fields)


@blueprint.get("/openapi.json")
def openapi():
    """Answer the OpenAPI document of this API."""
    return jsonify(DOCUMENT)


@blueprint.get("/customers")
def list_customers():
    """List the customers the token may see, a page at a time."""
    page, per_page = inputs.customer_listing()
    return jsonify(serialise.page(customers.list_customers(page, per_page), serialise.customer))


@blueprint.post("/customers")
@managers_only
def create_customer():
    """Create a customer (managers and admins)."""
    customer = customers.create_customer(g.api_user, **inputs.new_customer())
    return _created(serialise.customer(customer), url_for(".show_customer", customer_id=customer.id))


@blueprint.get(f"/customers/{CUSTOMER_ID}")
def show_customer(customer_id: int):
    """Show one customer."""
    return jsonify(serialise.customer(cases.get_customer(customer_id)))


@blueprint.patch(f"/customers/{CUSTOMER_ID}")
@managers_only
def update_customer(customer_id: int):
    """Change a customer's details and terms (managers and admins); invoices already issued keep theirs."""
    changes = inputs.customer_changes()
    customers.update_customer(g.api_user, customer_id, **changes)
    return jsonify(serialise.customer(cases.get_customer(customer_id)))


@blueprint.get("/cases")
def list_cases():
    """List the cases matching the filter, newest first, a page at a time."""
    filters, page, per_page = inputs.case_listing()
    return jsonify(serialise.page(cases.list_cases(filters, page, per_page), serialise.case))


@blueprint.post("/cases")
def create_case():
    """Open a case; a customer token opens it for its own customer, new and not covered."""
    user = g.api_user
    values, status = inputs.new_case(customer_required=not user.is_customer)
    with body_reference():
        customer = cases.get_customer(values.pop("customer_id") or user.customer_id)
    case = cases.create_case(user, customer_id=customer.id, status=status, **values)
    return _created(serialise.case(case), url_for(".show_case", case_id=case.id))


@blueprint.get(f"/cases/{CASE_ID}")
def show_case(case_id: int):
    """Show one case."""
    return jsonify(serialise.case(cases.get_case(case_id)))


@blueprint.get(f"/cases/{CASE_ID}/time-entries")
def list_time_entries(case_id: int):
    """List the case's time entries by start."""
    entries = timelog.case_entries(cases.get_case(case_id))
    return jsonify({"items": [serialise.entry(entry) for entry in entries]})


@blueprint.post(f"/cases/{CASE_ID}/time-entries")
@staff_only
def log_time(case_id: int):
    """Log time on a case, priced in clips and classified."""
    case = cases.get_case(case_id)
    entry = timelog.log_time(g.api_user, case, inputs.new_entry())
    return jsonify(serialise.entry(entry)), 201


@blueprint.post("/quote")
def quote():
    """Price work in clips without saving anything."""
    start, end = inputs.quote()
    return jsonify(serialise.quote(timelog.quote(start, end), start, end))


@blueprint.post(f"/customers/{CUSTOMER_ID}/clip-cards")
@managers_only
def sell_card(customer_id: int):
    """Sell a clip card; its invoice is issued at once."""
    cases.get_customer(customer_id)
    clip_count, price, invoice_date = inputs.new_card()
    card = clips.sell_card(g.api_user, customer_id, clip_count, price, invoice_date)
    return _created(serialise.card(card), url_for(".saldo", customer_id=customer_id))


@blueprint.get(f"/customers/{CUSTOMER_ID}/saldo")
def saldo(customer_id: int):
    """The customer's saldo now, or at the end of the day given by ?on=."""
    return jsonify(serialise.saldo(clips.saldo(customer_id, inputs.saldo_day())))


@blueprint.get(f"/customers/{CUSTOMER_ID}/clip-ledger")
def clip_ledger(customer_id: int):
    """The customer's clip ledger, newest first, a page at a time."""
    cases.get_customer(customer_id)
    page, per_page = inputs.ledger_listing()
    return jsonify(serialise.page(clips.ledger_rows(customer_id, page, per_page), serialise.ledger_row))


@blueprint.get("/invoices")
def list_invoices():
    """Invoices and credit notes, newest first (a customer token sees only its own)."""
    customer_id, status, page, per_page = inputs.invoice_listing()
    result = billing.list_invoices(customer_id=customer_id, status=status, page=page, per_page=per_page,
                                   details=True)
    return jsonify(serialise.page(result, serialise.invoice))


@blueprint.get(f"/invoices/{INVOICE_ID}")
def show_invoice(invoice_id: int):
    """One invoice with its lines, totals, status, due date and payments."""
    return jsonify(serialise.invoice(billing.get_invoice(invoice_id)))


@blueprint.get(f"/invoices/{INVOICE_ID}.pdf")
def invoice_pdf(invoice_id: int):
    """The invoice or credit note as a PDF."""
    return download(*documents.pdf_download(billing.get_invoice(invoice_id)), "application/pdf")


@blueprint.get(f"/invoices/{INVOICE_ID}.xml")
def invoice_xml(invoice_id: int):
    """The invoice or credit note as OIOUBL XML (422 when the customer has no valid EAN/GLN or CVR)."""
    return download(*documents.xml_download(billing.get_invoice(invoice_id)), "application/xml")


@blueprint.post(f"/invoices/{INVOICE_ID}/payments")
@managers_only
def register_payment(invoice_id: int):
    """Book a payment (managers); more than is owed is kept as the customer's credit."""
    billing.get_invoice(invoice_id)
    amount, paid_on = inputs.new_payment()
    billing.register_payment(g.api_user, invoice_id, amount, paid_on, local_today())
    return jsonify(serialise.invoice(billing.get_invoice(invoice_id))), 201


@blueprint.post(f"/invoices/{INVOICE_ID}/credit-notes")
@managers_only
def issue_credit_note(invoice_id: int):
    """Issue a credit note for the whole invoice or for chosen lines (managers)."""
    billing.get_invoice(invoice_id)
    reason, lines = inputs.new_credit_note()
    note = billing.issue_credit_note(g.api_user, invoice_id, reason, lines, local_today())
    return _created(serialise.invoice(note), url_for(".show_invoice", invoice_id=note.id))
