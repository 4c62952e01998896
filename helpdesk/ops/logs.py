"""Every log line one JSON object: time (UTC), level, logger, message, and the request's id inside a request."""

import json
import logging
import re
import sys
import uuid
from datetime import datetime, timezone

from flask import g, has_request_context

HANDLER_NAME = "helpdesk-json"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")
REQUEST_LOG = logging.getLogger("helpdesk.requests")
# What every record carries; anything else on a record came from ``extra=`` and is written out as a field.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def level(name: str) -> str:
    """Check a level name (HELPDESK_LOG_LEVEL) and return it in capitals."""
    name = name.strip().upper()
    if name not in logging.getLevelNamesMapping():
        raise ValueError(f"HELPDESK_LOG_LEVEL: {name!r} is not a level (DEBUG, INFO, WARNING, ERROR, CRITICAL)")
    return name


def request_id(incoming: str | None) -> str:
    """Keep the caller's X-Request-ID when it is safe to log and echo; else make a new one."""
    if incoming and REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((key, value) for key, value in vars(record).items()
                     if key not in _RECORD_ATTRIBUTES and key not in entry)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


class RequestIdFilter(logging.Filter):
    """Put the request's id on records made inside a request, whichever logger made them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and "request_id" in g:
            record.request_id = g.request_id
        return True


class StderrHandler(logging.StreamHandler):
    """Write to sys.stderr as it is when a record comes (test runners swap it), like logging's last resort."""

    def __init__(self):
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


def configure(level_name: str) -> None:
    """Send every logger's records through one JSON handler on the root logger; a second call replaces it.

    Other handlers on the root logger (pytest's caplog) are left alone.
    """
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if handler.name == HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    handler = StderrHandler()
    handler.name = HANDLER_NAME
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level_name)


def log_request(method: str, endpoint: str, status: int, seconds: float) -> None:
    duration_ms = round(seconds * 1000, 1)
    REQUEST_LOG.info("%s %s %s %.1f ms", method, endpoint, status, duration_ms,
                     extra={"method": method, "endpoint": endpoint, "status": status, "duration_ms": duration_ms})
