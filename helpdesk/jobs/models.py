"""The record of every job run, and the scheduler's heartbeat."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.database import UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class JobRun(db.Model):
    """One job's run for one day. The unique (job, day) key is what makes a daily job run once."""

    __tablename__ = "job_runs"
    __table_args__ = (sa.UniqueConstraint("job", "day", name="once_per_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(64))
    day: Mapped[date]
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus))
    attempts: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[str] = mapped_column(sa.Text, default="")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    worker: Mapped[str] = mapped_column(sa.String(100), default="")


class SchedulerHeartbeat(db.Model):
    """When a scheduler process last ticked (one row per worker)."""

    __tablename__ = "scheduler_heartbeats"

    worker: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
