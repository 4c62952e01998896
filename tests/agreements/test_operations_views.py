"""The managers' outage and maintenance pages, and what kundeHUB shows of them (SPEC §7)."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from helpdesk.agreements import maintenance, outages
from helpdesk.agreements.models import MaintenanceWindow, Outage
from helpdesk.database import local_today, utcnow
from helpdesk.extensions import db
from helpdesk.rules.worktime import to_local
from tests.agreements.hosting import hosting_agreement

FLAG = "Kunden kan opsige: mere end 10 sammenhængende dage"


@pytest.fixture
def manager(make):
    return make.user("manager")


def next_night(hours: int = 22) -> str:
    """Tomorrow evening at the hour, as a datetime-local value."""
    return f"{local_today() + timedelta(days=1)}T{hours:02d}:00"


def night_after() -> str:
    return f"{local_today() + timedelta(days=2)}T04:30"


def test_managers_record_an_outage_and_see_the_flag_and_the_refund(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    auth.login(manager)
    url = f"/operations/agreements/{agreement.id}/outages"
    response = client.post(url, data={"starts_on": "2025-03-01", "ends_on": "2025-03-11",
                                      "description": "Strømsvigt i datacentret"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nedbruddet 01.03.2025–11.03.2025 er registreret." in page
    assert FLAG in page and "<strong>11 dage</strong>" in page
    # 12000 × 11 / 365 = 361.643… → 361.64
    assert "365" in page and "12.000,00 kr." in page and "361,64 kr." in page


def test_an_english_manager_records_an_outage_in_english(client, auth, make):
    agreement = hosting_agreement(make.customer())
    auth.login(make.user("manager", language="en"))
    page = client.post(f"/operations/agreements/{agreement.id}/outages", data={
        "starts_on": "2025-03-01", "ends_on": "2025-03-11", "description": "Strømsvigt i datacentret"},
        follow_redirects=True).get_data(as_text=True)
    assert "The outage 01/03/2025–11/03/2025 has been recorded." in page
    assert "The customer may terminate: more than 10 consecutive days" in page and "<strong>11 days</strong>" in page
    assert "<dt>Refund</dt><dd><strong>361.64 DKK</strong></dd>" in page and FLAG not in page


def test_no_flag_for_10_days(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outages.record_outage(manager, agreement.id, outages.OutageInput(date(2025, 3, 1), date(2025, 3, 10), "Nede"),
                          local_today())
    auth.login(manager)
    page = client.get(f"/operations/agreements/{agreement.id}/outages").get_data(as_text=True)
    assert FLAG not in page and "<strong>10 dage</strong>" in page


def test_an_overlapping_outage_is_named_on_the_form(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outages.record_outage(manager, agreement.id, outages.OutageInput(date(2025, 3, 1), date(2025, 3, 5), "Nede"),
                          local_today())
    auth.login(manager)
    response = client.post(f"/operations/agreements/{agreement.id}/outages",
                           data={"starts_on": "2025-03-05", "ends_on": "2025-03-06", "description": "Igen"})
    assert response.status_code == 400
    assert "overlapper nedbruddet 01.03.2025–05.03.2025" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outage)) == 1


def test_managers_correct_an_outage_on_its_form(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outage = outages.record_outage(manager, agreement.id,
                                   outages.OutageInput(date(2025, 3, 1), date(2025, 3, 5), "Nede"), local_today())
    auth.login(manager)
    listed = client.get(f"/operations/agreements/{agreement.id}/outages").get_data(as_text=True)
    assert f'href="/operations/outages/{outage.id}/edit"' in listed
    form = client.get(f"/operations/outages/{outage.id}/edit").get_data(as_text=True)
    assert 'value="2025-03-01"' in form and 'value="2025-03-05"' in form and "Nede</textarea>" in form
    response = client.post(f"/operations/outages/{outage.id}/edit", data={
        "starts_on": "2025-03-01", "ends_on": "2025-03-11", "description": "Strømsvigt"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nedbruddet er rettet til 01.03.2025–11.03.2025." in page
    assert FLAG in page and "<strong>11 dage</strong>" in page and "361,64 kr." in page


def test_a_bad_correction_is_named_on_the_form_and_changes_nothing(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outage = outages.record_outage(manager, agreement.id,
                                   outages.OutageInput(date(2025, 3, 1), date(2025, 3, 5), "Nede"), local_today())
    auth.login(manager)
    response = client.post(f"/operations/outages/{outage.id}/edit", data={
        "starts_on": "2025-03-09", "ends_on": "2025-03-08", "description": "Nede"})
    assert response.status_code == 400
    assert "Sidste dag kan ikke ligge før første dag." in response.get_data(as_text=True)
    db.session.expire_all()
    assert (outage.starts_on, outage.ends_on) == (date(2025, 3, 1), date(2025, 3, 5))
    assert client.get("/operations/outages/999999/edit").status_code == 404


def test_managers_delete_an_outage_recorded_by_mistake(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outage = outages.record_outage(manager, agreement.id,
                                   outages.OutageInput(date(2025, 3, 1), date(2025, 3, 5), "Nede"), local_today())
    auth.login(manager)
    page = client.post(f"/operations/outages/{outage.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "Nedbruddet 01.03.2025–05.03.2025 er slettet." in page and "Ingen nedbrud registreret." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Outage)) == 0


def test_the_refund_calculator_takes_a_chosen_period(client, auth, make, manager):
    agreement = hosting_agreement(make.customer())
    outages.record_outage(manager, agreement.id, outages.OutageInput(date(2025, 3, 1), date(2025, 3, 5), "Nede"),
                          local_today())
    auth.login(manager)
    page = client.get(f"/operations/agreements/{agreement.id}/outages?period_id={agreement.periods[0].id}")
    assert "164,38 kr." in page.get_data(as_text=True)
    assert client.get(f"/operations/agreements/{agreement.id}/outages?period_id=nonsense").status_code == 200


@pytest.mark.parametrize("role", ["technician", "customer"])
def test_only_managers_reach_the_operations_pages(client, auth, make, role):
    customer = make.customer()
    agreement = hosting_agreement(customer)
    auth.login(make.user(role, customer=customer if role == "customer" else None))
    assert client.get(f"/operations/agreements/{agreement.id}/outages").status_code == 403
    assert client.get("/operations/maintenance").status_code == 403


def test_managers_plan_maintenance_in_copenhagen_time(client, auth, make, manager):
    auth.login(manager)
    response = client.post("/operations/maintenance", data={
        "starts_at": next_night(), "ends_at": night_after(), "customer_id": "", "systems": "Økonomisystem",
        "description": "Opdatering af databaseserveren"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Vedligeholdet er planlagt." in page and "Opdatering af databaseserveren" in page
    window = db.session.scalars(sa.select(MaintenanceWindow)).one()
    assert to_local(window.starts_at).strftime("%Y-%m-%dT%H:%M") == next_night()


def test_work_outside_the_window_needs_urgency_and_a_reason_on_the_form(client, auth, make, manager):
    auth.login(manager)
    form = {"starts_at": next_night(21), "ends_at": next_night(23), "customer_id": "", "systems": "",
            "description": "Udskiftning af disk"}
    refused = client.post("/operations/maintenance", data=form)
    assert refused.status_code == 400
    assert "22:00–05:00" in refused.get_data(as_text=True)
    accepted = client.post("/operations/maintenance", data=form | {"urgent": "y", "urgent_reason": "Disken svigter"},
                           follow_redirects=True)
    page = accepted.get_data(as_text=True)
    assert "Vedligeholdet er planlagt." in page and "Akut" in page and "Disken svigter" in page


def test_an_english_manager_plans_maintenance_in_english(client, auth, make):
    auth.login(make.user("manager", language="en"))
    page = client.post("/operations/maintenance", data={
        "starts_at": next_night(21), "ends_at": next_night(23), "customer_id": "", "systems": "",
        "description": "Udskiftning af disk", "urgent": "y", "urgent_reason": "Disken svigter"},
        follow_redirects=True).get_data(as_text=True)
    assert "The maintenance has been planned." in page and "<td>All customers</td>" in page
    assert "<td>All systems</td>" in page and "Reason: Disken svigter" in page


def test_managers_delete_a_window(client, auth, make, manager):
    window = maintenance.plan_window(manager, maintenance.WindowInput(
        starts_at=utcnow() + timedelta(days=1), ends_at=utcnow() + timedelta(days=1, hours=1), systems="",
        description="Genstart", urgent=True, urgent_reason="Hurtigt"))
    auth.login(manager)
    response = client.post(f"/operations/maintenance/{window.id}/delete", follow_redirects=True)
    assert "Vedligeholdsvinduet er slettet." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceWindow)) == 0


def test_kundehub_shows_maintenance_of_the_customers_systems_only(client, auth, make, manager):
    economy, mail = make.customer(), make.customer()
    hosting_agreement(economy, systems=["Økonomisystem"])
    hosting_agreement(mail, systems=["Mail"])
    starts_at = utcnow() + timedelta(days=2)
    maintenance.plan_window(manager, maintenance.WindowInput(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), systems="Økonomisystem",
        description="Opdatering af økonomisystemet", urgent=True, urgent_reason="Leverandørens frist"))

    auth.login(make.user("customer", customer=economy))
    page = client.get("/hub/").get_data(as_text=True)
    assert "Opdatering af økonomisystemet" in page
    assert to_local(starts_at).strftime("%d.%m.%Y %H:%M") in page
    auth.logout()
    auth.login(make.user("customer", customer=mail))
    page = client.get("/hub/").get_data(as_text=True)
    assert "Opdatering af økonomisystemet" not in page and "Intet planlagt vedligehold" in page


def test_kundehub_shows_the_customers_outages_and_the_flag(client, auth, make, manager):
    customer, other = make.customer(), make.customer()
    agreement = hosting_agreement(customer, name="Hosting af økonomisystem")
    outages.record_outage(manager, agreement.id, outages.OutageInput(date(2025, 3, 1), date(2025, 3, 11),
                                                                      "Strømsvigt"), local_today())
    outages.record_outage(manager, hosting_agreement(other).id,
                          outages.OutageInput(date(2025, 4, 1), date(2025, 4, 2), "Andens nedbrud"), local_today())
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/").get_data(as_text=True)
    assert "Hosting af økonomisystem" in page and "Strømsvigt" in page
    assert "I kan opsige aftalen" in page and "Andens nedbrud" not in page
    assert "/operations/outages/" not in page     # correcting an outage is the managers' page's


def test_maintenance_off_the_calendar_is_named_on_the_form(client, auth, make, manager):
    """The night after 9999-12-31 does not exist, and int("abc") fails: each was a 500."""
    auth.login(manager)
    form = {"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00", "customer_id": "", "systems": "",
            "description": "Opdatering"}
    late = client.post("/operations/maintenance", data=form)
    assert late.status_code == 400
    assert "Datoen skal ligge mellem 01.01.1900 og 31.12.2999." in late.get_data(as_text=True)
    nobody = client.post("/operations/maintenance", data=form | {"starts_at": next_night(), "ends_at": night_after(),
                                                                 "customer_id": "abc"})
    assert nobody.status_code == 400 and "Vælg en kunde." in nobody.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceWindow)) == 0
