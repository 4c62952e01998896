"""Running the app unattended: structured logs with request ids, /healthz and /metrics.

``init_app`` is called first in ``create_app``, so the request hooks here run before every other hook: the
request id exists for every log line, and the latency covers the whole request.
"""

import os
import time

from flask import Flask, g, request
from flask.logging import default_handler

from helpdesk.extensions import csrf
from helpdesk.ops import health, logs, metrics

# Machines poll these: they need no user, so no user is loaded and no customer scope is set for them.
UNSCOPED_ENDPOINTS = {"health.healthz", "metrics.scrape"}


def _minutes(name: str, default: str) -> int:
    text = os.environ.get(name, default).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name}: {text!r} is not a whole number of minutes (1 or more)")
    return int(text)


def _settings() -> dict:
    """HELPDESK_LOG_LEVEL, HELPDESK_METRICS_TOKEN and the health limits, from the environment."""
    return {
        "HELPDESK_LOG_LEVEL": logs.level(os.environ.get("HELPDESK_LOG_LEVEL", "INFO")),
        "HELPDESK_METRICS_TOKEN": os.environ.get("HELPDESK_METRICS_TOKEN", ""),
        "HELPDESK_HEALTH_SCHEDULER_MAX_AGE_MINUTES": _minutes("HELPDESK_HEALTH_SCHEDULER_MAX_AGE_MINUTES", "10"),
        "HELPDESK_HEALTH_OUTBOX_MAX_AGE_MINUTES": _minutes("HELPDESK_HEALTH_OUTBOX_MAX_AGE_MINUTES", "30"),
    }


def init_app(app: Flask) -> None:
    """Set up logging, metrics and the two endpoints; settings already given (tests' overrides) win."""
    for key, value in _settings().items():
        app.config.setdefault(key, value)
    logs.configure(app.config["HELPDESK_LOG_LEVEL"])
    app.logger.removeHandler(default_handler)
    metrics.init_app(app)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(metrics.blueprint)
    csrf.exempt(health.blueprint)
    csrf.exempt(metrics.blueprint)
    app.before_request(_start_request)
    app.after_request(_finish_request)


def _start_request() -> None:
    g.request_id = logs.request_id(request.headers.get("X-Request-ID"))
    g.request_started = time.perf_counter()


def _finish_request(response):
    """Time the request, log it in one line and hand its id back to the caller."""
    seconds = time.perf_counter() - g.request_started
    endpoint = request.endpoint or "unmatched"
    metrics.observe_request(request.method, endpoint, response.status_code, seconds)
    logs.log_request(request.method, endpoint, response.status_code, seconds)
    response.headers["X-Request-ID"] = g.request_id
    return response
