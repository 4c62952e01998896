"""GET /healthz: can the database answer, is the scheduler ticking, is the outbox moving?

The checks use a connection of their own, not the ORM session, so no customer scope or user applies to them.
A failed message is reported but does not make the app unhealthy: it waits for a manager to resend it, which
no restart or failover fixes. A pending message waiting too long does: mail is not going out.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from helpdesk.database import utcnow
from helpdesk.extensions import db
from helpdesk.jobs.models import SchedulerHeartbeat
from helpdesk.notifications.models import MessageStatus, OutboxMessage

# A load balancer's probe gives up after a few seconds; a query stuck longer is as bad as none.
QUERY_TIMEOUT_MS = 2000

blueprint = Blueprint("health", __name__)


@dataclass(frozen=True)
class OutboxState:
    pending: int
    failed: int
    oldest_pending: datetime | None


def outbox_state(connection: sa.Connection) -> OutboxState:
    """Count the pending and failed messages and find when the oldest pending one was queued."""
    rows = connection.execute(
        sa.select(OutboxMessage.status, sa.func.count(), sa.func.min(OutboxMessage.created_at))
        .where(OutboxMessage.status.in_([MessageStatus.PENDING, MessageStatus.FAILED]))
        .group_by(OutboxMessage.status)
    )
    found = {status: (count, oldest) for status, count, oldest in rows}
    pending, oldest_pending = found.get(MessageStatus.PENDING, (0, None))
    return OutboxState(pending, found.get(MessageStatus.FAILED, (0, None))[0], oldest_pending)


def _status(healthy: bool) -> str:
    return "ok" if healthy else "unhealthy"


def _age_seconds(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else int((now - since).total_seconds())


def _limit(setting: str) -> timedelta:
    return timedelta(minutes=current_app.config[setting])


def check_database(connection: sa.Connection, now: datetime) -> dict:
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"SET LOCAL statement_timeout = {QUERY_TIMEOUT_MS}"))
    started = time.perf_counter()
    connection.execute(sa.text("SELECT 1"))
    return {"status": "ok", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def check_scheduler(connection: sa.Connection, now: datetime) -> dict:
    """The newest heartbeat of any scheduler process must be recent; none at all is unhealthy too."""
    last_beat = connection.scalar(sa.select(sa.func.max(SchedulerHeartbeat.beat_at)))
    max_age = _limit("HELPDESK_HEALTH_SCHEDULER_MAX_AGE_MINUTES")
    healthy = last_beat is not None and now - last_beat <= max_age
    return {"status": _status(healthy), "last_beat": last_beat and last_beat.isoformat(),
            "age_seconds": _age_seconds(last_beat, now), "max_age_seconds": int(max_age.total_seconds())}


def check_outbox(connection: sa.Connection, now: datetime) -> dict:
    state = outbox_state(connection)
    max_age = _limit("HELPDESK_HEALTH_OUTBOX_MAX_AGE_MINUTES")
    healthy = state.oldest_pending is None or now - state.oldest_pending <= max_age
    return {"status": _status(healthy), "pending": state.pending, "failed": state.failed,
            "oldest_pending_age_seconds": _age_seconds(state.oldest_pending, now),
            "max_age_seconds": int(max_age.total_seconds())}


CHECKS = {"database": check_database, "scheduler": check_scheduler, "outbox": check_outbox}


def _failure(error: Exception) -> dict:
    """Name the error's class only: its text may hold the database URL, with a password."""
    return {"status": "unhealthy", "error": type(error).__name__}


def _run(check, connection: sa.Connection, now: datetime) -> dict:
    try:
        return check(connection, now)
    except sa.exc.SQLAlchemyError as error:
        connection.rollback()
        return _failure(error)


def run_checks(now: datetime) -> dict:
    try:
        connection = db.engine.connect()
    except sa.exc.SQLAlchemyError as error:
        unknown = {"status": "unknown", "reason": "the database cannot be reached"}
        return {"database": _failure(error), "scheduler": unknown, "outbox": unknown}
    with connection:
        return {name: _run(check, connection, now) for name, check in CHECKS.items()}


@blueprint.get("/healthz")
def healthz():
    checks = run_checks(utcnow())
    healthy = all(check["status"] == "ok" for check in checks.values())
    return jsonify({"status": _status(healthy), "checks": checks}), 200 if healthy else 503
