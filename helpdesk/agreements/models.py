"""Agreements and what hangs on them: periods, notices, changes of price or terms, outages, maintenance."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.customers.models import TermsProfile
from helpdesk.database import Money, UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class Product(enum.StrEnum):
    HOSTING = "hosting"
    SUPPORT = "support"
    BACKUP = "backup"
    MONITORING = "monitoring"


class AgreementStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDING = "ending"      # notice given; runs until ends_on
    ENDED = "ended"


class Agreement(db.Model):
    """A hosting or support agreement: its scope, its price per period, and how it renews (H §7–8, C)."""

    __tablename__ = "agreements"
    __table_args__ = (
        sa.CheckConstraint("period_months BETWEEN 1 AND 60", name="period_months_range"),
        sa.CheckConstraint("price_per_period >= 0", name="price_not_negative"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= start_date", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    product: Mapped[Product] = mapped_column(enum_column(Product))
    name: Mapped[str] = mapped_column(sa.String(200))
    covered_categories: Mapped[list] = mapped_column(sa.JSON, default=list,
                                                     doc="Case categories the agreement covers.")
    covered_systems: Mapped[list] = mapped_column(sa.JSON, default=list,
                                                  doc="Named systems it covers; empty covers every system.")
    price_per_period: Mapped[Decimal] = mapped_column(Money)
    period_months: Mapped[int] = mapped_column(default=12)
    billed_in_advance: Mapped[bool] = mapped_column(default=True)
    start_date: Mapped[date]
    terms_profile: Mapped[TermsProfile] = mapped_column(enum_column(TermsProfile))
    status: Mapped[AgreementStatus] = mapped_column(enum_column(AgreementStatus), default=AgreementStatus.ACTIVE)
    ends_on: Mapped[date | None] = mapped_column(doc="The last day it runs, once notice has been given.")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer = relationship("Customer")
    periods: Mapped[list["AgreementPeriod"]] = relationship(back_populates="agreement",
                                                            order_by="AgreementPeriod.starts_on")
    notices: Mapped[list["AgreementNotice"]] = relationship(back_populates="agreement",
                                                            order_by="AgreementNotice.received_on")
    changes: Mapped[list["AgreementChange"]] = relationship(back_populates="agreement",
                                                            order_by="AgreementChange.effective_on")
    outages: Mapped[list["Outage"]] = relationship(back_populates="agreement", order_by="Outage.starts_on")


class AgreementPeriod(db.Model):
    """One period of an agreement, invoiced in advance; a renewal adds the next one (never twice)."""

    __tablename__ = "agreement_periods"
    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "starts_on", name="one_period_per_start"),
        sa.CheckConstraint("ends_on >= starts_on", name="period_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    price: Mapped[Decimal] = mapped_column(Money)
    invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="periods")
    invoice = relationship("Invoice")


class NoticeKind(enum.StrEnum):
    TERMINATION = "termination"   # opsigelse
    RESCISSION = "rescission"     # ophævelse (compusoft, e.g. after an outage)


class AgreementNotice(db.Model):
    """Written notice from the customer, with the verdict worked out when it was recorded."""

    __tablename__ = "agreement_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind), default=NoticeKind.TERMINATION)
    received_on: Mapped[date]
    given_by: Mapped[str] = mapped_column(sa.String(200))
    in_time: Mapped[bool]
    deadline: Mapped[date] = mapped_column(doc="The last day it could arrive for the period it was judged against.")
    ends_on: Mapped[date] = mapped_column(doc="The day the agreement ends because of it.")
    document_name: Mapped[str] = mapped_column(sa.String(255), default="")
    document_stored_name: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    document_content_type: Mapped[str] = mapped_column(sa.String(100), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="notices")


class ChangeKind(enum.StrEnum):
    MAJOR_PRICE = "major_price"
    TERMS = "terms"


class AgreementChange(db.Model):
    """A change of price or terms, announced on one day and taking effect on another (its notice checked)."""

    __tablename__ = "agreement_changes"
    __table_args__ = (sa.CheckConstraint("effective_on > notified_on", name="effective_after_notice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind))
    description: Mapped[str] = mapped_column(sa.Text)
    new_price: Mapped[Decimal | None] = mapped_column(Money)
    notified_on: Mapped[date]
    effective_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="changes")


class Outage(db.Model):
    """A supplier-caused outage of an agreement's service, by whole days (first and last affected day)."""

    __tablename__ = "outages"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="outage_ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="outages")


class MaintenanceWindow(db.Model):
    """Planned maintenance of named systems; inside 22:00–05:00 Copenhagen time unless urgent with a reason."""

    __tablename__ = "maintenance_windows"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="maintenance_ends_after_start"),
        sa.CheckConstraint("NOT urgent OR urgent_reason <> ''", name="urgent_needs_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="CASCADE"), index=True,
        doc="The customer whose systems it touches; None for maintenance shared by every customer.")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    systems: Mapped[list] = mapped_column(sa.JSON, default=list)
    description: Mapped[str] = mapped_column(sa.Text)
    urgent: Mapped[bool] = mapped_column(default=False)
    urgent_reason: Mapped[str] = mapped_column(sa.Text, default="")
    planned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
