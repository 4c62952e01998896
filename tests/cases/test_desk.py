"""The phone desk: find the caller's customer, see it at a glance, and go from call to running timer in one step."""

import pytest
import sqlalchemy as sa

from helpdesk.cases import desk
from helpdesk.cases.models import Case
from helpdesk.errors import Conflict
from helpdesk.extensions import db
from helpdesk.timelog import services as timelog


def customers(make):
    nordlys = make.customer(name="Nordlys ApS", cvr="12972997", phone="+45 70 20 30 40")
    fjord = make.customer(name="Fjordsoft A/S", cvr="93478878", phone="+45 33 12 34 56")
    make.user("customer", customer=fjord, name="Frederik Fjord", email="it@fjordsoft.dk")
    make.case(nordlys, contact_name="Karin Kunde", contact_phone="22 33 44 55")
    return nordlys, fjord


def names(query):
    return [customer.name for customer in desk.find_customers(query)]


def test_the_caller_is_found_by_name_cvr_phone_and_contact(make):
    customers(make)
    assert names("nordl") == ["Nordlys ApS"]
    assert names("9347") == ["Fjordsoft A/S"]                # CVR digits
    assert names("33 12 34") == ["Fjordsoft A/S"]            # the customer's phone
    assert names("frederik") == ["Fjordsoft A/S"]            # a user of the customer
    assert names("karin") == ["Nordlys ApS"]                 # a contact named on a case
    assert names("a") == [] and names("100%") == []


def test_taking_a_call_opens_a_phone_case_and_starts_the_timer(make):
    nordlys, _ = customers(make)
    technician = make.technician()
    case = desk.take_call(technician, desk.Call(nordlys.id, "Karin Kunde", "22 33 44 55", "Printeren driller",
                                                "Papirstop på 2. sal"))
    assert (case.channel, case.status, case.contact_name, case.description) == (
        "phone", "open", "Karin Kunde", "Papirstop på 2. sal")
    timer = timelog.running_timer(technician)
    assert timer.case_id == case.id and timer.description == "Printeren driller"


def test_a_running_timer_must_be_stopped_before_a_new_call(make):
    nordlys, _ = customers(make)
    technician = make.technician()
    desk.take_call(technician, desk.Call(nordlys.id, "Karin", "", "Første", ""))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Case))
    with pytest.raises(Conflict, match="Stop den, før du tager et nyt opkald"):
        desk.take_call(technician, desk.Call(nordlys.id, "Karin", "", "Anden", ""))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == before


def test_the_desk_page_from_search_to_running_timer(client, auth, make):
    nordlys, _ = customers(make)
    auth.login(make.technician())
    found = client.get("/desk/?q=nord&partial=1").get_data(as_text=True)
    assert "Nordlys ApS" in found and "Fjordsoft" not in found
    glance = client.get(f"/desk/?customer_id={nordlys.id}").get_data(as_text=True)
    assert "Opkald fra Nordlys ApS" in glance and "Klipsaldo" in glance and "Åbne sager" in glance
    taken = client.post("/desk/calls", data={"customer_id": nordlys.id, "caller_name": "Karin Kunde",
                                             "subject": "VPN", "category": "support"}, follow_redirects=True)
    page = taken.get_data(as_text=True)
    assert "er oprettet, og tidtagningen kører." in page
    missing = client.post("/desk/calls", data={"customer_id": nordlys.id, "caller_name": "",
                                               "subject": "VPN", "category": "support"})
    assert missing.status_code == 400 and "Skriv hvem der ringer." in missing.get_data(as_text=True)


def test_customers_cannot_use_the_desk(client, auth, make):
    nordlys, _ = customers(make)
    auth.login(make.user("customer", customer=nordlys))
    assert client.get("/desk/").status_code == 403


def test_a_chosen_customer_that_is_no_number_is_ignored(client, auth, make):
    """"²".isdigit() is true, but int("²") fails: this was a 500."""
    auth.login(make.user("technician"))
    assert client.get("/desk/?customer_id=²").status_code == 200
