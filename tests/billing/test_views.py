"""The managers' invoice pages."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from helpdesk.billing import services as billing
from helpdesk.billing.models import Invoice, LineKind, Payment
from helpdesk.billing.services import LineInput
from helpdesk.extensions import db


def make_invoice(make, **customer_values):
    customer = make.customer(**customer_values)
    invoice = billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 2, Decimal("500.00"))],
                                    date(2026, 11, 2))
    db.session.commit()
    return invoice


def test_manager_books_a_payment_and_credits_part_of_a_line(client, auth, make):
    invoice = make_invoice(make, name="Nordlys ApS")
    auth.login(make.user("manager"))
    page = client.get("/invoices/").get_data(as_text=True)
    assert "Nordlys ApS" in page and "1.250,00 kr." in page
    paid = client.post(f"/invoices/{invoice.id}/payments", data={"amount": "250,00", "paid_on": "2026-11-05"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Betalingen er bogført." in paid and "Udestående: <strong>1.000,00 kr.</strong>" in paid
    credited = client.post(f"/invoices/{invoice.id}/credit-notes",
                           data={"position": "1", "amount": "100", "reason": "Rabat"}, follow_redirects=True)
    page = credited.get_data(as_text=True)
    assert "Kreditnota 2 er udstedt." in page and "125,00 kr." in page


def test_bad_payment_is_named_on_the_form(client, auth, make):
    invoice = make_invoice(make)
    auth.login(make.user("manager"))
    response = client.post(f"/invoices/{invoice.id}/payments", data={"amount": "-5", "paid_on": "2026-11-05"})
    assert response.status_code == 400 and "Beløbet skal være større end 0." in response.get_data(as_text=True)


def test_invoices_are_for_managers_only(client, auth, make):
    invoice = make_invoice(make)
    auth.login(make.user("technician"))
    assert client.get("/invoices/").status_code == 403
    assert client.get(f"/invoices/{invoice.id}").status_code == 403


def test_manager_marks_an_invoice_disputed_and_sees_its_reminders(client, auth, make):
    from helpdesk.billing.dunning import run_dunning

    invoice = make_invoice(make)
    run_dunning(date(2026, 11, 13))
    auth.login(make.user("manager"))
    page = client.post(f"/invoices/{invoice.id}/dispute", data={"disputed": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Fakturaen er markeret som bestridt." in page
    assert "Rykker 1 13.11.2026: gebyr 100,00 kr., kompensation 310,00 kr." in page


def test_a_customer_downloads_only_its_own_invoice_pdfs(client, auth, make):
    own = make_invoice(make)
    other = make_invoice(make)
    auth.login(make.user("customer", customer=own.customer))
    response = client.get(f"/hub/invoices/{own.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/hub/invoices/{other.id}.pdf").status_code == 404


def test_a_payment_the_books_cannot_hold_is_named_on_the_form(client, auth, make):
    """20 digits of kroner are more øre than a 64-bit integer holds: this was a 500."""
    invoice = make_invoice(make)
    auth.login(make.user("manager"))
    response = client.post(f"/invoices/{invoice.id}/payments",
                           data={"amount": "99999999999999999999", "paid_on": "2026-11-05"})
    assert response.status_code == 400 and "Ugyldigt beløb: »99999999999999999999« er for stort." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


def test_a_credit_of_a_line_that_is_no_number_is_named_on_the_form(client, auth, make):
    """Found by the form fuzz: int(" ") was a 500."""
    invoice = make_invoice(make)
    auth.login(make.user("manager"))
    response = client.post(f"/invoices/{invoice.id}/credit-notes", data={"position": " ", "reason": "Rabat"})
    assert response.status_code == 400 and "Vælg en linje på fakturaen." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 1


def test_a_customer_filter_that_is_no_number_is_ignored(client, auth, make):
    """"²".isdigit() is true, but int("²") fails: this was a 500."""
    auth.login(make.user("manager"))
    assert client.get("/invoices/?customer=²").status_code == 200
