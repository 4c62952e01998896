"""`flask bench-data`: fill an empty database with a large, realistic and consistent data set for benchmarks.

The data covers the last ``--years`` years up to the start of today. Everything is planned in memory first and
then written table by table with bulk INSERTs (no ORM object per row). Time is priced by the function the
time-entry service uses, and the clip ledger is played through in time order the way ``helpdesk.clips.services``
books it, so saldi, cards' remaining clips, invoice numbers, case numbers and id sequences are what the app itself
would have left, and its services carry on from them. A tenth of the customers never buy a card and are billed by
the hour; their work, and the trips and outlays of all customers, is invoiced month by month the way the
``invoice_month`` job does it (``helpdesk.billing.run``), except for the last full month: that run is left for the
benchmark to make.

Kept simple where the real thing is complex: a customer with cards buys its first one the day it starts, before
any work, so only the customers that never buy one are billed by the hour (no overdraft policy *hourly*); every
month run before the last full month went through, on the configured run day, without a customer held back; there
are no comments, reminders (the dunning job sends them on its next run), credit notes or queued e-mails;
agreements cover faults and outages of one system and run without notice.
"""

import math
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from time import perf_counter

import click
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app
from stdnum import ean
from stdnum.dk import cvr
from werkzeug.security import generate_password_hash

from helpdesk.accounts.models import Role, User
from helpdesk.agreements.models import Agreement, AgreementPeriod, Product
from helpdesk.agreements.services import NOT_COVERED_ATTRIBUTIONS
from helpdesk.billing.models import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, LineKind, MileageRate, Payment
from helpdesk.billing.run import (
    hourly_lines,
    mileage_lines,
    mileage_rates,
    month_start,
    outlay_line,
    previous_month,
    seed_state_mileage_rates,
)
from helpdesk.billing.services import LineInput, priced_line, with_postage
from helpdesk.cases.models import Case, Category, Channel, FaultAttribution, Priority, Status
from helpdesk.clips.models import ClipCard, ClipLedgerEntry, LedgerKind
from helpdesk.clips.services import MOST_CLIPS
from helpdesk.company_calendar import work_calendar
from helpdesk.customers.models import Customer, DeliveryChannel, OverdraftPolicy, TermsProfile
from helpdesk.database import Counter, local_today
from helpdesk.demo import SUBJECTS
from helpdesk.extensions import db
from helpdesk.formatting import danish_date
from helpdesk.reports import rollups
from helpdesk.rules import mileage
from helpdesk.rules.clips import card_expiry
from helpdesk.rules.money import round_ore
from helpdesk.rules.notice import period_end
from helpdesk.rules.worktime import COPENHAGEN, FRIDAY, WorkCalendar, to_local
from helpdesk.timelog.expenses import LONGEST_TRIP_KM
from helpdesk.timelog.models import Classification, Expense, ExpenseKind, TimeEntry
from helpdesk.timelog.services import price

PASSWORD = "bench-adgang-2026"
BATCH = 20_000
PROGRESS = 200_000

# Shares of the work and of the customers.
FREE_SHARE, COVERED_SHARE, DELETED_SHARE = 0.05, 0.15, 0.01
AGREEMENT_SHARE, LATE_JOINER_SHARE, PRIVATE_SHARE, LAZY_BUYER_SHARE = 0.3, 0.25, 0.03, 0.15
HOURLY_SHARE = 0.1  # of the customers: they never buy a clip card and are billed per started hour
TRIP_SHARE, OUTLAY_SHARE = 0.05, 0.3  # of the work that is not a price inquiry: with a trip; with an outlay
PARTLY_PAID_SHARE, LATE_PAYER_SHARE = 0.04, 0.15
DAY_OFF_KEPT = 0.2  # of the work that would fall on a day off, the share done then (the rest on working days)
OFFICE_SHARE, EVENING_SHARE = 0.9, 0.08  # of work on working days; the rest is at night

WORK_MINUTES = (5, 10, 15, 15, 20, 30, 30, 30, 45, 45, 60, 60, 75, 90, 120, 180)
INQUIRY_MINUTES = (5, 10, 15, 20)
TRIP_KM_MEDIAN, TRIP_KM_SPREAD = 40, 0.7  # a trip's length there and back is log-normal around the median
CARD_MONTHS = (3, 6, 6, 9, 12, 12, 24)  # how long a customer means a card to last; 24 lets clips lapse
CARD_SIZES = (20, 40, 60, 100, 150, 200, 300, 400, 600, 1_000, 1_500, 2_000, 3_000, 4_000, 6_000, 10_000, 15_000,
              20_000, 30_000, 40_000, 60_000, MOST_CLIPS)
HOURLY_RATES = (Decimal("850.00"), Decimal("950.00"), Decimal("950.00"), Decimal("1050.00"))
PAYMENT_TERMS = (8, 8, 8, 8, 8, 8, 8, 14, 14, 30)
DELIVERY = ((DeliveryChannel.EMAIL, 75), (DeliveryChannel.POST, 10), (DeliveryChannel.OIOUBL, 15))
FEWEST_TECHNICIANS, MOST_TECHNICIANS, CUSTOMERS_PER_TECHNICIAN = 10, 30, 40

CUSTOMER_STARTS = time(8, 30)
CARD_SOLD = time(9, 0)  # after the customer is created, before its first case
CARDS_EXPIRE = time(0, 15)   # the expire_clip_cards job
AGREEMENTS_RENEW = time(4, 0)  # the renew_agreements job
PAYMENT_BOOKED = time(11, 0)
MONTH_INVOICED = time(5, 0)  # the invoice_month job
CASE_MARGIN = timedelta(hours=4)  # the newest case is this old, so that its first work fits before now
QUIET_BEFORE_CLOSING = timedelta(days=14)
EXPENSE_LOGGED = timedelta(minutes=10)  # after the work the trip or outlay was for
DAYS_PER_MONTH = 30.44

PREFIXES = ("Nord", "Syd", "Øst", "Vest", "Fjord", "Skov", "Strand", "Bakke", "Havne", "Lys", "Eng", "Sø")
TRADES = ("data", "revision", "byg", "el", "vvs", "transport", "design", "consult", "handel", "tryk", "advokaterne",
          "klinik")
FORMS = ("ApS", "ApS", "A/S", "I/S", "K/S")
STREETS = ("Havnegade", "Torvet", "Industrivej", "Skovvej", "Strandvejen", "Hovedgaden", "Fabriksvej", "Stationsvej")
CITIES = (("8000", "Aarhus C"), ("1550", "København V"), ("5000", "Odense C"), ("9000", "Aalborg"),
          ("6700", "Esbjerg"), ("4000", "Roskilde"), ("7100", "Vejle"), ("8600", "Silkeborg"), ("3000", "Helsingør"),
          ("6000", "Kolding"))
FIRST_NAMES = ("Anne", "Bente", "Camilla", "Dorte", "Emil", "Frederik", "Hanne", "Jens", "Karin", "Lars", "Mette",
               "Niels", "Ole", "Pia", "Rasmus", "Susanne", "Thomas", "Ulla", "Mads", "Ida")
LAST_NAMES = ("Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Rasmussen", "Madsen",
              "Kristensen")
SYSTEMS = ("Økonomisystem", "Lønsystem", "Webshop", "Mailserver", "Filserver", "CRM")
WORK_DONE = ("Fejlsøgning og opfølgning", "Opsætning og test", "Telefonsupport", "Fjernsupport", "Opdatering",
             "Dokumentation til kunden")
TRIPS = ("Kørsel til kunden t/r", "Besøg på kundens kontor t/r", "Opsætning på stedet t/r", "Servicebesøg t/r")
OUTLAYS = ("Parkering", "Brobizz, Storebælt", "Færgebillet", "Kabler og stik", "Netværksswitch", "Tonerpatron")
AGREEMENT_NAMES = {Product.HOSTING: "Hosting af {}", Product.BACKUP: "Backup af {}",
                   Product.MONITORING: "Overvågning af {}", Product.SUPPORT: "Support på {}"}
REASONS = {Classification.FREE: "Prisforespørgsel uden analyse (H §4.3).",
           Classification.COVERED: "Dækket af kundens aftale.",
           Classification.BILLABLE: "Fakturerbar konsulentbistand (H §4.1)."}
SUBJECTS_BY_CATEGORY = {category: [subject for kind, subject in SUBJECTS if kind == category] for category in Category}
BILLABLE_CATEGORIES = (Category.SUPPORT, Category.SUPPORT, Category.CONSULTANCY, Category.DELIVERY, Category.FAULT)
NOT_COVERED = tuple(sorted(NOT_COVERED_ATTRIBUTIONS))
ANY_ATTRIBUTION = (None, *FaultAttribution)
LINE_FIELDS = ("position", "kind", "description", "quantity", "unit_price", "net", "vat_percent", "vat")


@click.command("bench-data", help="Fill an empty database with a large, realistic data set for benchmarks.")
@click.option("--customers", type=click.IntRange(1), default=1_000, show_default=True)
@click.option("--cases", type=click.IntRange(1), default=100_000, show_default=True)
@click.option("--entries", type=click.IntRange(0), default=1_000_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed plans the same data on the same day.")
@click.option("--years", type=click.IntRange(1, 20), default=3, show_default=True, help="Spread over so many years.")
def bench_data(customers: int, cases: int, entries: int, seed: int, years: int):
    _require_empty()
    fill(customers, cases, entries, seed=seed, years=years)


def _require_empty() -> None:
    """Refuse a database without the tables, or with rows in any of them (the migration's mileage rates aside)."""
    if not sa.inspect(db.engine).has_table(Customer.__tablename__):
        raise click.ClickException("The database has no tables; run `flask db upgrade` first.")
    filled = [table.name for table in db.metadata.sorted_tables if table.name != MileageRate.__tablename__
              and db.session.scalar(sa.select(sa.exists().select_from(table)))]
    if filled:
        raise click.ClickException(f"The database is not empty ({', '.join(filled)} hold rows); bench-data fills "
                                   "only an empty database.")


def fill(customers: int, cases: int, entries: int, *, seed: int = 1, years: int = 3, echo=click.echo) -> None:
    """Plan the data set and write it into the app's (empty) database."""
    started = perf_counter()
    echo(f"Planning {customers:,} customers, {cases:,} cases and {entries:,} time entries over {years} years")
    seed_state_mileage_rates()  # the run prices trips at the stored rates; the migration stores them too
    tables = _plan(customers, cases, entries, random.Random(seed), years, echo)
    echo("Writing")
    _write(tables, echo)
    echo(f"Done in {perf_counter() - started:.1f} s")


@contextmanager
def _timed(echo, what: str):
    started = perf_counter()
    yield
    echo(f"  {what:<34}{perf_counter() - started:8.1f} s")


def _plan(customers: int, cases: int, entries: int, rng: random.Random, years: int,
          echo) -> list[tuple[type, list[dict]]]:
    """Every row to write, table by table in an order the foreign keys accept."""
    today = local_today()
    now = _at(today, time(0))  # the data ends where today begins, so a seed plans the same data all day
    books = Books(now)
    with _timed(echo, "customers, people, agreements"):
        accounts = _customers(rng, customers, today - relativedelta(years=years), today)
        people = _people(rng, accounts)
        agreements, periods = _agreements(rng, accounts, books, today)
    with _timed(echo, "cases"):
        planned_cases = _cases(rng, accounts, cases, people, now)
    with _timed(echo, "time entries, priced by the rules"):
        entry_rows = _entries(rng, planned_cases, entries, people, now, echo)
        for case in planned_cases:
            _close(rng, case, now)
    month_runs = MonthRuns(books, today, current_app.config["HELPDESK_INVOICE_RUN_DAY"], mileage_rates())
    with _timed(echo, "clip cards, ledger, hourly work"):
        ledger = Ledger(books, people.manager_id, now, month_runs)
        ledger.play(accounts, entry_rows)
    with _timed(echo, "trips, outlays and month invoices"):
        expenses = _expenses(rng, entry_rows, month_runs.rates, now)
        month_runs.run(accounts, planned_cases, entry_rows, expenses)
    with _timed(echo, "invoice numbers and payments"):
        books.number()
        ledger.name_invoices()
        payments = _payments(rng, books.rows, people.manager_id, today, now)
    counters = [{"name": "case", "value": len(planned_cases)}, {"name": "invoice", "value": len(books.rows)}]
    return [(Customer, [account.row for account in accounts]), (User, people.rows), (Agreement, agreements),
            (Invoice, books.rows), (InvoiceLine, books.lines), (Payment, payments), (AgreementPeriod, periods),
            (Case, [case.row for case in planned_cases]), (ClipCard, ledger.cards), (TimeEntry, entry_rows),
            (Expense, expenses), (ClipLedgerEntry, ledger.rows), (Counter, counters)]


def _write(tables: list[tuple[type, list[dict]]], echo) -> None:
    """INSERT each table's rows in batches, a transaction each; on the table, as the ORM's bulk path costs a
    quarter more time and adds nothing here."""
    for model, rows in tables:
        started = perf_counter()
        for first in range(0, len(rows), BATCH):
            db.session.execute(sa.insert(model.__table__), rows[first:first + BATCH])
            db.session.commit()
        echo(f"  {model.__tablename__:<20}{len(rows):>12,} rows{perf_counter() - started:8.1f} s")
    _continue_id_sequences(tables)
    with _timed(echo, "the reports' monthly sums"):
        rollups.rebuild(db.session.connection())
        db.session.commit()
    with _timed(echo, "ANALYZE"):
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def _continue_id_sequences(tables: list[tuple[type, list[dict]]]) -> None:
    """Let PostgreSQL's id sequences go on after the ids given here (SQLite takes the largest id + 1 by itself)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model, rows in tables:
        if rows and "id" in rows[0]:
            name = model.__tablename__
            db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}"))
    db.session.commit()


def _at(day: date, clock: time) -> datetime:
    """The UTC moment of a Copenhagen wall-clock time on a day."""
    return datetime.combine(day, clock, tzinfo=COPENHAGEN).astimezone(timezone.utc)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


# Customers and people

@dataclass
class Account:
    """A customer while planning: its row, its habits, and its clips as the ledger is played through."""

    row: dict
    start: datetime
    weight: float
    card_months: int
    reorder_days: int
    bills_hourly: bool = False  # never buys a card, so its work is billed per started hour
    agreement: dict | None = None
    card_clips: int = 0
    cards: list[dict] = field(default_factory=list)  # not yet expired, the one that expires first first
    unfunded: int = 0
    reorder_on: date | None = None

    @property
    def id(self) -> int:
        return self.row["id"]

    @property
    def start_day(self) -> date:
        return to_local(self.start).date()

    @property
    def delivery_channel(self) -> DeliveryChannel:
        """Read by billing's ``with_postage``: a customer invoiced by post pays the postage fee."""
        return self.row["delivery_channel"]

    @property
    def hourly_rate(self) -> Decimal:
        """Read by the month run's ``hourly_lines``."""
        return self.row["hourly_rate"]

    @property
    def balance(self) -> int:
        return sum(card["remaining"] for card in self.cards) - self.unfunded


def _customers(rng: random.Random, count: int, first_day: date, today: date) -> list[Account]:
    """Most customers are there from the first day; some join later. A few bring far more work than the rest.
    A share of them, drawn at random, is billed by the hour."""
    span = (today - first_day).days
    hourly = set(rng.sample(range(1, count + 1), round(count * HOURLY_SHARE)))
    names, cvrs, accounts = set(), set(), []
    for number in range(1, count + 1):
        late = rng.random() < LATE_JOINER_SHARE
        start_day = first_day + timedelta(days=rng.randrange(span * 4 // 5 if late else 30))
        start = _at(start_day, CUSTOMER_STARTS)
        lazy = rng.random() < LAZY_BUYER_SHARE
        accounts.append(Account(
            row=_customer_row(rng, number, _company_name(rng, number, names), _cvr(rng, cvrs), start),
            start=start, weight=rng.lognormvariate(0, 1.3) * (today - start_day).days / span,
            card_months=rng.choice(CARD_MONTHS), reorder_days=rng.randrange(20, 60) if lazy else rng.randrange(1, 8),
            bills_hourly=number in hourly,
        ))
    return accounts


def _customer_row(rng: random.Random, number: int, name: str, cvr_number: str, start: datetime) -> dict:
    channel = rng.choices([channel for channel, _ in DELIVERY], weights=[weight for _, weight in DELIVERY])[0]
    postcode, city = rng.choice(CITIES)
    return {
        "id": number, "name": name, "cvr": cvr_number,
        "address": f"{rng.choice(STREETS)} {rng.randrange(1, 120)}\n{postcode} {city}",
        "email": f"faktura@kunde{number}.dk", "phone": f"+45 {rng.randrange(20_00_00_00, 99_99_99_99)}",
        "delivery_channel": channel,
        "gln": _gln(rng) if channel == DeliveryChannel.OIOUBL or rng.random() < 0.05 else None,
        "terms_profile": TermsProfile.HOSTKON if rng.random() < 0.7 else TermsProfile.COMPUSOFT,
        "payment_terms_days": rng.choice(PAYMENT_TERMS), "overdraft_policy": OverdraftPolicy.UNFUNDED,
        "low_saldo_threshold": 4, "hourly_rate": rng.choice(HOURLY_RATES), "is_business": rng.random() >= PRIVATE_SHARE,
        "clip_balance": 0, "unfunded_clips": 0, "created_at": start,
    }


def _company_name(rng: random.Random, number: int, taken: set[str]) -> str:
    name = f"{rng.choice(PREFIXES)}{rng.choice(TRADES)} {rng.choice(FORMS)}"
    if name in taken:
        name = f"{name.rsplit(' ', 1)[0]} {number} {name.rsplit(' ', 1)[1]}"
    taken.add(name)
    return name


def _cvr(rng: random.Random, taken: set[str]) -> str:
    """A CVR number no other customer has, whose modulus-11 check holds."""
    while True:
        number = str(rng.randrange(10_000_000, 100_000_000))
        if number not in taken and cvr.is_valid(number):
            taken.add(number)
            return number


def _gln(rng: random.Random) -> str:
    """A Danish EAN/GLN location number (prefix 579) with its check digit."""
    body = f"579{rng.randrange(10**9):09d}"
    return body + ean.calc_check_digit(body)


@dataclass
class People:
    rows: list[dict]
    manager_id: int
    technician_ids: list[int]
    contact_ids: dict[int, int]  # customer id: its admin contact's user id


def _people(rng: random.Random, accounts: list[Account]) -> People:
    """A manager, an admin, 10–30 technicians, and an admin contact for each customer; one password for all."""
    password_hash = generate_password_hash(PASSWORD)
    first_moment = min(account.start for account in accounts)
    technicians = min(MOST_TECHNICIANS, max(FEWEST_TECHNICIANS, len(accounts) // CUSTOMERS_PER_TECHNICIAN))
    staff = [("leder@hostkon.dk", "Lone Leder", Role.MANAGER), ("admin@hostkon.dk", "Adam Admin", Role.ADMIN)]
    staff += [(f"tekniker{n}@hostkon.dk", _person(rng), Role.TECHNICIAN) for n in range(1, technicians + 1)]
    rows = [_user(number, email, name, role, None, password_hash, first_moment)
            for number, (email, name, role) in enumerate(staff, start=1)]
    contacts = {}
    for account in accounts:
        contacts[account.id] = len(rows) + 1
        rows.append(_user(len(rows) + 1, f"kontakt@kunde{account.id}.dk", _person(rng), Role.CUSTOMER, account.id,
                          password_hash, account.start))
    return People(rows, 1, [row["id"] for row in rows if row["role"] == Role.TECHNICIAN], contacts)


def _user(number: int, email: str, name: str, role: Role, customer_id: int | None, password_hash: str,
          created: datetime) -> dict:
    return {"id": number, "email": email, "name": name, "password_hash": password_hash, "role": role,
            "customer_id": customer_id, "active": True, "is_customer_admin": role == Role.CUSTOMER, "phone": "",
            "created_at": created}


# Invoices

class Books:
    """Invoices as they are issued while planning, numbered without gaps in order of issue once all are known."""

    def __init__(self, now: datetime):
        self.now = now
        self._invoices: list[tuple[dict, list[dict]]] = []
        self._links: list[tuple[dict, dict]] = []

    @property
    def rows(self) -> list[dict]:
        return [invoice for invoice, _ in self._invoices]

    @property
    def lines(self) -> list[dict]:
        return [line for _, lines in self._invoices for line in lines]

    def issue(self, account: Account, lines: list[LineInput], issue_date: date, moment: datetime,
              billing_month: date | None = None) -> dict:
        """An issued invoice of the lines, its VAT and totals worked out by billing's own line rule."""
        line_rows = [_line_row(position, line) for position, line in enumerate(with_postage(account, lines), 1)]
        net = sum((line["net"] for line in line_rows), Decimal("0.00"))
        vat = sum((line["vat"] for line in line_rows), Decimal("0.00"))
        customer = account.row
        channel = customer["delivery_channel"]
        invoice = {
            "customer_id": customer["id"], "issue_date": issue_date,
            "due_date": issue_date + timedelta(days=customer["payment_terms_days"]), "kind": DocumentKind.INVOICE,
            "status": InvoiceStatus.ISSUED, "delivery_channel": channel.value,
            "dispatched_at": self._dispatched(channel, moment), "buyer_name": customer["name"],
            "buyer_address": customer["address"], "buyer_cvr": customer["cvr"], "buyer_email": customer["email"],
            "buyer_is_business": customer["is_business"], "terms_profile": customer["terms_profile"],
            "total_net": net, "total_vat": vat, "total_gross": net + vat, "amount_paid": Decimal("0.00"),
            "amount_credited": Decimal("0.00"), "billing_month": billing_month, "created_at": moment,
        }
        self._invoices.append((invoice, line_rows))
        return invoice

    def _dispatched(self, channel: DeliveryChannel, moment: datetime) -> datetime | None:
        """E-mail leaves at once; a letter or an OIOUBL upload is marked sent the next day."""
        if channel == DeliveryChannel.EMAIL:
            return moment
        marked = moment + timedelta(days=1)
        return marked if marked <= self.now else None

    def link(self, row: dict, invoice: dict) -> None:
        """Give the row the invoice's id once the invoices are numbered."""
        self._links.append((row, invoice))

    def number(self) -> None:
        """Number the invoices 1, 2, … by issue date (the ids alike), as the gapless sequence would have."""
        self._invoices.sort(key=lambda invoice: (invoice[0]["issue_date"], invoice[0]["created_at"]))
        for number, (invoice, lines) in enumerate(self._invoices, start=1):
            invoice["id"] = invoice["number"] = number
            for line in lines:
                line["invoice_id"] = number
        for row, invoice in self._links:
            row["invoice_id"] = invoice["id"]


def _line_row(position: int, line: LineInput) -> dict:
    issued = priced_line(position, line)
    return {name: getattr(issued, name) for name in LINE_FIELDS}


def _payments(rng: random.Random, invoices: list[dict], manager_id: int, today: date, now: datetime) -> list[dict]:
    """Most invoices paid in full, some late, a few in part; recent ones more often still open."""
    payments = []
    for invoice in invoices:
        paid_on = _paid_on(rng, invoice, today)
        paid = Decimal("0.00")
        if paid_on is not None:
            gross = invoice["total_gross"]
            paid = round_ore(gross / 2) if rng.random() < PARTLY_PAID_SHARE else gross
            payments.append({"invoice_id": invoice["id"], "received": paid, "applied": paid, "paid_on": paid_on,
                             "recorded_by_id": manager_id, "created_at": min(_at(paid_on, PAYMENT_BOOKED), now)})
        invoice["status"], invoice["amount_paid"] = _status(invoice, paid, today), paid
    return payments


def _paid_on(rng: random.Random, invoice: dict, today: date) -> date | None:
    unpaid_share = 0.25 if (today - invoice["issue_date"]).days < 60 else 0.02
    if rng.random() < unpaid_share:
        return None
    if rng.random() < LATE_PAYER_SHARE:
        day = invoice["due_date"] + timedelta(days=rng.randrange(1, 45))
    else:
        terms = (invoice["due_date"] - invoice["issue_date"]).days
        day = invoice["issue_date"] + timedelta(days=rng.randrange(terms + 1))
    return day if day <= today else None


def _status(invoice: dict, paid: Decimal, today: date) -> InvoiceStatus:
    """The status the payment and the daily overdue job leave (no credit notes, nothing in collection)."""
    if paid >= invoice["total_gross"]:
        return InvoiceStatus.PAID
    if today > invoice["due_date"]:
        return InvoiceStatus.OVERDUE
    return InvoiceStatus.PARTLY_PAID if paid else InvoiceStatus.ISSUED


# Agreements

def _agreements(rng: random.Random, accounts: list[Account], books: Books,
                today: date) -> tuple[list[dict], list[dict]]:
    """Agreements for a share of the customers from their first day, renewed and invoiced as the daily job does."""
    lead_days = current_app.config["HELPDESK_RENEWAL_INVOICE_DAYS"]
    agreements, periods = [], []
    for account in accounts:
        if rng.random() >= AGREEMENT_SHARE:
            continue
        product, system = rng.choice(list(Product)), rng.choice(SYSTEMS)
        account.agreement = {
            "id": len(agreements) + 1, "customer_id": account.id, "product": product,
            "name": AGREEMENT_NAMES[product].format(system),
            "covered_categories": [Category.FAULT.value, Category.OUTAGE.value], "covered_systems": [system],
            "price_per_period": Decimal(rng.randrange(24, 241) * 250), "period_months": 12, "billed_in_advance": True,
            "start_date": account.start_day, "terms_profile": account.row["terms_profile"],
            "created_at": account.start,
        }
        agreements.append(account.agreement)
        periods += _periods(account, books, today, lead_days)
    return agreements, periods


def _periods(account: Account, books: Books, today: date, lead_days: int) -> list[dict]:
    """Periods while the latest ends within the lead time; each invoiced from the lead time before its start."""
    agreement, periods = account.agreement, []
    starts = agreement["start_date"]
    while True:
        ends = period_end(starts, agreement["period_months"])
        period = {"agreement_id": agreement["id"], "starts_on": starts, "ends_on": ends,
                  "price": agreement["price_per_period"], "invoice_id": None, "created_at": account.start}
        due = max(starts - timedelta(days=lead_days), agreement["start_date"] + timedelta(days=1))
        if due <= today:
            line = LineInput(LineKind.SUBSCRIPTION, f"{agreement['name']}, periode {danish_date(starts)}–"
                                                    f"{danish_date(ends)}", 1, period["price"])
            books.link(period, books.issue(account, [line], due, _at(due, AGREEMENTS_RENEW)))
        periods.append(period)
        if ends - today > timedelta(days=lead_days):
            return periods
        starts = ends + timedelta(days=1)


# Cases and time

@dataclass
class PlannedCase:
    row: dict
    classification: Classification
    weight: float
    last_work: datetime | None = None

    @property
    def number(self) -> int:
        """Read, with the subject, into the work and expenses the bench data invoices."""
        return self.row["number"]

    @property
    def subject(self) -> str:
        return self.row["subject"]


def _cases(rng: random.Random, accounts: list[Account], count: int, people: People,
           now: datetime) -> list[PlannedCase]:
    """Cases for the customers by their weight, numbered in the order they were opened."""
    owners = rng.choices(accounts, weights=[account.weight for account in accounts], k=count)
    with_agreement = sum(1 for owner in owners if owner.agreement)
    covered = min(0.9, COVERED_SHARE / (1 - FREE_SHARE) * count / with_agreement) if with_agreement else 0.0
    cases = [_case(rng, owner, _case_class(rng, owner, covered), people, now) for owner in owners]
    cases.sort(key=lambda case: case.row["created_at"])
    for number, case in enumerate(cases, start=1):
        case.row["id"] = case.row["number"] = number
    return cases


def _case_class(rng: random.Random, owner: Account, covered: float) -> Classification:
    """What work on the case will be: a price inquiry is free; only a customer with an agreement is covered."""
    if rng.random() < FREE_SHARE:
        return Classification.FREE
    if owner.agreement and rng.random() < covered:
        return Classification.COVERED
    return Classification.BILLABLE


def _topic(rng: random.Random, classification: Classification,
           agreement: dict | None) -> tuple[Category, str, FaultAttribution | None]:
    """Category, system and fault attribution that make the app propose the classification (SPEC §2)."""
    if classification == Classification.FREE:
        return Category.PRICE_INQUIRY, "", None
    if classification == Classification.COVERED:
        category = rng.choice((Category.FAULT, Category.OUTAGE))
        supplier = category == Category.FAULT and rng.random() < 0.5
        return category, agreement["covered_systems"][0], FaultAttribution.SUPPLIER if supplier else None
    category = rng.choice(BILLABLE_CATEGORIES)
    if category != Category.FAULT:
        return category, rng.choice(SYSTEMS), None
    return category, rng.choice(SYSTEMS), rng.choice(NOT_COVERED if agreement else ANY_ATTRIBUTION)


def _case(rng: random.Random, account: Account, classification: Classification, people: People,
          now: datetime) -> PlannedCase:
    category, system, attribution = _topic(rng, classification, account.agreement)
    channel = rng.choice(list(Channel))
    opened = account.start + timedelta(hours=1)
    created = (opened + (now - CASE_MARGIN - opened) * rng.random()).replace(second=0, microsecond=0)
    assignee = rng.choice(people.technician_ids)
    contact = _person(rng)
    row = {
        "customer_id": account.id, "contact_name": contact,
        "contact_email": f"{contact.split()[0].lower()}@kunde{account.id}.dk", "contact_phone": "",
        "subject": rng.choice(SUBJECTS_BY_CATEGORY[category]), "description": "Kunden har beskrevet problemet.",
        "category": category, "channel": channel, "priority": rng.choices(list(Priority), weights=(15, 65, 15, 5))[0],
        "status": Status.NEW, "covered": False, "system": system, "fault_attribution": attribution,
        "assignee_id": assignee,
        "created_by_id": people.contact_ids[account.id] if channel == Channel.PORTAL else assignee,
        "created_at": created, "first_response_at": None, "resolved_at": None, "closed_at": None,
    }
    return PlannedCase(row, classification, rng.lognormvariate(0, 1))


def _close(rng: random.Random, case: PlannedCase, now: datetime) -> None:
    """Status and its stamps after the work: quiet cases are closed, untouched new ones wait for a technician."""
    row = case.row
    last = case.last_work or row["created_at"]
    if case.last_work is None and now - last < QUIET_BEFORE_CLOSING:
        row["assignee_id"] = None
        return
    row["first_response_at"] = min(row["created_at"] + timedelta(minutes=rng.randrange(5, 60)), now)
    if now - last < QUIET_BEFORE_CLOSING:
        row["status"] = rng.choice((Status.OPEN, Status.OPEN, Status.WAITING, Status.RESOLVED))
    else:
        row["status"] = Status.CLOSED if rng.random() < 0.9 else Status.RESOLVED
    if row["status"] in (Status.RESOLVED, Status.CLOSED):
        row["resolved_at"] = min(last + timedelta(hours=rng.randrange(1, 48)), now)
    if row["status"] == Status.CLOSED:
        row["closed_at"] = min(row["resolved_at"] + timedelta(days=rng.randrange(1, 10)), now)


def _entries(rng: random.Random, cases: list[PlannedCase], count: int, people: People, now: datetime,
             echo) -> list[dict]:
    """Time entries on the cases by their weight, priced and classified, with ids in the order they were saved."""
    calendar = work_calendar()
    picks = rng.choices(cases, weights=[case.weight for case in cases], k=count)
    rows = []
    for done, case in enumerate(picks, start=1):
        rows.append(_entry(rng, calendar, case, people.technician_ids, now))
        if done % PROGRESS == 0:
            echo(f"    {done:,} entries priced")
    rows.sort(key=lambda row: row["ended_at"])
    for number, row in enumerate(rows, start=1):
        row["id"] = number
    return rows


def _entry(rng: random.Random, calendar: WorkCalendar, case: PlannedCase, technicians: list[int],
           now: datetime) -> dict:
    length = rng.choice(INQUIRY_MINUTES if case.classification == Classification.FREE else WORK_MINUTES)
    start = min(_start(rng, calendar, case, length, now), now - timedelta(minutes=length))
    end = start + timedelta(minutes=length)
    pricing = price(start, end)
    case.last_work = max(case.last_work or end, end)
    row = case.row
    out_of_hours_agreed = case.classification == Classification.BILLABLE and pricing.out_of_hours
    deleted = min(end + timedelta(minutes=rng.randrange(5, 240)), now) if rng.random() < DELETED_SHARE else None
    return {
        "case_id": row["id"], "customer_id": row["customer_id"],
        "technician_id": row["assignee_id"] if rng.random() < 0.7 else rng.choice(technicians),
        "started_at": start, "ended_at": end, "minutes": pricing.minutes, "description": rng.choice(WORK_DONE),
        "classification": case.classification, "classification_reason": REASONS[case.classification],
        "classification_overridden": False,
        "out_of_hours_agreed_by": row["contact_name"] if out_of_hours_agreed else "",
        "clips": pricing.clips, "blocks_1x": pricing.by_multiplier[1], "blocks_2x": pricing.by_multiplier[2],
        "blocks_3x": pricing.by_multiplier[3], "hourly_clips": 0, "hourly_from": None, "invoice_id": None,
        "locked": False, "deleted_at": deleted, "created_at": end, "updated_at": deleted or end,
    }


def _start(rng: random.Random, calendar: WorkCalendar, case: PlannedCase, length: int, now: datetime) -> datetime:
    """When work on the case starts: days after it was opened (longer for bigger cases), at a plausible time."""
    created = case.row["created_at"]
    day = _work_day(rng, calendar, to_local(created).date(), to_local(now).date(), 3 * case.weight)
    minute = _minute_of_day(rng, calendar, day, length)
    start = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=COPENHAGEN).astimezone(timezone.utc)
    return max(start, created + timedelta(minutes=5))


def _work_day(rng: random.Random, calendar: WorkCalendar, opened_on: date, today: date, mean_days: float) -> date:
    """A day from the opening on, up to today; a day off is drawn again unless the work is done then."""
    days_open = (today - opened_on).days
    while True:
        day = opened_on + timedelta(days=int(rng.expovariate(1 / mean_days)) % (days_open + 1))
        if calendar.is_working_day(day) or rng.random() < DAY_OFF_KEPT:
            return day


def _minute_of_day(rng: random.Random, calendar: WorkCalendar, day: date, length: int) -> int:
    """Mostly within working time on working days; some evenings and nights; daytime on days off."""
    if not calendar.is_working_day(day):
        return rng.randrange(8 * 60, 22 * 60)
    opens, closes = 8 * 60, (14 if day.weekday() == FRIDAY else 16) * 60
    roll = rng.random()
    if roll < OFFICE_SHARE:
        return rng.randrange(opens, max(opens, closes - length) + 1)
    if roll < OFFICE_SHARE + EVENING_SHARE:
        return rng.randrange(closes, 23 * 60)
    return rng.randrange(opens)


# Clip cards and the ledger

class Ledger:
    """The clip ledger played through in time order, each movement booked as ``helpdesk.clips.services`` books it.

    A customer with cards buys its first one the day it starts, and the next one some days (its habit) after its
    saldo fell below its low-saldo threshold, the card settling unfunded clips first. Work takes clips from the
    valid card that expires first, the rest is unfunded. The expiry job writes off what is left on a card's expiry
    date. A deleted entry gives its clips back soon after it was saved. A customer that never buys a card has no
    ledger rows: its work is billed by the hour.
    """

    def __init__(self, books: Books, manager_id: int, now: datetime, month_runs: "MonthRuns"):
        self.books, self.manager_id, self.now, self.month_runs = books, manager_id, now, month_runs
        self.today = to_local(now).date()
        self.rows: list[dict] = []
        self.cards: list[dict] = []
        self._purchases: list[tuple[dict, dict]] = []

    def play(self, accounts: list[Account], entries: list[dict]) -> None:
        _size_cards(accounts, entries, self.now)
        by_id = {account.id: account for account in accounts}
        for account in accounts:
            if not account.bills_hourly:
                self._sell(account, account.start_day, _at(account.start_day, CARD_SOLD))
        for entry in entries:
            account = by_id[entry["customer_id"]]
            self._advance(account, entry["ended_at"])
            if entry["classification"] != Classification.BILLABLE:
                continue
            if account.bills_hourly:
                self._book_hourly(entry)
            else:
                self._book(account, entry)
        for account in accounts:
            self._advance(account, self.now)
            account.row["clip_balance"], account.row["unfunded_clips"] = account.balance, account.unfunded

    def name_invoices(self) -> None:
        """Name each card's invoice in its purchase row, as the sale does; once the invoices are numbered."""
        for purchase, invoice in self._purchases:
            purchase["reason"] = f"Faktura {invoice['number']}"

    def _advance(self, account: Account, moment: datetime) -> None:
        """Sell the card the customer has ordered and expire cards, in time order, up to the moment."""
        while True:
            sale, expiry = self._sale_moment(account), self._expiry_moment(account)
            due = min((at for at in (sale, expiry) if at is not None and at <= moment), default=None)
            if due is None:
                return
            if due == sale:
                self._sell(account, account.reorder_on, sale)
                account.reorder_on = None
            else:
                self._expire(account, expiry)

    def _sale_moment(self, account: Account) -> datetime | None:
        if account.reorder_on is None or account.reorder_on > self.today:
            return None
        return min(_at(account.reorder_on, CARD_SOLD), self.now)

    def _expiry_moment(self, account: Account) -> datetime | None:
        if not account.cards or account.cards[0]["expires_on"] > self.today:
            return None
        return min(_at(account.cards[0]["expires_on"], CARDS_EXPIRE), self.now)

    def _sell(self, account: Account, day: date, moment: datetime) -> None:
        clips = account.card_clips
        line = LineInput(LineKind.CLIP_CARD, f"Klippekort, {clips} klip à 15 minutter", 1, _card_price(clips))
        invoice = self.books.issue(account, [line], day, moment)
        card = {"id": len(self.cards) + 1, "customer_id": account.id, "clips": clips, "price": line.unit_price,
                "remaining": 0, "invoice_date": day, "expires_on": card_expiry(day), "expired_at": None,
                "invoice_id": None, "sold_by_id": self.manager_id, "created_at": moment}
        self.books.link(card, invoice)
        self.cards.append(card)
        account.cards.append(card)
        purchase = self._post(account, LedgerKind.PURCHASE, clips, min(moment, _at(day, time(0))), card=card,
                              actor=self.manager_id)
        self._purchases.append((purchase, invoice))
        settled = min(account.unfunded, clips)
        if settled:
            self._post(account, LedgerKind.SETTLEMENT, -settled, moment, card=card, actor=self.manager_id,
                       reason="Udligner ikke-dækkede klip")
            self._post(account, LedgerKind.SETTLEMENT, settled, moment, actor=self.manager_id,
                       reason=f"Udlignet af klippekort {card['id']}")

    def _expire(self, account: Account, moment: datetime) -> None:
        card = account.cards.pop(0)
        self._post(account, LedgerKind.EXPIRY, -card["remaining"], moment, card=card,
                   reason=f"Udløbet {card['expires_on']}")
        card["expired_at"] = moment

    def _book(self, account: Account, entry: dict) -> None:
        """Take the entry's clips from the valid cards, the one that expires first first; the rest is unfunded."""
        at, actor, need, taken = entry["ended_at"], entry["technician_id"], entry["clips"], []
        day = to_local(entry["started_at"]).date()
        for card in account.cards:
            if need and card["remaining"] and card["invoice_date"] <= day < card["expires_on"]:
                take = min(need, card["remaining"])
                self._post(account, LedgerKind.CONSUMPTION, -take, at, card=card, entry=entry, actor=actor)
                taken.append((card, take))
                need -= take
        if need:
            self._post(account, LedgerKind.CONSUMPTION, -need, at, entry=entry, actor=actor,
                       reason="Ikke dækket af klippekort")
            taken.append((None, need))
        if entry["deleted_at"] is not None:
            for card, clips in taken:
                self._post(account, LedgerKind.REVERSAL, clips, entry["deleted_at"], card=card, entry=entry,
                           actor=actor)
        elif account.balance < account.row["low_saldo_threshold"] and account.reorder_on is None:
            account.reorder_on = to_local(at).date() + timedelta(days=account.reorder_days)

    def _book_hourly(self, entry: dict) -> None:
        """As ``_consume_whole_blocks`` books work when there never was a card: no block is paid with clips, so no
        ledger row is written and the whole entry is billed by the hour from its start. Deleting the entry clears
        that again, unless a month run had invoiced and locked it first: then the app refuses the deletion."""
        if entry["deleted_at"] is not None and self.month_runs.locked_before(entry, entry["deleted_at"]):
            entry["deleted_at"], entry["updated_at"] = None, entry["ended_at"]
        if entry["deleted_at"] is None:
            entry["hourly_from"], entry["hourly_clips"] = entry["started_at"], entry["clips"]

    def _post(self, account: Account, kind: LedgerKind, clips: int, at: datetime, card: dict | None = None,
              entry: dict | None = None, actor: int | None = None, reason: str = "") -> dict | None:
        """One ledger row, moving the card's remaining clips or the unfunded ones with it (as ``_post`` does)."""
        if clips == 0:
            return None
        row = {"customer_id": account.id, "kind": kind, "clips": clips, "card_id": card["id"] if card else None,
               "time_entry_id": entry["id"] if entry else None, "actor_id": actor, "reason": reason, "at": at}
        self.rows.append(row)
        if card is None:
            account.unfunded -= clips
        else:
            card["remaining"] += clips
        return row


def _size_cards(accounts: list[Account], entries: list[dict], now: datetime) -> None:
    """Each customer buys cards for the months it means one to last, and is warned at an eighth of a card."""
    used = defaultdict(int)
    for entry in entries:
        if entry["classification"] == Classification.BILLABLE and entry["deleted_at"] is None:
            used[entry["customer_id"]] += entry["clips"]
    for account in accounts:
        if account.bills_hourly:
            continue
        months = max(1.0, (now - account.start).days / DAYS_PER_MONTH)
        wanted = used[account.id] / months * account.card_months
        account.card_clips = next((size for size in CARD_SIZES if size >= wanted), MOST_CLIPS)
        account.row["low_saldo_threshold"] = max(4, account.card_clips // 8)


def _card_price(clips: int) -> Decimal:
    """250 kr a clip, less on bigger cards."""
    per_clip = Decimal("250.00") if clips < 100 else Decimal("237.50") if clips < 1_000 else Decimal("210.00")
    return per_clip * clips


# Trips, outlays and the month's invoice runs

def _expenses(rng: random.Random, entries: list[dict], rates: list[mileage.MileageRate], now: datetime) -> list[dict]:
    """A trip, now and then with an outlay, after a share of the live work that is not a price inquiry; ids in the
    order they were saved. Trips only on days with a stored mileage rate, as the run holds back the whole invoice
    of a customer with a trip it cannot price."""
    rows = []
    for entry in entries:
        if entry["deleted_at"] or entry["classification"] == Classification.FREE or rng.random() >= TRIP_SHARE:
            continue
        day = to_local(entry["started_at"]).date()
        if mileage.rate_on(rates, day) is not None:
            rows.append(_expense(entry, day, ExpenseKind.MILEAGE, rng.choice(TRIPS), now, metres=_trip_metres(rng)))
        if rng.random() < OUTLAY_SHARE:
            amount = Decimal(rng.randrange(2_000, 150_000)).scaleb(-2)
            rows.append(_expense(entry, day, ExpenseKind.OUTLAY, rng.choice(OUTLAYS), now, amount=amount))
    rows.sort(key=lambda row: row["created_at"])
    for number, row in enumerate(rows, start=1):
        row["id"] = number
    return rows


def _expense(entry: dict, day: date, kind: ExpenseKind, description: str, now: datetime, metres: int | None = None,
             amount: Decimal | None = None) -> dict:
    return {"case_id": entry["case_id"], "customer_id": entry["customer_id"], "technician_id": entry["technician_id"],
            "kind": kind, "spent_on": day, "description": description, "metres": metres, "amount": amount,
            "invoice_id": None, "created_at": min(entry["ended_at"] + EXPENSE_LOGGED, now)}


def _trip_metres(rng: random.Random) -> int:
    """There and back, to the 100 m the odometer shows, and no longer than the app accepts."""
    kilometres = rng.lognormvariate(math.log(TRIP_KM_MEDIAN), TRIP_KM_SPREAD)
    return min(LONGEST_TRIP_KM * 1000, max(100, round(kilometres * 10) * 100))


@dataclass(frozen=True)
class HourlyWork:
    """What the month run's ``hourly_lines`` reads of a time entry billed by the hour."""

    hourly_from: datetime
    ended_at: datetime
    case_number: int
    case_subject: str


class MonthRuns:
    """The ``invoice_month`` job's runs (``helpdesk.billing.run``) before the last full month, which is left open.

    A month's run is made at 05:00 on the run day of the next month. It issues each customer, in the order of their
    names, one invoice of the work billed by the hour, the trips and the outlays up to the month's end that no
    earlier run took (here the month's own, as every earlier month was invoiced), and locks the work.
    """

    def __init__(self, books: Books, today: date, run_day: int, rates: list[mileage.MileageRate]):
        self.books, self.run_day, self.rates = books, run_day, rates
        self.open_month = previous_month(today)

    def made_at(self, month: date) -> datetime:
        return _at((month + relativedelta(months=1)).replace(day=self.run_day), MONTH_INVOICED)

    def locked_before(self, entry: dict, moment: datetime) -> bool:
        """Had a run invoiced and locked the entry's work before the moment?"""
        month = month_start(to_local(entry["started_at"]).date())
        return month < self.open_month and self.made_at(month) < moment

    def run(self, accounts: list[Account], cases: list[PlannedCase], entries: list[dict],
            expenses: list[dict]) -> None:
        due: dict[tuple[date, int], tuple[list, list]] = defaultdict(lambda: ([], []))
        for entry in entries:
            if entry["hourly_from"] is not None:
                due[(month_start(to_local(entry["started_at"]).date()), entry["customer_id"])][0].append(entry)
        for expense in expenses:
            due[(month_start(expense["spent_on"]), expense["customer_id"])][1].append(expense)
        by_id = {account.id: account for account in accounts}
        cases_by_id = {case.row["id"]: case for case in cases}
        driven = defaultdict(lambda: defaultdict(int))  # customer id: year: kilometres invoiced
        for month, customer_id in sorted(due, key=lambda key: (key[0], by_id[key[1]].row["name"])):
            if month < self.open_month:
                work, spent = due[(month, customer_id)]
                self._invoice(by_id[customer_id], month, work, spent, cases_by_id, driven[customer_id])

    def _invoice(self, account: Account, month: date, work: list[dict], spent: list[dict],
                 cases: dict[int, PlannedCase], driven: dict[int, int]) -> None:
        spent.sort(key=lambda expense: (expense["spent_on"], expense["id"]))  # the run's order, which the tier needs
        lines = hourly_lines(account, [HourlyWork(entry["hourly_from"], entry["ended_at"], cases[entry["case_id"]].number,
                                                   cases[entry["case_id"]].subject) for entry in work])
        lines += _expense_lines(spent, cases, self.rates, driven)
        made = self.made_at(month)
        invoice = self.books.issue(account, lines, to_local(made).date(), made, billing_month=month)
        for row in [*work, *spent]:
            self.books.link(row, invoice)
        for entry in work:
            entry["locked"], entry["updated_at"] = True, made


def _expense_lines(expenses: list[dict], cases: dict[int, PlannedCase], rates: list[mileage.MileageRate],
                   driven: dict[int, int]) -> list[LineInput]:
    """The lines the month run writes for these expenses, by its own line builders; ``driven`` counts the
    kilometres invoiced to the customer so far per year (for the 20,000 km tier), which the run reads from the
    database."""
    lines = []
    for expense in expenses:
        day, case_number = expense["spent_on"], cases[expense["case_id"]].number
        if expense["kind"] == ExpenseKind.OUTLAY:
            lines.append(outlay_line(day, case_number, expense["description"], expense["amount"]))
            continue
        kilometres = mileage.started_kilometres(expense["metres"])
        lines += mileage_lines(day, case_number, expense["description"], kilometres, driven[day.year],
                               mileage.rate_on(rates, day))
        driven[day.year] += kilometres
    return lines
