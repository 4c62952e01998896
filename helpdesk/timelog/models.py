"""Time entries and running timers."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import Money, UTCDateTime, enum_column, partial_index, reference_index, utcnow
from helpdesk.extensions import db


class Classification(enum.StrEnum):
    FREE = "free"
    COVERED = "covered"
    BILLABLE = "billable"


LIVE = "deleted_at IS NULL"
LIVE_BILLABLE = "deleted_at IS NULL AND classification = 'billable'"
HOURLY_UNINVOICED = "hourly_from IS NOT NULL AND invoice_id IS NULL AND deleted_at IS NULL"


class TimeEntry(db.Model):
    """Work on a case. Its price in clips is fixed when it is saved and kept with it.

    A deleted entry is kept (``deleted_at``) so that the clip ledger's rows keep pointing at it.
    ``hourly_clips`` are the clips no card covered for a customer billed by the hour (overdraft policy *hourly*,
    or no clip card at all); the month's invoice run bills that work and sets ``invoice_id`` and ``locked``.
    """

    __tablename__ = "time_entries"
    __table_args__ = (
        sa.CheckConstraint("ended_at > started_at", name="ends_after_start"),
        sa.CheckConstraint("clips >= 0 AND blocks_1x >= 0 AND blocks_2x >= 0 AND blocks_3x >= 0", name="counts"),
        sa.CheckConstraint("hourly_clips >= 0 AND hourly_clips <= clips", name="hourly_within_clips"),
        sa.Index("ix_time_entries_customer_started", "customer_id", "started_at"),
        sa.Index("ix_time_entries_technician_started", "technician_id", "started_at"),
        # Covering indexes (every column the query reads is in the index, so no table row is visited): the
        # reports' period sums, and a customer's billable work in kundeHUB.
        partial_index("ix_time_entries_live_started", "started_at", "classification", "customer_id",
                      "technician_id", "minutes", "clips", "blocks_1x", "blocks_2x", "blocks_3x", where=LIVE),
        partial_index("ix_time_entries_customer_billable", "customer_id", "started_at", "minutes", "clips",
                      where=LIVE_BILLABLE),
        # The work the month's run is yet to invoice: a few thousand rows among a million.
        partial_index("ix_time_entries_hourly_uninvoiced", "customer_id", "started_at", where=HOURLY_UNINVOICED),
        reference_index("time_entries", "invoice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    technician_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    classification: Mapped[Classification] = mapped_column(enum_column(Classification))
    classification_reason: Mapped[str] = mapped_column(sa.Text, default="")
    classification_overridden: Mapped[bool] = mapped_column(default=False)
    out_of_hours_agreed_by: Mapped[str] = mapped_column(sa.String(200), default="")
    clips: Mapped[int]
    blocks_1x: Mapped[int]
    blocks_2x: Mapped[int]
    blocks_3x: Mapped[int]
    hourly_clips: Mapped[int] = mapped_column(default=0)
    hourly_from: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="Where the work no card paid for begins; from here it is billed per started hour.")
    invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    locked: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case = relationship("Case")
    technician = relationship("User")

    @property
    def billed_clips(self) -> int:
        """The clips this entry takes from the customer: only billable work costs clips."""
        return self.clips if self.classification == Classification.BILLABLE else 0


def live_billable():
    """The condition of the index ix_time_entries_customer_billable, 'billable' written into the SQL: as a bound
    parameter it hides from SQLite that the index answers it, and each of the customer's entries is then read
    from the table (60 ms instead of 5 for the busiest customer's consumption)."""
    return sa.and_(TimeEntry.deleted_at.is_(None), TimeEntry.classification == sa.literal(
        Classification.BILLABLE, TimeEntry.classification.type, literal_execute=True))


class RunningTimer(db.Model):
    """A technician's running timer: one at most, kept in the database so it survives reloads."""

    __tablename__ = "running_timers"

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str] = mapped_column(sa.Text, default="")

    case = relationship("Case")
    technician = relationship("User")


class ExpenseKind(enum.StrEnum):
    MILEAGE = "mileage"
    OUTLAY = "outlay"


class Expense(db.Model):
    """Driving or an outlay on a case, billed on the month's invoice and never paid with clips (H §4.4, §5.6)."""

    __tablename__ = "expenses"
    __table_args__ = (
        sa.CheckConstraint("(kind = 'mileage' AND metres > 0 AND amount IS NULL) OR "
                           "(kind = 'outlay' AND amount > 0 AND metres IS NULL)", name="mileage_or_outlay"),
        sa.Index("ix_expenses_customer_spent", "customer_id", "spent_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    technician_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[ExpenseKind] = mapped_column(enum_column(ExpenseKind))
    spent_on: Mapped[date]
    description: Mapped[str] = mapped_column(sa.String(300))
    metres: Mapped[int | None] = mapped_column(doc="A trip's length; billed per started kilometre.")
    amount: Mapped[Decimal | None] = mapped_column(Money, doc="An outlay's cost in kroner, billed at cost.")
    invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")
    technician = relationship("User")
