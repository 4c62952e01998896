"""Every error status of the API and its JSON shape: 400, 401, 403, 404, 405, 422."""

import pytest

from tests.api.helpers import error_of, row_counts


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer not-a-token"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
])
@pytest.mark.parametrize("method, path", [
    ("GET", "/customers"), ("POST", "/customers"), ("GET", "/customers/1"), ("GET", "/cases"),
    ("POST", "/cases"), ("GET", "/cases/1"), ("GET", "/cases/1/time-entries"),
    ("POST", "/cases/1/time-entries"), ("POST", "/quote"),
])
def test_no_or_bad_token_is_401(api, method, path, headers):
    error = error_of(api(method, path, headers=headers, json={}), 401)
    assert error["code"] == "unauthorized"


def test_an_inactive_users_token_is_401(api, make):
    from helpdesk.extensions import db

    technician = make.user("technician")
    token = make.token(technician)
    technician.active = False
    db.session.commit()
    error_of(api("GET", "/cases", headers={"Authorization": f"Bearer {token}"}), 401)


@pytest.mark.parametrize("path", ["/customers", "/cases", "/quote"])
@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '"text"', "null", ""])
def test_a_body_that_is_no_json_object_is_400(api, make, path, data):
    manager = make.user("manager")
    error = error_of(api("POST", path, manager, data=data, content_type="application/json"), 400)
    assert error["code"] == "bad_request"
    assert row_counts() == (0, 0, 0)


def test_missing_fields_are_named_together_in_one_422(api, make):
    technician = make.user("technician")
    error = error_of(api("POST", "/cases", technician, json={"description": 5}), 422)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"customer_id", "subject", "category", "channel", "description"}


def test_unknown_fields_are_422_so_typos_are_not_silently_dropped(api, make):
    manager = make.user("manager")
    error = error_of(api("POST", "/customers", manager,
                         json={"name": "Fjord ApS", "email": "a@fjord.dk", "terms_profile": "compusoft"}), 422)
    assert error["fields"] == {"terms_profile": "Ukendt felt."}
    assert row_counts() == (0, 0, 0)


@pytest.mark.parametrize("path", ["/customers/999", "/cases/999", "/cases/999/time-entries"])
def test_an_unknown_id_in_the_url_is_404(api, make, path):
    technician = make.user("technician")
    assert error_of(api("GET", path, technician), 404)["code"] == "not_found"


def test_posting_time_on_an_unknown_case_is_404(api, make):
    technician = make.user("technician")
    body = {"start": "2026-11-24T09:00", "end": "2026-11-24T09:30"}
    error_of(api("POST", "/cases/999/time-entries", technician, json=body), 404)


def test_an_unknown_api_path_is_a_json_404(api, make):
    error_of(api("GET", "/nothing-here", make.user("technician")), 404)


def test_a_wrong_method_is_a_json_405(api, make):
    error_of(api("DELETE", "/cases", make.user("technician")), 405)


@pytest.mark.parametrize("role", ["technician", "customer"])
def test_only_managers_and_admins_create_customers(api, make, role):
    user = make.user(role, customer=make.customer() if role == "customer" else None)
    before = row_counts()
    error = error_of(api("POST", "/customers", user, json={"name": "Ny ApS", "email": "ny@example.dk"}), 403)
    assert error["code"] == "forbidden"
    assert row_counts() == before


def test_forbidden_comes_before_the_body_is_read(api, make):
    customer = make.customer()
    error_of(api("POST", "/customers", make.user("customer", customer=customer), data="{oops",
                 content_type="application/json"), 403)


def test_a_customer_token_cannot_log_time(api, make):
    customer = make.customer()
    case = make.case(customer=customer)
    user = make.user("customer", customer=customer)
    body = {"start": "2026-11-24T09:00", "end": "2026-11-24T09:30"}
    error_of(api("POST", f"/cases/{case.id}/time-entries", user, json=body), 403)
    assert row_counts()[2] == 0


@pytest.mark.parametrize("query, field", [
    ("page=0", "page"), ("page=x", "page"), ("per_page=101", "per_page"), ("per_page=0", "per_page"),
    ("status=lost", "status"), ("customer_id=abc", "customer_id"), ("sort=name", "sort"),
])
def test_a_bad_query_parameter_is_422_naming_it(api, make, query, field):
    error = error_of(api("GET", f"/cases?{query}", make.user("technician")), 422)
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("path", ["/cases/99999999999999999999", "/customers/2147483648",
                                  "/cases/2147483648/time-entries"])
def test_an_id_too_large_for_the_database_is_404(api, make, path):
    error_of(api("GET", path, make.user("technician")), 404)


@pytest.mark.parametrize("query", ["page=99999999999999999999", "customer_id=2147483648"])
def test_a_number_too_large_for_the_database_is_422(api, make, query):
    error_of(api("GET", f"/cases?{query}", make.user("technician")), 422)


@pytest.mark.parametrize("query", ["page=²", "per_page=²", "customer_id=¹"])
def test_a_digit_that_is_no_number_is_422(api, make, query):
    """"²".isdigit() is true, but int("²") fails: this was a 500."""
    error_of(api("GET", f"/cases?{query}", make.user("technician")), 422)


@pytest.mark.parametrize("text", ["²", "99999999999999999999"])
def test_a_search_for_a_number_no_case_can_have_finds_nothing(api, make, text):
    """A search text of digits is also looked up as a case number: these were a 500."""
    make.case()
    response = api("GET", "/cases", make.user("technician"), query_string={"q": text})
    assert response.status_code == 200 and response.get_json()["items"] == []


def test_a_body_number_too_large_for_the_database_is_422(api, make):
    body = {"name": "Fjord ApS", "email": "info@fjord.dk", "low_saldo_threshold": 10**30}
    error = error_of(api("POST", "/customers", make.user("manager"), json=body), 422)
    assert list(error["fields"]) == ["low_saldo_threshold"]


def test_a_nul_character_is_422_naming_the_field(api, make):
    """PostgreSQL cannot store or compare text holding NUL (0x00): these were a 500 there."""
    technician = make.user("technician")
    body = {"customer_id": make.customer().id, "subject": "Printer\x00", "category": "support", "channel": "phone"}
    error = error_of(api("POST", "/cases", technician, json=body), 422)
    assert list(error["fields"]) == ["subject"]
    error = error_of(api("GET", "/cases", technician, query_string={"q": "\x00"}), 422)
    assert list(error["fields"]) == ["q"]
