"""The customer company: who it is, how it is invoiced and under which terms."""

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import Money, UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class TermsProfile(enum.StrEnum):
    HOSTKON = "hostkon"
    COMPUSOFT = "compusoft"


class DeliveryChannel(enum.StrEnum):
    EMAIL = "email"
    POST = "post"
    OIOUBL = "oioubl"


class OverdraftPolicy(enum.StrEnum):
    UNFUNDED = "unfunded"
    HOURLY = "hourly"


class Customer(db.Model):
    __tablename__ = "customers"
    __table_args__ = (
        sa.CheckConstraint("payment_terms_days >= 0", name="payment_terms_not_negative"),
        sa.CheckConstraint("low_saldo_threshold >= 0", name="low_saldo_threshold_not_negative"),
        sa.CheckConstraint("unfunded_clips >= 0", name="unfunded_not_negative"),
        sa.CheckConstraint("hourly_rate >= 0", name="hourly_rate_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    cvr: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    address: Mapped[str] = mapped_column(sa.Text, default="")
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    delivery_channel: Mapped[DeliveryChannel] = mapped_column(
        enum_column(DeliveryChannel), default=DeliveryChannel.EMAIL
    )
    gln: Mapped[str | None] = mapped_column(sa.String(13))
    terms_profile: Mapped[TermsProfile] = mapped_column(enum_column(TermsProfile), default=TermsProfile.HOSTKON)
    payment_terms_days: Mapped[int] = mapped_column(default=8)
    overdraft_policy: Mapped[OverdraftPolicy] = mapped_column(
        enum_column(OverdraftPolicy), default=OverdraftPolicy.UNFUNDED
    )
    low_saldo_threshold: Mapped[int] = mapped_column(default=4)
    hourly_rate: Mapped[Decimal] = mapped_column(Money, default=Decimal("950.00"),
                                                 doc="Kroner per started hour at multiplier 1 (H §4.2).")
    is_business: Mapped[bool] = mapped_column(default=True)
    clip_balance: Mapped[int] = mapped_column(default=0)
    unfunded_clips: Mapped[int] = mapped_column(default=0)
    deletion_postponed_until: Mapped[date | None] = mapped_column(
        doc="A manager kept the data of an ended customer beyond the 3 months' retention until this day.")
    deletion_postponed_reason: Mapped[str] = mapped_column(sa.Text, default="")
    data_deleted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the retention job deleted the customer's data (invoices are kept 5 years).")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users = relationship("User", back_populates="customer", passive_deletes=True)
    cases = relationship("Case", back_populates="customer", passive_deletes=True)


class CustomerRevision(db.Model):
    """One changed detail of a customer: who changed it, when, from what to what (H §3.4)."""

    __tablename__ = "customer_revisions"
    __table_args__ = (sa.Index("ix_customer_revisions_customer_changed", "customer_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by = relationship("User")
