"""GET /metrics: request latency by endpoint, job outcomes and the outbox, for this machine or a token."""


import pytest
from prometheus_client.parser import text_string_to_metric_families

from helpdesk.database import local_today
from helpdesk.extensions import db
from helpdesk.jobs import runner
from helpdesk.jobs.registry import get_job
from helpdesk.notifications.models import MessageStatus, OutboxMessage

ELSEWHERE = {"REMOTE_ADDR": "10.0.0.5"}


def samples(response) -> dict:
    """Every sample of a scrape, by (name, sorted labels)."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def test_a_request_is_timed_by_method_endpoint_and_status(client):
    client.get("/login")
    client.get("/no/such/page")
    scraped = samples(client.get("/metrics"))
    key = (("endpoint", "accounts.login"), ("method", "GET"), ("status", "200"))
    assert scraped[("helpdesk_http_request_duration_seconds_count", key)] == 1
    assert scraped[("helpdesk_http_request_duration_seconds_sum", key)] > 0
    unmatched = (("endpoint", "unmatched"), ("method", "GET"), ("status", "404"))
    assert scraped[("helpdesk_http_request_duration_seconds_count", unmatched)] == 1


def test_a_job_run_is_counted_by_outcome(client):
    runner.run_job(get_job("send_outbox"), local_today())
    scraped = samples(client.get("/metrics"))
    assert scraped[("helpdesk_job_outcomes_total", (("job", "send_outbox"), ("outcome", "succeeded")))] == 1


def test_the_outbox_is_counted_when_scraped(client):
    for status in (MessageStatus.PENDING, MessageStatus.PENDING, MessageStatus.FAILED, MessageStatus.SENT):
        db.session.add(OutboxMessage(kind="test", recipient="a@example.dk", subject="Emne", body="Tekst",
                                     message_id="<m@example.dk>", status=status))
    db.session.commit()
    scraped = samples(client.get("/metrics"))
    assert scraped[("helpdesk_outbox_messages", (("status", "pending"),))] == 2
    assert scraped[("helpdesk_outbox_messages", (("status", "failed"),))] == 1


def test_every_app_has_a_registry_of_its_own(app, client):
    from helpdesk import create_app

    create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    client.get("/login")
    assert client.get("/metrics").status_code == 200


def test_refused_from_elsewhere_without_a_token(client):
    response = client.get("/metrics", environ_base=ELSEWHERE)
    assert response.status_code == 403 and "helpdesk_" not in response.get_data(as_text=True)


def test_refused_when_a_local_proxy_forwards_the_request(client):
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403


@pytest.mark.parametrize("authorization, status", [
    (None, 401),
    ("Bearer wrong-token", 401),
    ("Basic bWV0cmljcy1zZWNyZXQ=", 401),
    ("Bearer metrics-secret", 200),
])
def test_a_token_lets_a_scraper_in_from_elsewhere(app, client, authorization, status):
    app.config["HELPDESK_METRICS_TOKEN"] = "metrics-secret"
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", environ_base=ELSEWHERE, headers=headers)
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"
