"""Queueing: rendered from templates, stored with the caller's transaction, never twice for one key."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from helpdesk.clips.models import ClipCard
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, Forbidden
from helpdesk.extensions import db
from helpdesk.notifications import services
from helpdesk.notifications.models import MessageStatus, OutboxMessage
from tests.notifications.helpers import outbox, queue


def test_card_expiry_mail_names_customer_card_date_and_lapsing_clips(make):
    customer = make.customer(name="Nordlys ApS")
    card = ClipCard(id=7, clips=50, remaining=45, invoice_date=date(2024, 11, 30), expires_on=date(2026, 5, 30))
    subject, body = services.render_mail("card_expiry", {"customer": customer, "card": card, "days_left": 51,
                                                         "remaining": 45})
    assert subject == "45 klip udløber om 51 dage"
    assert "Nordlys ApS" in body and "nr. 7" in body and "30.05.2026" in body
    assert "45 klip tilbage" in body and "bortfalder" in body and "nyt klippekort" in body


def test_low_saldo_mail_explains_a_negative_saldo(make):
    customer = make.customer(name="Bageriet Bolle I/S")
    subject, body = services.render_mail("low_saldo", {"customer": customer, "balance": -3, "threshold": 4})
    assert subject == "Jeres klipsaldo er -3 klip"
    assert "Bageriet Bolle I/S" in body and "grænse på 4 klip" in body and "3 klip er brugt ud over" in body


def test_enqueue_adds_one_message_per_distinct_recipient_without_committing(make):
    customer = make.customer()
    queued = services.enqueue("low_saldo", ["a@example.dk", " a@example.dk", "b@example.dk", ""], "low_saldo",
                              {"customer": customer, "balance": 2, "threshold": 4}, customer_id=customer.id)
    assert queued == 2
    db.session.rollback()
    assert outbox() == []


def test_a_queued_message_is_pending_and_due_now(make):
    customer = make.customer()
    before = utcnow()
    queue(customer, "kontakt@example.dk")
    [message] = outbox()
    assert (message.kind, message.recipient, message.customer_id) == ("low_saldo", "kontakt@example.dk", customer.id)
    assert message.status == MessageStatus.PENDING and message.attempts == 0
    assert before <= message.next_attempt_at <= utcnow()
    assert message.subject == "Jeres klipsaldo er 2 klip" and message.message_id.startswith("<")


def test_dedupe_key_never_queues_the_same_notice_twice_for_one_recipient(make):
    customer = make.customer()
    assert queue(customer, "a@example.dk", key="low-saldo:1:1") == 1
    assert queue(customer, "a@example.dk", "b@example.dk", key="low-saldo:1:1") == 1
    assert queue(customer, "a@example.dk", key="low-saldo:1:2") == 1
    assert [(m.recipient, m.dedupe_key) for m in outbox()] == [
        ("a@example.dk", "low-saldo:1:1"), ("b@example.dk", "low-saldo:1:1"), ("a@example.dk", "low-saldo:1:2")]


def test_mails_queued_together_are_deduplicated_against_the_outbox_and_each_other(make):
    customer = make.customer()
    queue(customer, "a@example.dk", key="low-saldo:1:1")
    context = {"customer": customer, "balance": 2, "threshold": 4}
    mails = [services.Mail("low_saldo", [address], "low_saldo", context, customer.id, key)
             for address, key in [("a@example.dk", "low-saldo:1:1"), ("b@example.dk", "low-saldo:1:1"),
                                  ("b@example.dk", "low-saldo:1:1"), ("a@example.dk", "low-saldo:1:2")]]
    assert services.enqueue_all(mails) == 2
    db.session.commit()
    assert [(m.recipient, m.dedupe_key) for m in outbox()] == [
        ("a@example.dk", "low-saldo:1:1"), ("b@example.dk", "low-saldo:1:1"), ("a@example.dk", "low-saldo:1:2")]


def test_the_database_refuses_a_second_copy_that_slips_past_the_check(make):
    customer = make.customer()
    queue(customer, "a@example.dk", key="once")
    db.session.add(OutboxMessage(kind="x", recipient="a@example.dk", subject="s", body="b", dedupe_key="once",
                                 message_id="<copy@localhost>"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_resend_puts_a_sent_message_back_in_the_queue_under_a_new_message_id(make):
    customer = make.customer()
    queue(customer, "a@example.dk")
    [message] = outbox()
    old_id = message.message_id
    message.status, message.attempts, message.last_error = MessageStatus.FAILED, 10, "SMTPDataError: nej"
    message.next_attempt_at = utcnow() + timedelta(hours=6)
    db.session.commit()
    services.resend(make.user("manager"), message.id)
    [message] = outbox()
    assert message.status == MessageStatus.PENDING and message.attempts == 0 and message.last_error is None
    assert message.next_attempt_at <= utcnow() and message.message_id != old_id


def test_only_managers_resend_and_only_what_is_not_pending(make):
    customer = make.customer()
    queue(customer, "a@example.dk")
    [message] = outbox()
    with pytest.raises(Forbidden):
        services.resend(make.user("technician"), message.id)
    with pytest.raises(Conflict):
        services.resend(make.user("admin"), message.id)


def test_managers_list_failed_messages_first_and_filter_by_status(make):
    customer = make.customer()
    queue(customer, "first@example.dk", "failing@example.dk", "last@example.dk")
    outbox()[1].status = MessageStatus.FAILED
    db.session.commit()
    assert [m.recipient for m in services.list_messages().items] == [
        "failing@example.dk", "last@example.dk", "first@example.dk"]
    pending = services.list_messages(MessageStatus.PENDING, per_page=1)
    assert pending.total == 2 and pending.pages == 2


def test_customer_messages_are_only_that_customers(make):
    ours, theirs = make.customer(), make.customer()
    queue(ours, "os@example.dk")
    queue(theirs, "dem@example.dk")
    assert [m.recipient for m in services.customer_messages(ours.id)] == ["os@example.dk"]


def test_backoff_doubles_from_one_minute_up_to_six_hours():
    assert [services.backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert services.backoff(9) == timedelta(minutes=256) and services.backoff(10) == timedelta(hours=6)
