"""The agreement API: create, read, list, and notice with its verdict, checked against the OpenAPI document."""

from helpdesk.database import statements_sent
from tests.api.helpers import conforms, error_of, row_counts

NEW_AGREEMENT = {"product": "hosting", "name": "Hosting", "price_per_period": "12000.00", "start_date": "2025-01-01",
                 "covered_categories": ["support", "fault"], "covered_systems": ["Økonomisystem"]}


def test_create_read_and_give_notice(api, make):
    manager = make.user("manager")
    customer = make.customer(terms_profile="hostkon")
    created = api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT})
    assert created.status_code == 201
    body = created.get_json()
    conforms(body, "Agreement")
    assert (body["terms_profile"], body["period_months"], body["periods"]) == ("hostkon", 12, [
        {"starts_on": "2025-01-01", "ends_on": "2025-12-31", "price": "12000.00", "invoice_id": None}])
    late = api("POST", f"/agreements/{body['id']}/notices", manager,
               json={"received_on": "2025-10-01", "given_by": "Karin Kunde"})
    assert late.status_code == 201
    conforms(late.get_json(), "AgreementNotice")
    assert (late.get_json()["in_time"], late.get_json()["deadline"], late.get_json()["ends_on"]) == (
        False, "2025-09-30", "2026-12-31")
    shown = api("GET", f"/agreements/{body['id']}", manager).get_json()
    assert (shown["status"], shown["ends_on"], shown["next_notice_deadline"]) == ("ending", "2026-12-31", None)
    listed = api("GET", f"/agreements?customer_id={customer.id}", manager).get_json()
    conforms(listed, "AgreementPage")
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_the_agreement_list_asks_the_database_as_often_for_many_agreements_as_for_one(api, make):
    """Each listed agreement shows its periods, notices and next notice deadline: read for the page at once."""
    manager = make.user("manager")

    def agreement_with_notice(customer):
        created = api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT}).get_json()
        api("POST", f"/agreements/{created['id']}/notices", manager,
            json={"received_on": "2025-06-01", "given_by": "Karin Kunde"})

    agreement_with_notice(make.customer())
    with statements_sent() as one:
        assert len(api("GET", "/agreements", manager).get_json()["items"]) == 1
    for _ in range(2):
        agreement_with_notice(make.customer())
    with statements_sent() as three:
        listed = api("GET", "/agreements", manager).get_json()["items"]
    assert [(len(item["periods"]), len(item["notices"])) for item in listed] == [(1, 1)] * 3
    assert len(three) == len(one)


def test_bad_agreements_and_notices_name_the_field_and_save_nothing(api, make):
    manager = make.user("manager")
    customer = make.customer()
    before = row_counts()
    error = error_of(api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT,
                                                                "covered_categories": ["kaffe"]}), 422)
    assert "covered_categories" in error["fields"]
    error = error_of(api("POST", "/agreements", manager, json={"customer_id": 999, **NEW_AGREEMENT}), 422)
    assert "customer_id" in error["fields"]
    # Was a 500: the first period would end a year after 9999-12-31.
    error = error_of(api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT,
                                                                "start_date": "9999-12-31"}), 422)
    assert set(error["fields"]) == {"start_date"}
    error = error_of(api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT,
                                                                "name": "H" * 201}), 422)
    assert set(error["fields"]) == {"name"}  # longer than the column: a 500 on PostgreSQL
    assert row_counts() == before
    agreement_id = api("POST", "/agreements", manager, json={"customer_id": customer.id, **NEW_AGREEMENT}
                       ).get_json()["id"]
    error = error_of(api("POST", f"/agreements/{agreement_id}/notices", manager,
                         json={"received_on": "2099-01-01", "given_by": "K"}), 422)
    assert error["fields"] == {"received_on": "En opsigelse kan ikke være modtaget i fremtiden."}


def test_customers_see_only_their_own_and_cannot_create(api, make):
    manager = make.user("manager")
    own, other = make.customer(), make.customer()
    mine = api("POST", "/agreements", manager, json={"customer_id": own.id, **NEW_AGREEMENT}).get_json()
    theirs = api("POST", "/agreements", manager, json={"customer_id": other.id, **NEW_AGREEMENT}).get_json()
    customer_user = make.user("customer", customer=own)
    assert [a["id"] for a in api("GET", "/agreements", customer_user).get_json()["items"]] == [mine["id"]]
    assert api("GET", f"/agreements/{theirs['id']}", customer_user).status_code == 404
    error_of(api("POST", "/agreements", customer_user, json={"customer_id": own.id, **NEW_AGREEMENT}), 403)
