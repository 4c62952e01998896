"""Forgotten passwords: a neutral answer, a single-use link for an hour, only its hash stored."""

import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from helpdesk.accounts import passwords
from helpdesk.accounts.models import PasswordReset, hash_token
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage
from tests.factories import Factory

ISSUED = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
NEW_PASSWORD = "nyt-kodeord-2026"


def link(token: str) -> str:
    return f"https://helpdesk.example/password/reset/{token}"


def mails() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def token_in(mail: OutboxMessage) -> str:
    return re.search(r"/password/reset/(\S+)", mail.body).group(1)


@pytest.fixture
def technician(make):
    return make.user("technician", email="tina@hostkon.dk", name="Tina Tekniker")


def test_the_login_page_links_to_forgotten_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<a href="/password/forgot">Glemt adgangskode?</a>' in page
    assert client.get("/password/forgot").status_code == 200


def test_a_known_and_an_unknown_address_get_the_same_page_and_only_the_known_one_a_mail(client, make, technician):
    make.user("technician", email="gone@hostkon.dk").active = False
    db.session.commit()
    unknown = client.post("/password/forgot", data={"email": "ingen@hostkon.dk"})
    inactive = client.post("/password/forgot", data={"email": "gone@hostkon.dk"})
    assert mails() == []
    known = client.post("/password/forgot", data={"email": " Tina@Hostkon.dk "})
    assert unknown.status_code == inactive.status_code == known.status_code == 200
    assert unknown.get_data() == inactive.get_data() == known.get_data()
    assert "Hvis e-mailen hører til en konto hos os" in known.get_data(as_text=True)

    [mail] = mails()
    assert (mail.recipient, mail.kind, mail.customer_id) == ("tina@hostkon.dk", "password_reset", None)
    assert mail.subject == "Vælg en ny adgangskode til hostkon.IT"
    assert re.search(r"http://localhost/password/reset/[\w-]{43}\s", mail.body)


def test_only_the_tokens_hash_is_stored(technician):
    passwords.request_reset(technician.email, link, now=ISSUED)
    token = token_in(mails()[0])
    reset = db.session.scalars(sa.select(PasswordReset)).one()
    assert reset.token_hash == hash_token(token) != token
    assert (reset.purpose, reset.expires_at, reset.used_at) == ("reset", ISSUED + timedelta(hours=1), None)


def test_the_link_sets_the_password_once(client, auth, technician):
    passwords.request_reset(technician.email, link)
    path = token_in(mails()[0])
    page = client.get(f"/password/reset/{path}")
    assert page.status_code == 200 and "tina@hostkon.dk" in page.get_data(as_text=True)

    different = client.post(f"/password/reset/{path}", data={"password": NEW_PASSWORD, "repeated": "noget-helt-andet"})
    assert different.status_code == 400 and "De to adgangskoder er ikke ens." in different.get_data(as_text=True)
    short = client.post(f"/password/reset/{path}", data={"password": "kort", "repeated": "kort"})
    assert short.status_code == 400 and "Adgangskoden skal være mindst 10 tegn." in short.get_data(as_text=True)

    saved = client.post(f"/password/reset/{path}", data={"password": NEW_PASSWORD, "repeated": NEW_PASSWORD})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/login")
    assert db.session.scalars(sa.select(PasswordReset)).one().used_at is not None
    assert client.post("/login", data={"email": technician.email, "password": Factory.PASSWORD}).status_code == 400
    auth.login(technician, password=NEW_PASSWORD)
    auth.logout()

    again = client.post(f"/password/reset/{path}",
                        data={"password": "tredje-kodeord-99", "repeated": "tredje-kodeord-99"})
    assert again.status_code == 400
    assert "Linket er udløbet eller allerede brugt." in again.get_data(as_text=True)
    assert client.get(f"/password/reset/{path}").status_code == 400
    db.session.expire_all()
    assert technician.check_password(NEW_PASSWORD)


def test_a_link_works_for_an_hour_and_not_a_moment_longer(technician):
    passwords.request_reset(technician.email, link, now=ISSUED)
    token = token_in(mails()[0])
    assert passwords.open_link(token, now=ISSUED + timedelta(minutes=59)).user_id == technician.id
    with pytest.raises(passwords.InvalidLink):
        passwords.open_link(token, now=ISSUED + timedelta(hours=1))
    with pytest.raises(passwords.InvalidLink):
        passwords.set_password(token, NEW_PASSWORD, NEW_PASSWORD, now=ISSUED + timedelta(hours=1))
    db.session.expire_all()
    assert technician.check_password(Factory.PASSWORD)
    assert db.session.scalars(sa.select(PasswordReset)).one().used_at is None


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(client, technician):
    passwords.request_reset(technician.email, link, now=datetime.now(timezone.utc) - timedelta(hours=2))
    path = token_in(mails()[0])
    response = client.post(f"/password/reset/{path}", data={"password": NEW_PASSWORD, "repeated": NEW_PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Linket virker ikke" in page and "Linket er udløbet eller allerede brugt." in page
    assert "/password/forgot" in page
    db.session.expire_all()
    assert technician.check_password(Factory.PASSWORD)


def test_an_unknown_token_is_refused(client):
    assert client.get("/password/reset/gaet-et-token").status_code == 400


def test_a_reset_expires_the_users_other_open_links(technician):
    passwords.request_reset(technician.email, link, now=ISSUED)
    passwords.request_reset(technician.email, link, now=ISSUED + timedelta(minutes=5))
    first, second = (token_in(mail) for mail in mails())
    passwords.set_password(second, NEW_PASSWORD, NEW_PASSWORD, now=ISSUED + timedelta(minutes=10))
    with pytest.raises(passwords.InvalidLink):
        passwords.open_link(first, now=ISSUED + timedelta(minutes=11))
    first_row = db.session.scalars(sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(first))).one()
    assert (first_row.used_at, first_row.expires_at) == (None, ISSUED + timedelta(minutes=10))


def test_a_deactivated_users_link_no_longer_works(technician):
    passwords.request_reset(technician.email, link, now=ISSUED)
    technician.active = False
    db.session.commit()
    with pytest.raises(passwords.InvalidLink):
        passwords.open_link(token_in(mails()[0]), now=ISSUED)


def test_the_mail_is_in_the_users_language(technician):
    technician.language = "en"
    db.session.commit()
    passwords.request_reset(technician.email, link, now=ISSUED)
    mail = mails()[0]
    assert mail.subject == "Choose a new password for hostkon.IT"
    assert f"{link(token_in(mail))}\n" in mail.body and "until 02/03/2026 10:00 (Copenhagen time)" in mail.body


def test_managers_see_a_password_mail_in_the_outbox_but_not_its_link(client, auth, make, technician):
    passwords.request_reset(technician.email, link)
    token = token_in(mails()[0])
    auth.login(make.user("manager"))
    page = client.get("/outbox/").get_data(as_text=True)
    assert "Vælg en ny adgangskode til hostkon.IT" in page and "tina@hostkon.dk" in page
    assert token not in page
