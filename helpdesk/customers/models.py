"""The customer company: who it is, how it is invoiced and under which terms."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import UTCDateTime, enum_column, utcnow
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
    is_business: Mapped[bool] = mapped_column(default=True)
    clip_balance: Mapped[int] = mapped_column(default=0)
    unfunded_clips: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users = relationship("User", back_populates="customer", passive_deletes=True)
    cases = relationship("Case", back_populates="customer", passive_deletes=True)
