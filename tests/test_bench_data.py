"""`flask bench-data` on a small data set: as many rows as asked, and the app's own rules and services agree with it."""

from collections import Counter as Tally
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from stdnum import ean
from stdnum.dk import cvr

from helpdesk.accounts.models import Role, User
from helpdesk.agreements import services as agreements
from helpdesk.agreements.models import Agreement
from helpdesk.bench_data import HOURLY_SHARE, MONTH_INVOICED
from helpdesk.billing import run as month_run
from helpdesk.billing import services as billing
from helpdesk.billing.models import Invoice, InvoiceStatus, LineKind
from helpdesk.billing.run import month_start, plan_month, previous_month
from helpdesk.cases import services as cases
from helpdesk.cases.models import Case
from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipCard, ClipLedgerEntry, LedgerKind
from helpdesk.customers.models import Customer, DeliveryChannel
from helpdesk.database import Counter, utcnow
from helpdesk.extensions import db
from helpdesk.reports import rollups
from helpdesk.database import local_today
from helpdesk.rules import mileage
from helpdesk.rules.clips import card_expiry
from helpdesk.rules.worktime import COPENHAGEN, SATURDAY, to_local
from helpdesk.timelog import services as timelog
from helpdesk.timelog.models import Classification, Expense, ExpenseKind, TimeEntry
from tests.clips.test_ledger import assert_consistent

# Small, yet large enough that every kind of row shows up, whatever the day the test runs.
CUSTOMERS, CASES, ENTRIES = 20, 200, 2000
TINY = ["bench-data", "--customers", str(CUSTOMERS), "--cases", str(CASES), "--entries", str(ENTRIES), "--seed", "1"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def hourly_customer_ids() -> set[int]:
    """The customers that never bought a clip card."""
    no_card = ~sa.exists().where(ClipCard.customer_id == Customer.id)
    return set(db.session.scalars(sa.select(Customer.id).where(no_card)))


def month_of(entry: TimeEntry) -> date:
    return month_start(to_local(entry.started_at).date())


def lines_of(lines) -> list[tuple]:
    return [(line.kind, line.description, line.quantity, line.unit_price) for line in lines]


def kilometres_invoiced_before(number: int) -> dict[tuple[int, int], int]:
    """The run's count of the kilometres invoiced, by (customer, year), as it was when invoice ``number`` was
    drafted: on the invoices before it."""
    trips = db.session.execute(sa.select(Expense.customer_id, Expense.spent_on, Expense.metres)
                               .join(Invoice, Expense.invoice_id == Invoice.id)
                               .where(Expense.kind == ExpenseKind.MILEAGE, Invoice.number < number))
    kilometres: dict[tuple[int, int], int] = {}
    for customer_id, spent_on, metres in trips:
        key = (customer_id, spent_on.year)
        kilometres[key] = kilometres.get(key, 0) + mileage.started_kilometres(metres)
    return kilometres


@pytest.fixture
def today():
    return local_today()


@pytest.fixture
def generated(app) -> str:
    result = app.test_cli_runner().invoke(args=TINY)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def manager(generated):
    return db.session.scalars(sa.select(User).where(User.role == Role.MANAGER)).one()


def test_it_makes_as_many_rows_as_asked_and_tells_the_time_per_table(generated):
    assert (count(Customer), count(Case), count(TimeEntry)) == (CUSTOMERS, CASES, ENTRIES)
    assert db.session.scalars(sa.select(Case.number).order_by(Case.number)).all() == list(range(1, CASES + 1))
    assert db.session.get(Counter, "case").value == CASES
    roles = dict(db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    assert roles == {Role.MANAGER: 1, Role.ADMIN: 1, Role.TECHNICIAN: 10, Role.CUSTOMER: CUSTOMERS}
    assert "time_entries" in generated and "clip_ledger" in generated and "Done in" in generated


def test_customers_have_valid_and_distinct_cvr_numbers_and_e_invoiced_ones_a_gln(generated):
    customers = db.session.scalars(sa.select(Customer)).all()
    assert all(cvr.is_valid(customer.cvr) for customer in customers)
    assert len({customer.cvr for customer in customers}) == CUSTOMERS
    assert all(ean.is_valid(customer.gln) for customer in customers
               if customer.delivery_channel == DeliveryChannel.OIOUBL)


def test_every_entry_is_priced_and_classified_as_the_app_would(generated):
    entries = db.session.scalars(sa.select(TimeEntry)).all()
    for entry in entries:
        pricing = timelog.price(entry.started_at, entry.ended_at)
        assert (entry.minutes, entry.clips, entry.blocks_1x, entry.blocks_2x, entry.blocks_3x) == (
            pricing.minutes, pricing.clips, pricing.by_multiplier[1], pricing.by_multiplier[2],
            pricing.by_multiplier[3])
        proposed, _ = timelog.propose_classification(entry.case, to_local(entry.started_at).date())
        assert entry.classification == proposed
        assert bool(entry.out_of_hours_agreed_by) == (proposed == Classification.BILLABLE and pricing.out_of_hours)
    saturdays = [entry for entry in entries if to_local(entry.started_at).weekday() == SATURDAY]
    assert saturdays and all(entry.blocks_1x == entry.blocks_2x == 0 < entry.blocks_3x for entry in saturdays)
    assert any(entry.blocks_2x for entry in entries if to_local(entry.started_at).weekday() < SATURDAY)
    classes = Tally(entry.classification for entry in entries)
    assert classes[Classification.BILLABLE] > classes[Classification.COVERED] > classes[Classification.FREE] > 0
    assert any(entry.deleted_at for entry in entries)


def test_saldi_and_cards_agree_with_the_ledger_and_each_entry_took_its_clips(generated, today):
    for customer in db.session.scalars(sa.select(Customer)).all():
        assert_consistent(customer)
    taken = dict(db.session.execute(sa.select(ClipLedgerEntry.time_entry_id, sa.func.sum(ClipLedgerEntry.clips))
                                    .where(ClipLedgerEntry.time_entry_id.is_not(None))
                                    .group_by(ClipLedgerEntry.time_entry_id)).all())
    hourly = hourly_customer_ids()
    for entry in db.session.scalars(sa.select(TimeEntry)):
        owes = entry.classification == Classification.BILLABLE and entry.deleted_at is None
        assert taken.get(entry.id, 0) == (-entry.clips if owes and entry.customer_id not in hourly else 0)
    kinds = set(db.session.scalars(sa.select(ClipLedgerEntry.kind).distinct()))
    assert kinds == set(LedgerKind) - {LedgerKind.ADJUSTMENT}


def test_the_reports_monthly_sums_are_those_of_the_rows_it_wrote(generated):
    found = rollups.recount(db.session.connection())
    assert all(kept == from_rows and kept for kept, from_rows in found.values()), found.keys()


def test_cards_lapse_18_months_after_their_invoice_and_the_expiry_job_finds_nothing_left(generated, today):
    cards = db.session.scalars(sa.select(ClipCard)).all()
    assert all(card.expires_on == card_expiry(card.invoice.issue_date) == card_expiry(card.invoice_date)
               for card in cards)
    assert all((card.expired_at is not None) == (card.expires_on <= today) for card in cards)
    assert any(card.expired_at for card in cards)
    assert clips.expire_cards(today) == 0


def test_invoice_numbers_run_by_date_without_gaps_and_the_app_carries_on_from_them(generated, manager, today):
    invoices = db.session.scalars(sa.select(Invoice).order_by(Invoice.number)).all()
    issued = len(invoices)
    assert [invoice.number for invoice in invoices] == list(range(1, issued + 1))
    assert [invoice.issue_date for invoice in invoices] == sorted(invoice.issue_date for invoice in invoices)
    assert db.session.get(Counter, "invoice").value == issued
    customer = db.session.get(Customer, 1)
    card = clips.sell_card(manager, customer.id, 10, "2.500,00", today)
    assert card.invoice.number == issued + 1
    case = cases.create_case(manager, customer_id=customer.id, subject="Efter bench-data", category="support",
                             channel="phone")
    assert case.number == CASES + 1
    ended = utcnow()
    entry = timelog.log_time(manager, case, timelog.EntryInput(start=ended - timedelta(minutes=20), end=ended,
                                                               out_of_hours_agreed_by="Karin Kunde"))
    assert entry.id == ENTRIES + 1
    assert_consistent(customer)


def test_payments_and_statuses_are_what_the_app_would_say(generated, today):
    invoices = db.session.scalars(sa.select(Invoice)).all()
    for invoice in invoices:
        assert invoice.status == billing.status_on(invoice, today)
        assert invoice.total_net == sum(line.net for line in invoice.lines)
        assert invoice.total_vat == sum(line.vat for line in invoice.lines)
        assert all(payment.paid_on <= today and payment.applied == payment.received for payment in invoice.payments)
        assert (invoice.amount_paid, invoice.amount_credited) == (
            sum((payment.applied for payment in invoice.payments), Decimal("0.00")), Decimal("0.00"))
        by_post = invoice.customer.delivery_channel == DeliveryChannel.POST
        assert any(line.kind == LineKind.POSTAGE_FEE for line in invoice.lines) == by_post
    assert {InvoiceStatus.PAID, InvoiceStatus.OVERDUE} <= {invoice.status for invoice in invoices}
    assert billing.mark_overdue(today) == {"overdue": 0}


def test_agreements_are_renewed_and_invoiced_up_to_today(generated, today):
    assert count(Agreement) > 0
    done = agreements.renew_agreements(today)
    assert (done["ended"], done["renewed"], done["invoiced"]) == (0, 0, 0)


def test_a_tenth_of_the_customers_never_buy_a_card_and_their_work_is_booked_as_the_app_books_it(generated, manager):
    hourly = hourly_customer_ids()
    assert len(hourly) == round(CUSTOMERS * HOURLY_SHARE)
    assert not db.session.scalar(sa.select(sa.exists().where(ClipLedgerEntry.customer_id.in_(hourly))))
    entries = db.session.scalars(sa.select(TimeEntry).where(TimeEntry.customer_id.in_(hourly))).all()
    booked = [(entry.id, entry.hourly_from, entry.hourly_clips) for entry in entries]
    assert any(hourly_from for _, hourly_from, _ in booked)
    assert all(clips.bills_hourly(db.session.get(Customer, customer_id)) for customer_id in hourly)
    for entry in entries:
        clips.book_entry(entry, manager)
    db.session.flush()
    assert [(entry.id, entry.hourly_from, entry.hourly_clips) for entry in entries] == booked
    assert not db.session.scalar(sa.select(sa.exists().where(ClipLedgerEntry.customer_id.in_(hourly))))
    db.session.rollback()
    for customer_id in hourly:
        assert_consistent(db.session.get(Customer, customer_id))


def test_every_month_before_the_last_full_one_is_invoiced_as_the_month_run_would_have(app, generated, today):
    open_month = previous_month(today)
    invoices = db.session.scalars(sa.select(Invoice).where(Invoice.billing_month.is_not(None))
                                  .order_by(Invoice.number)).all()
    assert invoices and all(invoice.billing_month < open_month for invoice in invoices)
    def run_day(month: date) -> date:
        return month + relativedelta(months=1, day=app.config["HELPDESK_INVOICE_RUN_DAY"])

    for invoice in invoices:
        assert invoice.issue_date == run_day(invoice.billing_month)
        entries = db.session.scalars(sa.select(TimeEntry).where(TimeEntry.invoice_id == invoice.id)).all()
        expenses = db.session.scalars(sa.select(Expense).where(Expense.invoice_id == invoice.id)).all()
        assert all(entry.locked and month_of(entry) == invoice.billing_month for entry in entries)
        assert all(month_start(expense.spent_on) == invoice.billing_month for expense in expenses)
        draft = month_run._draft(invoice.customer, month_run.hourly_rows(TimeEntry.invoice_id == invoice.id),
                                 month_run.expense_rows(Expense.invoice_id == invoice.id), month_run.mileage_rates(),
                                 kilometres_invoiced_before(invoice.number))
        assert not draft.problems
        assert lines_of(draft.lines) == lines_of(invoice.lines)
    kinds = {line.kind for invoice in invoices for line in invoice.lines}
    assert {LineKind.HOURLY, LineKind.MILEAGE, LineKind.OUTLAY} <= kinds
    deleted = db.session.scalars(sa.select(TimeEntry).where(
        TimeEntry.customer_id.in_(hourly_customer_ids()), TimeEntry.classification == Classification.BILLABLE,
        TimeEntry.deleted_at.is_not(None))).all()
    assert all(entry.deleted_at < datetime.combine(run_day(month_of(entry)), MONTH_INVOICED, tzinfo=COPENHAGEN)
               for entry in deleted if month_of(entry) < open_month), "the app refuses to delete invoiced work"
    drafts, _ = plan_month(previous_month(open_month))
    assert drafts == []


def test_the_run_for_the_last_full_month_invoices_it_once_and_the_numbers_carry_on(generated, today):
    month, first = previous_month(today), month_start(today)
    month_begins, month_ends = (datetime.combine(day, time(0), tzinfo=COPENHAGEN) for day in (month, first))
    work = db.session.scalars(sa.select(TimeEntry.customer_id).where(
        TimeEntry.hourly_from.is_not(None), TimeEntry.started_at >= month_begins, TimeEntry.started_at < month_ends))
    spent = db.session.scalars(sa.select(Expense.customer_id).where(Expense.spent_on >= month,
                                                                    Expense.spent_on < first))
    due = {*work, *spent}
    assert due
    issued_before = count(Invoice)

    result = month_run.run_month(None, month, first)

    assert (result.blocked, result.already_invoiced) == ([], [])
    assert sorted(invoice.customer_id for invoice in result.issued) == sorted(due)
    assert sorted(invoice.number for invoice in result.issued) == list(range(issued_before + 1,
                                                                             issued_before + len(due) + 1))
    assert db.session.get(Counter, "invoice").value == issued_before + len(due)
    assert not db.session.scalar(sa.select(sa.exists().where(Expense.invoice_id.is_(None), Expense.spent_on < first)))
    assert not db.session.scalar(sa.select(sa.exists().where(
        TimeEntry.hourly_from.is_not(None), TimeEntry.started_at < month_ends,
        sa.or_(TimeEntry.invoice_id.is_(None), TimeEntry.locked.is_(False)))))
    again = month_run.run_month(None, month, first)
    assert (again.issued, again.blocked, again.already_invoiced) == ([], [], [])
    for customer in db.session.scalars(sa.select(Customer)).all():
        assert_consistent(customer)


def test_a_database_that_is_not_empty_is_refused(app, make):
    make.customer()
    result = app.test_cli_runner().invoke(args=TINY)
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert (count(Customer), count(Case), count(TimeEntry)) == (1, 0, 0)
