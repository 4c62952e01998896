"""A case, its comments, attachments and the events of its history."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.database import UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class Category(enum.StrEnum):
    SUPPORT = "support"
    FAULT = "fault"
    CONSULTANCY = "consultancy"
    PRICE_INQUIRY = "price_inquiry"
    DELIVERY = "delivery"
    OUTAGE = "outage"


class Channel(enum.StrEnum):
    PORTAL = "portal"
    PHONE = "phone"
    EMAIL = "email"


class Priority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Status(enum.StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"


class FaultAttribution(enum.StrEnum):
    SUPPLIER = "supplier"
    CUSTOMER = "customer"
    THIRD_PARTY = "third_party"
    NO_FAULT = "no_fault"


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (sa.Index("ix_cases_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    subject: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[Category] = mapped_column(enum_column(Category))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority), default=Priority.NORMAL)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.NEW)
    covered: Mapped[bool] = mapped_column(default=False)
    system: Mapped[str] = mapped_column(sa.String(200), default="")
    fault_attribution: Mapped[FaultAttribution | None] = mapped_column(enum_column(FaultAttribution))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer = relationship("Customer", back_populates="cases")
    assignee = relationship("User", foreign_keys=[assignee_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    comments = relationship("CaseComment", back_populates="case", order_by="CaseComment.created_at")
    attachments = relationship("Attachment", back_populates="case", order_by="Attachment.created_at")
    events = relationship("CaseEvent", back_populates="case", order_by="CaseEvent.at")


class CaseComment(db.Model):
    __tablename__ = "case_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case", back_populates="comments")
    author = relationship("User")


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (sa.CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case", back_populates="attachments")
    uploaded_by = relationship("User")


class CaseEvent(db.Model):
    """One line of a case's history: created, status, assignment, classification overrides."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    internal: Mapped[bool] = mapped_column(default=False)

    case = relationship("Case", back_populates="events")
    actor = relationship("User")
