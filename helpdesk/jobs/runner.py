"""Run jobs exactly once per day, whoever starts them and however often.

A daily job first claims its (job, day) row in a transaction of its own: the unique key lets only one process
insert it; a failed run (or one whose process died: a run older than the lease) can be claimed again. The job's
work then runs in its own transaction: when it raises, the work is rolled back, the run is marked failed with
its error, and the next tick tries again. Tick jobs (the outbox) are safe to run anywhere at any time.
"""

import json
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from helpdesk.database import utcnow
from helpdesk.extensions import db
from helpdesk.jobs.models import JobRun, RunStatus, SchedulerHeartbeat
from helpdesk.jobs.registry import Job, all_jobs
from helpdesk.ops import metrics
from helpdesk.rules.worktime import to_local

LEASE = timedelta(hours=1)
RETRY_AFTER = timedelta(minutes=5)
WORKER = f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Outcome:
    job: str
    day: date
    status: str  # succeeded, failed, skipped
    counts: dict
    error: str = ""


def _claim(job: Job, day: date, now: datetime) -> bool:
    """Take the (job, day) run for this process; False when it succeeded already or runs elsewhere."""
    try:
        db.session.add(JobRun(job=job.name, day=day, status=RunStatus.RUNNING, started_at=now, worker=WORKER))
        db.session.commit()
        return True
    except sa.exc.IntegrityError:
        db.session.rollback()
    retaken = db.session.execute(
        sa.update(JobRun)
        .where(JobRun.job == job.name, JobRun.day == day, sa.or_(
            JobRun.status == RunStatus.FAILED,
            sa.and_(JobRun.status == RunStatus.RUNNING, JobRun.started_at < now - LEASE),
        ))
        .values(status=RunStatus.RUNNING, attempts=JobRun.attempts + 1, started_at=now, finished_at=None,
                worker=WORKER)
        .returning(JobRun.id)
    ).scalar_one_or_none()
    db.session.commit()
    return retaken is not None


def _finish(job: Job, day: date, status: RunStatus, counts: dict, error: str = "") -> None:
    db.session.execute(
        sa.update(JobRun).where(JobRun.job == job.name, JobRun.day == day)
        .values(status=status, finished_at=utcnow(), counts=json.dumps(counts, sort_keys=True), error=error)
    )
    db.session.commit()


def _work(job: Job, day: date) -> tuple[dict, str]:
    """Do the job's work; on an error roll it back and say what went wrong."""
    try:
        return job.run(day) or {}, ""
    except Exception as error:  # noqa: BLE001 - a failing job is recorded, and must not stop the others
        db.session.rollback()
        current_app.logger.exception("job %s for %s failed", job.name, day)
        return {}, f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"


def run_job(job: Job, day: date, now: datetime | None = None) -> Outcome:
    """Run one job for one day, at most once (a tick job runs every time), and count its outcome."""
    outcome = _run_once(job, day, now)
    metrics.count_job(outcome.job, outcome.status)
    return outcome


def _run_once(job: Job, day: date, now: datetime | None) -> Outcome:
    if job.daily and not _claim(job, day, now or utcnow()):
        return Outcome(job.name, day, "skipped", {})
    counts, error = _work(job, day)
    if job.daily:
        _finish(job, day, RunStatus.FAILED if error else RunStatus.SUCCEEDED, counts, error)
    return Outcome(job.name, day, "failed" if error else "succeeded", counts, error)


def job_time(job: Job):
    """The job's daily time: HELPDESK_JOB_TIMES may move it ("name=HH:MM,...")."""
    return current_app.config.get("HELPDESK_JOB_TIMES", {}).get(job.name, job.at)


def _due(job: Job, local_now: datetime, runs: dict) -> bool:
    if not job.daily:
        return True
    if local_now.time() < job_time(job):
        return False
    run = runs.get(job.name)
    if run is None:
        return True
    retry_from = (run.finished_at or run.started_at) + RETRY_AFTER
    return run.status == RunStatus.FAILED and retry_from <= local_now


def tick(now: datetime | None = None) -> list[Outcome]:
    """What the scheduler does every minute: beat, then run each job that is due today and not yet done."""
    now = now or utcnow()
    local_now = to_local(now)
    beat(now)
    runs = {run.job: run for run in db.session.scalars(sa.select(JobRun).where(JobRun.day == local_now.date()))}
    return [run_job(job, local_now.date(), now) for job in all_jobs() if _due(job, local_now, runs)]


def beat(now: datetime) -> None:
    """Record that this scheduler is alive."""
    heartbeat = db.session.get(SchedulerHeartbeat, WORKER)
    if heartbeat is None:
        db.session.add(SchedulerHeartbeat(worker=WORKER, beat_at=now))
    else:
        heartbeat.beat_at = now
    db.session.commit()


def latest_runs() -> dict[str, JobRun]:
    """Each job's most recent run."""
    newest = sa.select(JobRun.job, sa.func.max(JobRun.day).label("day")).group_by(JobRun.job).subquery()
    rows = db.session.scalars(sa.select(JobRun).join(newest, sa.and_(JobRun.job == newest.c.job,
                                                                      JobRun.day == newest.c.day)))
    return {run.job: run for run in rows}


def last_successes() -> dict[str, date]:
    """The day each job last succeeded for (a job that never did is missing)."""
    return dict(db.session.execute(sa.select(JobRun.job, sa.func.max(JobRun.day))
                                   .where(JobRun.status == RunStatus.SUCCEEDED).group_by(JobRun.job)).all())


def recent_runs(limit: int = 50) -> list[JobRun]:
    return list(db.session.scalars(sa.select(JobRun).order_by(JobRun.started_at.desc()).limit(limit)))


def last_heartbeat() -> datetime | None:
    return db.session.scalar(sa.select(sa.func.max(SchedulerHeartbeat.beat_at)))
