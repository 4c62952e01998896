"""Plan maintenance windows and show each customer those that touch its systems (SPEC §7).

Planned work lies in the nightly window 22:00–05:00 Copenhagen time (``helpdesk.rules.maintenance``);
work outside it is allowed only when marked urgent with a reason.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext
import sqlalchemy as sa

from helpdesk.agreements.models import AgreementStatus, MaintenanceWindow
from helpdesk.agreements.services import customer_agreements, parse_systems
from helpdesk.cases.services import get_customer
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_
from helpdesk.rules.maintenance import concerns, inside_window
from helpdesk.rules.worktime import to_utc

PAST_DAYS_SHOWN = 30
OUTSIDE_WINDOW = N_("Planlagt vedligehold skal ligge i vinduet 22:00–05:00 (dansk tid). Arbejde uden for vinduet "
                    "skal markeres som akut med en begrundelse.")


@dataclass(frozen=True)
class WindowInput:
    starts_at: datetime | None
    ends_at: datetime | None
    systems: str
    description: str
    urgent: bool = False
    urgent_reason: str = ""
    customer_id: int | None = None


def _require_manager(actor) -> None:
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan planlægge vedligehold."))


def _span(data: WindowInput) -> tuple[datetime, datetime]:
    """Return the start and end in UTC (a naive time is Copenhagen time), or raise naming the field at fault."""
    if data.starts_at is None:
        raise DomainError(gettext("Skriv start som dato og klokkeslæt (ÅÅÅÅ-MM-DD TT:MM)."), field="starts_at")
    if data.ends_at is None:
        raise DomainError(gettext("Skriv slut som dato og klokkeslæt (ÅÅÅÅ-MM-DD TT:MM)."), field="ends_at")
    starts_at, ends_at = to_utc(data.starts_at), to_utc(data.ends_at)
    if ends_at <= starts_at:
        raise DomainError(gettext("Slut skal ligge efter start."), field="ends_at")
    return starts_at, ends_at


def plan_window(actor, data: WindowInput) -> MaintenanceWindow:
    """Plan maintenance for one customer or for all; outside 22:00–05:00 only as urgent with a reason."""
    _require_manager(actor)
    starts_at, ends_at = _span(data)
    description = (data.description or "").strip()
    if not description:
        raise DomainError(gettext("Beskriv arbejdet."), field="description")
    reason = (data.urgent_reason or "").strip() if data.urgent else ""
    if data.urgent and not reason:
        raise DomainError(gettext("Akut arbejde kræver en begrundelse."), field="urgent_reason")
    if not data.urgent and not inside_window(starts_at, ends_at):
        raise DomainError(gettext(OUTSIDE_WINDOW), field="starts_at")
    if data.customer_id is not None:
        get_customer(data.customer_id)
    window = MaintenanceWindow(customer_id=data.customer_id, starts_at=starts_at, ends_at=ends_at,
                               systems=parse_systems(data.systems), description=description, urgent=data.urgent,
                               urgent_reason=reason, planned_by_id=actor.id)
    db.session.add(window)
    db.session.commit()
    return window


def _not_over(now: datetime):
    return (sa.select(MaintenanceWindow).where(MaintenanceWindow.ends_at > now)
            .order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id))


def upcoming(now: datetime, customer_id: int | None = None) -> list[MaintenanceWindow]:
    """Windows not over yet, by start; for a customer those planned for it, and those for all customers
    that name no system or one of the systems its running agreements cover."""
    windows = db.session.scalars(_not_over(now)).all()
    if customer_id is None:
        return list(windows)
    everyones = any(window.customer_id is None for window in windows)
    covered = [agreement.covered_systems for agreement in customer_agreements(customer_id)
               if agreement.status != AgreementStatus.ENDED] if everyones else []
    return [window for window in windows
            if window.customer_id == customer_id
            or (window.customer_id is None and concerns(window.systems, covered))]


def recent(now: datetime) -> list[MaintenanceWindow]:
    """Windows that ended in the past 30 days, latest first."""
    return list(db.session.scalars(sa.select(MaintenanceWindow).where(
        MaintenanceWindow.ends_at <= now, MaintenanceWindow.ends_at > now - timedelta(days=PAST_DAYS_SHOWN),
    ).order_by(MaintenanceWindow.starts_at.desc(), MaintenanceWindow.id.desc())))


def delete_window(actor, window_id: int) -> MaintenanceWindow:
    """Remove a planned window."""
    _require_manager(actor)
    window = db.session.get(MaintenanceWindow, window_id)
    if window is None:
        raise NotFound(gettext("Vedligeholdsvindue %(id)s findes ikke.", id=window_id))
    db.session.delete(window)
    db.session.commit()
    return window
