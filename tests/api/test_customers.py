"""GET/POST /api/v1/customers and GET /api/v1/customers/<id>."""

import pytest

from tests.api.helpers import conforms, error_of, row_counts


def test_a_manager_creates_a_customer_with_only_name_and_email(api, make):
    response = api("POST", "/customers", make.user("manager"), json={"name": "Fjord ApS", "email": "Info@Fjord.dk"})
    assert response.status_code == 201, response.get_json()
    customer = response.get_json()
    conforms(customer, "Customer")
    assert customer["name"] == "Fjord ApS"
    assert customer["email"] == "info@fjord.dk"
    assert (customer["terms"], customer["delivery"], customer["payment_terms_days"]) == ("hostkon", "email", 8)
    assert (customer["cvr"], customer["gln"], customer["overdraft_policy"]) == (None, None, "unfunded")
    assert response.headers["Location"].endswith(f"/api/v1/customers/{customer['id']}")


def test_an_admin_creates_a_customer_with_every_field(api, make):
    body = {
        "name": "Skov A/S", "email": "bogholderi@skov.dk", "cvr": "12 97 29 97", "gln": "5790000000012",
        "terms": "compusoft", "delivery": "oioubl", "payment_terms_days": 30, "overdraft_policy": "hourly",
        "low_saldo_threshold": 10, "address": "Skovvej 1\n8000 Aarhus C", "phone": "+45 12 34 56 78",
    }
    response = api("POST", "/customers", make.user("admin"), json=body)
    assert response.status_code == 201, response.get_json()
    customer = response.get_json()
    assert {key: customer[key] for key in body} == body | {"cvr": "12972997"}
    shown = api("GET", f"/customers/{customer['id']}", make.user("technician")).get_json()
    assert shown == customer


@pytest.mark.parametrize("changes, field", [
    ({"email": "not-an-email"}, "email"),
    ({"cvr": "1234567"}, "cvr"),
    ({"cvr": "1234567a"}, "cvr"),
    ({"cvr": "12345678"}, "cvr"),
    ({"gln": "5790000123456"}, "gln"),
    ({"gln": "579000012345"}, "gln"),
    ({"delivery": "oioubl"}, "gln"),
    ({"payment_terms_days": 366}, "payment_terms_days"),
    ({"payment_terms_days": -1}, "payment_terms_days"),
    ({"payment_terms_days": "8"}, "payment_terms_days"),
    ({"payment_terms_days": 8.5}, "payment_terms_days"),
    ({"terms": "other"}, "terms"),
    ({"delivery": "fax"}, "delivery"),
    ({"overdraft_policy": "never"}, "overdraft_policy"),
    ({"low_saldo_threshold": -1}, "low_saldo_threshold"),
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"cvr": 12345678}, "cvr"),
])
def test_a_bad_value_is_422_naming_its_field(api, make, changes, field):
    body = {"name": "Fjord ApS", "email": "info@fjord.dk"} | changes
    error = error_of(api("POST", "/customers", make.user("manager"), json=body), 422)
    assert list(error["fields"]) == [field]
    assert row_counts() == (0, 0, 0)


def test_every_bad_rule_is_named_at_once(api, make):
    body = {"name": "Fjord ApS", "email": "nope", "cvr": "1", "gln": "2", "payment_terms_days": 400}
    error = error_of(api("POST", "/customers", make.user("manager"), json=body), 422)
    assert set(error["fields"]) == {"email", "cvr", "gln", "payment_terms_days"}


def test_staff_list_every_customer_by_name_in_pages(api, make):
    for name in ("Cirkel ApS", "Anker ApS", "Bro ApS"):
        make.customer(name=name)
    technician = make.user("technician")
    first = api("GET", "/customers?per_page=2", technician).get_json()
    conforms(first, "CustomerPage")
    assert [c["name"] for c in first["items"]] == ["Anker ApS", "Bro ApS"]
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 3)
    second = api("GET", "/customers?per_page=2&page=2", technician).get_json()
    assert [c["name"] for c in second["items"]] == ["Cirkel ApS"]


def test_a_customer_token_lists_and_reads_only_its_own_customer(api, make):
    own, other = make.customer(name="Egen ApS"), make.customer(name="Anden ApS")
    user = make.user("customer", customer=own)
    listing = api("GET", "/customers", user).get_json()
    assert [c["id"] for c in listing["items"]] == [own.id]
    assert listing["total"] == 1
    assert api("GET", f"/customers/{own.id}", user).get_json()["name"] == "Egen ApS"
    error_of(api("GET", f"/customers/{other.id}", user), 404)


def test_a_cvr_or_gln_with_a_wrong_check_digit_is_named(api, make):
    body = {"name": "Skov A/S", "email": "bogholderi@skov.dk", "cvr": "12345678", "gln": "5790000123456"}
    error = error_of(api("POST", "/customers", make.user("manager"), json=body), 422)
    assert error["fields"] == {"cvr": "CVR-nummeret 12345678 findes ikke: kontrolcifferet passer ikke.",
                               "gln": "EAN/GLN-nummeret 5790000123456 findes ikke: kontrolcifferet passer ikke."}


def test_a_manager_changes_a_customers_terms_and_leaves_the_rest(api, make):
    customer = make.customer(name="Fjord ApS", email="info@fjord.dk", phone="12345678")
    manager = make.user("manager")
    response = api("PATCH", f"/customers/{customer.id}", manager,
                   json={"terms": "compusoft", "payment_terms_days": 14, "hourly_rate": "1100.00",
                         "is_business": False, "cvr": "12 97 29 97"})
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    conforms(changed, "Customer")
    assert {key: changed[key] for key in ("terms", "payment_terms_days", "hourly_rate", "is_business", "cvr",
                                          "phone", "name")} == {
        "terms": "compusoft", "payment_terms_days": 14, "hourly_rate": "1100.00", "is_business": False,
        "cvr": "12972997", "phone": "12345678", "name": "Fjord ApS"}
    assert api("PATCH", f"/customers/{customer.id}", manager, json={"cvr": ""}).get_json()["cvr"] is None


@pytest.mark.parametrize("changes, field", [
    ({"payment_terms_days": -1}, "payment_terms_days"),
    ({"hourly_rate": "mange"}, "hourly_rate"),
    ({"is_business": "ja"}, "is_business"),
    ({"delivery": "oioubl"}, "gln"),
    ({"name": ""}, "name"),
])
def test_a_bad_change_is_422_naming_its_field_and_changes_nothing(api, make, changes, field):
    customer = make.customer(name="Fjord ApS", email="info@fjord.dk")
    manager = make.user("manager")
    error = error_of(api("PATCH", f"/customers/{customer.id}", manager,
                         json=changes | {"payment_terms_days": changes.get("payment_terms_days", 30)}), 422)
    assert list(error["fields"]) == [field]
    shown = api("GET", f"/customers/{customer.id}", manager).get_json()
    assert (shown["name"], shown["payment_terms_days"], shown["delivery"]) == ("Fjord ApS", 8, "email")


def test_changing_an_unknown_customer_is_404(api, make):
    error_of(api("PATCH", "/customers/999999", make.user("manager"), json={"terms": "compusoft"}), 404)


def test_only_managers_and_admins_change_a_customer(api, make):
    customer = make.customer(name="Fjord ApS")
    for user in (make.user("technician"), make.user("customer", customer=customer)):
        error_of(api("PATCH", f"/customers/{customer.id}", user, json={"name": "Andet ApS"}), 403)
    assert api("GET", f"/customers/{customer.id}", make.user("manager")).get_json()["name"] == "Fjord ApS"
    for user, days in ((make.user("manager"), 14), (make.user("admin"), 21)):
        assert api("PATCH", f"/customers/{customer.id}", user, json={"payment_terms_days": days}
                   ).get_json()["payment_terms_days"] == days
