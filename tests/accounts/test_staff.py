"""Admins change staff roles and (de)activate accounts on /staff/; every change is audited, and no admin can
remove their own admin access (so one always remains)."""

import sqlalchemy as sa

from helpdesk.audit import AuditEvent
from helpdesk.extensions import db


def _save(client, user, role: str, active: bool):
    data = {f"user-{user.id}-role": role}
    if active:
        data[f"user-{user.id}-active"] = "y"
    return client.post(f"/staff/{user.id}", data=data)


def test_an_admin_promotes_a_technician_and_the_change_is_audited(client, auth, make):
    admin = make.user("admin", email="ada@example.dk")
    tina = make.user("technician", email="tina@example.dk", name="Tina Tekniker")
    auth.login(admin)
    page = client.get("/staff/").get_data(as_text=True)
    assert "tina@example.dk" in page and 'id="user-{}-role"'.format(tina.id) in page
    response = _save(client, tina, "manager", active=True)
    assert response.status_code == 302
    assert "Tina Tekniker er gemt: leder." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(tina)
    assert tina.role == "manager"
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "role_changed")).one()
    assert (event.actor, event.target, event.detail) == ("ada@example.dk", "tina@example.dk", "tekniker → leder")


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(client, auth, make, app):
    admin, tina = make.user("admin"), make.user("technician", email="tina@example.dk")
    tinas_browser = app.test_client()

    def as_tina(method, path, **kwargs):
        with app.app_context():   # her own requests, not sharing the test's app context (and its signed-in user)
            return getattr(tinas_browser, method)(path, **kwargs).status_code

    assert as_tina("post", "/login", data={"email": "tina@example.dk", "password": make.PASSWORD}) == 302
    assert as_tina("get", "/cases/") == 200
    auth.login(admin)
    assert _save(client, tina, "technician", active=False).status_code == 302
    assert as_tina("get", "/cases/") == 302                                      # her session ends at once
    assert as_tina("post", "/login", data={"email": "tina@example.dk", "password": make.PASSWORD}) == 400
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.target == "tina@example.dk")).all()
    assert "user_deactivated" in actions


def test_an_admin_cannot_demote_or_deactivate_themself_but_another_admin(client, auth, make):
    ada = make.user("admin", name="Ada")
    auth.login(ada)
    refused = _save(client, ada, "manager", active=True)
    assert refused.status_code == 400
    assert "Du kan ikke fjerne din egen administratoradgang" in refused.get_data(as_text=True)
    bo = make.user("admin", name="Bo")
    assert _save(client, bo, "admin", active=False).status_code == 302       # Ada stays: allowed
    db.session.refresh(ada)
    assert ada.role == "admin" and ada.active


def test_customer_users_and_unknown_roles_are_refused_with_a_reason(client, auth, make):
    auth.login(make.user("admin"))
    customer_user = make.user("customer", customer=make.customer())
    refused = _save(client, customer_user, "manager", active=True)
    assert refused.status_code == 400 and "Kundebrugere har ingen medarbejderrolle" in refused.get_data(as_text=True)
    technician = make.user("technician")
    assert _save(client, technician, "customer", active=True).status_code == 400
    db.session.refresh(technician)
    assert technician.role == "technician"


def test_only_admins_reach_the_staff_page(client, auth, make):
    auth.login(make.user("manager"))
    assert client.get("/staff/").status_code == 403
