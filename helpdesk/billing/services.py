"""Issue invoices: gapless numbers, lines with their VAT, due dates from the customer's terms.

VAT is computed per line, 25 % of the line's net rounded half-up to the øre; the invoice's totals are the sums
of its lines.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from helpdesk.billing.models import VAT_FREE_KINDS, Invoice, InvoiceLine, LineKind
from helpdesk.customers.models import Customer
from helpdesk.database import next_number
from helpdesk.errors import NotFound
from helpdesk.extensions import db
from helpdesk.rules.money import round_ore, vat_of

VAT_PERCENT = 25


@dataclass(frozen=True)
class LineInput:
    kind: LineKind
    description: str
    quantity: int
    unit_price: Decimal


def _line(position: int, line: LineInput) -> InvoiceLine:
    net = round_ore(line.unit_price * line.quantity)
    vat_free = line.kind in VAT_FREE_KINDS
    return InvoiceLine(
        position=position,
        kind=line.kind,
        description=line.description,
        quantity=line.quantity,
        unit_price=line.unit_price,
        net=net,
        vat_percent=0 if vat_free else VAT_PERCENT,
        vat=Decimal("0.00") if vat_free else vat_of(net),
    )


def issue_invoice(customer: Customer, lines: list[LineInput], issue_date: date) -> Invoice:
    """Add an issued invoice to the caller's transaction; its number is taken from the gapless sequence."""
    invoice_lines = [_line(position, line) for position, line in enumerate(lines, start=1)]
    total_net = sum((line.net for line in invoice_lines), Decimal("0.00"))
    total_vat = sum((line.vat for line in invoice_lines), Decimal("0.00"))
    invoice = Invoice(
        number=next_number("invoice"),
        customer=customer,
        issue_date=issue_date,
        due_date=issue_date + timedelta(days=customer.payment_terms_days),
        buyer_name=customer.name,
        buyer_address=customer.address,
        buyer_cvr=customer.cvr,
        buyer_email=customer.email,
        total_net=total_net,
        total_vat=total_vat,
        total_gross=total_net + total_vat,
        lines=invoice_lines,
    )
    db.session.add(invoice)
    return invoice


def customer_invoices(customer_id: int) -> list[Invoice]:
    return list(db.session.scalars(
        sa.select(Invoice).where(Invoice.customer_id == customer_id).order_by(Invoice.issue_date.desc(),
                                                                               Invoice.number.desc())
    ))


def get_invoice(invoice_id: int) -> Invoice:
    invoice = db.session.scalars(sa.select(Invoice).where(Invoice.id == invoice_id)).one_or_none()
    if invoice is None:
        raise NotFound(f"Faktura {invoice_id} findes ikke.")
    return invoice
