"""Invoices and their lines. An issued invoice is never changed; a credit note corrects it."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import Money, UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class InvoiceStatus(enum.StrEnum):
    ISSUED = "issued"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    IN_COLLECTION = "in_collection"
    CREDITED = "credited"


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class LineKind(enum.StrEnum):
    CLIP_CARD = "clip_card"
    HOURLY = "hourly"
    MILEAGE = "mileage"
    OUTLAY = "outlay"
    SUBSCRIPTION = "subscription"
    POSTAGE_FEE = "postage_fee"
    REMINDER_FEE = "reminder_fee"
    INTEREST = "interest"
    COMPENSATION = "compensation"


# Outlays, fees, compensation and interest carry no VAT (SPEC §5); everything else 25 %.
VAT_FREE_KINDS = frozenset({LineKind.OUTLAY, LineKind.POSTAGE_FEE, LineKind.REMINDER_FEE, LineKind.INTEREST,
                            LineKind.COMPENSATION})


class Invoice(db.Model):
    __tablename__ = "invoices"
    __table_args__ = (
        sa.CheckConstraint("due_date >= issue_date", name="due_after_issue"),
        sa.CheckConstraint("total_gross = total_net + total_vat", name="totals_add_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    issue_date: Mapped[date]
    due_date: Mapped[date]
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), default=DocumentKind.INVOICE)
    credits_invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"),
                                                           index=True)
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus), default=InvoiceStatus.ISSUED)
    disputed: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    buyer_name: Mapped[str] = mapped_column(sa.String(200))
    buyer_address: Mapped[str] = mapped_column(sa.Text, default="")
    buyer_cvr: Mapped[str | None] = mapped_column(sa.String(8))
    buyer_email: Mapped[str] = mapped_column(sa.String(254), default="")
    total_net: Mapped[Decimal] = mapped_column(Money)
    total_vat: Mapped[Decimal] = mapped_column(Money)
    total_gross: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer = relationship("Customer")
    lines: Mapped[list["InvoiceLine"]] = relationship(back_populates="invoice", order_by="InvoiceLine.position")
    payments: Mapped[list["Payment"]] = relationship(back_populates="invoice", order_by="Payment.id")
    credited_invoice = relationship("Invoice", remote_side=[id], back_populates="credit_notes")
    credit_notes = relationship("Invoice", back_populates="credited_invoice", order_by="Invoice.number")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE


class InvoiceLine(db.Model):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        sa.UniqueConstraint("invoice_id", "position", name="one_line_per_position"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("vat_percent IN (0, 25)", name="vat_rate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[LineKind] = mapped_column(enum_column(LineKind))
    description: Mapped[str] = mapped_column(sa.String(500))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(Money)
    net: Mapped[Decimal] = mapped_column(Money)
    vat_percent: Mapped[int]
    vat: Mapped[Decimal] = mapped_column(Money)
    credits_line_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoice_lines.id", ondelete="RESTRICT"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class Payment(db.Model):
    """Money received for an invoice; what exceeds the amount owed becomes a customer credit."""

    __tablename__ = "payments"
    __table_args__ = (
        sa.CheckConstraint("received > 0", name="received_positive"),
        sa.CheckConstraint("applied >= 0 AND applied <= received", name="applied_within_received"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    received: Mapped[Decimal] = mapped_column(Money)
    applied: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")


class CustomerCredit(db.Model):
    """Money the customer has to its good: an overpayment, or a credit note on an invoice already paid."""

    __tablename__ = "customer_credits"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("(payment_id IS NULL) <> (credit_note_id IS NULL)", name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    payment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("payments.id", ondelete="RESTRICT"))
    credit_note_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    amount: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
