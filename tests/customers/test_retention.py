"""Deleting an ended customer's data 3 months after its last agreement, with the managers warned 14 days before."""

from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from helpdesk.accounts.models import ApiToken, User
from helpdesk.agreements.models import Agreement
from helpdesk.billing.models import Invoice, InvoiceLine, Payment
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers import retention
from helpdesk.customers.models import Customer
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.jobs.registry import get_job
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog.models import Expense, RunningTimer, TimeEntry
from tests.customers.conftest import add_agreement


def count(model, *criteria) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*criteria))


def warnings_sent() -> list[tuple[str, str]]:
    return sorted(db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)
                                     .where(OutboxMessage.kind == "data_deletion_warning")).all())


def run(day: date) -> dict:
    return retention.delete_ended_customers(day)


def test_the_job_runs_daily_at_half_past_two():
    assert get_job("delete_ended_customers").at == time(2, 30)


def test_managers_are_warned_14_days_before_and_the_data_goes_on_the_day(app, make, ended):
    make.user("admin", email="admin@hostkon.dk")
    assert run(date(2026, 3, 16)) == {"warnings": 0, "deleted": 0, "postponed": 0}
    assert run(date(2026, 3, 17))["warnings"] == 2
    assert run(date(2026, 3, 18))["warnings"] == 0
    assert warnings_sent() == [("admin@hostkon.dk", "Nordlys ApS: data slettes 31.03.2026"),
                               ("leder@hostkon.dk", "Nordlys ApS: data slettes 31.03.2026")]
    assert run(date(2026, 3, 30))["deleted"] == 0
    assert count(Case, Case.customer_id == ended.customer_id) == 1
    assert run(date(2026, 3, 31))["deleted"] == 1
    assert count(Case, Case.customer_id == ended.customer_id) == 0


def test_deletion_removes_the_customers_data_and_keeps_the_bookkeeping(app, make, ended):
    other_case = make.case(make.customer(name="Fjordsoft A/S"), subject="Andens sag")
    file = Path(app.config["HELPDESK_ATTACHMENT_DIR"]) / ended.stored_name
    assert file.exists()
    run(date(2026, 3, 17))
    run(date(2026, 3, 31))

    for model in (Case, TimeEntry, Expense, ClipCard, ClipLedgerEntry, User):
        assert count(model, model.customer_id == ended.customer_id) == 0, model
    for model in (CaseComment, CaseEvent, Attachment, RunningTimer):
        assert count(model, model.case_id == ended.case_id) == 0, model
    assert count(ApiToken) == 0
    assert not file.exists()
    assert count(OutboxMessage, sa.or_(OutboxMessage.customer_id == ended.customer_id,
                                       OutboxMessage.recipient == ended.contact_email)) == 0
    assert count(OutboxMessage, OutboxMessage.kind == "data_deletion_warning") == 1
    assert db.session.get(Case, other_case.id).subject == "Andens sag"

    card_invoice = db.session.get(Invoice, ended.card_invoice_id)
    assert (card_invoice.total_net, card_invoice.total_vat, card_invoice.total_gross) == (
        Decimal("16000.00"), Decimal("4000.00"), Decimal("20000.00"))
    assert [(line.kind, line.net) for line in card_invoice.lines] == [("clip_card", Decimal("16000.00"))]
    assert [payment.received for payment in card_invoice.payments] == [Decimal("20000.00")]
    assert db.session.get(Invoice, ended.hourly_invoice_id).total_gross == Decimal("1187.50")
    assert count(InvoiceLine) == 2 and count(Payment) == 1
    assert count(Agreement, Agreement.customer_id == ended.customer_id) == 1

    customer = db.session.get(Customer, ended.customer_id)
    assert (customer.name, customer.email, customer.phone, customer.address, customer.cvr) == (
        f"Slettet kunde {ended.customer_id}", "", "", "", "12972997")
    assert customer.data_deleted_at is not None
    assert (customer.clip_balance, customer.unfunded_clips) == (0, 0)


def test_running_the_job_again_deletes_nothing_twice(app, ended):
    run(date(2026, 3, 17))
    assert run(date(2026, 3, 31))["deleted"] == 1
    deleted_at = db.session.get(Customer, ended.customer_id).data_deleted_at
    assert run(date(2026, 3, 31)) == {"warnings": 0, "deleted": 0, "postponed": 0}
    assert run(date(2026, 4, 1)) == {"warnings": 0, "deleted": 0, "postponed": 0}
    assert db.session.get(Customer, ended.customer_id).data_deleted_at == deleted_at
    assert retention.customers_due_for_deletion(date(2026, 4, 1)) == []


def test_a_customer_with_a_running_agreement_is_never_deleted(app, make, manager):
    customer = make.customer()
    add_agreement(customer)
    add_agreement(customer, status="active", ends_on=None)
    make.case(customer)
    for day in (date(2026, 3, 17), date(2026, 3, 31), date(2027, 1, 1)):
        assert run(day) == {"warnings": 0, "deleted": 0, "postponed": 0}
    assert count(Case, Case.customer_id == customer.id) == 1


def test_an_agreement_given_notice_runs_until_its_last_day(app, make, manager):
    customer = make.customer()
    add_agreement(customer)
    add_agreement(customer, status="ending", ends_on=date(2026, 5, 31))
    assert retention.customers_due_for_deletion(date(2026, 5, 31)) == []
    [due] = retention.customers_due_for_deletion(date(2026, 6, 1))
    assert (due.last_end, due.warning_day, due.deletion_day) == (date(2026, 5, 31), date(2026, 8, 17),
                                                                 date(2026, 8, 31))


def test_a_customer_without_agreements_is_not_due(app, make):
    make.case(make.customer())
    assert retention.customers_due_for_deletion(date(2030, 1, 1)) == []


def test_postponement_moves_the_day_and_warns_again(app, manager, ended):
    run(date(2026, 3, 17))
    retention.postpone_deletion(manager, ended.customer_id, date(2026, 5, 1), "Faktura 7 er bestridt",
                                today=date(2026, 3, 20))
    [due] = retention.customers_due_for_deletion(date(2026, 3, 31))
    assert (due.retention_day, due.deletion_day, due.warning_day) == (date(2026, 3, 31), date(2026, 5, 1),
                                                                      date(2026, 4, 17))
    assert due.customer.deletion_postponed_reason == "Faktura 7 er bestridt"
    assert run(date(2026, 3, 31))["deleted"] == 0
    assert run(date(2026, 4, 17))["warnings"] == 1
    assert warnings_sent() == [("leder@hostkon.dk", "Nordlys ApS: data slettes 01.05.2026"),
                               ("leder@hostkon.dk", "Nordlys ApS: data slettes 31.03.2026")]
    assert run(date(2026, 4, 30))["deleted"] == 0
    assert run(date(2026, 5, 1))["deleted"] == 1


@pytest.mark.parametrize(("until", "reason", "field"), [
    (date(2026, 5, 1), "  ", "reason"),
    (date(2026, 3, 31), "Revision", "until"),
    (None, "Revision", "until"),
])
def test_postponement_needs_a_reason_and_a_later_day(app, manager, ended, until, reason, field):
    with pytest.raises(DomainError) as error:
        retention.postpone_deletion(manager, ended.customer_id, until, reason, today=date(2026, 3, 20))
    assert error.value.field == field
    assert db.session.get(Customer, ended.customer_id).deletion_postponed_until is None


def test_only_managers_postpone_and_only_ended_customers(app, make, manager, ended):
    with pytest.raises(Forbidden):
        retention.postpone_deletion(make.technician(), ended.customer_id, date(2026, 5, 1), "Revision",
                                    today=date(2026, 3, 20))
    running = make.customer()
    add_agreement(running, status="active", ends_on=None)
    with pytest.raises(DomainError) as error:
        retention.postpone_deletion(manager, running.id, date(2026, 5, 1), "Revision", today=date(2026, 3, 20))
    assert error.value.field == "customer_id"


def test_data_never_goes_before_a_warning(app, manager, ended):
    """An agreement recorded as ended long ago: the first run warns and waits 14 days instead of deleting."""
    assert run(date(2026, 9, 1)) == {"warnings": 0, "deleted": 0, "postponed": 1}
    customer = db.session.get(Customer, ended.customer_id)
    assert customer.deletion_postponed_until == date(2026, 9, 15)
    assert warnings_sent() == [("leder@hostkon.dk", "Nordlys ApS: data slettes 15.09.2026")]
    assert run(date(2026, 9, 14))["deleted"] == 0
    assert run(date(2026, 9, 15))["deleted"] == 1


def test_a_manager_who_reads_english_is_warned_in_english(app, manager, ended):
    manager.language = "en"
    db.session.commit()
    run(date(2026, 3, 17))
    assert warnings_sent() == [("leder@hostkon.dk", "Nordlys ApS: data will be deleted on 31/03/2026")]
