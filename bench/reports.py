"""Time every report on a large generated data set.

    python bench/reports.py postgresql+psycopg://postgres@127.0.0.1:5432/reports_bench --entries 1000000

The database must exist; the tables and the data are made on the first run (later runs time the same data, say
after adding an index by hand). The data: 200 customers, 10 technicians,
time entries spread over the last 24 months (80 % billable, 15 % covered, 5 % free, 1 % deleted), a ledger
row per billable entry and a card every quarter per customer, and a month invoice per customer and month with
a payment for most. Each report is then run three times, for all customers and for one; the best time counts.
"""

import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import partial

import sqlalchemy as sa

from helpdesk import create_app
from helpdesk.accounts.services import create_user
from helpdesk.billing.models import Invoice, InvoiceLine, Payment
from helpdesk.cases.models import Case
from helpdesk.clips.models import ClipLedgerEntry
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.reports import catalogue, dashboard
from helpdesk.timelog.models import TimeEntry

CUSTOMERS, TECHNICIANS, CASES_PER_CUSTOMER, BATCH = 200, 10, 10, 20_000
CLASSES = ["billable"] * 80 + ["covered"] * 15 + ["free"] * 5


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(sa.insert(model), rows[start:start + BATCH])
    db.session.commit()


def _entries(count: int, cases: list[Case], technicians: list[int], now: datetime):
    """Time entries and the ledger rows of the billable ones."""
    entries, ledger = [], []
    for number in range(1, count + 1):
        case = random.choice(cases)
        started = now - timedelta(days=random.uniform(1, 730))
        minutes = random.randint(15, 120)
        blocks = -(-minutes // 15)
        kind = random.choice(CLASSES)
        entries.append({"id": number, "case_id": case.id, "customer_id": case.customer_id,
                        "technician_id": random.choice(technicians), "started_at": started,
                        "ended_at": started + timedelta(minutes=minutes), "minutes": minutes,
                        "classification": kind, "clips": blocks, "blocks_1x": blocks, "blocks_2x": 0,
                        "blocks_3x": 0, "deleted_at": now if random.random() < 0.01 else None})
        if kind == "billable":
            ledger.append({"customer_id": case.customer_id, "kind": "consumption", "clips": -blocks,
                           "time_entry_id": number, "at": started + timedelta(hours=1)})
    return entries, ledger


def _invoices(customers: list[int], today: date) -> None:
    invoices, lines, payments, number = [], [], [], 0
    for customer_id in customers:
        for months_back in range(24):
            number += 1
            issued = (today.replace(day=1) - timedelta(days=30 * months_back)).replace(day=1)
            net = Decimal(random.randint(1_000, 50_000))
            invoices.append({"id": number, "number": number, "customer_id": customer_id, "issue_date": issued,
                             "due_date": issued + timedelta(days=8), "buyer_name": "Kunde", "total_net": net,
                             "total_vat": net / 4, "total_gross": net + net / 4, "status": "issued"})
            lines.append({"invoice_id": number, "position": 1, "kind": "hourly", "description": "Timer",
                          "quantity": 1, "unit_price": net, "net": net, "vat_percent": 25, "vat": net / 4})
            if random.random() < 0.9:
                payments.append({"invoice_id": number, "received": net + net / 4, "applied": net + net / 4,
                                 "paid_on": issued + timedelta(days=7)})
    _insert(Invoice, invoices)
    _insert(InvoiceLine, lines)
    _insert(Payment, payments)


def generate(count: int, today: date, now: datetime) -> None:
    """Fill the empty database."""
    _insert(Customer, [{"name": f"Kunde {n} ApS", "email": f"kunde{n}@example.dk"} for n in range(CUSTOMERS)])
    customers = list(db.session.scalars(sa.select(Customer.id)))
    technicians = [create_user(f"tekniker{n}@example.dk", f"Tekniker {n}", "technician", "bench-adgang-2026").id
                   for n in range(TECHNICIANS)]
    _insert(Case, [{"number": index, "customer_id": customer_id, "subject": "Sag", "category": "support",
                    "channel": "phone"}
                   for index, customer_id in enumerate(customers * CASES_PER_CUSTOMER, start=1)])
    entries, ledger = _entries(count, list(db.session.scalars(sa.select(Case))), technicians, now)
    purchases = [{"customer_id": customer_id, "kind": "purchase", "clips": 400, "at": now - timedelta(days=days)}
                 for customer_id in customers for days in range(0, 730, 91)]
    _insert(TimeEntry, entries)
    _insert(ClipLedgerEntry, ledger + purchases)
    _invoices(customers, today)


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
            started = time.perf_counter()
            generate(arguments.entries, today, now)
            print(f"generated {arguments.entries:,} entries in {time.perf_counter() - started:.0f} s")
        customer_id = db.session.scalar(sa.select(sa.func.min(Customer.id)))
        print(f"{'report':<16}{'all customers':>16}{'one customer':>16}")
        for kind in catalogue.REPORTS.values():
            timings = [best_of_three(partial(run_report, kind, c, today)) for c in (None, customer_id)]
            print(f"{kind.name:<16}{timings[0]:>13.0f} ms{timings[1]:>13.0f} ms")
        timings = [best_of_three(partial(dashboard.key_figures, today, c)) for c in (None, customer_id)]
        print(f"{'dashboard':<16}{timings[0]:>13.0f} ms{timings[1]:>13.0f} ms")


if __name__ == "__main__":
    main()
