"""Jobs run once per day whoever starts them; a failing job is recorded, rolled back and retried."""

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from helpdesk.customers.models import Customer
from helpdesk.database import local_today
from helpdesk.extensions import db
from helpdesk.formatting import danish_date
from helpdesk.jobs import registry, runner
from helpdesk.jobs.models import JobRun, RunStatus, SchedulerHeartbeat

DAY = date(2026, 11, 23)


@pytest.fixture
def counting_job(monkeypatch):
    """A daily job that renames a customer once per call, so doubled work is visible."""
    calls = []

    def run(day):
        calls.append(day)
        customer = db.session.scalars(sa.select(Customer)).one()
        customer.name += "!"
        db.session.commit()
        return {"renamed": 1}

    job = registry.Job("count", "Counts its calls.", run, datetime.strptime("06:00", "%H:%M").time())
    monkeypatch.setitem(registry.JOBS, "count", job)
    return job, calls


def test_a_job_runs_once_per_day(make, counting_job):
    customer = make.customer(name="Nordlys")
    job, calls = counting_job
    first = runner.run_job(job, DAY)
    second = runner.run_job(job, DAY)
    assert (first.status, second.status) == ("succeeded", "skipped")
    assert first.counts == {"renamed": 1}
    db.session.refresh(customer)
    assert customer.name == "Nordlys!" and calls == [DAY]
    run = db.session.scalars(sa.select(JobRun)).one()
    assert (run.status, run.attempts, run.counts) == (RunStatus.SUCCEEDED, 1, '{"renamed": 1}')
    assert runner.run_job(job, date(2026, 11, 24)).status == "succeeded"


def test_a_failing_job_rolls_back_is_recorded_and_runs_again(make, monkeypatch):
    customer = make.customer(name="Nordlys")
    attempts = []

    def half_done(day):
        attempts.append(day)
        db.session.scalars(sa.select(Customer)).one().name = "halvt"
        db.session.flush()
        if len(attempts) == 1:
            raise RuntimeError("the mail server fell over")
        db.session.commit()
        return {"done": 1}

    job = registry.Job("flaky", "Fails once.", half_done, datetime.strptime("06:00", "%H:%M").time())
    failed = runner.run_job(job, DAY)
    assert failed.status == "failed" and "the mail server fell over" in failed.error
    db.session.refresh(customer)
    assert customer.name == "Nordlys"
    run = db.session.scalars(sa.select(JobRun)).one()
    assert run.status == RunStatus.FAILED and "RuntimeError" in run.error
    retried = runner.run_job(job, DAY)
    assert retried.status == "succeeded"
    db.session.refresh(run)
    assert (run.status, run.attempts, customer.name) == (RunStatus.SUCCEEDED, 2, "halvt")


def test_one_failing_job_does_not_stop_the_others(make, monkeypatch, counting_job):
    make.customer()
    job, calls = counting_job

    def broken(day):
        raise ValueError("broken")

    monkeypatch.setattr(registry, "JOBS", {"broken": registry.Job("broken", "", broken, job.at), "count": job})
    monkeypatch.setattr(runner, "all_jobs", lambda: list(registry.JOBS.values()))
    outcomes = runner.tick(datetime(2026, 11, 23, 6, 30, tzinfo=timezone.utc))
    assert [(o.job, o.status) for o in outcomes] == [("broken", "failed"), ("count", "succeeded")]
    assert db.session.scalar(sa.select(sa.func.count(SchedulerHeartbeat.worker))) == 1


def test_a_tick_runs_daily_jobs_only_after_their_time(make, monkeypatch, counting_job):
    make.customer()
    job, calls = counting_job
    monkeypatch.setattr(runner, "all_jobs", lambda: [job])
    assert runner.tick(datetime(2026, 11, 23, 4, 59, tzinfo=timezone.utc)) == []   # 05:59 in Copenhagen
    assert [o.status for o in runner.tick(datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc))] == ["succeeded"]
    assert runner.tick(datetime(2026, 11, 23, 5, 1, tzinfo=timezone.utc)) == []
    assert calls == [DAY]


def test_two_schedulers_at_once_run_each_job_once(app, make, counting_job, database_url):
    make.customer(name="Nordlys")
    job, calls = counting_job
    barrier = threading.Barrier(2)
    outcomes = []

    def scheduler():
        with app.app_context():
            barrier.wait(timeout=10)
            outcomes.append(runner.run_job(job, DAY).status)
            db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["skipped", "succeeded"]
    assert calls == [DAY]
    assert db.session.scalars(sa.select(Customer)).one().name == "Nordlys!"


def test_jobs_cli_lists_runs_and_refuses_bad_input(app, make):
    runner_cli = app.test_cli_runner()
    listed = runner_cli.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0
    assert "expire_clip_cards" in listed.output and "send_outbox" in listed.output
    unknown = runner_cli.invoke(args=["jobs", "run", "make_coffee"])
    assert unknown.exit_code != 0 and "Unknown job 'make_coffee'" in unknown.output
    malformed = runner_cli.invoke(args=["jobs", "run", "expire_clip_cards", "--today", "23-11-2026"])
    assert malformed.exit_code != 0 and "--today" in malformed.output
    ran = runner_cli.invoke(args=["jobs", "run", "expire_clip_cards", "--today", "2026-11-23"])
    assert ran.exit_code == 0 and "succeeded" in ran.output


def test_jobs_page_tells_the_day_a_daily_job_last_succeeded_for(client, auth, make):
    today = local_today()
    job = registry.get_job("expire_clip_cards")
    assert runner.run_job(job, today - timedelta(days=3)).status == RunStatus.SUCCEEDED
    auth.login(make.user("manager"))
    page = client.get("/jobs/").get_data(as_text=True)
    assert f"expire_clip_cards er ikke lykkedes siden {danish_date(today - timedelta(days=3))}." in page
    runner.run_job(job, today - timedelta(days=1))
    page = client.get("/jobs/").get_data(as_text=True)
    assert "expire_clip_cards er ikke lykkedes" not in page
    assert "mark_overdue_invoices er ikke lykkedes endnu." in page


def test_jobs_page_warns_when_a_daily_job_is_behind(client, auth, make):
    auth.login(make.user("manager"))
    page = client.get("/jobs/").get_data(as_text=True)
    assert "expire_clip_cards er ikke lykkedes endnu" in page
    auth.logout()
    auth.login(make.user("manager", language="en"))
    page = client.get("/jobs/").get_data(as_text=True)
    assert "expire_clip_cards has not succeeded yet" in page
    assert "(start it with <code>flask --app helpdesk scheduler</code>)" in page
    auth.logout()
    auth.login(make.user("technician"))
    assert client.get("/jobs/").status_code == 403
