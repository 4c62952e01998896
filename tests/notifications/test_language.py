"""Mail goes out in each recipient's language: Danish unless the user chose English."""

import sqlalchemy as sa

from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage
from helpdesk.notifications.services import enqueue


def test_each_recipient_gets_the_mail_in_their_language(client, auth, make):
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk")
    english = make.user("customer", customer=customer, email="john@nordlys.dk")
    auth.login(english)
    response = client.post("/account", data={"language": "en"}, follow_redirects=True)
    assert "Your settings have been saved." in response.get_data(as_text=True)
    enqueue("low_saldo", ["faktura@nordlys.dk", "john@nordlys.dk"], "low_saldo",
            {"customer": customer, "balance": 2, "threshold": 4}, customer_id=customer.id)
    db.session.commit()
    subjects = dict(db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)).all())
    assert subjects == {"faktura@nordlys.dk": "Jeres klipsaldo er 2 klip",
                        "john@nordlys.dk": "Your clip saldo is 2 clips"}


def test_an_unknown_language_is_refused(client, auth, make):
    auth.login(make.user("technician"))
    response = client.post("/account", data={"language": "fr"})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
