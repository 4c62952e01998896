"""A run that fails halfway leaves each customer's documents all there or not at all; a re-run completes the rest.

Each test makes the run raise while it works on the second customer, after the first customer's work was
committed, then runs it again and counts what exists.
"""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.agreements import services as agreements
from helpdesk.billing import dunning, run
from helpdesk.billing.models import Invoice, LineKind, Reminder
from helpdesk.billing.services import LineInput, issue_invoice
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog.models import TimeEntry


class Crash(Exception):
    pass


def crash_on_second_call(monkeypatch, module, name):
    """Make module.name raise on its second call; the first goes through."""
    original, calls = getattr(module, name), []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Crash(f"{name} crashed")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_month_run_that_crashes_halfway_is_completed_by_a_rerun(make, monkeypatch):
    manager = make.user("manager")
    for name in ("Alfa ApS", "Beta ApS"):
        make.entry(make.case(make.customer(name=name)), "2026-10-06 09:00", "2026-10-06 09:30")
    crash_on_second_call(monkeypatch, run, "deliver")
    with pytest.raises(Crash):
        run.run_month(manager, date(2026, 10, 1), date(2026, 11, 1))
    db.session.rollback()
    assert count(Invoice) == 1 and count(OutboxMessage) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TimeEntry).where(TimeEntry.locked)) == 1
    monkeypatch.undo()
    again = run.run_month(manager, date(2026, 10, 1), date(2026, 11, 1))
    assert len(again.issued) == 1
    assert sorted(db.session.scalars(sa.select(Invoice.number))) == [1, 2]       # no gap, no duplicate
    assert count(OutboxMessage) == 2


def test_a_dunning_run_that_crashes_halfway_is_completed_by_a_rerun(make, monkeypatch):
    for name in ("Alfa ApS", "Beta ApS"):
        issue_invoice(make.customer(name=name), [LineInput(LineKind.HOURLY, "Konsulentbistand", 1,
                                                           Decimal("1000.00"))], date(2025, 3, 1))
    db.session.commit()
    crash_on_second_call(monkeypatch, dunning, "enqueue")
    with pytest.raises(Crash):
        dunning.run_dunning(date(2025, 3, 12))
    db.session.rollback()
    assert count(Reminder) == 1 and count(Invoice) == 3       # two invoices and the first one's charges
    monkeypatch.undo()
    assert dunning.run_dunning(date(2025, 3, 12))["reminders"] == 1
    assert dunning.run_dunning(date(2025, 3, 12))["reminders"] == 0
    assert count(Reminder) == 2 and count(Invoice) == 4
    assert sorted(db.session.scalars(sa.select(Invoice.number))) == [1, 2, 3, 4]


def test_a_renewal_run_that_crashes_halfway_is_completed_by_a_rerun(make, monkeypatch):
    manager = make.user("manager")
    for name in ("Alfa ApS", "Beta ApS"):
        agreements.create_agreement(manager, make.customer(name=name).id, agreements.AgreementInput(
            product="hosting", name="Hosting", price_per_period="12000", start_date=date(2025, 1, 1)))
    crash_on_second_call(monkeypatch, agreements, "deliver")
    with pytest.raises(Crash):
        agreements.renew_agreements(date(2025, 1, 1))
    db.session.rollback()
    assert count(Invoice) == 1
    monkeypatch.undo()
    assert agreements.renew_agreements(date(2025, 1, 1))["invoiced"] == 1
    assert agreements.renew_agreements(date(2025, 1, 1))["invoiced"] == 0
    assert sorted(db.session.scalars(sa.select(Invoice.number))) == [1, 2]
    assert count(OutboxMessage) == 2
