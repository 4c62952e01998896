"""The audit log records what matters, admins read it, and nobody can change or remove a row."""

from datetime import date

import pytest
import sqlalchemy as sa

from helpdesk import audit
from helpdesk.audit import AuditEvent
from helpdesk.billing import services as billing
from helpdesk.clips import services as clips
from helpdesk.extensions import db
from helpdesk.timelog import services as timelog


def actions() -> list[tuple[str, str]]:
    return [(e.action, e.actor) for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action != "user_created").order_by(AuditEvent.id))]


def test_overrides_adjustments_credit_notes_and_deletions_are_recorded(make):
    manager = make.user("manager", email="leder@example.dk")
    technician = make.user("technician", email="tekniker@example.dk")
    customer = make.customer()
    card = clips.sell_card(manager, customer.id, 10, "1000", date(2026, 11, 2))
    entry = make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    timelog.override_classification(technician, entry, "free", "Kulance")
    clips.adjust(manager, customer.id, -2, "Fejlregistrering", card_id=card.id)
    billing.issue_credit_note(manager, card.invoice_id, "Rabat", None, date(2026, 11, 20))
    timelog.delete_entry(technician, entry)
    assert actions() == [("classification_override", "tekniker@example.dk"),
                         ("ledger_adjustment", "leder@example.dk"),
                         ("credit_note", "leder@example.dk"),
                         ("time_entry_deleted", "tekniker@example.dk")]
    override = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "classification_override")).one()
    assert override.detail == "Fakturerbar → Gratis: Kulance"


def test_nobody_can_change_or_remove_an_audit_row(make):
    audit.record("sign_in", "someone@example.dk")
    db.session.commit()
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    event.detail = "ændret"
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    for statement in ("UPDATE audit_events SET detail = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "sign_in")) == 1


def test_only_admins_read_the_log(client, auth, make):
    audit.record("sign_in", "someone@example.dk", actor=None)
    db.session.commit()
    auth.login(make.user("manager"))
    assert client.get("/audit/").status_code == 403
    auth.logout()
    auth.login(make.user("admin"))
    page = client.get("/audit/").get_data(as_text=True)
    assert "Revisionslog" in page and "someone@example.dk" in page
