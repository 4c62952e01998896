"""The jobs the scheduler knows: each is a function of the day it runs for, returning what it did."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[date], dict]
    at: time | None  # a daily job's time, Europe/Copenhagen; None for a job run on every tick

    @property
    def daily(self) -> bool:
        return self.at is not None


JOBS: dict[str, Job] = {}


def job(name: str, description: str, at: str | None = None):
    """Register a job; ``at`` ("HH:MM", Copenhagen time) makes it daily, else it runs on every tick."""

    def register(function: Callable[[date], dict]) -> Callable[[date], dict]:
        JOBS[name] = Job(name, description, function, time.fromisoformat(at) if at else None)
        return function

    return register


def get_job(name: str) -> Job:
    from helpdesk.jobs import definitions  # noqa: F401  (registers the jobs)

    if name not in JOBS:
        raise KeyError(f"Unknown job {name!r}; known jobs: {', '.join(sorted(JOBS))}.")
    return JOBS[name]


def all_jobs() -> list[Job]:
    from helpdesk.jobs import definitions  # noqa: F401  (registers the jobs)

    return sorted(JOBS.values(), key=lambda registered: (registered.at or time.max, registered.name))
