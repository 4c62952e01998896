"""Clip cards and the clip ledger.

The ledger is append-only: every movement of clips is a row, and the saldo is the sum of the rows. Each card's
``remaining`` and the customer's ``clip_balance`` / ``unfunded_clips`` are kept in step with the ledger in the
same transaction (so the saldo is one indexed read), and a test proves they agree.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import Money, UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class ClipCard(db.Model):
    __tablename__ = "clip_cards"
    __table_args__ = (
        sa.CheckConstraint("clips > 0", name="clips_positive"),
        sa.CheckConstraint("remaining >= 0", name="never_overdrawn"),
        sa.CheckConstraint("price >= 0", name="price_not_negative"),
        sa.CheckConstraint("expires_on > invoice_date", name="expires_after_invoice"),
        sa.Index("ix_clip_cards_customer_expires", "customer_id", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    clips: Mapped[int]
    price: Mapped[Decimal] = mapped_column(Money)
    remaining: Mapped[int]
    invoice_date: Mapped[date]
    expires_on: Mapped[date]
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="SET NULL"))
    sold_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer = relationship("Customer")
    invoice = relationship("Invoice")


class LedgerKind(enum.StrEnum):
    PURCHASE = "purchase"
    CONSUMPTION = "consumption"
    REVERSAL = "reversal"
    EXPIRY = "expiry"
    SETTLEMENT = "settlement"
    ADJUSTMENT = "adjustment"


class ClipLedgerEntry(db.Model):
    """One movement of clips. ``card_id`` is empty for the customer's unfunded clips."""

    __tablename__ = "clip_ledger"
    __table_args__ = (
        sa.CheckConstraint("clips <> 0", name="moves_clips"),
        sa.Index("ix_clip_ledger_customer_at", "customer_id", "at"),
        # Covering the reports' movements in a period and the saldi worked back from the kept balances.
        sa.Index("ix_clip_ledger_at", "at", "customer_id", "kind", "card_id", "clips"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[LedgerKind] = mapped_column(enum_column(LedgerKind))
    clips: Mapped[int]
    card_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clip_cards.id", ondelete="CASCADE"), index=True)
    time_entry_id: Mapped[int | None] = mapped_column(sa.ForeignKey("time_entries.id", ondelete="CASCADE"),
                                                      index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    card = relationship("ClipCard")
    time_entry = relationship("TimeEntry")
    actor = relationship("User")
