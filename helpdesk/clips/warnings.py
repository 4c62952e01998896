"""Tell customers and managers before clips lapse and when a saldo runs low (SPEC §3)."""

from datetime import date, timedelta

import sqlalchemy as sa

from helpdesk.accounts.models import Role, User
from helpdesk.clips.models import ClipCard
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.notifications.services import enqueue

EXPIRY_WARNINGS = (60, 14)  # days before expiry; each warning is sent once per card


def customer_contacts(customer: Customer) -> list[str]:
    """The customer's invoice address and its active users."""
    return contacts_of([customer])[customer.id]


def contacts_of(customers: list[Customer]) -> dict[int, list[str]]:
    """Each customer's invoice address and its active users, in one query for them all."""
    contacts = {customer.id: [customer.email] for customer in customers}
    for customer_id, email in db.session.execute(
            sa.select(User.customer_id, User.email).where(User.customer_id.in_(contacts), User.active.is_(True))
            .order_by(User.id)):
        contacts[customer_id].append(email)
    return contacts


def manager_addresses() -> list[str]:
    return list(db.session.scalars(sa.select(User.email).where(User.role == Role.MANAGER, User.active.is_(True))))


def notify(kind: str, customer: Customer, dedupe_key: str, context: dict) -> int:
    """Queue the notice for the customer's contacts, and the managers' version of it for the managers."""
    queued = enqueue(kind, customer_contacts(customer), kind, context, customer_id=customer.id, dedupe_key=dedupe_key)
    return queued + enqueue(kind, manager_addresses(), f"{kind}_manager", context, dedupe_key=dedupe_key)


def warning_stage(days_left: int, thresholds: tuple[int, ...] = EXPIRY_WARNINGS) -> int | None:
    """The warning due with this many days left: the nearest threshold reached."""
    reached = [days for days in thresholds if days_left <= days]
    return min(reached) if reached else None


def warn_expiring_cards(day: date) -> dict:
    """Warn about each card with clips left as it comes within 60 and 14 days of expiry."""
    cards = db.session.scalars(sa.select(ClipCard).where(
        ClipCard.remaining > 0, ClipCard.expired_at.is_(None), ClipCard.expires_on > day,
        ClipCard.expires_on <= day + timedelta(days=max(EXPIRY_WARNINGS)),
    ).order_by(ClipCard.id)).all()
    queued = 0
    for card in cards:
        days_left = (card.expires_on - day).days
        stage = warning_stage(days_left)
        context = {"customer": card.customer, "card": card, "days_left": days_left, "remaining": card.remaining}
        queued += notify("card_expiry", card.customer, f"card-expiry:{card.id}:{stage}", context)
    db.session.commit()
    return {"cards": len(cards), "messages": queued}


def warn_low_saldo(day: date) -> dict:
    """Warn once per card bought when a customer's saldo is below its threshold."""
    newest_card = (sa.select(sa.func.max(ClipCard.id)).where(ClipCard.customer_id == Customer.id)
                   .correlate(Customer).scalar_subquery())
    rows = db.session.execute(sa.select(Customer, newest_card).where(
        Customer.clip_balance < Customer.low_saldo_threshold, newest_card.is_not(None),
    ).order_by(Customer.id)).all()
    queued = 0
    for customer, card_id in rows:
        context = {"customer": customer, "balance": customer.clip_balance, "threshold": customer.low_saldo_threshold}
        queued += notify("low_saldo", customer, f"low-saldo:{customer.id}:{card_id}", context)
    db.session.commit()
    return {"customers": len(rows), "messages": queued}
