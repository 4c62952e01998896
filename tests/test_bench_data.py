"""`flask bench-data` on a small data set: as many rows as asked, and the app's own rules and services agree with it."""

from collections import Counter as Tally
from datetime import timedelta

import pytest
import sqlalchemy as sa
from stdnum import ean
from stdnum.dk import cvr

from helpdesk.accounts.models import Role, User
from helpdesk.agreements import services as agreements
from helpdesk.agreements.models import Agreement
from helpdesk.billing import services as billing
from helpdesk.billing.models import Invoice, InvoiceStatus, LineKind
from helpdesk.billing.run import plan_month, previous_month
from helpdesk.cases import services as cases
from helpdesk.cases.models import Case
from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipCard, ClipLedgerEntry, LedgerKind
from helpdesk.customers.models import Customer, DeliveryChannel
from helpdesk.database import Counter, utcnow
from helpdesk.extensions import db
from helpdesk.reports.periods import local_today
from helpdesk.rules.clips import card_expiry
from helpdesk.rules.worktime import SATURDAY, to_local
from helpdesk.timelog import services as timelog
from helpdesk.timelog.models import Classification, TimeEntry
from tests.clips.test_ledger import assert_consistent

# Small, yet large enough that every kind of row shows up, whatever the day the test runs.
CUSTOMERS, CASES, ENTRIES = 20, 200, 2000
TINY = ["bench-data", "--customers", str(CUSTOMERS), "--cases", str(CASES), "--entries", str(ENTRIES), "--seed", "1"]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


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
    for entry in db.session.scalars(sa.select(TimeEntry)):
        owes = entry.classification == Classification.BILLABLE and entry.deleted_at is None
        assert taken.get(entry.id, 0) == (-entry.clips if owes else 0)
    kinds = set(db.session.scalars(sa.select(ClipLedgerEntry.kind).distinct()))
    assert kinds == set(LedgerKind) - {LedgerKind.ADJUSTMENT}


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
        by_post = invoice.customer.delivery_channel == DeliveryChannel.POST
        assert any(line.kind == LineKind.POSTAGE_FEE for line in invoice.lines) == by_post
    assert {InvoiceStatus.PAID, InvoiceStatus.OVERDUE} <= {invoice.status for invoice in invoices}
    assert billing.mark_overdue(today) == {"overdue": 0}


def test_agreements_are_renewed_and_invoiced_up_to_today_and_no_month_invoice_is_due(generated, today):
    assert count(Agreement) > 0
    done = agreements.renew_agreements(today)
    assert (done["ended"], done["renewed"], done["invoiced"]) == (0, 0, 0)
    drafts, _ = plan_month(previous_month(today))
    assert drafts == []


def test_a_database_that_is_not_empty_is_refused(app, make):
    make.customer()
    result = app.test_cli_runner().invoke(args=TINY)
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert (count(Customer), count(Case), count(TimeEntry)) == (1, 0, 0)
