"""A run that fails halfway leaves each customer's documents all there or not at all; a re-run completes the rest.
A web process killed while it saves loses nothing it confirmed and leaves nothing half saved.

Each run test makes the run raise while it works on the second customer, after the first customer's work was
committed, then runs it again and counts what exists.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
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


@pytest.mark.parametrize(("batch_size", "kept_reminders"), [(1, 1), (dunning.BATCH_SIZE, 0)])
def test_a_dunning_run_that_crashes_halfway_is_completed_by_a_rerun(make, monkeypatch, batch_size, kept_reminders):
    """Batches done before the crash stay done; the batch it hit is undone whole, its invoice numbers given back."""
    for name in ("Alfa ApS", "Beta ApS"):
        issue_invoice(make.customer(name=name), [LineInput(LineKind.HOURLY, "Konsulentbistand", 1,
                                                           Decimal("1000.00"))], date(2025, 3, 1))
    db.session.commit()
    monkeypatch.setattr(dunning, "BATCH_SIZE", batch_size)
    crash_on_second_call(monkeypatch, dunning, "_mail")   # the second reminder's mail, as the batch is queued
    with pytest.raises(Crash):
        dunning.run_dunning(date(2025, 3, 12))
    db.session.rollback()
    assert count(Reminder) == kept_reminders and count(Invoice) == 2 + kept_reminders   # + its charges invoice
    monkeypatch.undo()
    assert dunning.run_dunning(date(2025, 3, 12))["reminders"] == 2 - kept_reminders
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


def _serve(database_url: str, instance: str) -> tuple[subprocess.Popen, str]:
    """The app in a process of its own (Flask's threaded server) on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "helpdesk", "run", "--no-reload", "--port", str(port)],
        env=os.environ | {"HELPDESK_DATABASE_URL": database_url, "HELPDESK_INSTANCE_PATH": instance,
                          "HELPDESK_SECRET_KEY": "crash-test", "HELPDESK_LOG_LEVEL": "ERROR"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=5).close()
            return server, base
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError("the server did not start")


WORKING_DAYS = [date(2026, 11, day) for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20)]
SLOTS = [datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=30 * slot)
         for day in WORKING_DAYS for slot in range(12)]   # 08:00–13:50, inside even a Friday's hours


def _save(base: str, token: str, case_id: int, start: datetime) -> int | None:
    """Log 20 minutes of working time (2 clips); the new entry's id when the server confirmed it.

    An answer cut off by the kill (its headers sent, its body not) is no confirmation."""
    body = json.dumps({"start": start.isoformat(timespec="minutes"),
                       "end": (start + timedelta(minutes=20)).isoformat(timespec="minutes")}).encode()
    request = urllib.request.Request(f"{base}/api/v1/cases/{case_id}/time-entries", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)["id"]
    except (OSError, http.client.HTTPException):
        return None


def test_a_web_process_killed_while_saving_loses_no_confirmed_entry_and_leaves_no_half_saved_one(
        app, make, database_url, tmp_path):
    """Four clients save time while the server is killed (SIGKILL) mid-stream: every entry the server confirmed
    is there afterwards, and every entry that is there is booked whole (its clips in the ledger and the balance)."""
    from helpdesk.clips import services as clips
    from helpdesk.clips.models import ClipLedgerEntry
    from helpdesk.customers.models import Customer
    from tests.clips.test_ledger import assert_consistent

    manager, technician = make.user("manager"), make.user("technician")
    customer = make.customer()
    clips.sell_card(manager, customer.id, 500, "50000.00", date(2026, 1, 1))
    case_id, customer_id, token = make.case(customer).id, customer.id, make.token(technician)
    db.session.remove()
    server, base = _serve(database_url, str(tmp_path / "server-instance"))
    try:
        with ThreadPoolExecutor(4) as clients:
            saves = [clients.submit(_save, base, token, case_id, start) for start in SLOTS[:120]]
            deadline = time.monotonic() + 60
            while sum(save.done() and save.result() is not None for save in saves) < 20:
                assert time.monotonic() < deadline, "the server confirmed fewer than 20 saves in a minute"
                time.sleep(0.01)
            server.send_signal(signal.SIGKILL)
            confirmed = [save.result() for save in saves if save.result() is not None]
    finally:
        server.kill()
        server.wait(timeout=10)

    assert 20 <= len(confirmed) < 120     # killed mid-stream: some saves were confirmed, not all
    saved = db.session.execute(sa.select(TimeEntry.id, TimeEntry.clips)).all()
    assert set(confirmed) <= {entry_id for entry_id, _ in saved}
    booked = dict(db.session.execute(
        sa.select(ClipLedgerEntry.time_entry_id, -sa.func.sum(ClipLedgerEntry.clips))
        .group_by(ClipLedgerEntry.time_entry_id).where(ClipLedgerEntry.time_entry_id.is_not(None))).all())
    assert booked == {entry_id: entry_clips for entry_id, entry_clips in saved} and set(booked.values()) == {2}
    assert_consistent(db.session.get(Customer, customer_id))
