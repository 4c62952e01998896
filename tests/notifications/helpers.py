"""Queue a message the way a job does, and read the outbox back."""

import sqlalchemy as sa

from helpdesk.extensions import db
from helpdesk.notifications import services
from helpdesk.notifications.models import OutboxMessage


def queue(customer, *recipients, key=None) -> int:
    """Queue a low-saldo notice for the recipients and commit it."""
    queued = services.enqueue("low_saldo", recipients, "low_saldo",
                              {"customer": customer, "balance": 2, "threshold": 4},
                              customer_id=customer.id, dedupe_key=key)
    db.session.commit()
    return queued


def outbox() -> list[OutboxMessage]:
    """Read every message back from the database."""
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
