"""Sign-in hardening: a rate limit with a clear message, a password policy, and every attempt in the audit log."""

import pytest
import sqlalchemy as sa

from helpdesk.accounts import services
from helpdesk.audit import AuditEvent
from helpdesk.errors import DomainError
from helpdesk.extensions import db


def test_too_many_sign_ins_from_one_address_are_refused_with_a_message(client, make):
    user = make.user("technician")
    for _ in range(10):
        assert client.post("/login", data={"email": user.email, "password": "forkert-kode-123"}).status_code == 400
    refused = client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    assert refused.status_code == 429
    assert "For mange forsøg fra din adresse. Vent et minut, og prøv igen." in refused.get_data(as_text=True)
    other_address = client.post("/login", data={"email": user.email, "password": "correct-horse-battery"},
                                environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other_address.status_code == 302


def test_sign_ins_and_failures_are_audited(client, auth, make):
    user = make.user("technician", email="tina@example.dk")
    client.post("/login", data={"email": "tina@example.dk", "password": "forkert-kode-123"})
    auth.login(user)
    rows = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target).order_by(AuditEvent.id)).all()
    assert rows == [("user_created", "tina@example.dk"), ("sign_in_failed", "tina@example.dk"),
                    ("sign_in", "tina@example.dk")]


@pytest.mark.parametrize(("password", "message"), [
    ("kort123", "mindst 10 tegn"),
    ("aaaaaaaaaaaa", "mindst 5 forskellige tegn"),
    ("tina.tekniker", "må ikke være din e-mailadresse"),
])
def test_the_password_policy(make, password, message):
    with pytest.raises(DomainError, match=message):
        services.create_user("tina.tekniker@example.dk", "Tina", "technician", password)
