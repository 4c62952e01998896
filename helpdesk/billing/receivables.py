"""What customers owe: unpaid invoices aged and by dunning stage, late payers, and what may follow (SPEC §5–6).

Everything here is computed from invoices (with what is paid and credited on each, kept on its row), payments and
reminders as they stand; nothing more is stored.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, joinedload

from helpdesk.billing.models import DocumentKind, Invoice, InvoiceStatus, Payment, Reminder
from helpdesk.billing.services import outstanding
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.rules import dunning

AGE_LABELS = dict(zip(dunning.AGE_BUCKETS, (_l("Ikke forfalden"), _l("1–30 dage"), _l("31–60 dage"),
                                              _l("61–90 dage"), _l("Over 90 dage")), strict=True))
STAGE_LABELS = {
    "none": _l("Ingen rykker"),
    "reminder_1": _l("Rykker 1"),
    "reminder_2": _l("Rykker 2"),
    "reminder_3": _l("Rykker 3"),
    "collection": _l("Inkasso"),
}
UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE, InvoiceStatus.IN_COLLECTION)
NOTHING = Decimal("0.00")


class OpenInvoice(NamedTuple):
    """What the receivables page shows of an unpaid invoice (read as a row: all customers' are some thousands)."""

    id: int
    number: int
    customer_id: int | None
    buyer_name: str
    due_date: date
    disputed: bool
    charges_for_invoice_id: int | None
    status: InvoiceStatus
    total_gross: Decimal
    amount_paid: Decimal
    amount_credited: Decimal
    last_reminder: int | None

    # ``outstanding`` reads a row as it reads an invoice: the amounts above and this (only invoices are read).
    is_credit_note = False


@dataclass(frozen=True)
class Receivable:
    """An invoice with money still owed on it, as of a day: the invoice itself (one customer's, with its
    reminders) or the row the receivables page reads of it."""

    invoice: Invoice | OpenInvoice
    outstanding: Decimal
    days_past_due: int
    last_reminder: int

    @cached_property
    def age(self) -> str:
        return dunning.age_bucket(self.days_past_due)

    @cached_property
    def stage(self) -> str:
        if self.invoice.status == InvoiceStatus.IN_COLLECTION:
            return "collection"
        return f"reminder_{self.last_reminder}" if self.last_reminder else "none"


@dataclass(frozen=True)
class Bucket:
    name: str
    label: str
    rows: list[Receivable]

    @property
    def total(self) -> Decimal:
        return sum((row.outstanding for row in self.rows), NOTHING)


class LateInvoice(NamedTuple):
    """An invoice paid late, by its id and number."""

    id: int
    number: int


@dataclass(frozen=True)
class LatePayments:
    """A customer's invoices paid late; two or more allow tighter payment terms (H §3.2)."""

    invoices: list[LateInvoice]

    @property
    def count(self) -> int:
        return len(self.invoices)

    @property
    def tighter_terms_advised(self) -> bool:
        return dunning.tighter_terms_advised(self.count)


@dataclass(frozen=True)
class Receivables:
    """Every unpaid invoice on a day, and the customers who have paid late often enough for tighter terms."""

    rows: list[Receivable]
    late_payers: dict[int, LatePayments]

    def is_late_payer(self, customer_id: int | None) -> bool:
        return customer_id in self.late_payers

    @property
    def total(self) -> Decimal:
        return sum((row.outstanding for row in self.rows), NOTHING)

    @cached_property
    def by_age(self) -> list[Bucket]:
        return _by_age(self.rows)

    @cached_property
    def by_stage(self) -> list[Bucket]:
        return _buckets(self.rows, STAGE_LABELS, lambda row: row.stage)

    def rows_of(self, age: str | None = None, stage: str | None = None) -> list[Receivable]:
        """The rows of one age group and one dunning stage (None for any), grouped by age from the not yet due,
        each group by due date."""
        order = {name: position for position, name in enumerate(AGE_LABELS)}
        rows = [row for row in self.rows if age in (None, row.age) and stage in (None, row.stage)]
        return sorted(rows, key=lambda row: order[row.age])


@dataclass(frozen=True)
class Arrears:
    """A customer's invoices past their due date and unpaid, and what may follow from them."""

    rows: list[Receivable]
    standing: dunning.DunningStanding


def age_totals(rows: list[Receivable]) -> dict[str, Decimal]:
    """What is owed on the rows in each age group."""
    return {bucket.name: bucket.total for bucket in _by_age(rows)}


def _by_age(rows: list[Receivable]) -> list[Bucket]:
    return _buckets(rows, AGE_LABELS, lambda row: row.age)


def _buckets(rows: list[Receivable], labels: dict[str, str], key) -> list[Bucket]:
    """Group rows under every label, empty groups included, so a table always shows all of them."""
    return [Bucket(name, label, [row for row in rows if key(row) == name]) for name, label in labels.items()]


def _unpaid(today: date, customer_id: int, *criteria) -> list[Receivable]:
    """One customer's unpaid invoices, with their reminders joined in (one round trip, on every kundeHUB page)."""
    query = (sa.select(Invoice).where(Invoice.customer_id == customer_id, *_unpaid_invoices(), *criteria)
             .order_by(Invoice.due_date, Invoice.number).options(joinedload(Invoice.reminders)))
    rows = (Receivable(invoice, outstanding(invoice), (today - invoice.due_date).days,
                       max((reminder.number for reminder in invoice.reminders), default=0))
            for invoice in db.session.scalars(query).unique())
    return [row for row in rows if row.outstanding > 0]


def _unpaid_invoices() -> list:
    return [Invoice.kind == DocumentKind.INVOICE, Invoice.status.in_(UNPAID)]


def _all_unpaid(today: date) -> list[Receivable]:
    """Every customer's unpaid invoices as rows, each with the number of its last reminder."""
    last_reminder = sa.select(sa.func.max(Reminder.number)).where(Reminder.invoice_id == Invoice.id).scalar_subquery()
    query = (sa.select(*(getattr(Invoice, name) for name in OpenInvoice._fields[:-1]), last_reminder)
             .where(*_unpaid_invoices()).order_by(Invoice.due_date, Invoice.number))
    rows = (OpenInvoice(*row) for row in db.session.execute(query))
    receivables = (Receivable(row, outstanding(row), (today - row.due_date).days, row.last_reminder or 0)
                   for row in rows)
    return [row for row in receivables if row.outstanding > 0]


def receivables(today: date) -> Receivables:
    """Return every unpaid invoice as of a day, and the customers who have paid late often enough for tighter
    terms."""
    return Receivables(_all_unpaid(today), _advised_tighter_terms())


def _advised_tighter_terms() -> dict[int, LatePayments]:
    return {customer_id: late for customer_id, late in late_payments_of().items() if late.tighter_terms_advised}


def late_payers() -> list[tuple[Customer, LatePayments]]:
    """Every customer who has paid late often enough for tighter terms (H §3.2), most late payments first."""
    advised = _advised_tighter_terms()
    customers = db.session.scalars(sa.select(Customer).where(Customer.id.in_(advised)))
    return sorted(((customer, advised[customer.id]) for customer in customers),
                  key=lambda pair: (-pair[1].count, pair[0].name, pair[0].id))


def late_payments_of(customer_ids: set[int] | None = None) -> dict[int, LatePayments]:
    """Return the invoices each customer paid late (see `dunning.paid_late`), of the customers named or of every
    customer who ever paid late.

    A reminder's charges invoice is left out: it only follows from an invoice that is already counted. Only what
    decides lateness is read, a row per invoice that was reminded or had a payment after its due date: the
    receivables page asks this of every customer, some thousands of invoices.
    """
    reminded = Invoice.id.in_(sa.select(Reminder.invoice_id))
    settled = Invoice.total_gross <= Invoice.amount_paid + Invoice.amount_credited
    last_paid_on = (sa.select(sa.func.max(Payment.paid_on))
                    .where(Payment.invoice_id == Invoice.id, Payment.applied > NOTHING).scalar_subquery())
    query = (
        sa.select(Invoice.id, Invoice.number, Invoice.customer_id, Invoice.due_date, reminded, settled, last_paid_on)
        .where(Invoice.customer_id.is_not(None), Invoice.kind == DocumentKind.INVOICE,
               Invoice.charges_for_invoice_id.is_(None),
               sa.or_(reminded, Invoice.id.in_(_paid_after_due())))
        .order_by(Invoice.due_date, Invoice.number)
    )
    if customer_ids is not None:
        query = query.where(Invoice.customer_id.in_(customer_ids))
    late: dict[int, list[LateInvoice]] = {customer_id: [] for customer_id in customer_ids or ()}
    for invoice_id, number, customer_id, due_date, was_reminded, was_settled, paid_on in db.session.execute(query):
        if dunning.paid_late(due_date, bool(was_reminded), paid_on if was_settled else None):
            late.setdefault(customer_id, []).append(LateInvoice(invoice_id, number))
    return {customer_id: LatePayments(invoices) for customer_id, invoices in late.items()}


def _paid_after_due():
    """The invoices with a payment after their due date, as one set the database builds once (asked invoice by
    invoice, as a correlated EXISTS, it was a lookup in payments for each of some tens of thousands of invoices)."""
    billed = aliased(Invoice)
    return (sa.select(Payment.invoice_id).join(billed, billed.id == Payment.invoice_id)
            .where(Payment.paid_on > billed.due_date))


def late_payments(customer_id: int) -> LatePayments:
    """Return the invoices a customer paid late (see `dunning.paid_late`)."""
    return late_payments_of({customer_id})[customer_id]


def arrears(customer_id: int, today: date) -> Arrears:
    """Return the customer's unpaid invoices past due on a day and the standing they put it in."""
    rows = [row for row in _unpaid(today, customer_id, Invoice.due_date < today) if row.days_past_due > 0]
    return Arrears(rows, dunning.combined_standing(
        dunning.dunning_standing(row.invoice.due_date, [reminder.sent_on for reminder in row.invoice.reminders],
                                 today, row.invoice.terms)
        for row in rows
    ))


def customer_standing(customer_id: int, today: date) -> dunning.DunningStanding:
    """Return what may follow from the customer's unpaid invoices, without the amounts."""
    return arrears(customer_id, today).standing
