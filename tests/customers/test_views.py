"""The managers' retention page: who is to be deleted when, and postponing it."""

from datetime import timedelta

from helpdesk.customers.models import Customer
from helpdesk.database import local_today
from helpdesk.extensions import db
from tests.customers.conftest import add_agreement


def test_the_page_lists_ended_customers_with_their_days(client, auth, make, manager, ended):
    running = make.customer(name="Kører stadig ApS")
    add_agreement(running, status="active", ends_on=None)
    auth.login(manager)
    page = client.get("/customers/retention").get_data(as_text=True)
    assert "Nordlys ApS" in page and "31.12.2025" in page and "17.03.2026" in page and "31.03.2026" in page
    assert f"/customers/{ended.customer_id}/export.zip" in page
    assert "Kører stadig ApS" not in page
    assert "/customers/retention" in client.get("/cases/").get_data(as_text=True)


def test_a_manager_postpones_from_the_page(client, auth, manager, ended):
    auth.login(manager)
    until = local_today() + timedelta(days=400)
    response = client.post(f"/customers/{ended.customer_id}/postpone-deletion",
                           data={"until": until.isoformat(), "reason": "Revisionen er ikke afsluttet"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"data slettes først {until:%d.%m.%Y}" in page
    assert "Revisionen er ikke afsluttet" in page
    assert db.session.get(Customer, ended.customer_id).deletion_postponed_until == until


def test_a_postponement_without_a_reason_is_refused_clearly(client, auth, manager, ended):
    auth.login(manager)
    response = client.post(f"/customers/{ended.customer_id}/postpone-deletion",
                           data={"until": "2030-01-01", "reason": ""}, follow_redirects=True)
    assert "Begrundelse: Skriv hvorfor sletningen udskydes." in response.get_data(as_text=True)
    assert db.session.get(Customer, ended.customer_id).deletion_postponed_until is None


def test_an_english_manager_postpones_in_english(client, auth, make, ended):
    auth.login(make.user("manager", language="en"))
    response = client.post(f"/customers/{ended.customer_id}/postpone-deletion",
                           data={"until": "2030-01-01", "reason": "Revisionen er ikke afsluttet"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Nordlys ApS: the data will not be deleted before 01/01/2030." in page
    assert "<h1>Data deletion</h1>" in page and "Download ZIP" in page
