"""Managers keep the customers: find them, create one, change its details and terms; each change is kept."""

from decimal import Decimal

import sqlalchemy as sa

from helpdesk.customers.models import Customer, CustomerRevision
from helpdesk.extensions import db

NEW = {"name": "Fjordbyg A/S", "cvr": "12972997", "email": "bogholderi@fjordbyg.dk", "phone": "86 12 34 56",
       "address": "Havnegade 2\r\n8000 Aarhus C", "delivery": "post", "gln": "", "terms": "compusoft",
       "payment_terms_days": "14", "hourly_rate": "1.100,00", "overdraft_policy": "hourly",
       "low_saldo_threshold": "10"}


def test_a_manager_creates_a_customer_with_its_terms(client, auth, manager):
    auth.login(manager)
    response = client.post("/customers/new", data=NEW)            # "is_business" not ticked: a private customer
    customer = db.session.scalars(sa.select(Customer).where(Customer.name == "Fjordbyg A/S")).one()
    assert response.status_code == 302 and response.headers["Location"] == f"/clips/customers/{customer.id}"
    assert (customer.cvr, customer.address, customer.delivery_channel.value, customer.terms_profile.value,
            customer.payment_terms_days, customer.hourly_rate, customer.overdraft_policy.value,
            customer.low_saldo_threshold, customer.is_business) == (
        "12972997", "Havnegade 2\n8000 Aarhus C", "post", "compusoft", 14, Decimal("1100.00"), "hourly", 10, False)
    assert "Kunden Fjordbyg A/S er oprettet." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_every_bad_value_is_named_on_its_field_and_nothing_is_saved(client, auth, manager):
    auth.login(manager)
    response = client.post("/customers/new", data=NEW | {
        "cvr": "12345678", "delivery": "oioubl", "payment_terms_days": "otte", "hourly_rate": "950,125",
        "low_saldo_threshold": "-1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "CVR-nummeret 12345678 findes ikke: kontrolcifferet passer ikke." in page
    assert "Levering som OIOUBL-e-faktura kræver kundens EAN/GLN-nummer." in page
    assert "Skal være et helt tal." in page
    assert "Ugyldig timepris: »950,125« har mere end 2 decimaler." in page
    assert "Skal være mindst 0." in page
    assert 'value="Fjordbyg A/S"' in page                         # what was typed is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Customer)) == 0


def test_a_manager_changes_the_terms_and_the_history_says_who_changed_what(client, auth, make, manager):
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk")     # hostkon, 8 days, 950,00
    auth.login(manager)
    form = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert 'value="950,00"' in form and 'value="8"' in form
    response = client.post(f"/customers/{customer.id}/edit", data=NEW | {
        "name": "Nordlys ApS", "cvr": "", "email": "faktura@nordlys.dk", "phone": "", "address": "",
        "delivery": "email", "terms": "compusoft", "payment_terms_days": "30", "hourly_rate": "950",
        "overdraft_policy": "unfunded", "low_saldo_threshold": "4", "is_business": "y"}, follow_redirects=True)
    assert "2 oplysninger er ændret." in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert (customer.terms_profile.value, customer.payment_terms_days) == ("compusoft", 30)
    revisions = db.session.scalars(sa.select(CustomerRevision).order_by(CustomerRevision.field)).all()
    assert [(r.field, r.old_value, r.new_value, r.changed_by_id) for r in revisions] == [
        ("payment_terms_days", "8", "30", manager.id), ("terms_profile", "hostkon", "compusoft", manager.id)]
    history = client.get(f"/customers/{customer.id}/history").get_data(as_text=True)
    assert "Betalingsfrist i dage" in history and "Vilkår" in history and "Lone Leder" in history
    unchanged = client.post(f"/customers/{customer.id}/edit", data=NEW | {
        "name": "Nordlys ApS", "cvr": "", "email": "faktura@nordlys.dk", "phone": "", "address": "",
        "delivery": "email", "payment_terms_days": "30", "hourly_rate": "950,00", "overdraft_policy": "unfunded",
        "low_saldo_threshold": "4", "is_business": "y"}, follow_redirects=True)
    assert "Intet var ændret." in unchanged.get_data(as_text=True)


def test_oioubl_delivery_cannot_lose_its_gln(client, auth, make, manager):
    customer = make.customer(delivery_channel="oioubl", gln="5790000435975")
    auth.login(manager)
    response = client.post(f"/customers/{customer.id}/edit", data=NEW | {"delivery": "oioubl", "gln": ""})
    assert response.status_code == 422
    assert "Levering som OIOUBL-e-faktura kræver kundens EAN/GLN-nummer." in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert (customer.gln, customer.name) == ("5790000435975", customer.name)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CustomerRevision)) == 0


def test_the_list_finds_customers_by_name_or_cvr_number(client, auth, make, manager):
    make.customer(name="Nordlys ApS", cvr="12972997")
    make.customer(name="Fjordbyg A/S")
    make.customer(name="100% Hosting ApS")
    auth.login(manager)

    def names(query: str) -> list[str]:
        page = client.get("/customers/", query_string={"q": query}).get_data(as_text=True)
        return [name for name in ("Nordlys ApS", "Fjordbyg A/S", "100% Hosting ApS") if f">{name}</a>" in page]

    assert names("") == ["Nordlys ApS", "Fjordbyg A/S", "100% Hosting ApS"]
    assert names("nord") == ["Nordlys ApS"]
    assert names("1297 2") == ["Nordlys ApS"]
    assert names("%") == ["100% Hosting ApS"]                    # a % is a character, not a wildcard
    assert "Ingen kunder matcher »Sydhavn«." in client.get("/customers/?q=Sydhavn").get_data(as_text=True)
