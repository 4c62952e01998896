"""Check API answers: the error shape, the rows saved, and the fit to the OpenAPI document."""

from datetime import datetime

import sqlalchemy as sa

from helpdesk.access import scope_session_to
from helpdesk.api.openapi import DOCUMENT
from helpdesk.extensions import db
from helpdesk.models import Case, Customer, TimeEntry

JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}


def error_of(response, status: int) -> dict:
    """The error of an answer with this status, after checking its shape."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    conforms(body, "Error")
    return body["error"]


def row_counts() -> tuple[int, int, int]:
    """How many customers, cases and time entries the database holds, whoever asked last."""
    scope_session_to(db.session, None)
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Customer, Case,
                                                                                               TimeEntry))


def conforms(instance, schema) -> None:
    """Assert that the instance fits the schema (or the component of that name) of the OpenAPI document."""
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    if "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if instance is None:
        assert schema.get("nullable"), f"null where {schema} allows none"
        return
    expected = JSON_TYPES[schema["type"]]
    assert isinstance(instance, expected) and not (expected is int and isinstance(instance, bool)), (
        f"{instance!r} is not {schema['type']}"
    )
    if "enum" in schema:
        assert instance in schema["enum"], f"{instance!r} not in {schema['enum']}"
    if schema.get("format") == "date-time":
        assert datetime.fromisoformat(instance).tzinfo is not None, f"{instance} has no offset"
    if "minimum" in schema:
        assert instance >= schema["minimum"]
    if "maximum" in schema:
        assert instance <= schema["maximum"]
    for item in instance if expected is list else ():
        conforms(item, schema["items"])
    if expected is dict:
        properties = schema.get("properties", {})
        assert set(schema.get("required", ())) <= set(instance), f"{instance} lacks {schema.get('required')}"
        if schema.get("additionalProperties") is False:
            assert set(instance) <= set(properties), f"{set(instance) - set(properties)} not documented"
        for name, value in instance.items():
            conforms(value, properties.get(name) or schema.get("additionalProperties"))
