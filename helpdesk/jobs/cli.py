"""`flask jobs list`, `flask jobs run NAME [--today DATE]` and `flask scheduler`."""

import logging
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from helpdesk.database import local_today
from helpdesk.jobs import runner
from helpdesk.jobs.registry import all_jobs, get_job


@click.group(help="The scheduled jobs.")
def jobs():
    pass


@jobs.command("list")
def list_jobs():
    """List the jobs, when they run and how they last went."""
    latest = runner.latest_runs()
    for job in all_jobs():
        when = runner.job_time(job).strftime("%H:%M") if job.daily else "every tick"
        run = latest.get(job.name)
        last = f"{run.day} {run.status.value}" if run else "never run"
        click.echo(f"{job.name:<20} {when:<10} {last:<24} {job.description}")


@jobs.command("run")
@click.argument("name")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to run for (default: today).")
def run(name, today):
    """Run one job now for a day (once per day: a second run of a succeeded day does nothing)."""
    try:
        job = get_job(name)
    except KeyError as error:
        raise click.ClickException(error.args[0]) from error
    outcome = runner.run_job(job, today.date() if today else local_today())
    click.echo(f"{outcome.job} {outcome.day}: {outcome.status} {outcome.counts}")
    if outcome.status == "failed":
        raise click.ClickException(outcome.error.splitlines()[0])


@click.command("scheduler", help="Run the scheduler: every minute, the jobs that are due (Europe/Copenhagen).")
@click.option("--interval", default=60, show_default=True, help="Seconds between ticks.")
@with_appcontext
def scheduler(interval: int):
    from apscheduler.schedulers.blocking import BlockingScheduler

    app = current_app._get_current_object()

    def tick():
        with app.app_context():
            for outcome in runner.tick():
                if outcome.status != "skipped" and (outcome.counts or outcome.error):
                    app.logger.info("job %s %s: %s %s", outcome.job, outcome.day, outcome.status, outcome.counts)

    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our own line per job says what ran
    blocking = BlockingScheduler(timezone="Europe/Copenhagen")
    blocking.add_job(tick, "interval", seconds=interval, max_instances=1, coalesce=True, id="tick",
                     next_run_time=datetime.now().astimezone())
    click.echo(f"Scheduler {runner.WORKER} started; ticking every {interval} s. Stop with Ctrl-C.")
    try:
        blocking.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Scheduler stopped.")
