"""Many technicians saving time for one customer at once: no card overdrawn, no clip lost or doubled."""

import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.timelog import services as timelog
from helpdesk.timelog.models import TimeEntry
from tests.factories import copenhagen

THREADS = 24


def test_concurrent_entries_never_overdraw_a_card(app, make, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks under real concurrency are PostgreSQL's; SQLite has one writer at a time")
    customer = make.customer()
    case = make.case(customer)
    technicians = [make.user("technician") for _ in range(THREADS)]
    clips.sell_card(make.user("manager"), customer.id, 10, "1000", date(2026, 11, 1))
    ids = (customer.id, case.id, [t.id for t in technicians])
    barrier = threading.Barrier(THREADS)
    errors = []

    def save(index: int) -> None:
        with app.app_context():
            try:
                from helpdesk.accounts.models import User
                from helpdesk.cases.models import Case

                technician = db.session.get(User, ids[2][index])
                work_case = db.session.get(Case, ids[1])
                start = copenhagen("2026-11-17 09:00") + timedelta(minutes=15 * (index % 20))
                db.session.commit()  # hand the connection back while waiting: the pool is smaller than THREADS
                barrier.wait(timeout=30)
                timelog.log_time(technician, work_case, timelog.EntryInput(start=start, end=start + timedelta(minutes=15)))
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    db.session.expire_all()
    saved = db.session.scalar(sa.select(sa.func.count(TimeEntry.id)))
    card = db.session.scalars(sa.select(ClipCard)).one()
    customer = db.session.get(Customer, ids[0])
    ledger = db.session.scalar(sa.select(sa.func.sum(ClipLedgerEntry.clips)).where(ClipLedgerEntry.customer_id == ids[0]))
    assert saved == THREADS
    assert card.remaining == 0
    assert (customer.unfunded_clips, customer.clip_balance, ledger) == (THREADS - 10, 10 - THREADS, 10 - THREADS)
