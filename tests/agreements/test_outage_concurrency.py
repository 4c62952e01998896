"""Managers correcting, recording and deleting one agreement's outages at once: never two outages on one day, and
every refusal a clear one (SPEC §7)."""

import threading
import time
from datetime import date

import pytest
import sqlalchemy as sa

from helpdesk.accounts.models import User
from helpdesk.agreements import outages
from helpdesk.agreements.models import Agreement, Outage
from helpdesk.audit import AuditEvent
from helpdesk.errors import DomainError, NotFound
from helpdesk.extensions import db
from tests.agreements.hosting import hosting_agreement

TODAY = date(2025, 6, 1)
WAITING_FOR_A_LOCK = ("SELECT count(*) FROM pg_stat_activity "
                      "WHERE wait_event_type = 'Lock' AND datname = current_database()")


def ending_of(app, work) -> str:
    """Run work() in an app context of its own: "done", or the name of the class of what it raised."""
    with app.app_context():
        try:
            work()
            return "done"
        except Exception as error:  # noqa: BLE001 - the tests name what is allowed
            return type(error).__name__
        finally:
            db.session.remove()


def at_once(app, managers: list[int], work) -> list[str]:
    """Run work(manager, index) for every manager at the same moment, each in a thread; return how each ended."""
    barrier = threading.Barrier(len(managers))
    endings = [""] * len(managers)

    def as_manager(index: int) -> None:
        manager = db.session.get(User, managers[index])
        db.session.commit()   # hand the connection back while waiting
        barrier.wait(timeout=30)
        work(manager, index)

    def run(index: int) -> None:
        endings[index] = ending_of(app, lambda: as_manager(index))

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(managers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return endings


def audited(action: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


@pytest.fixture
def concurrent(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks under real concurrency are PostgreSQL's; SQLite has one writer at a time")


def test_corrections_and_new_outages_at_once_never_overlap(app, make, concurrent):
    agreement = hosting_agreement(make.customer())
    managers = [make.user("manager") for _ in range(8)]
    first = outages.record_outage(managers[0], agreement.id,
                                  outages.OutageInput(date(2025, 3, 1), date(2025, 3, 2), "Nede"), TODAY)
    first_id, agreement_id = first.id, agreement.id

    def work(manager, index: int) -> None:
        # Half move the first outage onto 10–14 March (each a day later); half record 12–13 March anew.
        if index % 2:
            outages.record_outage(manager, agreement_id,
                                  outages.OutageInput(date(2025, 3, 12), date(2025, 3, 13), "Igen"), TODAY)
        else:
            day = 10 + index // 2
            outages.correct_outage(manager, first_id,
                                   outages.OutageInput(date(2025, 3, day), date(2025, 3, day + 4), "Flyttet"), TODAY)

    endings = at_once(app, [manager.id for manager in managers], work)
    assert set(endings) <= {"done", DomainError.__name__}, endings
    db.session.expire_all()
    kept = sorted((outage.starts_on, outage.ends_on) for outage in db.session.scalars(sa.select(Outage)))
    assert all(earlier[1] < later[0] for earlier, later in zip(kept, kept[1:])), kept
    recorded = sum(1 for index, ending in enumerate(endings) if index % 2 and ending == "done")
    corrected = sum(1 for index, ending in enumerate(endings) if not index % 2 and ending == "done")
    assert (len(kept), audited("outage_corrected")) == (1 + recorded, corrected)


def another_manager_holds_the_lock_while(app, agreement_id: int, correction, change) -> str:
    """Start `correction` in a thread while another transaction holds the agreement's lock, as recording or
    correcting one of its outages does; once the correction waits for that lock, make `change` in the other
    transaction and commit it. Return how the correction ended."""
    ending = []

    def correct() -> None:
        ending.append(ending_of(app, correction))

    with db.engine.connect() as other, db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
        other.execute(sa.select(Agreement.id).where(Agreement.id == agreement_id).with_for_update())
        thread = threading.Thread(target=correct)
        thread.start()
        deadline = time.monotonic() + 30
        while watch.exec_driver_sql(WAITING_FOR_A_LOCK).scalar() < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        change(other)
        other.commit()
    thread.join(timeout=60)
    return ending[0]


def correction_while_another_manager(app, make, change) -> tuple[str, int]:
    """Record 1–2 March on an agreement, then correct it to 1–6 March "Rettet" while another manager, holding the
    agreement's lock, makes change(other, outage_id); return how the correction ended, and the outage's id."""
    agreement = hosting_agreement(make.customer())
    manager = make.user("manager")
    outage_id = outages.record_outage(manager, agreement.id,
                                      outages.OutageInput(date(2025, 3, 1), date(2025, 3, 2), "Nede"), TODAY).id
    manager_id = manager.id

    def correction() -> None:
        outages.correct_outage(db.session.get(User, manager_id), outage_id,
                               outages.OutageInput(date(2025, 3, 1), date(2025, 3, 6), "Rettet"), TODAY)

    ending = another_manager_holds_the_lock_while(app, agreement.id, correction, lambda other: change(other, outage_id))
    return ending, outage_id


def test_a_correction_works_on_what_another_manager_committed_while_it_waited(app, make, concurrent):
    def moved(other, outage_id: int) -> None:
        other.execute(sa.update(Outage).where(Outage.id == outage_id).values(
            starts_on=date(2025, 3, 5), ends_on=date(2025, 3, 6), description="Flyttet"))

    ending, outage_id = correction_while_another_manager(app, make, moved)
    assert ending == "done"
    db.session.expire_all()
    kept = db.session.get(Outage, outage_id)
    # Read before the lock, the first day (1 March, unchanged as the correction saw it) would not have been written.
    assert (kept.starts_on, kept.ends_on, kept.description) == (date(2025, 3, 1), date(2025, 3, 6), "Rettet")
    assert db.session.scalars(sa.select(AuditEvent.detail).where(AuditEvent.action == "outage_corrected")).all() == [
        "2025-03-05–2025-03-06: Flyttet → 2025-03-01–2025-03-06: Rettet"]


def test_a_correction_of_an_outage_deleted_while_it_waited_is_not_found(app, make, concurrent):
    def deleted(other, outage_id: int) -> None:
        other.execute(sa.delete(Outage).where(Outage.id == outage_id))

    # Read before the lock, the update would have matched no row: a 500 instead of the 404 a manager can read.
    assert correction_while_another_manager(app, make, deleted)[0] == NotFound.__name__
    assert audited("outage_corrected") == 0
