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
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus), default=InvoiceStatus.ISSUED)
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

    invoice: Mapped[Invoice] = relationship(back_populates="lines")
