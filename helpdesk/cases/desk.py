"""The phone desk: find the caller's customer fast, see it at a glance, and open a case with the timer running.

A search matches the customer's name, CVR and phone, its users' names, e-mails and phones, and the contacts named
on its cases in the last year, case-insensitively. Taking a call opens a phone case for the caller and starts the
technician's timer on it; a technician whose timer already runs is told to stop it first, before anything is
created.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext

from helpdesk.accounts.models import User
from helpdesk.agreements import maintenance
from helpdesk.billing.receivables import customer_standing
from helpdesk.cases import services as cases
from helpdesk.cases.models import Case, Channel, Status
from helpdesk.clips.services import saldo
from helpdesk.customers.models import Customer
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, DomainError
from helpdesk.extensions import db
from helpdesk.rules.dunning import DunningStanding
from helpdesk.timelog import services as timelog

MATCHES = 10
OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING)
CONTACT_MEMORY = timedelta(days=365)


def _pattern(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(column, pattern: str):
    return sa.func.lower(column).like(pattern, escape="\\")


def find_customers(query: str) -> list[Customer]:
    """The customers a caller could belong to, by name first; nothing for a query under two characters."""
    if len(query.strip()) < 2:
        return []
    pattern = _pattern(query)
    digits = "".join(ch for ch in query if ch.isdigit())
    by_user = sa.select(User.customer_id).where(User.customer_id.is_not(None), sa.or_(
        _like(User.name, pattern), _like(User.email, pattern), _like(User.phone, pattern)))
    by_case = sa.select(Case.customer_id).where(Case.created_at >= utcnow() - CONTACT_MEMORY, sa.or_(
        _like(Case.contact_name, pattern), _like(Case.contact_phone, pattern), _like(Case.contact_email, pattern)))
    matches = [_like(Customer.name, pattern), _like(Customer.phone, pattern), _like(Customer.email, pattern),
               Customer.id.in_(by_user), Customer.id.in_(by_case)]
    if len(digits) >= 4:
        matches.append(Customer.cvr.like(f"%{digits}%"))
    return list(db.session.scalars(sa.select(Customer).where(Customer.data_deleted_at.is_(None), sa.or_(*matches))
                                   .order_by(Customer.name).limit(MATCHES)))


@dataclass(frozen=True)
class Glance:
    """What a technician needs on the screen while the customer talks."""

    customer: Customer
    balance: int
    standing: DunningStanding
    open_cases: list[Case]
    maintenance: list


def glance(customer: Customer, today: date) -> Glance:
    open_cases = list(db.session.scalars(sa.select(Case).where(
        Case.customer_id == customer.id, Case.status.in_(OPEN_STATUSES)).order_by(Case.created_at.desc()).limit(5)))
    return Glance(customer, saldo(customer.id).balance, customer_standing(customer.id, today), open_cases,
                  maintenance.upcoming(utcnow(), customer.id)[:3])


@dataclass(frozen=True)
class Call:
    customer_id: int | None
    caller_name: str
    caller_phone: str
    subject: str
    summary: str
    category: str = "support"
    system: str = ""


def take_call(actor: User, call: Call) -> Case:
    """Open a phone case for the caller and start the technician's timer on it."""
    current = timelog.running_timer(actor)
    if current is not None:
        raise Conflict(gettext("Din tidtagning kører på sag %(number)s. Stop den, før du tager et nyt opkald.",
                               number=current.case.number), field="timer")
    if not call.customer_id:
        raise DomainError(gettext("Vælg kunden."), field="customer_id")
    if not call.caller_name.strip():
        raise DomainError(gettext("Skriv hvem der ringer."), field="caller_name")
    case = cases.create_case(actor, customer_id=call.customer_id, subject=call.subject, category=call.category,
                             channel=Channel.PHONE, description=call.summary, contact_name=call.caller_name.strip(),
                             contact_phone=call.caller_phone.strip(), system=call.system.strip(),
                             status=Status.OPEN)
    timelog.start_timer(actor, case, description=call.subject.strip())
    return case
