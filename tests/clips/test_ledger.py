"""Clip cards and the ledger, with the figures of issue 3 worked out by hand from SPEC §3."""

from datetime import date

import pytest
import sqlalchemy as sa

from helpdesk.billing.models import Invoice
from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipCard, ClipLedgerEntry, LedgerKind
from helpdesk.customers.models import Customer
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.timelog import services as timelog
from tests.factories import copenhagen


@pytest.fixture
def manager(make):
    return make.user("manager")


def ledger_sum(customer_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ClipLedgerEntry.clips), 0)).where(ClipLedgerEntry.customer_id == customer_id)
    )


def assert_consistent(customer: Customer) -> None:
    """The kept balance, the cards' remaining and the unfunded clips all agree with the ledger."""
    db.session.refresh(customer)
    cards = db.session.scalars(sa.select(ClipCard).where(ClipCard.customer_id == customer.id)).all()
    assert customer.clip_balance == ledger_sum(customer.id)
    assert customer.clip_balance == sum(card.remaining for card in cards) - customer.unfunded_clips
    for card in cards:
        on_card = db.session.scalar(sa.select(sa.func.sum(ClipLedgerEntry.clips)).where(ClipLedgerEntry.card_id == card.id))
        assert card.remaining == on_card >= 0


def test_the_worked_example_of_issue_3(make, manager):
    customer = make.customer()
    case = make.case(customer)
    first = clips.sell_card(manager, customer.id, 10, "4.000,00", date(2026, 11, 2))
    make.entry(case, "2026-11-21 10:00", "2026-11-21 10:45", out_of_hours_agreed_by="Karin")   # Saturday: 9
    assert clips.saldo(customer.id).balance == 1
    make.entry(case, "2026-11-24 09:00", "2026-11-24 09:30")                                     # Tuesday: 2
    now = clips.saldo(customer.id)
    assert (now.balance, now.unfunded) == (-1, 1)
    second = clips.sell_card(manager, customer.id, 10, "4000", date(2026, 11, 25))
    now = clips.saldo(customer.id)
    assert (now.balance, now.unfunded) == (9, 0)
    assert [(card.id, remaining) for card, remaining in now.cards] == [(first.id, 0), (second.id, 9)]
    kinds = db.session.scalars(sa.select(ClipLedgerEntry.kind).where(ClipLedgerEntry.card_id == second.id)
                               .order_by(ClipLedgerEntry.id)).all()
    assert kinds == [LedgerKind.PURCHASE, LedgerKind.SETTLEMENT]
    assert_consistent(customer)


def test_selling_a_card_issues_its_invoice_at_once(make, manager):
    customer = make.customer(payment_terms_days=8)
    card = clips.sell_card(manager, customer.id, 40, "1.250,00", date(2026, 11, 21))
    invoice = db.session.get(Invoice, card.invoice_id)
    assert (invoice.number, invoice.issue_date, invoice.due_date) == (1, date(2026, 11, 21), date(2026, 11, 29))
    assert (str(invoice.total_net), str(invoice.total_vat), str(invoice.total_gross)) == ("1250.00", "312.50",
                                                                                          "1562.50")
    assert invoice.lines[0].description == "Klippekort, 40 klip à 15 minutter"
    assert card.expires_on == date(2028, 5, 21)


def test_a_card_is_not_used_for_work_that_starts_on_its_expiry_date(make, manager):
    customer = make.customer()
    card = clips.sell_card(manager, customer.id, 10, "100", date(2024, 8, 31))
    assert card.expires_on == date(2026, 2, 28)
    make.entry(make.case(customer), "2026-02-28 10:00", "2026-02-28 10:15", out_of_hours_agreed_by="K")
    assert clips.saldo(customer.id).unfunded == 3
    assert card.remaining == 10
    make.entry(make.case(customer), "2026-02-27 09:00", "2026-02-27 09:15")
    assert card.remaining == 9


def test_consumption_draws_from_the_card_that_expires_first_and_may_span_cards(make, manager):
    customer = make.customer()
    later = clips.sell_card(manager, customer.id, 10, "100", date(2026, 6, 1))
    sooner = clips.sell_card(manager, customer.id, 3, "30", date(2026, 1, 1))
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 10:15")   # 5 clips
    taken = dict(db.session.execute(sa.select(ClipLedgerEntry.card_id, ClipLedgerEntry.clips)
                                    .where(ClipLedgerEntry.time_entry_id == entry.id)).all())
    assert taken == {sooner.id: -3, later.id: -2}


def test_shortening_an_entry_gives_clips_back(make, manager):
    customer = make.customer()
    technician = make.user("technician")
    clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 1))
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    assert clips.saldo(customer.id).balance == 8
    timelog.update_entry(technician, entry, timelog.EntryInput(start=copenhagen("2026-11-17 09:00"),
                                                               end=copenhagen("2026-11-17 09:10")))
    assert clips.saldo(customer.id).balance == 9
    timelog.delete_entry(technician, entry)
    assert clips.saldo(customer.id).balance == 10
    assert_consistent(customer)


def test_covered_and_free_work_books_no_clips_and_reclassifying_books_them(make, manager):
    customer = make.customer()
    technician = make.user("technician")
    clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 1))
    entry = make.entry(make.case(customer, covered=True), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    make.entry(make.case(customer, category="price_inquiry"), "2026-11-17 10:00", "2026-11-17 10:30")
    assert clips.saldo(customer.id).balance == 10
    timelog.override_classification(technician, entry, "billable", "Kundens egen fejl")
    assert clips.saldo(customer.id).balance == 8


def test_hourly_overdraft_policy_leaves_the_rest_for_the_hourly_invoice(make, manager):
    customer = make.customer(overdraft_policy="hourly")
    clips.sell_card(manager, customer.id, 1, "25", date(2026, 11, 1))
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:45")   # 3 clips
    now = clips.saldo(customer.id)
    assert (now.balance, now.unfunded, entry.hourly_clips) == (0, 0, 2)
    assert entry.hourly_from == copenhagen("2026-11-17 09:15")


def test_under_the_hourly_policy_a_card_never_pays_part_of_a_block(make, manager):
    customer = make.customer(overdraft_policy="hourly")
    card = clips.sell_card(manager, customer.id, 2, "50", date(2026, 11, 1))
    # Friday 13:45–14:15: blocks 13:45 (1 clip) and 14:00 (2 clips); the 2nd clip cannot pay the 2-clip block.
    entry = make.entry(make.case(customer), "2026-11-20 13:45", "2026-11-20 14:15", out_of_hours_agreed_by="Kim")
    assert (card.remaining, entry.hourly_clips, entry.hourly_from) == (1, 2, copenhagen("2026-11-20 14:00"))
    assert_consistent(customer)


def test_a_customer_without_any_clip_card_is_billed_by_the_hour(make):
    customer = make.customer()
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 10:10")
    now = clips.saldo(customer.id)
    assert (now.balance, now.unfunded) == (0, 0)
    assert (entry.hourly_clips, entry.hourly_from) == (5, copenhagen("2026-11-17 09:00"))


def test_an_hourly_entry_edited_to_free_is_no_longer_billed(make):
    customer = make.customer()
    technician = make.user("technician")
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 10:10", actor=technician)
    timelog.override_classification(technician, entry, "free", "Prisforespørgsel")
    assert (entry.hourly_clips, entry.hourly_from) == (0, None)


def test_expiry_writes_off_the_rest_once(make, manager):
    customer = make.customer()
    card = clips.sell_card(manager, customer.id, 10, "100", date(2024, 8, 31))
    make.entry(make.case(customer), "2025-03-04 09:00", "2025-03-04 09:30")
    assert clips.expire_cards(date(2026, 2, 27)) == 0
    assert clips.expire_cards(date(2026, 2, 28)) == 1
    assert clips.expire_cards(date(2026, 2, 28)) == 0
    expiry = db.session.scalars(sa.select(ClipLedgerEntry).where(ClipLedgerEntry.kind == LedgerKind.EXPIRY)).one()
    assert (expiry.clips, card.remaining) == (-8, 0)
    assert clips.saldo(customer.id).balance == 0
    assert_consistent(customer)


def test_deleting_work_on_an_expired_card_gives_nothing_back(make, manager):
    customer = make.customer()
    technician = make.user("technician")
    clips.sell_card(manager, customer.id, 10, "100", date(2024, 8, 31))
    entry = make.entry(make.case(customer), "2025-03-04 09:00", "2025-03-04 09:30", actor=technician)
    clips.expire_cards(date(2026, 3, 1))
    timelog.delete_entry(technician, entry)
    assert clips.saldo(customer.id).balance == 0
    assert_consistent(customer)


def test_editing_settled_unfunded_work_returns_the_clips_to_the_settling_card(make, manager):
    customer = make.customer()
    technician = make.user("technician")
    first = clips.sell_card(manager, customer.id, 1, "25", date(2026, 11, 1))
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    assert (clips.saldo(customer.id).unfunded, first.remaining) == (1, 0)
    card = clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 18))
    assert card.remaining == 9
    timelog.delete_entry(technician, entry)
    assert (clips.saldo(customer.id).balance, first.remaining, card.remaining) == (11, 1, 10)
    assert_consistent(customer)


def test_saldo_on_a_day_counts_expiries_due_by_then(make, manager):
    customer = make.customer()
    clips.sell_card(manager, customer.id, 10, "100", date(2024, 8, 31))
    clips.sell_card(manager, customer.id, 5, "50", date(2025, 9, 1))
    assert clips.saldo(customer.id, on=date(2026, 2, 27)).balance == 15
    assert clips.saldo(customer.id, on=date(2026, 2, 28)).balance == 5
    assert clips.saldo(customer.id, on=date(2024, 9, 1)).balance == 10


def test_manual_adjustment_needs_a_manager_and_a_reason(make, manager):
    customer = make.customer()
    card = clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 1))
    with pytest.raises(DomainError) as refused:
        clips.adjust(manager, customer.id, -2, "  ", card_id=card.id)
    assert refused.value.field == "reason"
    with pytest.raises(Forbidden):
        clips.adjust(make.user("technician"), customer.id, -2, "Fejl", card_id=card.id)
    with pytest.raises(DomainError):
        clips.adjust(manager, customer.id, -11, "For meget", card_id=card.id)
    row = clips.adjust(manager, customer.id, -2, "Dobbeltregistreret tid", card_id=card.id)
    assert (row.kind, row.clips, row.actor_id) == (LedgerKind.ADJUSTMENT, -2, manager.id)
    assert clips.saldo(customer.id).balance == 8
    assert_consistent(customer)


def test_no_card_or_adjustment_moves_more_than_100000_clips(make, manager):
    """A balance past PostgreSQL's INTEGER was a 500 there, and 20 digits a 500 on SQLite too."""
    customer = make.customer()
    card = clips.sell_card(manager, customer.id, 10, "100", date(2026, 11, 1))
    for too_many in (100_001, 2**31 - 1, 10**20):
        with pytest.raises(DomainError) as refused:
            clips.sell_card(manager, customer.id, too_many, "100", date(2026, 11, 1))
        assert refused.value.field == "clips"
        with pytest.raises(DomainError) as refused:
            clips.adjust(manager, customer.id, too_many, "Rettelse", card_id=card.id)
        assert refused.value.field == "clips"
    assert clips.sell_card(manager, customer.id, 100_000, "100", date(2026, 11, 1)).clips == 100_000
    assert_consistent(customer)


@pytest.mark.parametrize("bad_clips", [0, -5, "ti", ""])
def test_a_card_needs_a_positive_whole_number_of_clips(make, manager, bad_clips):
    customer = make.customer()
    with pytest.raises(DomainError) as refused:
        clips.sell_card(manager, customer.id, bad_clips, "100", date(2026, 11, 1))
    assert refused.value.field == "clips"
    assert db.session.scalar(sa.select(sa.func.count(Invoice.id))) == 0


@pytest.mark.parametrize("bad_price", ["-1", "12,345", "gratis", "1e3"])
def test_a_card_needs_a_proper_price(make, manager, bad_price):
    customer = make.customer()
    with pytest.raises(DomainError) as refused:
        clips.sell_card(manager, customer.id, 10, bad_price, date(2026, 11, 1))
    assert refused.value.field == "price"
    assert db.session.scalar(sa.select(sa.func.count(ClipCard.id))) == 0


def test_the_saldo_names_the_cards_about_to_expire_as_the_expiry_warning_does(make, manager):
    """Cards expire 18 months after their invoice date; on 2026-02-01 the warning looks 60 days ahead."""
    customer = make.customer()
    soon = clips.sell_card(manager, customer.id, 10, "100", date(2024, 9, 15))       # expires 2026-03-15
    clips.sell_card(manager, customer.id, 10, "100", date(2024, 12, 15))             # 2026-06-15: not yet
    clips.sell_card(manager, customer.id, 10, "100", date(2024, 7, 20))              # 2026-01-20: expired
    clips.expire_cards(date(2026, 2, 1))
    used_up = clips.sell_card(manager, customer.id, 2, "20", date(2024, 9, 1))        # 2026-03-01, emptied
    make.entry(make.case(customer), "2026-01-05 09:00", "2026-01-05 09:30")
    db.session.refresh(used_up)
    assert used_up.remaining == 0
    today = date(2026, 2, 1)
    assert clips.saldo(customer.id).expiring(today) == clips.expiring_cards(customer.id, today) == [soon]
