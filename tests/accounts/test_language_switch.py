"""The "Dansk / English" switch in the footer: a visitor's choice lasts the session, a user's is kept on the account."""

import pytest

from helpdesk.accounts.models import Language
from helpdesk.extensions import db


def test_pages_are_danish_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="da">' in page and "<h1>Log ind</h1>" in page


def test_a_visitor_switches_to_english_and_back(client):
    response = client.post("/language", data={"language": "en", "next": "/password/forgot"})
    assert response.status_code == 302 and response.headers["Location"] == "/password/forgot"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Sign in</h1>" in page and "Forgotten your password?" in page
    client.post("/language", data={"language": "da", "next": "/login"})
    assert "<h1>Log ind</h1>" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "", None])
def test_the_switch_goes_back_only_to_this_site(client, target):
    data = {"language": "en"} | ({"next": target} if target is not None else {})
    response = client.post("/language", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_unknown_language_is_a_bad_request(client):
    assert client.post("/language", data={"language": "fr"}).status_code == 400


def test_a_signed_in_user_keeps_the_choice(client, auth, make):
    user = make.user("technician")
    auth.login(user)
    client.post("/language", data={"language": "en", "next": "/account"})
    db.session.refresh(user)
    assert user.language == Language.ENGLISH
    auth.logout()
    auth.login(user)
    assert "<h1>Your account</h1>" in client.get("/account").get_data(as_text=True)
