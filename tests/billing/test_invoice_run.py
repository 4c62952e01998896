"""The month's invoice run (SPEC §2, §5), with figures worked out by hand.

Hourly: per started hour from the work's start, at the hourly rate × the multiplier of each hour's start.
Mileage: per started km at the state's rate of the trip's day, the first 20,000 km of a year high, the rest low.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.accounts.models import User
from helpdesk.billing import delivery, run
from helpdesk.billing.models import Invoice, LineKind
from helpdesk.clips import services as clips
from helpdesk.errors import Conflict, Forbidden
from helpdesk.extensions import db
from helpdesk.jobs.registry import get_job
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog import expenses
from helpdesk.timelog import services as timelog
from helpdesk.timelog.models import Expense
from tests.api.helpers import row_counts

OCTOBER = date(2026, 10, 1)
RUN_DAY = date(2026, 11, 1)


@pytest.fixture
def manager(make):
    make.mileage_rates()
    return make.user("manager")


def lines_of(invoice):
    return [(line.kind, line.quantity, line.unit_price, line.net, line.vat) for line in invoice.lines]


def october_work(make, customer):
    """Hourly work, a trip and a bridge toll in October, and work in November that October must not take."""
    technician = make.technician()
    case = make.case(customer, subject="Serverflytning")
    make.entry(case, "2026-10-06 09:00", "2026-10-06 10:10")                            # 2 h at 1×
    make.entry(case, "2026-10-09 13:30", "2026-10-09 15:00", out_of_hours_agreed_by="Kim")  # 1 h 1×, 1 h 2×
    make.entry(case, "2026-10-10 10:00", "2026-10-10 10:30", out_of_hours_agreed_by="Kim")  # 1 h at 3×
    make.entry(case, "2026-11-03 09:00", "2026-11-03 09:30")
    expenses.add_expense(technician, case, "mileage", date(2026, 10, 6), "Aarhus–Odense", kilometres="43,2",
                         today=RUN_DAY)
    expenses.add_expense(technician, case, "outlay", date(2026, 10, 6), "Storebæltsbroen", amount="270,00",
                         today=RUN_DAY)
    return case


def test_the_month_of_a_customer_without_a_card(make, manager):
    customer = make.customer(name="Timekunde ApS")
    october_work(make, customer)
    result = run.run_month(manager, OCTOBER, RUN_DAY)
    [invoice] = result.issued
    assert lines_of(invoice) == [
        (LineKind.HOURLY, 3, Decimal("950.00"), Decimal("2850.00"), Decimal("712.50")),
        (LineKind.HOURLY, 1, Decimal("1900.00"), Decimal("1900.00"), Decimal("475.00")),
        (LineKind.HOURLY, 1, Decimal("2850.00"), Decimal("2850.00"), Decimal("712.50")),
        (LineKind.MILEAGE, 44, Decimal("3.94"), Decimal("173.36"), Decimal("43.34")),
        (LineKind.OUTLAY, 1, Decimal("270.00"), Decimal("270.00"), Decimal("0.00")),
    ]
    assert (invoice.total_net, invoice.total_vat, invoice.total_gross) == (
        Decimal("8043.36"), Decimal("1943.34"), Decimal("9986.70"))
    assert (invoice.issue_date, invoice.due_date, invoice.billing_month) == (RUN_DAY, date(2026, 11, 9), OCTOBER)
    assert invoice.lines[3].description == "Kørsel 06.10.2026, sag 1: Aarhus–Odense (44 km i alt)"


def test_the_preview_shows_what_the_run_issues_and_changes_nothing(make, manager):
    customer = make.customer()
    october_work(make, customer)
    before = row_counts()
    drafts, done = run.plan_month(OCTOBER)
    assert row_counts() == before and done == {}
    [draft] = drafts
    assert draft.totals == (Decimal("8043.36"), Decimal("1943.34"), Decimal("9986.70"))
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    assert [(line.description, line.quantity, line.unit_price) for line in draft.lines] == [
        (line.description, line.quantity, line.unit_price) for line in invoice.lines]


def test_running_the_month_twice_issues_nothing_twice(make, manager):
    customer = make.customer(name="Timekunde ApS")
    october_work(make, customer)
    run.run_month(manager, OCTOBER, RUN_DAY)
    again = run.run_month(manager, OCTOBER, RUN_DAY)
    assert again.issued == [] and again.blocked == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 1
    drafts, done = run.plan_month(OCTOBER)
    assert drafts == [] and list(done) == [customer.id]


def test_invoiced_work_is_locked_and_the_next_month_takes_the_rest(make, manager):
    customer = make.customer()
    case = october_work(make, customer)
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    entries = timelog.case_entries(case)
    october, november = entries[:3], entries[3]
    assert all(entry.locked and entry.invoice_id == invoice.id for entry in october)
    assert not november.locked
    with pytest.raises(Conflict, match="faktureret"):
        timelog.delete_entry(make.technician(), october[0])
    trip = db.session.scalars(sa.select(Expense).where(Expense.kind == "mileage")).one()
    with pytest.raises(Conflict, match="faktureret"):
        expenses.delete_expense(make.technician(), trip.id)
    [december_run] = run.run_month(manager, date(2026, 11, 1), date(2026, 12, 1)).issued
    assert lines_of(december_run) == [(LineKind.HOURLY, 1, Decimal("950.00"), Decimal("950.00"), Decimal("237.50"))]


def test_clip_card_work_is_not_invoiced_but_the_hourly_rest_is(make, manager):
    covered = make.customer(name="Klippekunde ApS")
    clips.sell_card(manager, covered.id, 40, "16.000,00", date(2026, 9, 1))
    make.entry(make.case(covered), "2026-10-06 09:00", "2026-10-06 10:10")
    hourly = make.customer(name="Timepolitik ApS", overdraft_policy="hourly", hourly_rate=Decimal("1100.00"))
    clips.sell_card(manager, hourly.id, 2, "800,00", date(2026, 9, 1))
    # Friday 13:45–14:15: the card pays the 13:45 block (1 clip); 14:00 is billed as one started hour at 2×.
    make.entry(make.case(hourly), "2026-10-16 13:45", "2026-10-16 14:15", out_of_hours_agreed_by="Kim")
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    assert invoice.customer_id == hourly.id
    assert lines_of(invoice) == [(LineKind.HOURLY, 1, Decimal("2200.00"), Decimal("2200.00"), Decimal("550.00"))]


def test_free_and_covered_work_is_never_invoiced(make, manager):
    customer = make.customer()
    make.entry(make.case(customer, category="price_inquiry"), "2026-10-06 09:00", "2026-10-06 10:00")
    make.entry(make.case(customer, covered=True), "2026-10-06 11:00", "2026-10-06 12:00")
    assert run.run_month(manager, OCTOBER, RUN_DAY).issued == []


def test_mileage_over_20000_km_in_a_year_is_at_the_lower_rate(make, manager):
    customer = make.customer()
    case = make.case(customer)
    # 4,989.1 km started is 4,990: the February trip's tier counts the invoiced kilometres as started ones
    for day, km in [(5, "5000"), (12, "5000"), (19, "5000"), (26, "4989,1")]:
        expenses.add_expense(make.technician(), case, "mileage", date(2026, 1, day), "Tur", kilometres=km,
                             today=RUN_DAY)
    [january] = run.run_month(manager, date(2026, 1, 1), date(2026, 2, 1)).issued
    assert january.total_net == Decimal("78760.60")                          # 19,990 km × 3.94
    expenses.add_expense(make.technician(), case, "mileage", date(2026, 2, 3), "Tur", kilometres="24,1",
                         today=RUN_DAY)
    [february] = run.run_month(manager, date(2026, 2, 1), date(2026, 3, 1)).issued
    assert lines_of(february) == [
        (LineKind.MILEAGE, 10, Decimal("3.94"), Decimal("39.40"), Decimal("9.85")),
        (LineKind.MILEAGE, 15, Decimal("2.28"), Decimal("34.20"), Decimal("8.55")),
    ]


def test_a_rate_added_mid_year_is_used_from_its_day(make, manager):
    run.save_mileage_rate(manager, date(2026, 10, 15), "4,10", "2,40")
    customer = make.customer()
    case = make.case(customer)
    for day in (14, 15):
        expenses.add_expense(make.technician(), case, "mileage", date(2026, 10, day), "Tur", kilometres="10",
                             today=RUN_DAY)
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    assert [line.unit_price for line in invoice.lines] == [Decimal("3.94"), Decimal("4.10")]


def test_a_trip_without_a_rate_holds_back_only_that_customer(make, manager):
    stuck = make.customer(name="Gammel Tur ApS")
    expenses.add_expense(make.technician(), make.case(stuck), "mileage", date(2022, 12, 30), "Tur", kilometres="5",
                         today=RUN_DAY)
    fine = make.customer(name="Frisk ApS")
    make.entry(make.case(fine), "2026-10-06 09:00", "2026-10-06 09:30")
    result = run.run_month(manager, OCTOBER, RUN_DAY)
    assert [invoice.customer_id for invoice in result.issued] == [fine.id]
    [blocked] = result.blocked
    assert blocked.customer.id == stuck.id
    assert blocked.problems == ["Der er ingen kilometertakst for 30.12.2022; tilføj den under Kilometertakster."]
    assert db.session.scalars(sa.select(Expense)).one().invoice_id is None


def test_post_customers_pay_postage_and_wait_for_printing(make, manager):
    customer = make.customer(delivery_channel="post")
    make.entry(make.case(customer), "2026-10-06 09:00", "2026-10-06 09:30")
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    assert lines_of(invoice)[-1] == (LineKind.POSTAGE_FEE, 1, Decimal("95.00"), Decimal("95.00"), Decimal("0.00"))
    assert invoice.total_gross == Decimal("1282.50")                        # 950 + 237.50 VAT + 95
    assert delivery.awaiting_dispatch() == [invoice]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    delivery.mark_dispatched(manager, invoice.id)
    assert delivery.awaiting_dispatch() == []
    with pytest.raises(Conflict):
        delivery.mark_dispatched(manager, invoice.id)


def test_email_customers_get_the_invoice_queued_with_its_pdf(make, manager):
    customer = make.customer(email="bogholderi@kunde.dk")
    make.entry(make.case(customer), "2026-10-06 09:00", "2026-10-06 09:30")
    [invoice] = run.run_month(manager, OCTOBER, RUN_DAY).issued
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    assert (message.recipient, message.subject, message.attachment) == (
        "bogholderi@kunde.dk", f"Faktura {invoice.number} fra hostkon.IT", f"invoice:{invoice.id}")
    assert "Beløb inkl. moms: 1.187,50 kr." in message.body
    assert invoice.dispatched_at is not None


def test_only_managers_run_the_month(make, manager):
    with pytest.raises(Forbidden):
        run.run_month(make.technician(), OCTOBER, RUN_DAY)


def test_the_scheduled_job_invoices_the_previous_month_on_the_run_day(make, manager):
    customer = make.customer()
    make.entry(make.case(customer), "2026-10-06 09:00", "2026-10-06 09:30")
    job = get_job("invoice_month")
    assert job.run(date(2026, 11, 2)) == {"skipped": "not the run day"}
    assert job.run(RUN_DAY) == {"issued": 1, "blocked": 0, "already_invoiced": 0}
    assert job.run(RUN_DAY) == {"issued": 0, "blocked": 0, "already_invoiced": 0}
    assert db.session.scalars(sa.select(Invoice)).one().billing_month == OCTOBER


def test_two_runs_of_the_same_month_at_once_issue_one_invoice(app, make, manager, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent runs are PostgreSQL's case; SQLite has one writer at a time")
    customer = make.customer()
    make.entry(make.case(customer), "2026-10-06 09:00", "2026-10-06 09:30")
    manager_id, barrier, outcomes = manager.id, threading.Barrier(4), []

    def run_it() -> None:
        with app.app_context():
            try:
                actor = db.session.get(User, manager_id)
                db.session.commit()
                barrier.wait(timeout=30)
                outcomes.append(len(run.run_month(actor, OCTOBER, RUN_DAY).issued))
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [0, 0, 0, 1]
    assert db.session.scalars(sa.select(Invoice.number)).all() == [1]
