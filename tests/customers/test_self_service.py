"""kundeHUB's company page: the admin contact keeps the details and colleagues current (H §3.4), each change kept."""

import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.access import scope_session_to
from helpdesk.accounts.models import PasswordReset, User
from helpdesk.billing import services as billing
from helpdesk.billing.models import LineKind
from helpdesk.customers import self_service
from helpdesk.customers.models import Customer, CustomerRevision
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage
from tests.factories import Factory

DETAILS = {"name": "Nordlys ApS", "address": "Nordlysvej 1\r\n8000 Aarhus C", "email": "faktura@nordlys.dk",
           "phone": "12345678"}


@pytest.fixture
def nordlys(make) -> Customer:
    return make.customer(name="Nordlys ApS", email="faktura@nordlys.dk", cvr="12972997", phone="12345678",
                         address="Nordlysvej 1\n8000 Aarhus C")


@pytest.fixture
def admin(make, nordlys) -> User:
    user = make.user("customer", customer=nordlys, email="karin@nordlys.dk", name="Karin Kunde")
    user.is_customer_admin = True
    db.session.commit()
    return user


@pytest.fixture
def colleague(make, nordlys) -> User:
    return make.user("customer", customer=nordlys, email="ole@nordlys.dk", name="Ole Olsen")


def revisions() -> list[tuple]:
    """Every revision, by field, whoever asked last (a customer's request leaves the test's session scoped)."""
    scope_session_to(db.session, None)
    return [(r.field, r.old_value, r.new_value, r.changed_by_id) for r in db.session.scalars(
        sa.select(CustomerRevision).order_by(CustomerRevision.field, CustomerRevision.id))]


def test_each_changed_detail_becomes_one_revision_and_unchanged_ones_none(client, auth, admin, nordlys):
    auth.login(admin)
    response = client.post("/hub/company", data=DETAILS | {"name": "Nordlys Solutions ApS",
                                                           "email": "Bogholderi@Nordlys.dk"})
    assert response.status_code == 302
    assert "Oplysningerne er gemt." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert revisions() == [
        ("email", "faktura@nordlys.dk", "bogholderi@nordlys.dk", admin.id),
        ("name", "Nordlys ApS", "Nordlys Solutions ApS", admin.id),
    ]
    customer = db.session.get(Customer, nordlys.id)
    assert (customer.name, customer.email, customer.address) == (
        "Nordlys Solutions ApS", "bogholderi@nordlys.dk", "Nordlysvej 1\n8000 Aarhus C")


def test_saving_the_same_details_records_nothing(client, auth, admin):
    auth.login(admin)
    response = client.post("/hub/company", data=DETAILS, follow_redirects=True)
    assert "Der var ingen ændringer at gemme." in response.get_data(as_text=True)
    assert revisions() == []


def test_changes_made_together_share_their_moment_and_author(admin, nordlys):
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
    changed = self_service.update_company(admin, name="Nordlys A/S", address="Fjordvej 2", email="faktura@nordlys.dk",
                                          phone="87654321", now=moment)
    assert changed == 3
    rows = db.session.scalars(sa.select(CustomerRevision)).all()
    assert {(row.field, row.changed_at, row.changed_by.name) for row in rows} == {
        ("name", moment, "Karin Kunde"), ("address", moment, "Karin Kunde"), ("phone", moment, "Karin Kunde")}


def test_bad_details_are_named_on_the_form_and_nothing_changes(client, auth, admin, nordlys):
    auth.login(admin)
    response = client.post("/hub/company", data=DETAILS | {"name": " ", "email": "faktura.nordlys.dk",
                                                           "phone": "1" * 41})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Navnet skal udfyldes." in page
    assert "Skriv en gyldig e-mailadresse, fx faktura@firma.dk." in page
    assert "Højst 40 tegn." in page
    assert revisions() == []
    assert db.session.get(Customer, nordlys.id).email == "faktura@nordlys.dk"


def test_the_cvr_number_is_shown_but_not_the_customers_to_change(client, auth, admin, nordlys):
    auth.login(admin)
    page = client.get("/hub/company").get_data(as_text=True)
    assert "12972997" in page and "CVR-nummeret kan ikke ændres her." in page
    client.post("/hub/company", data=DETAILS | {"cvr": "10150817"})
    assert db.session.get(Customer, nordlys.id).cvr == "12972997"
    assert revisions() == []


def test_every_user_of_the_customer_sees_the_details_and_colleagues(client, auth, admin, colleague, make):
    make.user("customer", customer=make.customer(name="Fjordsoft A/S"), name="Frederik Fjord")
    auth.login(colleague)
    page = client.get("/hub/company").get_data(as_text=True)
    assert "Nordlys ApS" in page and "12972997" in page and "faktura@nordlys.dk" in page
    assert "Karin Kunde" in page and "Ole Olsen" in page and "Frederik Fjord" not in page
    assert "Kun jeres administrator (Karin Kunde) kan ændre oplysningerne" in page
    assert "Gem oplysninger" not in page and "Invitér en kollega" not in page


@pytest.mark.parametrize(("method", "path", "data"), [
    ("post", "/hub/company", DETAILS | {"name": "Kapret ApS"}),
    ("post", "/hub/company/colleagues", {"invite-name": "Nina Ny", "invite-email": "nina@nordlys.dk"}),
    ("get", "/hub/company/colleagues/{admin}", None),
    ("post", "/hub/company/colleagues/{admin}", {"name": "Kapret", "phone": ""}),
    ("post", "/hub/company/colleagues/{admin}/access", {"active": "0"}),
    ("post", "/hub/company/colleagues/{admin}/role", {"admin": "0"}),
])
def test_a_user_who_is_not_the_admin_contact_gets_403(client, auth, admin, colleague, method, path, data):
    auth.login(colleague)
    response = getattr(client, method)(path.format(admin=admin.id), data=data)
    assert response.status_code == 403
    assert revisions() == []
    db.session.expire_all()
    assert (admin.name, admin.active, admin.is_customer_admin) == ("Karin Kunde", True, True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2


def test_staff_get_403_on_the_company_page(client, auth, make, admin):
    auth.login(make.user("manager"))
    assert client.get("/hub/company").status_code == 403


def test_an_invited_colleague_gets_a_link_that_sets_a_password_once(client, auth, admin, nordlys):
    auth.login(admin)
    response = client.post("/hub/company/colleagues",
                           data={"invite-name": "Nina Ny", "invite-email": "Nina@Nordlys.dk"})
    assert response.status_code == 302
    nina = db.session.scalars(sa.select(User).where(User.email == "nina@nordlys.dk")).one()
    assert (nina.name, nina.customer_id, nina.active, nina.is_customer_admin) == ("Nina Ny", nordlys.id, True, False)
    assert not nina.check_password("") and not nina.check_password(nina.password_hash)

    scope_session_to(db.session, None)
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert (mail.recipient, mail.kind, mail.customer_id) == ("nina@nordlys.dk", "invite", None)
    assert mail.subject == "Karin Kunde har inviteret dig til kundeHUB"
    link = re.search(r"http://localhost/password/reset/\S+", mail.body).group()
    invitation = db.session.scalars(sa.select(PasswordReset)).one()
    assert invitation.purpose == "invite" and (invitation.expires_at - invitation.created_at).days == 7
    assert ("contact:%d:invited" % nina.id, "", "nina@nordlys.dk", admin.id) in revisions()

    auth.logout()
    chosen = {"password": "nordlys-nina-2026", "repeated": "nordlys-nina-2026"}
    assert client.post(link, data=chosen).status_code == 302
    auth.login(nina, password="nordlys-nina-2026")
    auth.logout()
    again = client.post(link, data={"password": "overtaget-konto-1", "repeated": "overtaget-konto-1"})
    assert again.status_code == 400 and "Linket er udløbet eller allerede brugt." in again.get_data(as_text=True)
    db.session.expire_all()
    assert nina.check_password("nordlys-nina-2026")


def test_an_address_that_has_an_account_cannot_be_invited(client, auth, admin, colleague):
    auth.login(admin)
    response = client.post("/hub/company/colleagues", data={"invite-name": "Ole", "invite-email": "ole@nordlys.dk"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Der findes allerede en bruger med e-mailen ole@nordlys.dk." in page
    assert 'name="name" required type="text" value="Nordlys ApS"' in page  # the company form is left as it was
    scope_session_to(db.session, None)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_deactivated_colleague_cannot_sign_in_until_reactivated(client, auth, admin, colleague):
    auth.login(admin)
    response = client.post(f"/hub/company/colleagues/{colleague.id}/access", data={"active": "0"},
                           follow_redirects=True)
    assert "Ole Olsen kan ikke længere logge ind." in response.get_data(as_text=True)
    client.post(f"/hub/company/colleagues/{colleague.id}/access", data={"active": "1"})
    client.post(f"/hub/company/colleagues/{colleague.id}/access", data={"active": "0"})
    auth.logout()

    refused = client.post("/login", data={"email": colleague.email, "password": Factory.PASSWORD})
    assert refused.status_code == 400 and "Forkert e-mail eller adgangskode." in refused.get_data(as_text=True)
    assert [row for row in revisions() if row[0].endswith(":active")] == [
        (f"contact:{colleague.id}:active", "aktiv", "deaktiveret", admin.id),
        (f"contact:{colleague.id}:active", "deaktiveret", "aktiv", admin.id),
        (f"contact:{colleague.id}:active", "aktiv", "deaktiveret", admin.id)]

    self_service.set_active(admin, colleague, True)
    auth.login(colleague)


def test_a_deactivated_colleague_is_signed_out_at_once(client, auth, admin, colleague):
    auth.login(colleague)
    self_service.set_active(admin, colleague, False)
    assert "/login" in client.get("/hub/").headers["Location"]


def test_the_admin_cannot_lock_themselves_out(client, auth, admin):
    auth.login(admin)
    for path, data in ((f"/hub/company/colleagues/{admin.id}/access", {"active": "0"}),
                       (f"/hub/company/colleagues/{admin.id}/role", {"admin": "0"})):
        assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert admin.active and admin.is_customer_admin
    assert "Du kan ikke ændre din egen rolle." in client.get("/hub/company").get_data(as_text=True)


def test_the_admin_makes_a_colleague_admin(client, auth, admin, colleague):
    auth.login(admin)
    client.post(f"/hub/company/colleagues/{colleague.id}/role", data={"admin": "1"})
    auth.logout()
    auth.login(colleague)
    assert client.post("/hub/company", data=DETAILS | {"phone": "70203040"}).status_code == 302
    assert db.session.get(Customer, colleague.customer_id).phone == "70203040"


def test_another_customers_user_is_not_found(client, auth, make, admin):
    stranger = make.user("customer", customer=make.customer(name="Fjordsoft A/S"))
    auth.login(admin)
    assert client.get(f"/hub/company/colleagues/{stranger.id}").status_code == 404
    assert client.post(f"/hub/company/colleagues/{stranger.id}/access", data={"active": "0"}).status_code == 404
    db.session.expire_all()
    assert stranger.active


def test_managers_read_the_history_with_colleagues_changes(client, auth, make, admin, colleague, nordlys):
    auth.login(admin)
    client.post("/hub/company", data=DETAILS | {"phone": "70203040"})
    client.post(f"/hub/company/colleagues/{colleague.id}", data={"name": "Ole Olsen", "phone": "22334455"})
    assert revisions() == [(f"contact:{colleague.id}:phone", "", "22334455", admin.id),
                           ("phone", "12345678", "70203040", admin.id)]
    assert client.get(f"/customers/{nordlys.id}/history").status_code == 403
    auth.logout()

    auth.login(make.user("manager"))
    page = client.get(f"/customers/{nordlys.id}/history").get_data(as_text=True)
    assert "Telefon · Ole Olsen" in page and "22334455" in page
    assert "12345678" in page and "70203040" in page and "Karin Kunde" in page
    assert f"/customers/{nordlys.id}/history" in client.get(f"/clips/customers/{nordlys.id}").get_data(as_text=True)
    auth.logout()

    auth.login(make.user("manager", language="en"))
    page = client.get(f"/customers/{nordlys.id}/history").get_data(as_text=True)
    assert "<td>Phone · Ole Olsen</td>" in page and "<td>Phone</td>" in page and "Telefon" not in page


def test_invoices_keep_the_details_of_their_issue_date(admin, nordlys):
    line = [billing.LineInput(LineKind.HOURLY, "Konsulentbistand, 1 time", 1, Decimal("950.00"))]
    before = billing.issue_invoice(nordlys, line, date(2026, 3, 1))
    db.session.commit()
    self_service.update_company(admin, name="Nordlys Solutions ApS", address="Fjordvej 2\n8000 Aarhus C",
                                email="bogholderi@nordlys.dk", phone="12345678")
    after = billing.issue_invoice(db.session.get(Customer, nordlys.id), line, date(2026, 3, 2))
    db.session.commit()
    db.session.expire_all()
    assert (before.buyer_name, before.buyer_address, before.buyer_email, before.buyer_cvr) == (
        "Nordlys ApS", "Nordlysvej 1\n8000 Aarhus C", "faktura@nordlys.dk", "12972997")
    assert (after.buyer_name, after.buyer_address, after.buyer_email, after.buyer_cvr) == (
        "Nordlys Solutions ApS", "Fjordvej 2\n8000 Aarhus C", "bogholderi@nordlys.dk", "12972997")
