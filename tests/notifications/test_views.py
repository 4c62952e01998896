"""The outbox page for managers and the messages page in kundeHUB."""

from helpdesk.extensions import db
from helpdesk.notifications.models import MessageStatus
from tests.notifications.helpers import outbox, queue


def _fail(message, error="SMTPRecipientsRefused: 550 ukendt modtager") -> None:
    message.status, message.attempts, message.last_error = MessageStatus.FAILED, 10, error
    db.session.commit()


def test_technicians_cannot_see_or_resend_the_outbox(client, auth, make):
    queue(make.customer(), "kontakt@example.dk")
    auth.login(make.user("technician"))
    assert client.get("/outbox/").status_code == 403
    assert client.post(f"/outbox/{outbox()[0].id}/resend").status_code == 403


def test_managers_see_failed_messages_first_with_their_error(client, auth, make):
    queue(make.customer(), "forst@example.dk", "fejler@example.dk", "sidst@example.dk")
    _fail(outbox()[1])
    auth.login(make.user("manager"))
    page = client.get("/outbox/").get_data(as_text=True)
    assert page.index("fejler@example.dk") < page.index("sidst@example.dk") < page.index("forst@example.dk")
    assert "550 ukendt modtager" in page and "Kunne ikke sendes" in page and "Send igen" in page


def test_the_outbox_filters_by_status(client, auth, make):
    queue(make.customer(), "venter@example.dk", "fejler@example.dk")
    _fail(outbox()[1])
    auth.login(make.user("admin"))
    page = client.get("/outbox/?status=failed").get_data(as_text=True)
    assert "fejler@example.dk" in page and "venter@example.dk" not in page
    assert "venter@example.dk" in client.get("/outbox/?status=nonsense").get_data(as_text=True)


def test_a_manager_resends_a_failed_message(client, auth, make):
    queue(make.customer(), "fejler@example.dk")
    _fail(outbox()[0])
    auth.login(make.user("manager"))
    response = client.post(f"/outbox/{outbox()[0].id}/resend", follow_redirects=True)
    assert "sendes igen" in response.get_data(as_text=True)
    [message] = outbox()
    assert message.status == MessageStatus.PENDING and message.attempts == 0
    assert client.post("/outbox/999/resend").status_code == 404


def test_a_customer_sees_only_its_own_customers_messages(client, auth, make):
    ours, theirs = make.customer(), make.customer()
    queue(ours, "os@example.dk")
    queue(theirs, "dem@example.dk")
    auth.login(make.user("customer", customer=ours))
    page = client.get("/hub/messages").get_data(as_text=True)
    assert "os@example.dk" in page and "Jeres klipsaldo er 2 klip" in page and "dem@example.dk" not in page
    assert client.get("/outbox/").status_code == 403


def test_staff_have_no_kundehub_messages_page(client, auth, make):
    auth.login(make.user("manager"))
    assert client.get("/hub/messages").status_code == 403
