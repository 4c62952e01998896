"""Driving and outlays on a case (H §4.4, §5.6): logged by staff, billed on the month's invoice, never with clips."""

from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext

from helpdesk import audit
from helpdesk.accounts.models import User
from helpdesk.billing.run import mileage_estimate
from helpdesk.billing.services import parse_amount
from helpdesk.cases import history
from helpdesk.cases.events import record_event
from helpdesk.cases.models import Case
from helpdesk.database import local_today
from helpdesk.errors import Conflict, DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_
from helpdesk.timelog.models import Expense, ExpenseKind

LONGEST_TRIP_KM = 5000


def parse_kilometres(value, field: str = "kilometres", allow_zero: bool = False) -> int:
    """Read a distance in km ("12,3", "12.3" or "12") and return it in metres."""
    text = str(value or "").strip().replace(",", ".")
    try:
        kilometres = Decimal(text)
    except InvalidOperation:
        raise DomainError(gettext("Skriv antal kilometer som et tal, fx 12,3."), field=field) from None
    too_short = kilometres < 0 if allow_zero else kilometres <= 0
    if not kilometres.is_finite() or too_short or kilometres > LONGEST_TRIP_KM:
        if allow_zero:
            message = gettext("En tur skal være mindst 0 og højst %(most)s km.", most=LONGEST_TRIP_KM)
        else:
            message = gettext("En tur skal være over 0 og højst %(most)s km.", most=LONGEST_TRIP_KM)
        raise DomainError(message, field=field)
    if kilometres != kilometres.quantize(Decimal("0.001")):
        raise DomainError(gettext("Skriv højst tre decimaler (meter)."), field=field)
    return int(kilometres * 1000)


def add_expense(actor: User, case: Case, kind: str, spent_on: date | None, description: str,
                kilometres=None, amount=None, today: date | None = None) -> Expense:
    """Log a trip (per started km at the year's rate) or an outlay (at cost) on a case."""
    if not actor.is_staff:
        raise Forbidden(gettext("Kun medarbejdere kan registrere kørsel og udlæg."))
    try:
        kind = ExpenseKind(kind)
    except ValueError:
        raise DomainError(gettext("Vælg kørsel eller udlæg."), field="kind") from None
    if spent_on is None or spent_on > (today or local_today()):
        raise DomainError(gettext("Datoen skal være i dag eller tidligere."), field="spent_on")
    if not (description or "").strip():
        raise DomainError(gettext("Skriv hvad kørslen eller udlægget var (fx rute eller bilag)."), field="description")
    expense = Expense(case_id=case.id, customer_id=case.customer_id, technician_id=actor.id, kind=kind,
                      spent_on=spent_on, description=description.strip()[:300])
    if kind == ExpenseKind.MILEAGE:
        expense.metres = parse_kilometres(kilometres)
    else:
        expense.amount = parse_amount(amount, "amount", gettext("Ugyldigt beløb"),
                                      gettext("Udlægget skal være større end 0."))
    db.session.add(expense)
    line = (N_("Kørsel registreret: %(description)s") if kind == ExpenseKind.MILEAGE
            else N_("Udlæg registreret: %(description)s"))
    record_event(case, actor, "expense", line, internal=True, description=expense.description)
    db.session.commit()
    return expense


def case_expenses(case: Case) -> list[Expense]:
    return list(db.session.scalars(
        sa.select(Expense).where(Expense.case_id == case.id).order_by(Expense.spent_on, Expense.id)))


def delete_expense(actor: User, expense_id: int) -> Expense:
    """Remove a trip or outlay that is not invoiced yet."""
    if not actor.is_staff:
        raise Forbidden(gettext("Kun medarbejdere kan slette kørsel og udlæg."))
    expense = db.session.get(Expense, expense_id)
    if expense is None:
        raise NotFound(gettext("Kørsel/udlæg %(expense_id)s findes ikke.", expense_id=expense_id))
    if expense.invoice_id is not None:
        raise Conflict(gettext("Kørslen eller udlægget er faktureret og kan ikke slettes."))
    db.session.delete(expense)
    audit.record("expense_deleted", f"Sag {expense.case.number}", f"{expense.kind.value}: {expense.description}",
                 actor=actor)
    db.session.commit()
    return expense


def set_travel_estimate(actor: User, case: Case, kilometres, outlays, note: str = "") -> Case:
    """Record the expected driving and outlays before on-site work (H §4.4); the actual ones are billed after."""
    if not actor.is_staff:
        raise Forbidden(gettext("Kun medarbejdere kan give et kørselsoverslag."))
    metres = parse_kilometres(kilometres, field="estimate_kilometres", allow_zero=True)
    amount = parse_amount(outlays or "0", "estimate_outlays", gettext("Ugyldigt beløb"),
                          gettext("Udlæg kan ikke være negative."), allow_zero=True)
    case.travel_estimate_metres, case.travel_estimate_outlays = metres, amount
    case.travel_estimate_note = (note or "").strip()[:1000]
    line = (N_("Overslag over kørsel: %(distance)s, udlæg %(outlays)s") if amount
            else N_("Overslag over kørsel: %(distance)s"))
    record_event(case, actor, "travel_estimate", line, distance=history.distance(metres),
                 outlays=history.kroner(amount))
    db.session.commit()
    return case


def travel_estimate_price(case: Case, today: date) -> Decimal | None:
    """The estimate in kroner excl. VAT: the trip at today's rate plus the outlays (None without an estimate)."""
    if case.travel_estimate_metres is None:
        return None
    trip = mileage_estimate(case.customer_id, today, case.travel_estimate_metres) or Decimal("0.00")
    return trip + (case.travel_estimate_outlays or Decimal("0.00"))
