"""The invoice API: list, read, pay and credit, each answer checked against the OpenAPI document."""

from datetime import date, timedelta

from helpdesk.billing import services as billing
from helpdesk.clips import services as clips
from helpdesk.database import local_today, statements_sent
from tests.api.helpers import conforms, error_of


def sold_card_invoice(make, customer=None, invoice_date=date(2026, 11, 2)):
    customer = customer or make.customer()
    card = clips.sell_card(make.user("manager"), customer.id, 40, "1.000,00", invoice_date)
    return customer, card.invoice_id


def test_read_pay_and_credit_an_invoice(api, make):
    manager = make.user("manager")
    customer, invoice_id = sold_card_invoice(make, invoice_date=local_today())
    invoice = api("GET", f"/invoices/{invoice_id}", manager).get_json()
    conforms(invoice, "Invoice")
    assert (invoice["total_net"], invoice["total_vat"], invoice["total"], invoice["due_date"]) == (
        "1000.00", "250.00", "1250.00", (local_today() + timedelta(days=8)).isoformat())
    paid = api("POST", f"/invoices/{invoice_id}/payments", manager, json={"amount": "250.00"})
    assert paid.status_code == 201
    assert (paid.get_json()["outstanding"], paid.get_json()["status"]) == ("1000.00", "partly_paid")
    note = api("POST", f"/invoices/{invoice_id}/credit-notes", manager,
               json={"reason": "Rabat", "lines": [{"position": 1, "amount": "200.00"}]})
    assert note.status_code == 201
    conforms(note.get_json(), "Invoice")
    assert (note.get_json()["kind"], note.get_json()["total"]) == ("credit_note", "250.00")
    listed = api("GET", f"/invoices?customer_id={customer.id}", manager).get_json()
    conforms(listed, "InvoicePage")
    assert [item["kind"] for item in listed["items"]] == ["credit_note", "invoice"]


def test_the_invoice_list_asks_the_database_as_often_for_many_invoices_as_for_one(api, make):
    """Each listed invoice shows its lines, payments, credit notes and reminders: read for the page, not per invoice."""
    manager = make.user("manager")
    customer, _ = sold_card_invoice(make)
    with statements_sent() as one:
        assert len(api("GET", "/invoices", manager).get_json()["items"]) == 1
    for _ in range(3):
        _, invoice_id = sold_card_invoice(make, customer)
        billing.register_payment(manager, invoice_id, "100.00", date(2026, 11, 3), today=date(2026, 11, 3))
    with statements_sent() as four:
        listed = api("GET", "/invoices", manager).get_json()["items"]
    assert [len(invoice["payments"]) for invoice in listed] == [1, 1, 1, 0]
    assert len(four) == len(one)


def test_bad_payments_and_credit_notes_are_refused(api, make):
    manager = make.user("manager")
    _, invoice_id = sold_card_invoice(make)
    for body in ({"amount": "0"}, {"amount": "-1"}, {"amount": 12.5}, {"amount": "1", "paid_on": "i morgen"},
                 {"amount": "99999999999999999999"}, {"amount": "1", "paid_on": "0001-01-01"}):  # the first a 500
        error_of(api("POST", f"/invoices/{invoice_id}/payments", manager, json=body), 422)
    error = error_of(api("POST", f"/invoices/{invoice_id}/credit-notes", manager,
                         json={"reason": "For meget", "lines": [{"position": 1, "amount": "1000.01"}]}), 422)
    assert "lines" in error["fields"]
    error_of(api("POST", f"/invoices/{invoice_id}/credit-notes", manager, json={"lines": [{"position": 1}]}), 422)
    assert api("GET", f"/invoices/{invoice_id}", manager).get_json()["payments"] == []


def test_customers_see_only_their_own_invoices_and_cannot_pay_them_here(api, make):
    customer, invoice_id = sold_card_invoice(make)
    _, other_invoice = sold_card_invoice(make)
    user = make.user("customer", customer=customer)
    assert [i["id"] for i in api("GET", "/invoices", user).get_json()["items"]] == [invoice_id]
    error_of(api("GET", f"/invoices/{other_invoice}", user), 404)
    error_of(api("POST", f"/invoices/{invoice_id}/payments", user, json={"amount": "1"}), 403)


def test_invoice_documents_download_as_pdf_and_oioubl(api, make):
    manager = make.user("manager")
    _, plain = sold_card_invoice(make)
    pdf = api("GET", f"/invoices/{plain}.pdf", manager)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=faktura-1.pdf"
    error = error_of(api("GET", f"/invoices/{plain}.xml", manager), 422)
    assert "gln" in error["fields"]
    _, e_invoice = sold_card_invoice(make, make.customer(cvr="12972997", gln="5790000000012",
                                                         delivery_channel="oioubl", address="Havnegade 12\n8000 Aarhus C"))
    xml = api("GET", f"/invoices/{e_invoice}.xml", manager)
    assert xml.status_code == 200 and b"OIOUBL-2.02" in xml.data
