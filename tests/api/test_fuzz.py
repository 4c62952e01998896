"""Fuzz the JSON API from its own OpenAPI document with schemathesis: no 5xx, every answer as documented.

Each operation is a test of its own (schemathesis' pytest plugin makes them). They share one app for the module,
because building and seeding an app per operation would cost more than the fuzz itself, on SQLite in memory:
every API call commits (the token's last use), and a file's fsyncs would double the time. PostgreSQL is left
out to keep the suite's time; what a run against it found (text longer than its column) has regression tests.
A manager calls with a bearer token, and the ids in paths are those of rows seeded first, so the generated
bodies and queries reach the services rather than stopping at a 404.
"""

import json
from datetime import date

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpdesk.agreements import outages
from helpdesk.agreements.services import AgreementInput, create_agreement
from helpdesk.api.openapi import DOCUMENT
from helpdesk.clips import services as clips
from tests.factories import Factory

EXAMPLES_PER_OPERATION = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict({
    "seed": 20261117,
    "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True, "database": "none"},
    # Boundary and malformed values of every parameter and body field, but no probing of undocumented methods.
    "phases": {"coverage": {"unexpected-methods": []}},
})

# The document exactly as /api/v1/openapi.json serves it (test_openapi checks that it is the one served).
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(DOCUMENT)), config=CONFIG)


def _seed(make: Factory, manager) -> dict[str, int]:
    """A customer with a case, a time entry, a sold card (and its invoice) and an agreement with an outage: their
    ids. The outage's delete runs after its correction (the document's order), and a 404 after it is documented."""
    customer = make.customer(cvr="12972997", gln="5790000000012", address="Havnegade 12\n8000 Aarhus C")
    case = make.case(customer)
    make.entry(case, "2026-11-17 09:00", "2026-11-17 09:30")
    card = clips.sell_card(manager, customer.id, 10, "4000.00", date(2026, 11, 2))
    agreement = create_agreement(manager, customer.id, AgreementInput(
        product="hosting", name="Drift", price_per_period="12000.00", start_date=date(2026, 1, 1)))
    outage = outages.record_outage(manager, agreement.id,
                                   outages.OutageInput(date(2026, 3, 1), date(2026, 3, 2), "Nede"), date(2026, 6, 1))
    return {"customer_id": customer.id, "case_id": case.id, "invoice_id": card.invoice_id,
            "agreement_id": agreement.id, "outage_id": outage.id}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One app on SQLite for every operation, a manager's Authorization header and the ids of the rows seeded."""
    from helpdesk import create_app
    from helpdesk.extensions import db

    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(folder / "instance"))
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                          "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "HELPDESK_ATTACHMENT_DIR": str(folder / "attachments")})
        with app.app_context():
            db.create_all()
            make = Factory()
            manager = make.user("manager")
            yield app, {"Authorization": f"Bearer {make.token(manager)}"}, _seed(make, manager)
            db.session.remove()
            db.engine.dispose()


@schema.parametrize()
def test_every_operation_answers_as_documented(case, seeded):
    app, headers, ids = seeded
    for name in case.path_parameters or {}:
        case.path_parameters[name] = ids[name]
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
