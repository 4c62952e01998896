"""GET /api/v1/reports/<name>: the figures of the report pages as JSON, for managers only."""

import pytest

from helpdesk.api.openapi import report_schema_name
from helpdesk.reports.catalogue import REPORTS
from tests.api.helpers import conforms, error_of
from tests.reports.conftest import TODAY

PERIOD = {"from": "2026-09-01", "to": "2026-11-30"}


@pytest.fixture
def api(client, make):
    def call(path: str, user, **query):
        return client.get(f"/api/v1{path}", query_string=query,
                          headers={"Authorization": f"Bearer {make.token(user)}"})

    return call


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("helpdesk.api.reports.local_today", lambda: TODAY)


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_answers_what_its_schema_says(api, dataset, today, name):
    response = api(f"/reports/{name}", dataset.manager)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    conforms(body, report_schema_name(name))
    assert body["report"] == name and body["rows"]


def test_the_clips_report_as_json(api, dataset, today):
    body = api("/reports/clips", dataset.manager, customer_id=dataset.alfa.id, **PERIOD).get_json()
    assert (body["from"], body["to"], body["customer_id"]) == ("2026-09-01", "2026-11-30", dataset.alfa.id)
    assert [(row["month"], row["sold"], row["consumed"], row["outstanding"]) for row in body["rows"]] == [
        ("2026-09-01", 20, 4, 16), ("2026-10-01", 0, 0, 16), ("2026-11-01", 0, 18, -2)]
    assert body["totals"] == {"sold": 20, "consumed": 22, "expired": 0, "adjusted": 0, "outstanding": -2}


def test_amounts_and_hours_are_exact_decimal_strings(api, dataset, today):
    revenue = api("/reports/revenue", dataset.manager, **PERIOD).get_json()
    assert revenue["rows"][0] == {"month": "2026-09-01", "kind": "clip_card", "invoiced": "4000.00",
                                  "credited": "0.00", "net": "4000.00"}
    assert revenue["totals"] == {"invoiced": "6010.00", "credited": "500.00", "net": "5510.00"}
    time = api("/reports/technicians", dataset.manager, **PERIOD).get_json()
    assert time["rows"][0]["technician_id"] == dataset.tina.id and time["rows"][0]["billable_hours"] == "2.50"


def test_receivables_as_of_a_day(api, dataset):
    body = api("/reports/receivables", dataset.manager, to="2026-11-20").get_json()
    assert (body["from"], body["to"]) == ("2026-11-20", "2026-11-20")
    assert body["totals"]["outstanding"] == "7420.00" and body["totals"]["collection"] == "1875.00"


def test_the_dashboard(api, dataset, today):
    body = api("/reports/dashboard", dataset.manager).get_json()
    conforms(body, "KeyFigures")
    assert body["clips_consumed"] == {"current": 18, "previous": 3}
    assert body["revenue"] == {"current": "1500.00", "previous": "-500.00"}
    assert body["negative_saldi"]["current"] == {"customers": 1, "clips": -2}
    assert body["expiring_cards"] == {"cards": 1, "clips": 6}
    assert (body["agreements_near_notice_deadline"], body["deliveries_awaiting_acceptance"]) == (1, 1)


@pytest.mark.parametrize(("query", "field"), [
    ({"from": "1. september"}, "from"),
    ({"to": "2026-13-01"}, "to"),
    ({"from": "2026-11-01", "to": "2026-10-01"}, "to"),
    ({"from": "2020-01-01", "to": "2026-11-30"}, "to"),
    ({"customer_id": "abc"}, "customer_id"),
    ({"customer_id": "999999"}, "customer_id"),
    ({"month": "2026-11"}, "month"),
    ({"from": "0001-01-01", "to": "2026-11-30"}, "from"),  # was a 500 counting months from year 1
])
def test_bad_filters_are_a_422_naming_the_field(api, make, query, field):
    error = error_of(api("/reports/clips", make.user("manager"), **query), 422)
    assert set(error["fields"]) == {field}


def test_a_report_as_of_a_day_takes_no_from(api, make):
    error = error_of(api("/reports/negative-saldi", make.user("manager"), **PERIOD), 422)
    assert set(error["fields"]) == {"from"}


def test_an_unknown_report_is_a_404(api, make):
    error_of(api("/reports/profit", make.user("manager")), 404)


@pytest.mark.parametrize("path", ["/reports/dashboard", "/reports/clips"])
def test_only_managers_get_reports(api, client, make, path):
    error_of(client.get(f"/api/v1{path}"), 401)
    error_of(api(path, make.user("technician")), 403)
    error_of(api(path, make.user("customer", customer=make.customer())), 403)
    assert api(path, make.user("admin")).status_code == 200


def test_a_day_off_the_calendar_is_a_422(api, make):
    """Receivables as of 0001-01-01 and the time report up to 9999-12-31 were a 500."""
    error = error_of(api("/reports/receivables", make.user("manager"), to="0001-01-01"), 422)
    assert set(error["fields"]) == {"to"}
    error = error_of(api("/reports/time", make.user("manager"), **{"from": "9999-12-01", "to": "9999-12-31"}), 422)
    assert set(error["fields"]) == {"from", "to"}
