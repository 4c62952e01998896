"""The month's invoice run (SPEC §2, §5): hourly consultancy, mileage, outlays and postage, one invoice per customer.

``plan_month`` drafts every customer's invoice without changing anything (the preview); ``run_month`` issues them,
each customer in a transaction of its own under the customer's row lock, and drafts that customer again under the
lock, so work saved meanwhile is either on the invoice or left for the next run, never both. An issued month
invoice carries ``billing_month``, unique per customer: running the same month twice issues nothing twice.
What is invoiced is locked. Work up to the month's end that no earlier run took is included.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from helpdesk.billing.delivery import deliver
from helpdesk.billing.models import Invoice, LineKind, MileageRate
from helpdesk.billing.services import LineInput, draft_totals, issue_invoice, parse_amount, with_postage
from helpdesk.cases.models import Case
from helpdesk.cases.services import get_customer
from helpdesk.clips.services import lock_customer
from helpdesk.company_calendar import work_calendar
from helpdesk.customers.models import Customer
from helpdesk.errors import Forbidden
from helpdesk.extensions import db
from helpdesk.formatting import danish_date, reader_locale
from helpdesk.rules import mileage
from helpdesk.rules.clips import blocks_by_multiplier, clip_blocks
from helpdesk.rules.worktime import COPENHAGEN
from helpdesk.timelog.models import Classification, Expense, ExpenseKind, TimeEntry


@dataclass
class Draft:
    """One customer's invoice for the month as it would be issued, or why it cannot be."""

    customer: Customer
    lines: list[LineInput] = field(default_factory=list)
    entries: list[sa.Row] = field(default_factory=list)
    expenses: list[sa.Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @cached_property
    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        """Net, VAT and gross, as the invoice will have them (the lines are final once drafted)."""
        return draft_totals(self.lines)


def ready_totals(drafts: list[Draft]) -> tuple[Decimal, Decimal, Decimal]:
    """Net, VAT and gross of the drafts that the run would issue (those without a problem)."""
    sums = [Decimal("0.00")] * 3
    for draft in drafts:
        if not draft.problems:
            sums = [total + part for total, part in zip(sums, draft.totals)]
    return tuple(sums)


@dataclass(frozen=True)
class RunResult:
    issued: list[Invoice]
    already_invoiced: list[str]
    blocked: list[Draft]


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    return month_start(day) - relativedelta(months=1)


def _end_of(month: date) -> datetime:
    """The first moment after the month, Copenhagen time."""
    return datetime.combine(month + relativedelta(months=1), time(0), tzinfo=COPENHAGEN)


# The run reads rows, not ORM objects: the preview drafts every customer at once (at the benchmark's scale 4,126
# entries and 2,437 trips and outlays, which as objects took most of its time), and issuing marks what it
# invoiced by id.
def hourly_rows(*criteria) -> list[sa.Row]:
    """Time entries as the run prices them, in its order: each row's id, customer_id, hourly_from, ended_at,
    case_number and case_subject."""
    return db.session.execute(
        sa.select(TimeEntry.id, TimeEntry.customer_id, TimeEntry.hourly_from, TimeEntry.ended_at,
                  Case.number.label("case_number"), Case.subject.label("case_subject"))
        .join(Case, TimeEntry.case_id == Case.id).where(*criteria).order_by(TimeEntry.started_at, TimeEntry.id)).all()


def expense_rows(*criteria) -> list[sa.Row]:
    """Trips and outlays as the run prices them, in the order the 20,000 km tier counts them: each row's id,
    customer_id, kind, spent_on, description, amount, metres and case_number."""
    return db.session.execute(
        sa.select(Expense.id, Expense.customer_id, Expense.kind, Expense.spent_on, Expense.description,
                  Expense.amount, Expense.metres, Case.number.label("case_number"))
        .join(Case, Expense.case_id == Case.id).where(*criteria).order_by(Expense.spent_on, Expense.id)).all()


def _for_customer(model, customer_id: int | None) -> list:
    return [] if customer_id is None else [model.customer_id == customer_id]


def _hourly_entries(month: date, customer_id: int | None = None) -> list[sa.Row]:
    """The work billed by the hour and not yet invoiced, up to the month's end."""
    return hourly_rows(TimeEntry.hourly_from.is_not(None), TimeEntry.invoice_id.is_(None),
                       TimeEntry.deleted_at.is_(None), TimeEntry.classification == Classification.BILLABLE,
                       TimeEntry.started_at < _end_of(month), *_for_customer(TimeEntry, customer_id))


def _expenses(month: date, customer_id: int | None = None) -> list[sa.Row]:
    """The trips and outlays not yet invoiced, up to the month's end."""
    return expense_rows(Expense.invoice_id.is_(None), Expense.spent_on < month + relativedelta(months=1),
                        *_for_customer(Expense, customer_id))


def hourly_lines(customer: Customer, entries) -> list[LineInput]:
    """Per case and multiplier: the started hours of the work no card paid for, at the rate × multiplier. Each
    entry has hourly_from, ended_at, case_number and case_subject."""
    hours: dict[tuple, int] = defaultdict(int)
    calendar = work_calendar()
    for entry in entries:
        blocks = clip_blocks(entry.hourly_from, entry.ended_at, block_minutes=60, calendar=calendar)
        for multiplier, count in blocks_by_multiplier(blocks).items():
            if count:
                hours[(entry.case_number, entry.case_subject, multiplier)] += count
    return [
        LineInput(LineKind.HOURLY, f"Konsulentbistand, sag {number} {subject}: påbegyndte timer à {multiplier}× "
                                   f"timepris", count, customer.hourly_rate * multiplier)
        for (number, subject, multiplier), count in sorted(hours.items())
    ]


def _kilometres_invoiced(customer_id: int, year: int) -> int:
    """Kilometres already invoiced to the customer for trips in the year (the 20,000 km tier counts these)."""
    return _kilometres_invoiced_by_year({customer_id}, {year}).get((customer_id, year), 0)


def _kilometres_invoiced_by_year(customer_ids: set[int], years: set[int]) -> dict[tuple[int, int], int]:
    """{(customer id, year): kilometres already invoiced for its trips that year}, for the years asked (those of
    the trips to be invoiced), summed by the database: each trip's started kilometres are its metres rounded up
    to whole kilometres, as ``mileage.started_kilometres`` counts them (a trip is longer than 0 m)."""
    if not years:
        return {}
    year = sa.extract("year", Expense.spent_on)
    started = (Expense.metres + (mileage.METRES_PER_KM - 1)) // mileage.METRES_PER_KM
    rows = db.session.execute(
        sa.select(Expense.customer_id, year, sa.func.sum(started))
        .where(Expense.customer_id.in_(customer_ids), Expense.kind == ExpenseKind.MILEAGE,
               Expense.invoice_id.is_not(None), Expense.spent_on >= date(min(years), 1, 1),
               Expense.spent_on < date(max(years) + 1, 1, 1))
        .group_by(Expense.customer_id, year))
    return {(customer_id, int(trip_year)): int(kilometres) for customer_id, trip_year, kilometres in rows}


def mileage_rates() -> list[mileage.MileageRate]:
    return [mileage.MileageRate(rate.valid_from, rate.up_to_tier, rate.above_tier)
            for rate in db.session.scalars(sa.select(MileageRate).order_by(MileageRate.valid_from))]


def mileage_estimate(customer_id: int, day: date, metres: int) -> Decimal | None:
    """What a trip of this length would cost the customer on a day (net), or None without a rate that day."""
    rate = mileage.rate_on(mileage_rates(), day)
    if rate is None or metres <= 0:
        return None
    charges = mileage.mileage_charges(mileage.started_kilometres(metres), _kilometres_invoiced(customer_id, day.year),
                                      rate)
    return sum((km * price for km, price in charges), Decimal("0.00"))


def outlay_line(spent_on: date, case_number: int, description: str, amount: Decimal) -> LineInput:
    """An outlay, invoiced at cost."""
    return LineInput(LineKind.OUTLAY, f"Udlæg {_where(spent_on, case_number, description)}", 1, amount)


def mileage_lines(spent_on: date, case_number: int, description: str, kilometres: int, before: int,
                  rate: mileage.MileageRate) -> list[LineInput]:
    """A trip's started kilometres at the rate, split where the year's kilometres so far (``before``) pass the
    20,000 km tier."""
    where = _where(spent_on, case_number, description)
    return [LineInput(LineKind.MILEAGE, f"Kørsel {where} ({kilometres} km i alt)", part, price)
            for part, price in mileage.mileage_charges(kilometres, before, rate)]


def _where(spent_on: date, case_number: int, description: str) -> str:
    return f"{danish_date(spent_on)}, sag {case_number}: {description}"


def _expense_lines(draft: Draft, expenses: list[sa.Row], rates: list[mileage.MileageRate],
                   invoiced: dict[tuple[int, int], int]) -> list[LineInput]:
    """The outlays and trips as lines; `invoiced` holds the kilometres invoiced before, by (customer, year)."""
    lines, driven = [], {}
    for expense in expenses:
        if expense.kind == ExpenseKind.OUTLAY:
            lines.append(outlay_line(expense.spent_on, expense.case_number, expense.description, expense.amount))
            continue
        rate = mileage.rate_on(rates, expense.spent_on)
        if rate is None:
            draft.problems.append(gettext("Der er ingen kilometertakst for %(day)s; tilføj den under Kilometertakster.",
                                          day=danish_date(expense.spent_on, reader_locale())))
            continue
        year = expense.spent_on.year
        before = driven.setdefault(year, invoiced.get((draft.customer.id, year), 0))
        km = mileage.started_kilometres(expense.metres)
        lines += mileage_lines(expense.spent_on, expense.case_number, expense.description, km, before, rate)
        driven[year] = before + km
    return lines


def _draft(customer: Customer, entries: list[sa.Row], expenses: list[sa.Row],
           rates: list[mileage.MileageRate], invoiced: dict[tuple[int, int], int]) -> Draft:
    draft = Draft(customer, entries=entries, expenses=expenses)
    lines = hourly_lines(customer, entries) + _expense_lines(draft, expenses, rates, invoiced)
    draft.lines = with_postage(customer, lines) if lines else []
    return draft


def _trip_years(expense_lists) -> set[int]:
    """The years of the trips among lists of expenses."""
    return {expense.spent_on.year for expenses in expense_lists for expense in expenses
            if expense.kind == ExpenseKind.MILEAGE}


def _invoiced_customers(month: date) -> dict[int, Invoice]:
    invoices = db.session.scalars(sa.select(Invoice).where(Invoice.billing_month == month))
    return {invoice.customer_id: invoice for invoice in invoices}


def plan_month(month: date) -> tuple[list[Draft], dict[int, Invoice]]:
    """Every customer's draft for the month, and the month's invoices already issued (by customer)."""
    month = month_start(month)
    done = _invoiced_customers(month)
    entries, expenses = defaultdict(list), defaultdict(list)
    for entry in _hourly_entries(month):
        entries[entry.customer_id].append(entry)
    for expense in _expenses(month):
        expenses[expense.customer_id].append(expense)
    customers = db.session.scalars(sa.select(Customer).where(
        Customer.id.in_(set(entries) | set(expenses)), Customer.id.not_in(done)).order_by(Customer.name)).all()
    rates, invoiced = mileage_rates(), _kilometres_invoiced_by_year(set(expenses), _trip_years(expenses.values()))
    return [_draft(customer, entries[customer.id], expenses[customer.id], rates, invoiced)
            for customer in customers], done


def plan_customer(month: date, customer_id: int) -> Draft | Invoice:
    """One customer's draft for the month (without lines when there is nothing to invoice), or the month's invoice
    when it is issued already."""
    month = month_start(month)
    customer = get_customer(customer_id)
    issued = db.session.scalars(sa.select(Invoice).where(Invoice.customer_id == customer_id,
                                                         Invoice.billing_month == month)).first()
    return issued if issued is not None else _draft_of(customer, month)


def _draft_of(customer: Customer, month: date) -> Draft:
    expenses = _expenses(month, customer.id)
    return _draft(customer, _hourly_entries(month, customer.id), expenses, mileage_rates(),
                  _kilometres_invoiced_by_year({customer.id}, _trip_years([expenses])))


def run_month(actor, month: date, today: date) -> RunResult:
    """Issue the month's invoices; a customer whose draft has a problem is left out and named."""
    if actor is not None and not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan køre månedens fakturering."))
    month = month_start(month)
    # Only the customers are kept from the plan: its entries, held on to, would stay in the session, and each
    # customer's commit would expire them all again (on the benchmark's data half the run's time).
    customer_ids = [draft.customer.id for draft in plan_month(month)[0]]
    db.session.rollback()
    issued, already, blocked = [], [], []
    for customer_id in customer_ids:
        outcome = _issue_for(customer_id, month, today)
        if isinstance(outcome, Invoice):
            issued.append(outcome)
        elif isinstance(outcome, Draft):
            blocked.append(outcome)
        elif outcome:
            already.append(outcome)
    return RunResult(issued, already, blocked)


def _issue_for(customer_id: int, month: date, today: date) -> Invoice | Draft | str | None:
    """Issue one customer's month invoice in its own transaction; another run may have been first."""
    customer = lock_customer(customer_id)
    if db.session.scalar(sa.select(Invoice.id).where(Invoice.customer_id == customer_id,
                                                     Invoice.billing_month == month)):
        db.session.rollback()
        return customer.name
    draft = _draft_of(customer, month)
    if draft.problems or not draft.lines:
        db.session.rollback()
        return draft if draft.problems else None
    invoice = issue_invoice(customer, draft.lines, today)
    invoice.billing_month = month
    db.session.flush()
    _mark_invoiced(draft, invoice)
    deliver(invoice)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return customer.name
    return invoice


def _mark_invoiced(draft: Draft, invoice: Invoice) -> None:
    """Link the draft's work and expenses to the invoice, and lock the work."""
    if draft.entries:
        db.session.execute(sa.update(TimeEntry).where(TimeEntry.id.in_([entry.id for entry in draft.entries]))
                           .values(invoice_id=invoice.id, locked=True))
    if draft.expenses:
        db.session.execute(sa.update(Expense).where(Expense.id.in_([expense.id for expense in draft.expenses]))
                           .values(invoice_id=invoice.id))


def save_mileage_rate(actor, valid_from: date, up_to_tier, above_tier) -> MileageRate:
    """Add the rate from a day on, or correct the one that starts that day."""
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan ændre kilometertaksterne."))
    invalid, too_small = gettext("Ugyldig sats"), gettext("Satsen skal være større end 0.")
    up_to = parse_amount(up_to_tier, "up_to_tier", invalid, too_small)
    above = parse_amount(above_tier, "above_tier", invalid, too_small)
    rate = db.session.scalars(sa.select(MileageRate).where(MileageRate.valid_from == valid_from)).one_or_none()
    if rate is None:
        rate = MileageRate(valid_from=valid_from)
        db.session.add(rate)
    rate.up_to_tier, rate.above_tier = up_to, above
    db.session.commit()
    return rate


def seed_state_mileage_rates() -> None:
    """Store the state's rates when the table is empty (the migration does it too; the demo and tests use this)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(MileageRate)):
        return
    db.session.add_all(MileageRate(valid_from=rate.valid_from, up_to_tier=rate.up_to_tier, above_tier=rate.above_tier)
                       for rate in mileage.STATE_RATES)
    db.session.commit()


def stored_mileage_rates() -> list[MileageRate]:
    return list(db.session.scalars(sa.select(MileageRate).order_by(MileageRate.valid_from.desc())))
