"""GET /api/v1/openapi.json: readable without a token, complete and consistent."""

import re

import pytest

from helpdesk.api import API_PREFIX

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_document_is_valid_openapi_when_the_validator_is_installed(document):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(document)


def test_the_document_is_openapi_3_with_bearer_security(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert document["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/openapi.json"]["get"]["security"] == []


def test_every_endpoint_is_documented_and_nothing_else(app, document):
    routes = {
        (re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(API_PREFIX)), method.lower())
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert documented == routes


def test_every_reference_resolves(document):
    for ref in _refs(document):
        kind, name = ref.removeprefix("#/components/").split("/")
        assert name in document["components"][kind], ref


def test_every_operation_is_complete(document):
    ids = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert method in METHODS
            ids.append(operation["operationId"])
            assert operation["summary"] and operation["responses"]
            for status, response in operation["responses"].items():
                assert re.fullmatch(r"[1-5]\d\d", status) and response["description"]
            parameters = {p["name"] for p in operation.get("parameters", ()) if p["in"] == "path"}
            assert parameters == set(re.findall(r"{(\w+)}", path))
            if method == "post":
                assert operation["requestBody"]["content"]["application/json"]["schema"]
            if path != "/openapi.json":
                assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"}
    assert len(ids) == len(set(ids))


def test_the_error_schema_is_the_one_every_error_has(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message", "fields"]


def test_request_schemas_name_exactly_the_fields_the_endpoints_read(document):
    schemas = document["components"]["schemas"]
    assert set(schemas["NewCustomer"]["properties"]) == {
        "name", "email", "cvr", "gln", "terms", "delivery", "payment_terms_days", "overdraft_policy",
        "low_saldo_threshold", "address", "phone", "hourly_rate", "is_business"}
    assert set(schemas["CustomerChanges"]["properties"]) == set(schemas["NewCustomer"]["properties"])
    assert schemas["NewCustomer"]["required"] == ["name", "email"]
    assert set(schemas["NewTimeEntry"]["properties"]) == {
        "start", "end", "description", "out_of_hours_agreed_by", "confirm_long"}
    assert schemas["NewCase"]["required"] == ["subject", "category", "channel"]
