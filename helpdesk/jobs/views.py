"""The managers' Jobs page: every job, its last runs, and a warning when a daily job is behind."""

from datetime import timedelta

from flask import Blueprint, render_template

from helpdesk.access import manager_required
from helpdesk.database import local_today
from helpdesk.jobs import runner
from helpdesk.jobs.registry import all_jobs

blueprint = Blueprint("jobs", __name__, url_prefix="/jobs")
SCHEDULER_COMMAND = "flask --app helpdesk scheduler"


@blueprint.get("/")
@manager_required
def index():
    today = local_today()
    latest, successes = runner.latest_runs(), runner.last_successes()
    rows = []
    for job in all_jobs():
        succeeded = successes.get(job.name) if job.daily else None
        behind = job.daily and (succeeded is None or succeeded < today - timedelta(days=1))
        rows.append({"job": job, "time": runner.job_time(job), "latest": latest.get(job.name),
                     "succeeded": succeeded, "behind": behind})
    return render_template("jobs/index.html", rows=rows, runs=runner.recent_runs(),
                           heartbeat=runner.last_heartbeat(), scheduler_command=SCHEDULER_COMMAND)
