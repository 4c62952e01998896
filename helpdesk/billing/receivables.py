"""What customers owe: unpaid invoices aged and by dunning stage, late payers, and what may follow (SPEC §5–6).

Everything here is computed from invoices (with what is paid and credited on each, kept on its row), payments and
reminders as they stand; nothing more is stored.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from helpdesk.billing.models import DocumentKind, Invoice, InvoiceStatus, Payment
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


@dataclass(frozen=True)
class Receivable:
    """An invoice with money still owed on it, as of a day."""

    invoice: Invoice
    outstanding: Decimal
    days_past_due: int

    @property
    def age(self) -> str:
        return dunning.age_bucket(self.days_past_due)

    @property
    def stage(self) -> str:
        if self.invoice.status == InvoiceStatus.IN_COLLECTION:
            return "collection"
        sent = max((reminder.number for reminder in self.invoice.reminders), default=0)
        return f"reminder_{sent}" if sent else "none"


@dataclass(frozen=True)
class Bucket:
    name: str
    label: str
    rows: list[Receivable]

    @property
    def total(self) -> Decimal:
        return sum((row.outstanding for row in self.rows), NOTHING)


@dataclass(frozen=True)
class LatePayments:
    """A customer's invoices paid late; two or more allow tighter payment terms (H §3.2)."""

    invoices: list[Invoice]

    @property
    def count(self) -> int:
        return len(self.invoices)

    @property
    def tighter_terms_advised(self) -> bool:
        return dunning.tighter_terms_advised(self.count)


@dataclass(frozen=True)
class Receivables:
    """Every unpaid invoice on a day, with the late-payment record of each customer who owes."""

    rows: list[Receivable]
    late_payers: dict[int, LatePayments]

    @property
    def total(self) -> Decimal:
        return sum((row.outstanding for row in self.rows), NOTHING)

    @property
    def by_age(self) -> list[Bucket]:
        return _buckets(self.rows, AGE_LABELS, lambda row: row.age)

    @property
    def by_stage(self) -> list[Bucket]:
        return _buckets(self.rows, STAGE_LABELS, lambda row: row.stage)

    @property
    def advised_tighter_terms(self) -> list[tuple[Customer, LatePayments]]:
        """Each customer who owes and has paid late at least twice, by name."""
        customers = {row.invoice.customer for row in self.rows if row.invoice.customer}
        return [(customer, self.late_payers[customer.id]) for customer in sorted(customers, key=lambda c: c.name)
                if self.late_payers[customer.id].tighter_terms_advised]


@dataclass(frozen=True)
class Arrears:
    """A customer's invoices past their due date and unpaid, and what may follow from them."""

    rows: list[Receivable]
    standing: dunning.DunningStanding


def _buckets(rows: list[Receivable], labels: dict[str, str], key) -> list[Bucket]:
    """Group rows under every label, empty groups included, so a table always shows all of them."""
    return [Bucket(name, label, [row for row in rows if key(row) == name]) for name, label in labels.items()]


def _unpaid(today: date, customer_id: int | None = None, *criteria) -> list[Receivable]:
    """The unpaid invoices, of one customer (already in the session) or of all with their customers loaded.

    One customer's few invoices come with their reminders joined in (one round trip, on every kundeHUB page);
    all customers' with their reminders and customers by a query each.
    """
    query = (
        sa.select(Invoice)
        .where(Invoice.kind == DocumentKind.INVOICE, Invoice.status.in_(UNPAID), *criteria)
        .order_by(Invoice.due_date, Invoice.number)
    )
    if customer_id is None:
        query = query.options(selectinload(Invoice.reminders), selectinload(Invoice.customer))
    else:
        query = query.where(Invoice.customer_id == customer_id).options(joinedload(Invoice.reminders))
    rows = (Receivable(invoice, outstanding(invoice), (today - invoice.due_date).days)
            for invoice in db.session.scalars(query).unique())
    return [row for row in rows if row.outstanding > 0]


def receivables(today: date) -> Receivables:
    """Return every unpaid invoice as of a day, and the late-payment record of the customers who owe."""
    rows = _unpaid(today)
    customer_ids = {row.invoice.customer_id for row in rows} - {None}
    return Receivables(rows, late_payments_of(customer_ids))


def _settled_on(invoice: Invoice) -> date | None:
    """Return the day of the last payment when the invoice is paid in full, else None."""
    if outstanding(invoice) > 0:
        return None
    return max((payment.paid_on for payment in invoice.payments if payment.applied > 0), default=None)


def _paid_late(invoice: Invoice) -> bool:
    return dunning.paid_late(invoice.due_date, bool(invoice.reminders), _settled_on(invoice))


def late_payments_of(customer_ids: set[int]) -> dict[int, LatePayments]:
    """Return the invoices each customer paid late (see `dunning.paid_late`).

    A reminder's charges invoice is left out: it only follows from an invoice that is already counted.
    """
    candidates = db.session.scalars(
        sa.select(Invoice)
        .where(Invoice.customer_id.in_(customer_ids), Invoice.kind == DocumentKind.INVOICE,
               Invoice.charges_for_invoice_id.is_(None),
               sa.or_(Invoice.reminders.any(), Invoice.payments.any(Payment.paid_on > Invoice.due_date)))
        .options(selectinload(Invoice.payments), selectinload(Invoice.reminders))
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    late: dict[int, list[Invoice]] = {customer_id: [] for customer_id in customer_ids}
    for invoice in candidates:          # one pass: each customer's own invoices, not every invoice per customer
        if _paid_late(invoice):
            late[invoice.customer_id].append(invoice)
    return {customer_id: LatePayments(invoices) for customer_id, invoices in late.items()}


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
