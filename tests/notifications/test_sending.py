"""Sending the outbox over real SMTP (aiosmtpd on 127.0.0.1): once, after outages too, never lost."""

import email
import email.policy
import io
import threading
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader

from helpdesk.billing.dunning import run_dunning
from helpdesk.clips import services as clips
from helpdesk.database import utcnow
from helpdesk.extensions import db
from helpdesk.notifications import services
from helpdesk.notifications.models import MessageStatus
from tests.billing.test_dunning import overdue_invoice
from tests.notifications.helpers import outbox, queue

NOTHING = {"sent": 0, "failed": 0, "retrying": 0}


def test_a_committed_message_arrives_once(make, smtp):
    smtp.start()
    queue(make.customer(), "kontakt@example.dk")
    assert services.send_due() == {**NOTHING, "sent": 1}
    assert services.send_due() == NOTHING
    [(recipients, received)] = smtp.received
    [message] = outbox()
    assert recipients == ["kontakt@example.dk"] and received["To"] == "kontakt@example.dk"
    assert received["Subject"] == "Jeres klipsaldo er 2 klip" and received["From"] == "helpdesk@localhost"
    assert received["Message-ID"] == message.message_id and "grænse på 4 klip" in received.get_content()
    assert message.status == MessageStatus.SENT and message.sent_at is not None and message.attempts == 1


def test_the_sender_logs_in_when_a_user_is_configured(app, make, smtp):
    smtp.start(credentials=(b"helpdesk", b"hemmelig"))
    app.config.update(HELPDESK_SMTP_USER="helpdesk", HELPDESK_SMTP_PASSWORD="forkert")
    queue(make.customer(), "kontakt@example.dk")
    start = utcnow()
    assert services.send_due(start) == {**NOTHING, "retrying": 1}
    assert "SMTPAuthenticationError" in outbox()[0].last_error
    app.config["HELPDESK_SMTP_PASSWORD"] = "hemmelig"
    assert services.send_due(start + timedelta(minutes=1)) == {**NOTHING, "sent": 1}
    assert smtp.logins == ["helpdesk"] and len(smtp.received) == 1


def test_a_rolled_back_transaction_sends_nothing(make, smtp):
    smtp.start()
    customer = make.customer()
    services.enqueue("low_saldo", ["kontakt@example.dk"], "low_saldo",
                     {"customer": customer, "balance": 2, "threshold": 4}, customer_id=customer.id)
    db.session.rollback()
    assert services.send_due() == NOTHING
    assert smtp.received == []


def test_smtp_down_then_up_delivers_each_message_once_after_the_backoff(make, smtp):
    queue(make.customer(), "kontakt@example.dk")
    start = utcnow()
    assert services.send_due(start) == {**NOTHING, "retrying": 1}
    [message] = outbox()
    assert message.attempts == 1 and message.next_attempt_at == start + timedelta(minutes=1)
    assert message.status == MessageStatus.PENDING and "Connection" in message.last_error
    assert services.send_due(start + timedelta(seconds=59)) == NOTHING
    assert services.send_due(start + timedelta(minutes=1)) == {**NOTHING, "retrying": 1}
    assert outbox()[0].next_attempt_at == start + timedelta(minutes=3)

    smtp.start()
    assert services.send_due(start + timedelta(minutes=2)) == NOTHING
    assert services.send_due(start + timedelta(minutes=3)) == {**NOTHING, "sent": 1}
    assert services.send_due(start + timedelta(hours=1)) == NOTHING
    assert [recipients for recipients, _ in smtp.received] == [["kontakt@example.dk"]]
    assert outbox()[0].attempts == 3


def test_a_message_that_keeps_failing_is_marked_failed_after_ten_attempts(make, smtp):
    queue(make.customer(), "kontakt@example.dk")
    moment = utcnow()
    outcomes = []
    for _ in range(services.MAX_ATTEMPTS):
        outcomes.append(services.send_due(moment))
        moment += services.MAX_BACKOFF
    assert outcomes == [{**NOTHING, "retrying": 1}] * 9 + [{**NOTHING, "failed": 1}]
    [message] = outbox()
    assert message.status == MessageStatus.FAILED and message.attempts == 10 and message.last_error
    assert services.send_due(moment + timedelta(days=1)) == NOTHING


def test_a_resent_message_is_delivered_again(make, smtp):
    smtp.start()
    queue(make.customer(), "kontakt@example.dk")
    services.send_due()
    services.resend(make.user("manager"), outbox()[0].id)
    assert services.send_due() == {**NOTHING, "sent": 1}
    first, second = (received for _, received in smtp.received)
    assert first["Message-ID"] != second["Message-ID"] == outbox()[0].message_id


def test_two_senders_at_once_send_each_message_once(app, make, smtp):
    smtp.start()
    customer = make.customer()
    recipients = [f"kontakt{number}@example.dk" for number in range(20)]
    queue(customer, *recipients)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(services.send_due())
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(result["sent"] for result in results) == len(recipients)
    assert sorted(rcpt for rcpts, _ in smtp.received for rcpt in rcpts) == sorted(recipients)
    assert all(message.status == MessageStatus.SENT and message.attempts == 1 for message in outbox())


def test_without_smtp_the_message_is_written_to_the_instance_folder(app, make):
    app.config["HELPDESK_SMTP_HOST"] = ""
    queue(make.customer(), "kontakt@example.dk")
    assert services.send_due() == {**NOTHING, "sent": 1}
    [message] = outbox()
    written = email.message_from_bytes((Path(app.instance_path) / "outbox" / f"{message.id}.eml").read_bytes(),
                                       policy=email.policy.default)
    assert written["To"] == "kontakt@example.dk" and written["Message-ID"] == message.message_id
    assert written["Subject"] == message.subject and written.get_content() == message.body
    assert message.status == MessageStatus.SENT


def test_an_address_that_cannot_be_a_header_fails_without_stopping_the_others(app, make):
    app.config["HELPDESK_SMTP_HOST"] = ""
    queue(make.customer(), "kontakt@example.dk\nBcc: alle@example.dk", "god@example.dk")
    assert services.send_due() == {**NOTHING, "sent": 1, "retrying": 1}
    bad, good = outbox()
    assert "ValueError" in bad.last_error and good.status == MessageStatus.SENT


def test_an_invoice_mail_carries_the_invoice_pdf(make, smtp):
    smtp.start()
    customer = make.customer(email="bogholderi@kunde.dk", cvr="12972997")
    card = clips.sell_card(make.user("manager"), customer.id, 40, "16.000,00", date(2026, 11, 2))
    assert services.send_due() == {**NOTHING, "sent": 1}
    [(recipients, received)] = smtp.received
    [attachment] = list(received.iter_attachments())
    assert recipients == ["bogholderi@kunde.dk"]
    assert attachment.get_filename() == f"faktura-{card.invoice.number}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "12972997" in text and "20.000,00" in text


def pdf_words(attachment) -> str:
    return " ".join(PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text().split())


def test_an_english_recipient_gets_the_invoice_pdf_in_english(make, smtp):
    smtp.start()
    customer = make.customer(email="bogholderi@kunde.dk", cvr="12972997")
    make.user("customer", customer=customer, email="bogholderi@kunde.dk", language="en")
    card = clips.sell_card(make.user("manager"), customer.id, 40, "16.000,00", date(2026, 11, 2))
    assert services.send_due() == {**NOTHING, "sent": 1}
    [(_, received)] = smtp.received
    [attachment] = list(received.iter_attachments())
    text = pdf_words(attachment)
    assert attachment.get_filename() == f"invoice-{card.invoice.number}.pdf"
    assert f"Invoice Invoice number: {card.invoice.number} Invoice date: 02/11/2026 Due date: 10/11/2026" in text
    assert "Total DKK 20,000.00" in text and "Faktura" not in text


def test_each_recipient_of_a_reminder_gets_its_pdf_in_their_own_language(make, smtp):
    smtp.start()
    invoice = overdue_invoice(make, name="Nordlys ApS", email="faktura@nordlys.dk")
    make.user("customer", customer=invoice.customer, email="john@nordlys.dk", language="en")
    run_dunning(date(2025, 3, 12))
    services.send_due()
    reminders = {recipients[0]: (received["Subject"], attachment) for recipients, received in smtp.received
                 for attachment in received.iter_attachments() if attachment.get_filename().endswith("-1-1.pdf")}
    assert sorted(reminders) == ["faktura@nordlys.dk", "john@nordlys.dk"]
    (danish_subject, danish), (english_subject, english) = reminders["faktura@nordlys.dk"], reminders["john@nordlys.dk"]
    assert (danish_subject, english_subject) == ("Rykker 1 for faktura 1", "Reminder 1 for invoice 1")
    assert (danish.get_filename(), english.get_filename()) == ("rykker-1-1.pdf", "reminder-1-1.pdf")
    assert "Rykker 1 for faktura 1" in pdf_words(danish) and "At betale nu DKK 1.685,00" in pdf_words(danish)
    assert "Reminder 1 for invoice 1" in pdf_words(english) and "To pay now DKK 1,685.00" in pdf_words(english)
