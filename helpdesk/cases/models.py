"""A case, its comments, attachments and the events of its history."""

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.cases import history
from helpdesk.database import Money, UTCDateTime, enum_column, partial_index, reference_index, utcnow
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


class DeliveryAnswer(enum.StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


AWAITING_ANSWER = "delivered_at IS NOT NULL AND delivery_answer IS NULL"


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_status_created", "status", "created_at"),
        # A customer's cases, newest first, read a page at a time (kundeHUB, the case list filtered by customer).
        sa.Index("ix_cases_customer_created", "customer_id", "created_at", "id"),
        partial_index("ix_cases_awaiting_answer", "delivered_at", where=AWAITING_ANSWER),
        reference_index("cases", "complaint_of_id"),
        sa.CheckConstraint("delivery_answer IS NULL OR delivered_at IS NOT NULL", name="answer_needs_delivery"),
        sa.CheckConstraint("delivery_answer <> 'rejected' OR rejection_reason <> ''", name="rejection_has_reason"),
        sa.CheckConstraint("travel_estimate_metres IS NULL OR travel_estimate_metres >= 0",
                           name="travel_estimate_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
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
    delivered_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="A delivery case: when it was delivered; the customer answers within 5 working days.")
    delivery_answer: Mapped[DeliveryAnswer | None] = mapped_column(enum_column(DeliveryAnswer))
    delivery_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    delivery_overdue_flagged_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, doc="When the daily job flagged the delivery as unanswered past its deadline.")
    complaint_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="SET NULL"),
        doc="A complaint: the delivery case it is about (possible for 12 months after delivery, H §12.1).")
    travel_estimate_metres: Mapped[int | None] = mapped_column(doc="Expected driving before on-site work (H §4.4).")
    travel_estimate_outlays: Mapped[Decimal | None] = mapped_column(Money)
    travel_estimate_note: Mapped[str] = mapped_column(sa.Text, default="")

    customer = relationship("Customer", back_populates="cases")
    complaint_of = relationship("Case", remote_side=[id])
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
    """One line of a case's history: created, status, assignment, classification overrides.

    ``detail`` is the line's Danish msgid and ``params`` its values (see helpdesk.cases.history); lines kept
    before they had values hold their Danish text in ``detail`` and no ``params``.
    """

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    params: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    internal: Mapped[bool] = mapped_column(default=False)

    case = relationship("Case", back_populates="events")
    actor = relationship("User")

    @property
    def text(self) -> str:
        """The line in the reader's language."""
        return history.written(self.detail, self.params)
