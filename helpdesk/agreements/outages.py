"""Record supplier-caused outages of an agreement; work out the longest run, the right to terminate and the
refund for a period (SPEC §7, rules in ``helpdesk.rules.outages``)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from helpdesk import audit
from helpdesk.agreements import maintenance
from helpdesk.agreements.models import Agreement, AgreementPeriod, MaintenanceWindow, Outage
from helpdesk.agreements.services import get_agreement, period_on
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import danish_date, reader_locale
from helpdesk.rules import outages as rules
from helpdesk.rules.liability import Capped, cap_liability


@dataclass(frozen=True)
class OutageInput:
    starts_on: date | None
    ends_on: date | None
    description: str


@dataclass(frozen=True)
class OutageSummary:
    """An agreement's outages, their longest consecutive run in days, and whether that lets the customer terminate."""

    agreement: Agreement
    outages: list[Outage]
    longest_run: int
    may_terminate: bool


@dataclass(frozen=True)
class Refund:
    """What the outages in one period refund: its price pro rata for the days they touched, within the
    liability cap of the agreement's terms (H §13.3, C)."""

    period: AgreementPeriod
    days_in_period: int
    affected_days: int
    capped: Capped

    @property
    def amount(self) -> Decimal:
        return self.capped.amount


def _spans(outages: list[Outage]) -> list[tuple[date, date]]:
    return [(outage.starts_on, outage.ends_on) for outage in outages]


def _checked(agreement: Agreement, data: OutageInput, today: date) -> str:
    """Return the outage's description, or raise the first thing wrong with it naming its field."""
    if data.starts_on is None:
        raise DomainError(gettext("Skriv første dag som ÅÅÅÅ-MM-DD."), field="starts_on")
    if data.ends_on is None:
        raise DomainError(gettext("Skriv sidste dag som ÅÅÅÅ-MM-DD."), field="ends_on")
    if data.ends_on < data.starts_on:
        raise DomainError(gettext("Sidste dag kan ikke ligge før første dag."), field="ends_on")
    if data.ends_on > today:
        raise DomainError(gettext("Et nedbrud registreres, når det er sket: sidste dag kan højst være i dag."),
                          field="ends_on")
    if data.starts_on < agreement.start_date:
        raise DomainError(gettext("Aftalen begyndte %(day)s; nedbrud før den dag hører ikke til aftalen.",
                                  day=danish_date(agreement.start_date, reader_locale())), field="starts_on")
    description = (data.description or "").strip()
    if not description:
        raise DomainError(gettext("Beskriv nedbruddet."), field="description")
    return description


def _refuse_overlap(agreement: Agreement, starts_on: date, ends_on: date, besides: Outage | None = None) -> None:
    """Refuse days another outage of the agreement (than the one corrected) already holds."""
    query = sa.select(Outage).where(
        Outage.agreement_id == agreement.id, Outage.starts_on <= ends_on, Outage.ends_on >= starts_on)
    if besides is not None:
        query = query.where(Outage.id != besides.id)
    clash = db.session.scalars(query.order_by(Outage.starts_on)).first()
    if clash is not None:
        raise DomainError(gettext("Perioden overlapper nedbruddet %(first)s–%(last)s, som allerede er registreret. "
                                  "Registrér kun dage, der ikke er registreret.",
                                  first=danish_date(clash.starts_on, reader_locale()),
                                  last=danish_date(clash.ends_on, reader_locale())), field="starts_on")


def _require_manager(actor) -> None:
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan registrere, rette og slette nedbrud."))


def record_outage(actor, agreement_id: int, data: OutageInput, today: date) -> Outage:
    """Record an outage of whole days (first and last day), ended by today and overlapping none recorded."""
    _require_manager(actor)
    agreement = get_agreement(agreement_id)
    # Two managers recording the same days at once must not both pass the overlap check.
    db.session.refresh(agreement, with_for_update=True)
    description = _checked(agreement, data, today)
    _refuse_overlap(agreement, data.starts_on, data.ends_on)
    outage = Outage(agreement=agreement, starts_on=data.starts_on, ends_on=data.ends_on, description=description,
                    recorded_by_id=actor.id)
    db.session.add(outage)
    db.session.commit()
    return outage


def get_outage(outage_id: int) -> Outage:
    outage = db.session.get(Outage, outage_id)
    if outage is None:
        raise _no_such_outage(outage_id)
    return outage


def _no_such_outage(outage_id: int) -> NotFound:
    return NotFound(gettext("Nedbrud %(id)s findes ikke.", id=outage_id))


def _described(outage: Outage) -> str:
    """An outage as the audit log keeps it: its days and what happened."""
    return f"{outage.starts_on.isoformat()}–{outage.ends_on.isoformat()}: {outage.description}"


def _locked_outage(outage_id: int) -> Outage:
    """The outage as it stands once its agreement is locked, as recording one locks it: what another manager
    committed meanwhile is read, and one deleted meanwhile is not found."""
    agreement = get_outage(outage_id).agreement
    db.session.refresh(agreement, with_for_update=True)
    outage = db.session.scalars(sa.select(Outage).where(Outage.id == outage_id)
                                .execution_options(populate_existing=True)).one_or_none()
    if outage is None:
        raise _no_such_outage(outage_id)
    return outage


def correct_outage(actor, outage_id: int, data: OutageInput, today: date) -> Outage:
    """Correct a recorded outage's days or description, by the rules of recording one.

    A mistyped day would otherwise stay in every refund and in the customer's right to terminate; the audit log
    keeps what the outage said before.
    """
    _require_manager(actor)
    outage = _locked_outage(outage_id)
    description = _checked(outage.agreement, data, today)
    _refuse_overlap(outage.agreement, data.starts_on, data.ends_on, besides=outage)
    before = _described(outage)
    outage.starts_on, outage.ends_on, outage.description = data.starts_on, data.ends_on, description
    audit.record("outage_corrected", _audit_target(outage), f"{before} → {_described(outage)}", actor=actor)
    db.session.commit()
    return outage


def delete_outage(actor, outage_id: int) -> Outage:
    """Remove an outage recorded by mistake (on the wrong agreement, or that never happened); the audit log keeps
    it."""
    _require_manager(actor)
    outage = _locked_outage(outage_id)
    audit.record("outage_deleted", _audit_target(outage), _described(outage), actor=actor)
    db.session.delete(outage)
    db.session.commit()
    return outage


def _audit_target(outage: Outage) -> str:
    return f"Aftale {outage.agreement_id}: {outage.agreement.name}"


def summary(agreement: Agreement) -> OutageSummary:
    """The agreement's outages by first day, with the longest run and the termination flag."""
    outages = list(agreement.outages)
    longest = rules.longest_consecutive_run(_spans(outages))
    return OutageSummary(agreement, outages, longest, rules.may_terminate(longest))


def customer_outages(customer_id: int) -> list[OutageSummary]:
    """The outages of each of the customer's agreements that has any."""
    with_outages = (sa.select(Agreement).where(Agreement.customer_id == customer_id, Agreement.outages.any())
                    .order_by(Agreement.start_date, Agreement.id).options(selectinload(Agreement.outages)))
    return [summary(agreement) for agreement in db.session.scalars(with_outages)]


def customer_operations(customer_id: int, now: datetime) -> tuple[list[MaintenanceWindow], list[OutageSummary]]:
    """The maintenance ahead that concerns the customer, and its agreements' outages: what kundeHUB's front page
    tells. Nearly always there is neither, so one round trip asks whether there is any of each first."""
    ahead = sa.exists(sa.select(MaintenanceWindow.id).where(MaintenanceWindow.ends_at > now))
    on_record = sa.exists(sa.select(Outage.id).join(Agreement).where(Agreement.customer_id == customer_id))
    any_ahead, any_on_record = db.session.execute(sa.select(ahead, on_record)).one()
    return (maintenance.upcoming(now, customer_id) if any_ahead else [],
            customer_outages(customer_id) if any_on_record else [])


def _period(agreement: Agreement, period_id: int | None, today: date) -> AgreementPeriod | None:
    """The period chosen; else the latest one with outage days, else today's, else the latest."""
    if period_id is not None:
        period = next((period for period in agreement.periods if period.id == period_id), None)
        if period is None:
            raise NotFound(gettext("Aftalen har ingen periode %(id)s.", id=period_id), field="period_id")
        return period
    spans = _spans(agreement.outages)
    hit = [period for period in agreement.periods if rules.affected_days(spans, period.starts_on, period.ends_on)]
    if hit:
        return hit[-1]
    return period_on(agreement, today) or (agreement.periods[-1] if agreement.periods else None)


def refund(agreement: Agreement, period_id: int | None, today: date) -> Refund | None:
    """The refund for one period of the agreement at that period's price; None when it has no period."""
    period = _period(agreement, period_id, today)
    if period is None:
        return None
    affected = rules.affected_days(_spans(agreement.outages), period.starts_on, period.ends_on)
    claimed = rules.refund(period.price, period.starts_on, period.ends_on, affected)
    base_payment = sum((p.price for p in agreement.periods if p.starts_on <= max(today, period.starts_on)),
                       Decimal("0.00"))
    return Refund(period=period, days_in_period=rules.days_in(period.starts_on, period.ends_on),
                  affected_days=affected,
                  capped=cap_liability(claimed, agreement.terms_profile.value, base_payment, period.price))
