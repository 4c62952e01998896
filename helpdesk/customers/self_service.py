"""The customer keeps its own details and its people current (H §3.4).

Every user of a customer sees the company's details and colleagues; the customer's admin contact changes them.
Each changed value becomes a CustomerRevision (old → new, who, when) in the same transaction, so managers can
read what changed. Changes to a colleague are kept under ``contact:<user id>:<what>``.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import selectinload

from helpdesk.accounts import passwords
from helpdesk.accounts.models import Role, User
from helpdesk.clips.services import lock_customer
from helpdesk.customers.models import CustomerRevision
from helpdesk.customers.services import _checked, add_revision, apply_changes
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_
from helpdesk.notifications.services import enqueue

LABELS = {"name": N_("Navn"), "address": N_("Adresse"), "email": N_("Faktura-e-mail"), "phone": N_("Telefon"),
          "active": N_("Adgang"), "admin": N_("Rolle"), "invited": N_("Inviteret"),
          # what only staff change (helpdesk/customers/services.py, update_customer)
          "cvr": N_("CVR-nummer"), "gln": N_("EAN/GLN-nummer"), "is_business": N_("Erhvervskunde"),
          "delivery_channel": N_("Levering af fakturaer"), "terms_profile": N_("Vilkår"),
          "payment_terms_days": N_("Betalingsfrist i dage"), "hourly_rate": N_("Timepris"),
          "overdraft_policy": N_("Når klippene ikke slår til"), "low_saldo_threshold": N_("Varsel ved saldo under")}
ACCESS = {True: "aktiv", False: "deaktiveret"}
ROLE = {True: "administrator", False: "bruger"}


def require_admin(actor: User) -> None:
    if not (actor.is_customer and actor.is_customer_admin and actor.active):
        raise Forbidden(gettext("Kun jeres administrator kan ændre virksomhedens oplysninger og brugere."))


def colleagues(customer_id: int) -> list[User]:
    """Return the customer's users by name (users are not limited by helpdesk.access, so filter here)."""
    return list(db.session.scalars(
        sa.select(User).where(User.customer_id == customer_id).order_by(User.name, User.id)))


def colleague(actor: User, user_id: int) -> User:
    """Return a user of the actor's own customer; any other user is not found."""
    user = db.session.scalars(
        sa.select(User).where(User.id == user_id, User.customer_id == actor.customer_id)).one_or_none()
    if user is None:
        raise NotFound(gettext("Brugeren %(id)s findes ikke hos jer.", id=user_id))
    return user


def _require_colleague(actor: User, user: User) -> None:
    """Refuse anyone who is not the actor's admin contact, and a user of another customer."""
    require_admin(actor)
    if user.customer_id != actor.customer_id:
        raise NotFound(gettext("Brugeren %(id)s findes ikke hos jer.", id=user.id))


def update_company(actor: User, *, name: str, address: str, email: str, phone: str,
                   now: datetime | None = None) -> int:
    """Change the company's name, address, invoice e-mail and phone; return how many changed.

    The CVR number is not the customer's to change. Invoices keep the details they were issued with.
    """
    require_admin(actor)
    now = now or utcnow()
    values = _checked({"name": name, "address": "\n".join((address or "").splitlines()), "email": email,
                       "phone": phone})
    customer = lock_customer(actor.customer_id)
    changes = apply_changes(customer, values)
    for field, old, new in changes:
        add_revision(customer.id, actor, field, old, new, now)
    db.session.commit()
    return len(changes)


def _revise_contact(actor: User, user: User, what: str, old: str, new: str, now: datetime) -> None:
    add_revision(user.customer_id, actor, f"contact:{user.id}:{what}", old, new, now)


def update_colleague(actor: User, user: User, *, name: str, phone: str, now: datetime | None = None) -> User:
    """Change a colleague's name and phone."""
    _require_colleague(actor, user)
    now = now or utcnow()
    values = _checked({"name": name, "phone": phone})
    for what, old, new in apply_changes(user, values):
        _revise_contact(actor, user, what, old, new, now)
    db.session.commit()
    return user


def set_active(actor: User, user: User, active: bool, now: datetime | None = None) -> User:
    """Let a colleague sign in again, or no longer (an inactive user cannot sign in or use a token or link)."""
    _require_colleague(actor, user)
    if user.id == actor.id:
        raise DomainError(gettext("Du kan ikke ændre din egen adgang."))
    if user.active != active:
        _revise_contact(actor, user, "active", ACCESS[user.active], ACCESS[active], now or utcnow())
        user.active = active
    db.session.commit()
    return user


def set_admin(actor: User, user: User, admin: bool, now: datetime | None = None) -> User:
    """Make a colleague an admin contact, or an ordinary user; never oneself, so one admin always remains."""
    _require_colleague(actor, user)
    if user.id == actor.id:
        raise DomainError(gettext("Du kan ikke ændre din egen rolle."))
    if user.is_customer_admin != admin:
        _revise_contact(actor, user, "admin", ROLE[user.is_customer_admin], ROLE[admin], now or utcnow())
        user.is_customer_admin = admin
    db.session.commit()
    return user


def invite(actor: User, *, name: str, email: str, link: passwords.Link, now: datetime | None = None) -> User:
    """Create a colleague without a password and mail them a link to choose one."""
    require_admin(actor)
    now = now or utcnow()
    values = _checked({"name": name, "email": email})
    if db.session.scalar(sa.select(User.id).where(User.email == values["email"])) is not None:
        raise Conflict(gettext("Der findes allerede en bruger med e-mailen %(email)s.", email=values["email"]),
                       field="email")
    user = User(**values, role=Role.CUSTOMER, customer_id=actor.customer_id,
                password_hash=passwords.unusable_password_hash())
    db.session.add(user)
    db.session.flush()
    _revise_contact(actor, user, "invited", "", user.email, now)
    token, reset = passwords.issue_link(user, passwords.INVITE, now)
    # No customer_id: the mail holds the colleague's own link, so kundeHUB's shared message list must not show it.
    enqueue("invite", [user.email], "invite", {"user": user, "inviter": actor, "customer": actor.customer,
                                               "link": link(token), "expires_at": reset.expires_at})
    db.session.commit()
    return user


@dataclass(frozen=True)
class Change:
    changed_at: datetime
    changed_by: str
    what: str
    old_value: str
    new_value: str


def history(customer_id: int) -> list[Change]:
    """Return every change to the customer's details and people, the newest first."""
    names = {user.id: user.name for user in colleagues(customer_id)}
    revisions = db.session.scalars(
        sa.select(CustomerRevision).where(CustomerRevision.customer_id == customer_id)
        .options(selectinload(CustomerRevision.changed_by))
        .order_by(CustomerRevision.changed_at.desc(), CustomerRevision.id.desc()))
    return [Change(revision.changed_at, revision.changed_by.name if revision.changed_by else "—",
                   _describe(revision.field, names), revision.old_value, revision.new_value)
            for revision in revisions]


def _label(key: str) -> str:
    return gettext(LABELS[key]) if key in LABELS else key


def _describe(field: str, names: dict[int, str]) -> str:
    """Say in the reader's language what a revision's field is: "Telefon", or "Telefon · Karin Kunde" for a
    colleague's."""
    kind, _, rest = field.partition(":")
    if kind != "contact":
        return _label(field)
    user_id, _, what = rest.partition(":")
    name = names.get(int(user_id)) or gettext("slettet bruger")
    return f"{_label(what)} · {name}"
