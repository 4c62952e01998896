"""Payments, credit notes and statuses, with figures worked out by hand (SPEC §5)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.billing import services as billing
from helpdesk.billing.models import CustomerCredit, Invoice, InvoiceStatus, LineKind
from helpdesk.billing.services import CreditInput, LineInput
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db

TODAY = date(2026, 11, 21)


@pytest.fixture
def manager(make):
    return make.user("manager")


@pytest.fixture
def invoice(make):
    """1,000.00 kr consultancy (25 % VAT: 250.00) and a 100.00 kr outlay (no VAT): 1,350.00 kr, due 2026-11-29."""
    customer = make.customer(payment_terms_days=8)
    issued = billing.issue_invoice(customer, [
        LineInput(LineKind.HOURLY, "Konsulentbistand, 2 timer", 2, Decimal("500.00")),
        LineInput(LineKind.OUTLAY, "Færgebillet", 1, Decimal("100.00")),
    ], TODAY)
    db.session.commit()
    return issued


def money(value: str) -> Decimal:
    return Decimal(value)


def test_vat_is_per_line_and_only_where_due(invoice):
    assert [(line.net, line.vat_percent, line.vat) for line in invoice.lines] == [
        (money("1000.00"), 25, money("250.00")), (money("100.00"), 0, money("0.00"))]
    assert (invoice.total_net, invoice.total_vat, invoice.total_gross) == (
        money("1100.00"), money("250.00"), money("1350.00"))
    assert invoice.due_date == date(2026, 11, 29)


def test_a_partial_payment_then_the_rest(manager, invoice):
    billing.register_payment(manager, invoice.id, "350,00", TODAY, TODAY)
    assert (invoice.status, billing.outstanding(invoice)) == (InvoiceStatus.PARTLY_PAID, money("1000.00"))
    billing.register_payment(manager, invoice.id, "1000", date(2026, 11, 25), date(2026, 11, 25))
    assert (invoice.status, billing.outstanding(invoice)) == (InvoiceStatus.PAID, money("0.00"))


def test_an_overpayment_is_kept_as_the_customers_credit(manager, invoice):
    payment = billing.register_payment(manager, invoice.id, "1400.00", TODAY, TODAY)
    assert (payment.received, payment.applied) == (money("1400.00"), money("1350.00"))
    credit = db.session.scalars(sa.select(CustomerCredit)).one()
    assert (credit.amount, credit.customer_id) == (money("50.00"), invoice.customer_id)
    assert invoice.status == InvoiceStatus.PAID


@pytest.mark.parametrize("amount", ["0", "-10", "ti kroner", "1,001"])
def test_bad_payment_amounts_are_refused_and_nothing_booked(manager, invoice, amount):
    with pytest.raises(DomainError) as refused:
        billing.register_payment(manager, invoice.id, amount, TODAY, TODAY)
    assert refused.value.field == "amount"
    assert invoice.payments == []


def test_a_payment_dated_in_the_future_is_refused(manager, invoice):
    with pytest.raises(DomainError) as refused:
        billing.register_payment(manager, invoice.id, "100", date(2026, 11, 22), TODAY)
    assert refused.value.field == "paid_on"


def test_technicians_cannot_book_payments(make, invoice):
    with pytest.raises(Forbidden):
        billing.register_payment(make.user("technician"), invoice.id, "100", TODAY, TODAY)


def test_a_full_credit_note_mirrors_the_invoice(manager, invoice):
    note = billing.issue_credit_note(manager, invoice.id, "Fejlagtig fakturering", None, TODAY)
    assert note.is_credit_note and note.number == invoice.number + 1
    assert (note.total_net, note.total_vat, note.total_gross) == (money("1100.00"), money("250.00"), money("1350.00"))
    assert invoice.status == InvoiceStatus.CREDITED and billing.outstanding(invoice) == money("0.00")


def test_a_partial_credit_note_of_part_of_a_line(manager, invoice):
    note = billing.issue_credit_note(manager, invoice.id, "En time for meget", [CreditInput(1, money("500.00"))], TODAY)
    assert (note.total_net, note.total_vat, note.total_gross) == (money("500.00"), money("125.00"), money("625.00"))
    assert billing.outstanding(invoice) == money("725.00")
    with pytest.raises(DomainError) as refused:
        billing.issue_credit_note(manager, invoice.id, "Igen", [CreditInput(1, money("500.01"))], TODAY)
    assert refused.value.message == "Linje 1 kan højst krediteres med 500,00 kr. ekskl. moms."


def test_a_credit_note_larger_than_the_invoice_is_refused(manager, invoice):
    billing.issue_credit_note(manager, invoice.id, "Alt", None, TODAY)
    count = db.session.scalar(sa.select(sa.func.count(Invoice.id)))
    with pytest.raises(DomainError):
        billing.issue_credit_note(manager, invoice.id, "Alt igen", None, TODAY)
    assert db.session.scalar(sa.select(sa.func.count(Invoice.id))) == count


def test_crediting_a_paid_invoice_gives_the_customer_a_credit(manager, invoice):
    billing.register_payment(manager, invoice.id, "1350", TODAY, TODAY)
    billing.issue_credit_note(manager, invoice.id, "Færgen blev ikke brugt", [CreditInput(2)], TODAY)
    credit = db.session.scalars(sa.select(CustomerCredit)).one()
    assert credit.amount == money("100.00")


def test_the_invoice_keeps_what_its_payments_and_credit_notes_sum_to(manager, invoice):
    """350,00 paid; line 1 credited 500,00 + 25 % VAT = 625,00; then 500,00 received, of which the 375,00 still
    owed is applied and 125,00 becomes a credit: 725,00 paid, 625,00 credited, nothing owed."""
    billing.register_payment(manager, invoice.id, "350", TODAY, TODAY)
    billing.issue_credit_note(manager, invoice.id, "En time for meget", [CreditInput(1, money("500.00"))], TODAY)
    billing.register_payment(manager, invoice.id, "500", TODAY, TODAY)
    db.session.expire_all()
    kept = db.session.execute(sa.select(Invoice.amount_paid, Invoice.amount_credited)
                              .where(Invoice.id == invoice.id)).one()
    assert tuple(kept) == (money("725.00"), money("625.00"))
    assert sum(payment.applied for payment in invoice.payments) == kept.amount_paid
    assert sum(note.total_gross for note in invoice.credit_notes) == kept.amount_credited
    assert (billing.outstanding(invoice), invoice.status) == (money("0.00"), InvoiceStatus.PAID)
    assert db.session.scalars(sa.select(CustomerCredit.amount)).all() == [money("125.00")]


def test_unpaid_invoices_turn_overdue_after_the_due_date(manager, invoice):
    assert billing.mark_overdue(date(2026, 11, 29)) == {"overdue": 0}
    assert billing.mark_overdue(date(2026, 11, 30)) == {"overdue": 1}
    assert invoice.status == InvoiceStatus.OVERDUE


def test_invoice_numbers_have_no_gaps_or_duplicates_under_concurrency(app, make, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("20 concurrent writers are PostgreSQL's case; SQLite has one writer at a time")
    customer_id = make.customer().id
    barrier = threading.Barrier(20)
    errors = []

    def issue(index: int) -> None:
        with app.app_context():
            try:
                from helpdesk.customers.models import Customer

                customer = db.session.get(Customer, customer_id)
                db.session.commit()
                barrier.wait(timeout=30)
                billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Time", 1, Decimal("100.00"))], TODAY)
                if index % 5 == 0:
                    db.session.rollback()   # an abandoned invoice gives its number back
                else:
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(db.session.scalars(sa.select(Invoice.number)))
    assert numbers == list(range(1, 17))
