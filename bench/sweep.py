"""Every page of the app on the benchmark data: each GET route, in-process, slowest first.

    python bench/sweep.py --database sqlite:////tmp/helpdesk-bench.sqlite [--runs 5] [--slow-ms 100]

`run.py` measures the issue's list of pages under gunicorn; this finds the pages no list names. It asks every GET
rule of the app's URL map, with each id in the path taken from the data (the busiest customer, its newest invoice,
the case with about 50 entries, ...) and every report by name, as the user who would ask: kundeHUB's pages as the
customer user, the API with a manager's token, the admin's pages as the admin, the rest as the manager. Each path
is asked `--runs` times with the Flask test client after one request to warm it; the median and the slowest are
printed, with a mark on those whose median is above `--slow-ms`, and the statements the warm-up sent to the
database, with a mark on a path that sent one statement ten times or more (a query per row, N+1: on PostgreSQL,
where each round trip costs more, the list of API invoices took 73 ms for 101 statements where SQLite took 26).
Paths that need something the data lacks (a reminder before any dunning run, an attachment) are listed as
skipped. It writes nothing of the data: only the benchmark users when missing, one API token a sweep and an audit
line for each export of a customer's data. Every status is printed (a 503 health check on data without backups,
a 302 or 422 for an e-invoice of a customer without a GLN are what they should be); the exit code is 1 when a
page fails with a 500, so a sweep can guard a change.
"""

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.routing import Rule

from helpdesk.database import statements_sent
from run import USERS, app_for, machine_gauge_ms, prepare

# Paths not worth sweeping: the static files, the sign-in and password pages, the metrics scrape.
LEFT_OUT = {"static", "accounts.login", "accounts.forgot_password", "accounts.reset_password", "metrics.scrape"}
REPORT_FILE_TYPES = ("csv", "xlsx")
REPEATED_STATEMENTS = 10


@dataclass
class Timing:
    path: str
    role: str
    status: int
    median_ms: float
    slowest_ms: float
    kilobytes: int
    statements: int
    most_repeated: int

    @property
    def repeats_a_query(self) -> bool:
        """One statement sent again and again: a query per row (N+1), which a join or an eager load saves."""
        return self.most_repeated >= REPEATED_STATEMENTS


def sample_ids(subjects) -> dict[str, int | None]:
    """An id from the data for each path argument the app's routes take (None when the data has none)."""
    from helpdesk.accounts.models import User
    from helpdesk.agreements.models import Agreement, AgreementNotice
    from helpdesk.billing.models import Invoice, Reminder
    from helpdesk.cases.models import Attachment
    from helpdesk.extensions import db
    from helpdesk.timelog.models import TimeEntry

    def first(query):
        return db.session.scalar(query.limit(1))

    customer_id = subjects.customer_id
    return {
        "customer_id": customer_id,
        "case_id": subjects.case_id,
        "invoice_id": first(sa.select(Invoice.id).where(Invoice.customer_id == customer_id)
                            .order_by(Invoice.issue_date.desc(), Invoice.id.desc())),
        "entry_id": first(sa.select(TimeEntry.id).where(TimeEntry.case_id == subjects.case_id,
                                                         TimeEntry.deleted_at.is_(None)).order_by(TimeEntry.id)),
        "agreement_id": first(sa.select(Agreement.id).where(Agreement.customer_id == customer_id)
                              .order_by(Agreement.id)) or first(sa.select(Agreement.id).order_by(Agreement.id)),
        "notice_id": first(sa.select(AgreementNotice.id).order_by(AgreementNotice.id)),
        "reminder_id": first(sa.select(Reminder.id).join(Invoice, Reminder.invoice_id == Invoice.id)
                             .where(Invoice.customer_id == customer_id).order_by(Reminder.id)),
        "attachment_id": first(sa.select(Attachment.id).order_by(Attachment.id)),
        "user_id": first(sa.select(User.id).where(User.customer_id == customer_id,
                                                 User.email != USERS["customer"]).order_by(User.id)),
    }


def paths(rule: Rule, ids: dict[str, int | None], report_names) -> Iterator[str | None]:
    """The paths to ask for a rule, or None when the data has nothing to put in it."""
    arguments = rule.arguments - set(rule.defaults or ())
    if "name" in arguments:
        for name in report_names:
            for file_type in REPORT_FILE_TYPES if "file_type" in arguments else (None,):
                yield _built(rule, {"name": name, **({"file_type": file_type} if file_type else {})})
        return
    values = {argument: ids.get(argument) for argument in arguments}
    yield None if None in values.values() else _built(rule, values)


def _built(rule: Rule, values: dict) -> str | None:
    """The path of a rule with these values, or None when they do not fit it."""
    built = rule.build(values, append_unknown=False)
    return None if built is None else built[1]


def role_of(rule: Rule, view) -> str:
    """Who asks: kundeHUB's customer user, the API's manager token, the admin for the admin's pages, else the
    manager."""
    if rule.rule.startswith("/hub/"):
        return "customer"
    if rule.rule.startswith("/api/"):
        return "api"
    return "admin" if getattr(view, "required_role", None) == "admin" else "manager"


def timed(client, path: str, headers: dict, runs: int, engine) -> tuple[int, list[float], int, Counter]:
    """The status, the times of `runs` requests after a warm-up, the size in KB and the warm-up's statements."""
    with statements_sent(engine) as sent:
        answer = client.get(path, headers=headers)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    return answer.status_code, times, len(answer.data) // 1024, Counter(statement for statement, _ in sent)


def sweep(database_url: str, runs: int) -> tuple[list[Timing], list[str]]:
    from helpdesk.accounts.models import User
    from helpdesk.accounts.services import issue_token
    from helpdesk.extensions import db
    from helpdesk.reports.catalogue import REPORTS

    subjects = prepare(database_url)
    app = app_for(database_url)
    with app.app_context():
        ids = sample_ids(subjects)
        users = {role: db.session.scalars(sa.select(User).where(User.email == email)).one()
                 for role, email in USERS.items()}
        bearer = {"Authorization": f"Bearer {issue_token(users['manager'])}"}
        user_ids = {role: user.id for role, user in users.items()}
        engine = db.engine
    # Requests outside the app context above: inside it they would share one `g`, and with it one signed-in user.
    clients = {"api": app.test_client()}
    for role in ("manager", "customer", "admin"):
        clients[role] = app.test_client()
        with clients[role].session_transaction() as session:
            session["_user_id"], session["_fresh"] = str(user_ids[role]), True
    timings, skipped = [], []
    rules = sorted((rule for rule in app.url_map.iter_rules()
                    if "GET" in rule.methods and rule.endpoint not in LEFT_OUT), key=lambda rule: rule.rule)
    for rule in rules:
        role = role_of(rule, app.view_functions[rule.endpoint])
        for path in paths(rule, ids, REPORTS):
            if path is None:
                skipped.append(rule.rule)
                continue
            status, times, size, statements = timed(clients[role], path, bearer if role == "api" else {}, runs, engine)
            timings.append(Timing(path, role, status, statistics.median(times), max(times), size,
                                  statements.total(), max(statements.values(), default=0)))
    return timings, skipped


def _at_least_one(text: str) -> int:
    runs = int(text)
    if runs < 1:
        raise argparse.ArgumentTypeError("at least one request per path")
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a database filled by bench-data")
    parser.add_argument("--runs", type=_at_least_one, default=5, help="requests per path after a warm-up (default 5)")
    parser.add_argument("--slow-ms", type=float, default=100, help="mark medians above this (default 100 ms)")
    arguments = parser.parse_args()
    print(f"machine gauge (sum of a million integers): {machine_gauge_ms():.1f} ms")
    timings, skipped = sweep(arguments.database, arguments.runs)
    print(f"{'median ms':>9} {'slowest':>8} {'KB':>5} {'SQL':>4} {'status':>6}  {'as':9} path")
    for timing in sorted(timings, key=lambda timing: timing.median_ms, reverse=True):
        marks = ["SLOW"] * (timing.median_ms > arguments.slow_ms)
        marks += [f"N+1 ({timing.most_repeated}× one statement)"] * timing.repeats_a_query
        print(f"{timing.median_ms:9.1f} {timing.slowest_ms:8.1f} {timing.kilobytes:5d} {timing.statements:4d} "
              f"{timing.status:6d}  {timing.role:9} {timing.path} {' '.join(marks)}")
    slow = sum(timing.median_ms > arguments.slow_ms for timing in timings)
    repeating = sum(timing.repeats_a_query for timing in timings)
    print(f"{len(timings)} paths, {slow} above {arguments.slow_ms:g} ms, {repeating} sending one statement "
          f"{REPEATED_STATEMENTS} times or more; skipped for want of data: {', '.join(skipped) or 'none'}")
    failed = [timing.path for timing in timings if timing.status == 500]
    if failed:
        print(f"server errors: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
