"""The audit log: who did what that matters (sign-ins, overrides, adjustments, credit notes, deletions, exports).

Rows are only ever added, in the transaction of the act they record (a failed sign-in in its own). Nobody can
change or remove them: the ORM refuses it, and database triggers refuse it for any other client too.
"""

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Mapped, Session, mapped_column

from helpdesk.database import UTCDateTime, paginate, utcnow
from helpdesk.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(doc="The user's id; no foreign key, so the row outlives the user.")
    actor: Mapped[str] = mapped_column(sa.String(254), default="", doc="The user's e-mail when it happened.")
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")


TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ],
}


@sa.event.listens_for(AuditEvent.__table__, "after_create")
def _append_only(table, connection, **kwargs) -> None:
    """Tables made by create_all (tests, a fresh database) get the triggers the migration makes."""
    for statement in TRIGGERS.get(connection.dialect.name, []):
        connection.execute(sa.text(statement))


@sa.event.listens_for(Session, "before_flush")
def _refuse_changes(session, flush_context, instances) -> None:
    if any(isinstance(row, AuditEvent) for row in [*session.dirty, *session.deleted]):
        raise ValueError("The audit log is append-only.")


def record(action: str, target: str = "", detail: str = "", actor=None) -> None:
    """Add an audit row to the current transaction; the actor is the signed-in user unless given."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    db.session.add(AuditEvent(
        actor_id=getattr(actor, "id", None), actor=getattr(actor, "email", "") or "", action=action,
        target=target[:200], detail=detail, ip=(request.remote_addr or "")[:45] if has_request_context() else ""))


def events(action: str | None = None, page: int = 1, per_page: int = 50):
    query = sa.select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    return paginate(query, page, per_page, AuditEvent.at.desc(), AuditEvent.id.desc())
