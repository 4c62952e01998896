"""Invoices and their lines. An issued invoice is never changed; a credit note corrects it."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.customers.models import TermsProfile
from helpdesk.database import Money, UTCDateTime, enum_column, reference_index, utcnow
from helpdesk.rules import terms as term_rules
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
VAT_PERCENT = 25
VAT_FREE_KINDS = frozenset({LineKind.OUTLAY, LineKind.POSTAGE_FEE, LineKind.REMINDER_FEE, LineKind.INTEREST,
                            LineKind.COMPENSATION})


class Invoice(db.Model):
    __tablename__ = "invoices"
    __table_args__ = (
        sa.CheckConstraint("due_date >= issue_date", name="due_after_issue"),
        sa.CheckConstraint("total_gross = total_net + total_vat", name="totals_add_up"),
        sa.CheckConstraint("amount_paid >= 0 AND amount_credited >= 0", name="settled_not_negative"),
        sa.UniqueConstraint("customer_id", "billing_month", name="one_month_invoice_per_customer"),
        reference_index("invoices", "credits_invoice_id"),
        reference_index("invoices", "charges_for_invoice_id"),
        # One customer's revenue report reads a period's invoices, and their lines' kinds and amounts, from these alone.
        sa.Index("ix_invoices_issued", "issue_date", "kind", "customer_id", "id"),
        # The open invoices issued by a day: the receivables, the dashboard's ageing and the overdue job.
        sa.Index("ix_invoices_status_issued", "status", "issue_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    issue_date: Mapped[date]
    due_date: Mapped[date]
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind), default=DocumentKind.INVOICE)
    credits_invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus), default=InvoiceStatus.ISSUED)
    disputed: Mapped[bool] = mapped_column(default=False)
    charges_for_invoice_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("invoices.id", ondelete="RESTRICT"),
        doc="Set on the invoice that carries a reminder's fee, compensation and interest; it is not dunned itself.")
    delivery_channel: Mapped[str] = mapped_column(sa.String(16), default="email",
                                                  doc="How it is delivered: email, post or oioubl (the customer's "
                                                      "choice when it was issued).")
    dispatched_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When it left: queued as e-mail, or marked printed or uploaded as OIOUBL.")
    billing_month: Mapped[date | None] = mapped_column(
        doc="The month (its first day) whose invoice run issued this invoice; a run never issues a month twice.")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    buyer_name: Mapped[str] = mapped_column(sa.String(200))
    buyer_address: Mapped[str] = mapped_column(sa.Text, default="")
    buyer_cvr: Mapped[str | None] = mapped_column(sa.String(8))
    buyer_email: Mapped[str] = mapped_column(sa.String(254), default="")
    buyer_is_business: Mapped[bool] = mapped_column(
        default=True, doc="Whether the buyer was a business when it was issued: only a business pays fees and "
                          "compensation on its reminders.")
    terms_profile: Mapped[TermsProfile] = mapped_column(
        enum_column(TermsProfile), default=TermsProfile.HOSTKON,
        doc="The customer's terms when it was issued: its reminders, interest and collection follow them, not "
            "terms the customer is given later.")
    total_net: Mapped[Decimal] = mapped_column(Money)
    total_vat: Mapped[Decimal] = mapped_column(Money)
    total_gross: Mapped[Decimal] = mapped_column(Money)
    amount_paid: Mapped[Decimal] = mapped_column(
        Money, default=Decimal("0.00"),
        doc="The payments' applied amounts summed, kept in the transaction that books a payment.")
    amount_credited: Mapped[Decimal] = mapped_column(
        Money, default=Decimal("0.00"),
        doc="The gross of the credit notes on it summed, kept in the transaction that issues one.")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer = relationship("Customer")
    lines: Mapped[list["InvoiceLine"]] = relationship(back_populates="invoice", order_by="InvoiceLine.position")
    payments: Mapped[list["Payment"]] = relationship(back_populates="invoice", order_by="Payment.id")
    credited_invoice = relationship("Invoice", remote_side=[id], back_populates="credit_notes",
                                    foreign_keys=[credits_invoice_id])
    credit_notes = relationship("Invoice", back_populates="credited_invoice", order_by="Invoice.number",
                                foreign_keys=[credits_invoice_id])
    reminders: Mapped[list["Reminder"]] = relationship(back_populates="invoice", order_by="Reminder.number",
                                                       foreign_keys="Reminder.invoice_id")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE

    @property
    def terms(self) -> term_rules.TermsProfile:
        """The rules of the terms it was issued under: reminders, interest, compensation and collection."""
        return term_rules.profile(self.terms_profile.value)


class InvoiceLine(db.Model):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        sa.UniqueConstraint("invoice_id", "position", name="one_line_per_position"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("vat_percent IN (0, 25)", name="vat_rate"),
        sa.Index("ix_invoice_lines_invoice_kind_net", "invoice_id", "kind", "net"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("invoices.id", ondelete="CASCADE"))
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
    paid_on: Mapped[date] = mapped_column(index=True)
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


class Reminder(db.Model):
    """A reminder (rykker) sent for an overdue invoice, with what it charged (SPEC §6)."""

    __tablename__ = "reminders"
    __table_args__ = (
        sa.UniqueConstraint("invoice_id", "number", name="one_reminder_per_number"),
        sa.CheckConstraint("number BETWEEN 1 AND 3", name="number_1_to_3"),
        sa.CheckConstraint("fee >= 0 AND compensation >= 0 AND interest >= 0", name="charges_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int]
    sent_on: Mapped[date]
    fee: Mapped[Decimal] = mapped_column(Money)
    compensation: Mapped[Decimal] = mapped_column(Money)
    interest: Mapped[Decimal] = mapped_column(Money)
    interest_months: Mapped[int] = mapped_column(doc="Started months of interest booked up to and with this one.")
    outstanding: Mapped[Decimal] = mapped_column(Money, doc="What was owed on the invoice when it was sent.")
    charges_invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="reminders", foreign_keys=[invoice_id])
    charges_invoice: Mapped[Invoice | None] = relationship(foreign_keys=[charges_invoice_id])


class MileageRate(db.Model):
    """The state's rate per km from a day on (SPEC §5): up to 20,000 km a year and above. Managers keep it."""

    __tablename__ = "mileage_rates"
    __table_args__ = (sa.CheckConstraint("up_to_tier > 0 AND above_tier > 0", name="rates_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(unique=True)
    up_to_tier: Mapped[Decimal] = mapped_column(Money)
    above_tier: Mapped[Decimal] = mapped_column(Money)
