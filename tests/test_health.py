"""GET /healthz: 200 when the database answers, the scheduler beats and the outbox moves; 503 otherwise."""

from datetime import timedelta

import pytest

from helpdesk.database import utcnow
from helpdesk.extensions import db
from helpdesk.jobs import runner
from helpdesk.notifications.models import MessageStatus, OutboxMessage


def queue_message(age: timedelta, status=MessageStatus.PENDING, customer=None) -> OutboxMessage:
    message = OutboxMessage(kind="test", recipient="kunde@example.dk", subject="Emne", body="Tekst",
                            message_id="<test@example.dk>", status=status, created_at=utcnow() - age,
                            customer_id=customer.id if customer else None)
    db.session.add(message)
    db.session.commit()
    return message


@pytest.fixture
def beating():
    """A scheduler that has just ticked."""
    runner.beat(utcnow())


def test_all_checks_ok(client, beating):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "scheduler": "ok", "outbox": "ok"}
    assert body["checks"]["outbox"]["pending"] == 0


def test_needs_no_sign_in_and_sets_no_cookie(client, beating):
    response = client.get("/healthz")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


@pytest.mark.parametrize("minutes, status", [(9, 200), (11, 503)])
def test_the_scheduler_must_have_beaten_within_ten_minutes(client, minutes, status):
    runner.beat(utcnow() - timedelta(minutes=minutes))
    response = client.get("/healthz")
    assert response.status_code == status
    scheduler = response.get_json()["checks"]["scheduler"]
    assert scheduler["status"] == ("ok" if status == 200 else "unhealthy")
    assert scheduler["max_age_seconds"] == 600 and minutes * 60 <= scheduler["age_seconds"] < minutes * 60 + 60


def test_a_scheduler_that_never_beat_is_unhealthy(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["scheduler"] == {
        "status": "unhealthy", "last_beat": None, "age_seconds": None, "max_age_seconds": 600}


def test_the_scheduler_limit_is_configurable(app, client):
    app.config["HELPDESK_HEALTH_SCHEDULER_MAX_AGE_MINUTES"] = 30
    runner.beat(utcnow() - timedelta(minutes=20))
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("minutes, status", [(29, 200), (31, 503)])
def test_a_pending_message_older_than_thirty_minutes_is_a_backlog(client, beating, minutes, status):
    queue_message(timedelta(minutes=minutes))
    queue_message(timedelta(minutes=1))
    response = client.get("/healthz")
    assert response.status_code == status
    outbox = response.get_json()["checks"]["outbox"]
    assert (outbox["pending"], outbox["failed"]) == (2, 0)
    assert minutes * 60 <= outbox["oldest_pending_age_seconds"] < minutes * 60 + 60


def test_failed_messages_are_reported_but_not_unhealthy(client, beating):
    queue_message(timedelta(days=3), status=MessageStatus.FAILED)
    queue_message(timedelta(days=3), status=MessageStatus.SENT)
    response = client.get("/healthz")
    assert response.status_code == 200
    outbox = response.get_json()["checks"]["outbox"]
    assert (outbox["status"], outbox["pending"], outbox["failed"]) == ("ok", 0, 1)
    assert outbox["oldest_pending_age_seconds"] is None


def test_a_signed_in_customer_sees_the_whole_outbox_and_no_scope_is_kept(client, auth, make, beating):
    mine, other = make.customer(), make.customer()
    auth.login(make.user("customer", customer=mine))
    queue_message(timedelta(minutes=1), customer=other)
    response = client.get("/healthz")
    assert response.get_json()["checks"]["outbox"]["pending"] == 1
    assert "customer_scope" not in db.session.info


def test_is_exempt_from_csrf(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/healthz").status_code == 405  # not a 400 for a missing CSRF token


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres:not-to-be-shown@127.0.0.1:1/none?connect_timeout=2",
    "sqlite:///{tmp}/no-such-folder/not-to-be-shown.sqlite",
])
def test_an_unreachable_database_is_unhealthy_and_the_url_is_not_shown(tmp_path, monkeypatch, url):
    from helpdesk import create_app

    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url.format(tmp=tmp_path)})
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"] == {"status": "unhealthy", "error": "OperationalError"}
    assert body["checks"]["scheduler"]["status"] == "unknown"
    assert "not-to-be-shown" not in response.get_data(as_text=True)
