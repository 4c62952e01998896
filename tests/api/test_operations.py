"""/api/v1: an agreement's outages and maintenance windows (SPEC §7)."""

import pytest
import sqlalchemy as sa

from helpdesk.access import scope_session_to
from helpdesk.agreements.models import MaintenanceWindow, Outage
from helpdesk.api.openapi import DOCUMENT
from helpdesk.extensions import db
from tests.agreements.hosting import hosting_agreement
from tests.api.helpers import conforms, error_of

NIGHT = {"starts_at": "2030-11-24T22:00", "ends_at": "2030-11-25T04:30"}


def count(model) -> int:
    scope_session_to(db.session, None)
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def manager(make):
    return make.user("manager")


def outages_of(api, agreement, user, **body):
    method = "POST" if body else "GET"
    return api(method, f"/agreements/{agreement.id}/outages", user, **({"json": body} if body else {}))


def test_managers_record_outages_and_an_11_day_run_may_terminate(api, make, manager):
    agreement = hosting_agreement(make.customer())
    first = outages_of(api, agreement, manager, starts_on="2025-03-01", ends_on="2025-03-05",
                       description="Strømsvigt")
    assert first.status_code == 201, first.get_json()
    conforms(first.get_json(), "Outage")
    assert first.headers["Location"].endswith(f"/api/v1/agreements/{agreement.id}/outages")
    assert (first.get_json()["starts_on"], first.get_json()["days"]) == ("2025-03-01", 5)
    outages_of(api, agreement, manager, starts_on="2025-03-06", ends_on="2025-03-11", description="Igen")

    listing = outages_of(api, agreement, manager)
    assert listing.status_code == 200
    body = listing.get_json()
    conforms(body, "OutageList")
    assert (body["longest_run_days"], body["may_terminate"], len(body["items"])) == (11, True, 2)


@pytest.mark.parametrize(("body", "field"), [
    ({"ends_on": "2025-03-05", "description": "Nede"}, "starts_on"),
    ({"starts_on": "1. marts", "ends_on": "2025-03-05", "description": "Nede"}, "starts_on"),
    ({"starts_on": "2025-03-01", "ends_on": "2025-03-05"}, "description"),
    ({"starts_on": "2025-03-06", "ends_on": "2025-03-05", "description": "Nede"}, "ends_on"),
    ({"starts_on": "2025-03-01", "ends_on": "2099-03-05", "description": "Nede"}, "ends_on"),
    ({"starts_on": "2025-03-01", "ends_on": "2025-03-05", "description": "Nede", "hvem": "Bo"}, "hvem"),
])
def test_a_bad_outage_is_422_naming_the_field_and_nothing_is_saved(api, make, manager, body, field):
    agreement = hosting_agreement(make.customer())
    error = error_of(api("POST", f"/agreements/{agreement.id}/outages", manager, json=body), 422)
    assert field in error["fields"]
    assert count(Outage) == 0


def test_an_overlapping_outage_is_422(api, make, manager):
    agreement = hosting_agreement(make.customer())
    outages_of(api, agreement, manager, starts_on="2025-03-01", ends_on="2025-03-05", description="Nede")
    response = outages_of(api, agreement, manager, starts_on="2025-03-05", ends_on="2025-03-07", description="Igen")
    assert list(error_of(response, 422)["fields"]) == ["starts_on"]
    assert count(Outage) == 1


def test_managers_correct_and_delete_an_outage(api, make, manager):
    agreement = hosting_agreement(make.customer())
    recorded = outages_of(api, agreement, manager, starts_on="2025-03-01", ends_on="2025-03-05",
                          description="Nede").get_json()
    corrected = api("PUT", f"/outages/{recorded['id']}", manager,
                    json={"starts_on": "2025-03-01", "ends_on": "2025-03-11", "description": "Strømsvigt"})
    assert corrected.status_code == 200, corrected.get_json()
    conforms(corrected.get_json(), "Outage")
    assert (corrected.get_json()["days"], corrected.get_json()["description"]) == (11, "Strømsvigt")
    assert outages_of(api, agreement, manager).get_json()["may_terminate"] is True
    deleted = api("DELETE", f"/outages/{recorded['id']}", manager)
    assert (deleted.status_code, deleted.get_data()) == (204, b"")
    assert count(Outage) == 0
    error_of(api("DELETE", f"/outages/{recorded['id']}", manager), 404)
    error_of(api("PUT", f"/outages/{recorded['id']}", manager, json={"starts_on": "1. marts"}), 404)   # before 422


def test_a_bad_correction_is_422_naming_the_field_and_changes_nothing(api, make, manager):
    agreement = hosting_agreement(make.customer())
    recorded = outages_of(api, agreement, manager, starts_on="2025-03-01", ends_on="2025-03-05",
                          description="Nede").get_json()
    outages_of(api, agreement, manager, starts_on="2025-03-10", ends_on="2025-03-12", description="Igen")
    for body, field in [({"starts_on": "2025-03-04", "ends_on": "2025-03-10", "description": "Nede"}, "starts_on"),
                        ({"starts_on": "2025-03-01", "ends_on": "2025-03-05"}, "description")]:
        error = error_of(api("PUT", f"/outages/{recorded['id']}", manager, json=body), 422)
        assert list(error["fields"]) == [field]
    items = outages_of(api, agreement, manager).get_json()["items"]
    assert [(item["starts_on"], item["ends_on"]) for item in items] == [
        ("2025-03-01", "2025-03-05"), ("2025-03-10", "2025-03-12")]


def test_only_managers_correct_or_delete_outages(api, make, manager):
    customer = make.customer()
    agreement = hosting_agreement(customer)
    recorded = outages_of(api, agreement, manager, starts_on="2025-03-01", ends_on="2025-03-05",
                          description="Nede").get_json()
    body = {"starts_on": "2025-03-01", "ends_on": "2025-03-11", "description": "Nede"}
    for user in (make.user("technician"), make.user("customer", customer=customer)):
        error_of(api("PUT", f"/outages/{recorded['id']}", user, json=body), 403)
        error_of(api("DELETE", f"/outages/{recorded['id']}", user), 403)
    assert outages_of(api, agreement, manager).get_json()["items"][0]["days"] == 5


def test_customers_read_only_their_own_agreements_outages(api, make, manager):
    own, other = make.customer(), make.customer()
    agreement, others = hosting_agreement(own), hosting_agreement(other)
    user = make.user("customer", customer=own)
    assert outages_of(api, agreement, user).status_code == 200
    error_of(outages_of(api, others, user), 404)
    error_of(outages_of(api, agreement, user, starts_on="2025-03-01", ends_on="2025-03-05", description="x"), 403)
    error_of(outages_of(api, agreement, make.user("technician"), starts_on="2025-03-01", ends_on="2025-03-05",
                        description="x"), 403)
    assert count(Outage) == 0


def test_an_unknown_agreement_is_404(api, manager):
    error_of(api("GET", "/agreements/999/outages", manager), 404)
    error_of(api("POST", "/agreements/999/outages", manager, json={}), 404)


def test_managers_plan_a_window_inside_the_night(api, make, manager):
    customer = make.customer()
    response = api("POST", "/maintenance-windows", manager, json=NIGHT | {
        "systems": "Økonomisystem, Mail", "description": "Opdatering", "customer_id": customer.id})
    assert response.status_code == 201, response.get_json()
    window = response.get_json()
    conforms(window, "MaintenanceWindow")
    assert (window["starts_at"], window["ends_at"]) == ("2030-11-24T22:00:00+01:00", "2030-11-25T04:30:00+01:00")
    assert (window["systems"], window["urgent"], window["customer_id"]) == (["Økonomisystem", "Mail"], False,
                                                                           customer.id)


def test_work_outside_the_window_is_422_unless_urgent_with_a_reason(api, manager):
    evening = {"starts_at": "2030-11-24T21:30", "ends_at": "2030-11-24T23:00", "description": "Disk"}
    error = error_of(api("POST", "/maintenance-windows", manager, json=evening), 422)
    assert "22:00–05:00" in error["fields"]["starts_at"]
    error = error_of(api("POST", "/maintenance-windows", manager, json=evening | {"urgent": True}), 422)
    assert list(error["fields"]) == ["urgent_reason"]
    assert count(MaintenanceWindow) == 0
    accepted = api("POST", "/maintenance-windows", manager,
                   json=evening | {"urgent": True, "urgent_reason": "Disken svigter"})
    assert accepted.status_code == 201
    assert (accepted.get_json()["urgent"], accepted.get_json()["urgent_reason"]) == (True, "Disken svigter")


@pytest.mark.parametrize(("body", "field"), [
    ({"ends_at": NIGHT["ends_at"], "description": "x"}, "starts_at"),
    (NIGHT | {"description": "x", "systems": ["Mail"]}, "systems"),
    (NIGHT | {"description": "x", "urgent": "ja"}, "urgent"),
    (NIGHT | {"description": "x", "customer_id": 999}, "customer_id"),
    (NIGHT, "description"),
    # Was a 500: the night after 9999-12-31 does not exist.
    ({"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00", "description": "x"}, "starts_at"),
])
def test_a_bad_window_is_422_naming_the_field(api, manager, body, field):
    error = error_of(api("POST", "/maintenance-windows", manager, json=body), 422)
    assert field in error["fields"]
    assert count(MaintenanceWindow) == 0


def test_only_managers_plan_maintenance(api, make):
    customer = make.customer()
    for user in (make.user("technician"), make.user("customer", customer=customer)):
        error_of(api("POST", "/maintenance-windows", user, json=NIGHT | {"description": "x"}), 403)


def test_the_listing_shows_each_customer_what_concerns_its_systems(api, make, manager):
    economy, mail = make.customer(), make.customer()
    hosting_agreement(economy, systems=["Økonomisystem"])
    hosting_agreement(mail, systems=["Mail"])
    for body in ({"systems": "Økonomisystem", "description": "Økonomi"},
                 {"systems": "Printerserver", "description": "Kun for Mail-kunden", "customer_id": mail.id}):
        assert api("POST", "/maintenance-windows", manager, json=NIGHT | body).status_code == 201

    def descriptions(user, query=""):
        response = api("GET", f"/maintenance-windows{query}", user)
        assert response.status_code == 200
        conforms(response.get_json(), "MaintenanceWindowList")
        return [item["description"] for item in response.get_json()["items"]]

    assert descriptions(manager) == ["Økonomi", "Kun for Mail-kunden"]
    assert descriptions(manager, f"?customer_id={economy.id}") == ["Økonomi"]
    assert descriptions(make.user("customer", customer=economy)) == ["Økonomi"]
    mail_user = make.user("customer", customer=mail)
    assert descriptions(mail_user) == ["Kun for Mail-kunden"]
    error_of(api("GET", f"/maintenance-windows?customer_id={economy.id}", mail_user), 404)
    error_of(api("GET", "/maintenance-windows?customer_id=nul", manager), 422)


def test_the_request_schemas_name_exactly_the_fields_read():
    schemas = DOCUMENT["components"]["schemas"]
    assert set(schemas["NewOutage"]["properties"]) == {"starts_on", "ends_on", "description"}
    assert set(schemas["NewMaintenanceWindow"]["properties"]) == {
        "starts_at", "ends_at", "systems", "description", "urgent", "urgent_reason", "customer_id"}
