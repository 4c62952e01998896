"""Time every report on a large generated data set.

    python bench/reports.py postgresql+psycopg://postgres@127.0.0.1:5432/reports_bench --entries 1000000

The database must exist; the tables and the data are made on the first run (later runs time the same data, say
after adding an index by hand). The data is `flask bench-data`'s (helpdesk/bench_data.py): 200 customers with
2,000 cases and their time entries over the last 2 years, priced by the rules, with clip cards, the clip ledger,
invoices, payments and agreements. Each report is then run three times, for all customers and for one; the best
time counts.
"""

import argparse
import time
from datetime import date, datetime, timezone
from functools import partial

import sqlalchemy as sa

from helpdesk import bench_data, create_app
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.reports import catalogue, dashboard
from helpdesk.timelog.models import TimeEntry

CUSTOMERS, CASES, YEARS = 200, 2_000, 2


def run_report(kind: catalogue.ReportKind, customer_id: int | None, today: date) -> catalogue.Report:
    """The report over its default period, as its page shows it first."""
    return catalogue.run(kind, kind.filters(None, None, customer_id, today), today)


def best_of_three(run) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--entries", type=int, default=1_000_000)
    arguments = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": arguments.database_url})
    now = datetime.now(timezone.utc)
    today = now.date()
    with app.app_context():
        db.create_all()
        if not db.session.scalar(sa.select(sa.exists().where(TimeEntry.id.is_not(None)))):
            bench_data.fill(CUSTOMERS, CASES, arguments.entries, years=YEARS, echo=print)
        customer_id = db.session.scalar(sa.select(sa.func.min(Customer.id)))
        print(f"{'report':<16}{'all customers':>16}{'one customer':>16}")
        for kind in catalogue.REPORTS.values():
            timings = [best_of_three(partial(run_report, kind, c, today)) for c in (None, customer_id)]
            print(f"{kind.name:<16}{timings[0]:>13.0f} ms{timings[1]:>13.0f} ms")
        timings = [best_of_three(partial(dashboard.key_figures, today, c)) for c in (None, customer_id)]
        print(f"{'dashboard':<16}{timings[0]:>13.0f} ms{timings[1]:>13.0f} ms")


if __name__ == "__main__":
    main()
