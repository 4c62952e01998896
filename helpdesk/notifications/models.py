"""The outbox: one row per e-mail and recipient, kept after sending so it can be shown and sent again."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.accounts.models import Language
from helpdesk.database import UTCDateTime, enum_column, utcnow
from helpdesk.extensions import db


class MessageStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """An e-mail to one recipient; ``next_attempt_at`` is when a sender may take it (a lease while sending)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.UniqueConstraint("dedupe_key", "recipient", name="uq_outbox_messages_dedupe_key_recipient"),
        sa.Index("ix_outbox_messages_status_next_attempt", "status", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(64))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus), default=MessageStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[str] = mapped_column(sa.String(200))
    attachment: Mapped[str | None] = mapped_column(sa.String(100), doc="A document to attach, e.g. 'invoice:12'.")
    language: Mapped[Language] = mapped_column(enum_column(Language), default=Language.DANISH,
                                               doc="The language the message, and so its attachment, is written in.")
