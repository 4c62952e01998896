"""The dunning run, replayed day by day with the figures of SPEC §6 worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.billing import services as billing
from helpdesk.billing.dunning import run_dunning
from helpdesk.billing.models import InvoiceStatus, LineKind, Reminder
from helpdesk.billing.pdf import late_payment_terms
from helpdesk.billing.services import LineInput
from helpdesk.database import next_numbers
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage


def overdue_invoice(make, **customer_values):
    """1,000.00 kr net + 25 % VAT = 1,250.00 kr, issued 2025-03-01, due 2025-03-09."""
    customer = make.customer(payment_terms_days=8, **customer_values)
    invoice = billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                                    date(2025, 3, 1))
    db.session.commit()
    assert (invoice.total_gross, invoice.due_date) == (Decimal("1250.00"), date(2025, 3, 9))
    return invoice


def replay(first: date, last: date) -> None:
    day = first
    while day <= last:
        run_dunning(day)
        day += timedelta(days=1)


def charges(invoice) -> list[tuple]:
    return [(r.number, r.sent_on, str(r.fee), str(r.compensation), str(r.interest),
             str(r.charges_invoice.total_gross) if r.charges_invoice else None)
            for r in db.session.scalars(sa.select(Reminder).where(Reminder.invoice_id == invoice.id)
                                        .order_by(Reminder.number))]


def test_hostkon_three_reminders_then_collection(make):
    invoice = overdue_invoice(make, terms_profile="hostkon")
    replay(date(2025, 3, 9), date(2025, 4, 10))
    assert charges(invoice) == [
        (1, date(2025, 3, 12), "100.00", "310.00", "25.00", "435.00"),
        (2, date(2025, 3, 22), "100.00", "0.00", "0.00", "100.00"),
        (3, date(2025, 4, 1), "100.00", "0.00", "0.00", "100.00"),
    ]
    assert invoice.status == InvoiceStatus.OVERDUE
    run_dunning(date(2025, 4, 11))
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.IN_COLLECTION
    subjects = db.session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.kind == "reminder")
                                  .order_by(OutboxMessage.id)).all()
    assert subjects == [f"Rykker {n} for faktura {invoice.number}" for n in (1, 2, 3)]


def test_compusoft_charges_6_percent_and_has_no_collection_step(make):
    invoice = overdue_invoice(make, terms_profile="compusoft")
    replay(date(2025, 3, 9), date(2025, 4, 30))
    assert [(n, fee, comp, interest) for n, _, fee, comp, interest, _ in charges(invoice)] == [
        (1, "100.00", "310.00", "75.00"), (2, "100.00", "0.00", "0.00"), (3, "100.00", "0.00", "0.00")]
    db.session.refresh(invoice)
    assert invoice.status == InvoiceStatus.OVERDUE


def test_a_disputed_invoice_pays_no_fee_for_the_2nd_and_3rd_reminder(make):
    invoice = overdue_invoice(make)
    billing.set_disputed(make.user("manager"), invoice.id, True)
    replay(date(2025, 3, 9), date(2025, 4, 2))
    assert [(n, fee) for n, _, fee, *_ in charges(invoice)] == [(1, "100.00"), (2, "0.00"), (3, "0.00")]


def test_a_private_customer_pays_interest_but_no_fee_or_compensation(make):
    invoice = overdue_invoice(make, is_business=False)
    replay(date(2025, 3, 9), date(2025, 3, 12))
    assert charges(invoice) == [(1, date(2025, 3, 12), "0.00", "0.00", "25.00", "25.00")]


def test_an_invoice_is_dunned_under_the_terms_it_was_issued_with_not_the_customers_new_ones(make):
    """Sold at hostkon's 2 % to a business; the customer is moved to compusoft (6 %) and marked private after."""
    invoice = overdue_invoice(make, terms_profile="hostkon")
    invoice.customer.terms_profile, invoice.customer.is_business = "compusoft", False
    db.session.commit()
    replay(date(2025, 3, 9), date(2025, 4, 11))
    assert charges(invoice) == [
        (1, date(2025, 3, 12), "100.00", "310.00", "25.00", "435.00"),
        (2, date(2025, 3, 22), "100.00", "0.00", "0.00", "100.00"),
        (3, date(2025, 4, 1), "100.00", "0.00", "0.00", "100.00"),
    ]
    assert invoice.status == InvoiceStatus.IN_COLLECTION          # hostkon's step; compusoft has none
    assert "renter på 2 % pr. påbegyndt måned samt rykkergebyr" in late_payment_terms(invoice)
    later = billing.issue_invoice(invoice.customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1,
                                                               Decimal("100.00"))], date(2025, 4, 11))
    assert (later.terms_profile.value, later.buyer_is_business) == ("compusoft", False)
    assert late_payment_terms(later) == "Ved for sen betaling beregnes renter på 6 % pr. påbegyndt måned."


def test_a_payment_stops_dunning(make):
    invoice = overdue_invoice(make)
    replay(date(2025, 3, 9), date(2025, 3, 12))
    billing.register_payment(make.user("manager"), invoice.id, "1250", date(2025, 3, 13), date(2025, 3, 13))
    replay(date(2025, 3, 13), date(2025, 4, 30))
    assert [n for n, *_ in charges(invoice)] == [1]
    assert invoice.status == InvoiceStatus.PAID


def test_running_twice_on_one_day_changes_nothing(make):
    invoice = overdue_invoice(make)
    first = run_dunning(date(2025, 3, 12))
    second = run_dunning(date(2025, 3, 12))
    assert (first["reminders"], second["reminders"]) == (1, 0)
    assert len(charges(invoice)) == 1


@pytest.mark.parametrize("later_day", [date(2025, 4, 10), date(2025, 4, 11)])
def test_interest_of_a_started_second_month_is_booked_with_a_late_reminder(make, later_day):
    invoice = overdue_invoice(make)
    run_dunning(date(2025, 3, 12))
    run_dunning(later_day)   # reminder 2, sent late: month 2 began 2025-04-10
    assert [(n, interest) for n, _, _, _, interest, _ in charges(invoice)] == [(1, "25.00"), (2, "25.00")]


def test_a_runs_charges_invoices_continue_the_invoice_numbers_in_the_order_of_the_invoices_dunned(make):
    first, disputed, third = (overdue_invoice(make, terms_profile="hostkon") for _ in range(3))
    assert [invoice.number for invoice in (first, disputed, third)] == [1, 2, 3]
    run_dunning(date(2025, 3, 12))                       # reminder 1 for each: charges invoices 4, 5 and 6
    billing.set_disputed(make.user("manager"), disputed.id, True)
    run_dunning(date(2025, 3, 22))                       # reminder 2: 100.00 fee, but none for the disputed one
    second_reminders = [db.session.scalars(sa.select(Reminder).where(Reminder.invoice_id == invoice.id,
                                                                     Reminder.number == 2)).one()
                        for invoice in (first, disputed, third)]
    assert [(r.charges_invoice.number, r.charges_invoice.charges_for_invoice_id) if r.charges_invoice else None
            for r in second_reminders] == [(7, first.id), None, (8, third.id)]
    later = billing.issue_invoice(first.customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1,
                                                             Decimal("100.00"))], date(2025, 3, 23))
    assert later.number == 9


def test_a_counter_gives_no_negative_count_of_numbers(make):
    with pytest.raises(ValueError):
        next_numbers("invoice", -1)
    assert next_numbers("invoice", 0) == range(0) and list(next_numbers("invoice", 2)) == [1, 2]
