"""GET /metrics in Prometheus' text format, from a registry of the app's own.

A registry per app, not prometheus_client's global one: a process that builds many apps (the tests) would
otherwise register the same metric twice. Labels stay few: the Flask endpoint, never the raw path.
"""

import hmac
import ipaddress

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from helpdesk.extensions import db
from helpdesk.ops.health import outbox_state

EXTENSION = "helpdesk_metrics"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

blueprint = Blueprint("metrics", __name__)


class OutboxCollector:
    """The outbox's size, counted when scraped, so every process reports what the database holds."""

    def collect(self):
        try:
            with db.engine.connect() as connection:
                state = outbox_state(connection)
        except sa.exc.SQLAlchemyError:
            current_app.logger.warning("metrics: the outbox could not be counted", exc_info=True)
            return
        messages = GaugeMetricFamily("helpdesk_outbox_messages", "Outbox messages by status.", labels=["status"])
        messages.add_metric(["pending"], state.pending)
        messages.add_metric(["failed"], state.failed)
        yield messages


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.request_seconds = Histogram(
            "helpdesk_http_request_duration_seconds", "Time to answer a request.",
            ["method", "endpoint", "status"], registry=self.registry)
        self.job_outcomes = Counter(
            "helpdesk_job_outcomes", "Job runs by job and outcome (succeeded, failed, skipped).",
            ["job", "outcome"], registry=self.registry)
        self.registry.register(OutboxCollector())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Metrics()


def _metrics() -> Metrics:
    return current_app.extensions[EXTENSION]


def observe_request(method: str, endpoint: str, status: int, seconds: float) -> None:
    """Record a request's latency; an unknown method is "other", as anyone can send any method."""
    method = method if method in METHODS else "other"
    _metrics().request_seconds.labels(method, endpoint, str(status)).observe(seconds)


def count_job(job: str, outcome: str) -> None:
    _metrics().job_outcomes.labels(job, outcome).inc()


def _from_loopback() -> bool:
    """A peer on this machine, and not a proxy here passing on someone else's request."""
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _token_given() -> bool:
    token = current_app.config["HELPDESK_METRICS_TOKEN"]
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                                              token.encode())


def _refusal() -> Response | None:
    """Allow loopback and the bearer token; ask for the token when one is set, else refuse outright."""
    if _from_loopback() or _token_given():
        return None
    if current_app.config["HELPDESK_METRICS_TOKEN"]:
        return Response("A bearer token is required.\n", 401, {"WWW-Authenticate": "Bearer"}, mimetype="text/plain")
    return Response("Metrics are served to this machine only.\n", 403, mimetype="text/plain")


@blueprint.get("/metrics")
def scrape():
    refusal = _refusal()
    if refusal is not None:
        return refusal
    return Response(generate_latest(_metrics().registry), content_type=CONTENT_TYPE_LATEST)
