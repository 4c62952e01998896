"""Issue invoices: gapless numbers, lines with their VAT, due dates from the customer's terms.

VAT is computed per line, 25 % of the line's net rounded half-up to the øre; the invoice's totals are the sums
of its lines.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask_babel import gettext

from helpdesk import audit
from helpdesk.billing.delivery import deliver
from helpdesk.billing.models import (
    VAT_FREE_KINDS,
    VAT_PERCENT,
    CustomerCredit,
    DocumentKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
    Payment,
)
from helpdesk.customers.models import Customer, DeliveryChannel
from helpdesk.database import next_number, paginate
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import money, reader_locale
from helpdesk.rules.money import TooLarge, TooManyDecimals, round_ore, to_money, vat_of

POSTAGE_FEE = Decimal("95.00")


@dataclass(frozen=True)
class LineInput:
    """A line to invoice, with its net and VAT as the issued line will have them: 25 % of the net, half-up to the
    øre, unless the kind is VAT-free."""

    kind: LineKind
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def net(self) -> Decimal:
        return round_ore(self.unit_price * self.quantity)

    @property
    def vat_percent(self) -> int:
        return 0 if self.kind in VAT_FREE_KINDS else VAT_PERCENT

    @property
    def vat(self) -> Decimal:
        return Decimal("0.00") if self.kind in VAT_FREE_KINDS else vat_of(self.net)


def priced_line(position: int, line: LineInput) -> InvoiceLine:
    """The invoice line of a line to invoice, at its position on the invoice."""
    return InvoiceLine(position=position, kind=line.kind, description=line.description, quantity=line.quantity,
                       unit_price=line.unit_price, net=line.net, vat_percent=line.vat_percent, vat=line.vat)


def with_postage(customer: Customer, lines: list[LineInput]) -> list[LineInput]:
    """The lines, with the 95 kr fee added for a customer invoiced by post (H §3.3)."""
    if customer.delivery_channel != DeliveryChannel.POST:
        return lines
    return [*lines, LineInput(LineKind.POSTAGE_FEE, "Gebyr for faktura sendt med post (H §3.3)", 1, POSTAGE_FEE)]


def _totals(lines: list[InvoiceLine] | list[LineInput]) -> tuple[Decimal, Decimal, Decimal]:
    total_net = sum((line.net for line in lines), Decimal("0.00"))
    total_vat = sum((line.vat for line in lines), Decimal("0.00"))
    return total_net, total_vat, total_net + total_vat


def draft_totals(lines: list[LineInput]) -> tuple[Decimal, Decimal, Decimal]:
    """Net, VAT and gross of lines not yet issued, computed exactly as the issued invoice will be."""
    return _totals(lines)


def issue_invoice(customer: Customer, lines: list[LineInput], issue_date: date, *, number: int | None = None,
                  kind: DocumentKind = DocumentKind.INVOICE) -> Invoice:
    """Add an issued invoice (or credit note) to the caller's transaction; its number is taken from the gapless
    sequence, unless the caller took it there already in this transaction (``next_numbers`` for a batch): never any
    other number. Its kind is given here, as an issued document's kind never changes."""
    invoice_lines = [priced_line(position, line) for position, line in enumerate(lines, start=1)]
    total_net, total_vat, total_gross = _totals(invoice_lines)
    invoice = Invoice(
        number=next_number("invoice") if number is None else number,
        customer=customer,
        issue_date=issue_date,
        kind=kind,
        due_date=issue_date + timedelta(days=customer.payment_terms_days),
        buyer_name=customer.name,
        buyer_address=customer.address,
        buyer_cvr=customer.cvr,
        buyer_email=customer.email,
        buyer_is_business=customer.is_business,
        terms_profile=customer.terms_profile,
        total_net=total_net,
        total_vat=total_vat,
        total_gross=total_gross,
        lines=invoice_lines,
    )
    db.session.add(invoice)
    return invoice


@dataclass(frozen=True)
class InvoiceSummary:
    """An invoice as a list shows it: its first line's text and how many lines it has (the PDF has them all)."""

    invoice: Invoice
    first_line: str
    lines: int


def customer_invoices(customer_id: int) -> list[InvoiceSummary]:
    """The customer's invoices, newest first, each with its first line, its number of lines and its reminders.

    A month invoice of a busy customer has dozens of lines; they are counted in SQL, not read.
    """
    lines = sa.select(InvoiceLine).where(InvoiceLine.invoice_id == Invoice.id)
    first_line = (lines.with_only_columns(InvoiceLine.description).order_by(InvoiceLine.position).limit(1)
                  .scalar_subquery())
    count = lines.with_only_columns(sa.func.count()).scalar_subquery()
    rows = db.session.execute(
        sa.select(Invoice, first_line, count).where(Invoice.customer_id == customer_id)
        .options(selectinload(Invoice.reminders))
        .order_by(Invoice.issue_date.desc(), Invoice.number.desc()))
    return [InvoiceSummary(invoice, first or "", number) for invoice, first, number in rows]


def get_invoice(invoice_id: int) -> Invoice:
    invoice = db.session.scalars(sa.select(Invoice).where(Invoice.id == invoice_id)).one_or_none()
    if invoice is None:
        raise NotFound(gettext("Faktura %(number)s findes ikke.", number=invoice_id))
    return invoice


def _require_manager(actor) -> None:
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan registrere betalinger og udstede kreditnotaer."))


def _lock_invoice(invoice_id: int) -> Invoice:
    """Load the invoice with its row locked, so payments and credit notes on it are booked one at a time."""
    invoice = db.session.scalars(
        sa.select(Invoice).where(Invoice.id == invoice_id).with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if invoice is None:
        raise NotFound(gettext("Faktura %(number)s findes ikke.", number=invoice_id))
    return invoice


def paid(invoice: Invoice) -> Decimal:
    return invoice.amount_paid


def credited(invoice: Invoice) -> Decimal:
    return invoice.amount_credited


def outstanding(invoice: Invoice) -> Decimal:
    """What the customer still owes on the invoice (nothing on a credit note)."""
    if invoice.is_credit_note:
        return Decimal("0.00")
    return invoice.total_gross - paid(invoice) - credited(invoice)


def status_on(invoice: Invoice, today: date) -> InvoiceStatus:
    """The invoice's status as of a day: credited, paid, in collection, overdue, partly paid or issued."""
    if invoice.is_credit_note:
        return InvoiceStatus.ISSUED
    if credited(invoice) >= invoice.total_gross:
        return InvoiceStatus.CREDITED
    if outstanding(invoice) <= 0:
        return InvoiceStatus.PAID
    if invoice.status == InvoiceStatus.IN_COLLECTION:
        return InvoiceStatus.IN_COLLECTION
    if today > invoice.due_date:
        return InvoiceStatus.OVERDUE
    return InvoiceStatus.PARTLY_PAID if paid(invoice) > 0 else InvoiceStatus.ISSUED


def register_payment(actor, invoice_id: int, amount, paid_on: date, today: date) -> Payment:
    """Book money received; more than is owed is kept as the customer's credit."""
    _require_manager(actor)
    received = _positive_amount(amount)
    if paid_on > today:
        raise DomainError(gettext("Betalingsdatoen kan ikke ligge i fremtiden."), field="paid_on")
    invoice = _lock_invoice(invoice_id)
    if invoice.is_credit_note:
        raise DomainError(gettext("En kreditnota kan ikke betales."), field="invoice_id")
    applied = min(received, max(outstanding(invoice), Decimal("0.00")))
    payment = Payment(invoice=invoice, received=received, applied=applied, paid_on=paid_on, recorded_by_id=actor.id)
    db.session.add(payment)
    invoice.amount_paid += applied
    if received > applied:
        db.session.flush()
        db.session.add(CustomerCredit(customer_id=invoice.customer_id, payment_id=payment.id,
                                      amount=received - applied))
    invoice.status = status_on(invoice, today)
    db.session.commit()
    return payment


def parse_amount(value, field: str, invalid: str, too_small: str, allow_zero: bool = False) -> Decimal:
    """Read kroner (Decimal, int or text such as "1.250,00"); a float, a bad text or a too small amount is refused.

    `invalid` heads the refusal of what is no amount, and is in the reader's language like the rest of it.
    """
    try:
        amount = to_money(value if isinstance(value, (Decimal, str)) else str(value))
    except (TypeError, ValueError) as error:
        raise DomainError(f"{invalid}: {_why_not_an_amount(error, value)}", field=field) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(too_small, field=field)
    return amount


def _why_not_an_amount(error: Exception, value) -> str:
    if isinstance(error, TooManyDecimals):
        return gettext("»%(value)s« har mere end 2 decimaler.", value=value)
    if isinstance(error, TooLarge):
        return gettext("»%(value)s« er for stort.", value=value)
    return gettext("»%(value)s« er ikke et beløb; skriv det som 1.234,50, 1234,50 eller 1234.50.", value=value)


def _positive_amount(value, field: str = "amount") -> Decimal:
    return parse_amount(value, field, gettext("Ugyldigt beløb"), gettext("Beløbet skal være større end 0."))


@dataclass(frozen=True)
class CreditInput:
    position: int
    amount: Decimal | str | None = None  # net to credit; None credits what is left of the line


def _already_credited(line: InvoiceLine) -> Decimal:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(InvoiceLine.net), 0)).where(InvoiceLine.credits_line_id == line.id)
    ) or Decimal("0.00")


def _credit_line(invoice: Invoice, credit: CreditInput) -> tuple[InvoiceLine, Decimal]:
    line = next((line for line in invoice.lines if line.position == credit.position), None)
    if line is None:
        raise DomainError(gettext("Fakturaen har ingen linje %(position)s.", position=credit.position), field="lines")
    left = line.net - _already_credited(line)
    amount = left if credit.amount is None else _positive_amount(credit.amount, field="lines")
    if amount <= 0 or amount > left:
        raise DomainError(gettext("Linje %(position)s kan højst krediteres med %(amount)s ekskl. moms.",
                                  position=credit.position, amount=money(left, reader_locale())), field="lines")
    return line, amount


def issue_credit_note(actor, invoice_id: int, reason: str, credits: list[CreditInput] | None, today: date) -> Invoice:
    """Correct an issued invoice with a credit note: all of it, or chosen lines (or parts of them)."""
    _require_manager(actor)
    if not (reason or "").strip():
        raise DomainError(gettext("Angiv hvorfor der krediteres."), field="reason")
    invoice = _lock_invoice(invoice_id)
    if invoice.is_credit_note:
        raise DomainError(gettext("En kreditnota kan ikke krediteres."), field="invoice_id")
    wanted = credits or [CreditInput(line.position) for line in invoice.lines]
    chosen = [_credit_line(invoice, credit) for credit in wanted]
    note = issue_invoice(invoice.customer, [
        LineInput(line.kind, f"Kreditering: {line.description}", 1, amount) for line, amount in chosen
    ], today, kind=DocumentKind.CREDIT_NOTE)
    for note_line, (line, _) in zip(note.lines, chosen, strict=True):
        note_line.credits_line_id = line.id
    note.credited_invoice, note.reason, note.due_date = invoice, reason.strip(), today
    invoice.amount_credited += note.total_gross
    db.session.flush()
    refund = min(note.total_gross, -outstanding(invoice))
    if refund > 0:
        db.session.add(CustomerCredit(customer_id=invoice.customer_id, credit_note_id=note.id, amount=refund))
    invoice.status = status_on(invoice, today)
    deliver(note)
    audit.record("credit_note", f"Faktura {invoice.number}", f"Kreditnota {note.number}, {note.total_gross} kr. "
                 f"inkl. moms: {reason.strip()}", actor=actor)
    db.session.commit()
    return note


def list_invoices(customer_id: int | None = None, status: str | None = None, first_day: date | None = None,
                  last_day: date | None = None, page: int = 1, per_page: int = 25, details: bool = False):
    """Invoices and credit notes matching the filter, newest first; with details, each one's lines, payments,
    credit notes and reminders are loaded with the page."""
    query = sa.select(Invoice)
    if details:     # for the whole page at once: lazily they were four queries an invoice
        query = query.options(selectinload(Invoice.lines), selectinload(Invoice.payments),
                              selectinload(Invoice.credit_notes), selectinload(Invoice.reminders))
    if customer_id:
        query = query.where(Invoice.customer_id == customer_id)
    if status:
        query = query.where(Invoice.status == InvoiceStatus(status))
    if first_day:
        query = query.where(Invoice.issue_date >= first_day)
    if last_day:
        query = query.where(Invoice.issue_date <= last_day)
    return paginate(query, page, per_page, Invoice.issue_date.desc(), Invoice.number.desc())


def mark_overdue(today: date) -> dict:
    """Move unpaid invoices past their due date to overdue (a daily job)."""
    open_invoices = db.session.scalars(sa.select(Invoice).where(
        Invoice.kind == DocumentKind.INVOICE, Invoice.due_date < today,
        Invoice.status.in_([InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID]),
    )).all()
    changed = 0
    for invoice in open_invoices:
        new_status = status_on(invoice, today)
        if new_status != invoice.status:
            invoice.status, changed = new_status, changed + 1
    db.session.commit()
    return {"overdue": changed}


def set_disputed(actor, invoice_id: int, disputed: bool) -> Invoice:
    """Mark an invoice as disputed (its 2nd and 3rd reminder carry no fee), or as no longer disputed."""
    _require_manager(actor)
    invoice = _lock_invoice(invoice_id)
    invoice.disputed = bool(disputed)
    db.session.commit()
    return invoice
