"""Agreements (SPEC §7): create and edit them, decide what they cover, renew and invoice them, record notice and
changes of price or terms.

Notice is judged against the period running on the day it arrived (rules in ``helpdesk.rules.notice``). Renewal
adds the next period once the current one ends within the invoicing lead time, unless notice ends the agreement
with it; the (agreement, start) key makes a repeated run add and invoice nothing twice.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from sqlalchemy.orm import selectinload

from helpdesk.agreements.models import (
    Agreement,
    AgreementChange,
    AgreementNotice,
    AgreementPeriod,
    AgreementStatus,
    ChangeKind,
    NoticeKind,
    Product,
)
from helpdesk.billing.delivery import deliver
from helpdesk.billing.models import LineKind
from helpdesk.billing.services import LineInput, issue_invoice, parse_amount, with_postage
from helpdesk.cases.attachments import keep_upload
from helpdesk.cases.models import Case, Category, FaultAttribution
from helpdesk.clips.warnings import notify, warning_stage
from helpdesk.customers.models import Customer, TermsProfile
from helpdesk.database import paginate
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import danish_date, reader_locale
from helpdesk.rules import notice
from helpdesk.rules.terms import profile

# A fault that is the customer's own, or no fault at all, is billable whatever the agreement says (H §12.3, C).
NOT_COVERED_ATTRIBUTIONS = frozenset({FaultAttribution.CUSTOMER, FaultAttribution.NO_FAULT})


@dataclass
class AgreementInput:
    product: str
    name: str
    price_per_period: object
    start_date: date | None
    period_months: object = 12
    billed_in_advance: bool = True
    covered_categories: list[str] = field(default_factory=list)
    covered_systems: list[str] = field(default_factory=list)
    terms_profile: str | None = None


def _require_manager(actor) -> None:
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan oprette og ændre aftaler."))


def parse_systems(text: str) -> list[str]:
    """Named systems from text separated by commas or new lines, each once, in the order given."""
    names = (part.strip() for part in (text or "").replace("\n", ",").split(","))
    return list(dict.fromkeys(name for name in names if name))


def _checked(data: AgreementInput) -> dict:
    """The agreement's values, or the first thing wrong with them as a DomainError naming its field."""
    try:
        product = Product(data.product)
    except ValueError:
        raise DomainError(gettext("Vælg et produkt."), field="product") from None
    if not (data.name or "").strip():
        raise DomainError(gettext("Giv aftalen et navn."), field="name")
    if data.start_date is None:
        raise DomainError(gettext("Skriv startdatoen som ÅÅÅÅ-MM-DD."), field="start_date")
    try:
        months = int(str(data.period_months).strip())
    except ValueError:
        raise DomainError(gettext("Periodens længde skal være et helt antal måneder."), field="period_months") from None
    if not 1 <= months <= 60:
        raise DomainError(gettext("Periodens længde skal være 1–60 måneder."), field="period_months")
    unknown = [c for c in data.covered_categories if c not in {category.value for category in Category}]
    if unknown:
        raise DomainError(gettext("Ukendt sagskategori: %(names)s.", names=", ".join(unknown)),
                          field="covered_categories")
    return {
        "product": product, "name": data.name.strip()[:200], "period_months": months,
        "price_per_period": parse_amount(data.price_per_period, "price_per_period", gettext("Ugyldig pris"),
                                         gettext("Prisen kan ikke være negativ."), allow_zero=True),
        "billed_in_advance": bool(data.billed_in_advance), "start_date": data.start_date,
        "covered_categories": list(dict.fromkeys(data.covered_categories)),
        "covered_systems": list(dict.fromkeys(s.strip() for s in data.covered_systems if s.strip())),
    }


def create_agreement(actor, customer_id: int, data: AgreementInput) -> Agreement:
    """Create an agreement with its first period; the renewal job invoices periods ahead of their start."""
    _require_manager(actor)
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(gettext("Kunden %(id)s findes ikke.", id=customer_id), field="customer_id")
    values = _checked(data)
    terms = TermsProfile(data.terms_profile) if data.terms_profile else customer.terms_profile
    agreement = Agreement(customer=customer, terms_profile=terms, **values)
    db.session.add(agreement)
    _add_period(agreement, agreement.start_date)
    db.session.commit()
    return agreement


def update_agreement(actor, agreement_id: int, data: AgreementInput) -> Agreement:
    """Change name, scope and billing; start and period length stay once a period has been invoiced."""
    _require_manager(actor)
    agreement = get_agreement(agreement_id)
    values = _checked(data)
    invoiced = any(period.invoice_id for period in agreement.periods)
    if invoiced and (values["start_date"], values["period_months"]) != (agreement.start_date,
                                                                        agreement.period_months):
        raise DomainError(gettext("Start og periodelængde kan ikke ændres, når en periode er faktureret."),
                          field="start_date")
    if values["price_per_period"] != agreement.price_per_period and invoiced:
        raise DomainError(gettext("En ny pris varsles som en prisændring med sit varsel (se Ændringer)."),
                          field="price_per_period")
    for name, value in values.items():
        setattr(agreement, name, value)
    if not invoiced:
        for period in list(agreement.periods):
            db.session.delete(period)
        db.session.flush()
        _add_period(agreement, agreement.start_date)
    db.session.commit()
    return agreement


def get_agreement(agreement_id: int) -> Agreement:
    agreement = db.session.scalars(sa.select(Agreement).where(Agreement.id == agreement_id)).one_or_none()
    if agreement is None:
        raise NotFound(gettext("Aftale %(id)s findes ikke.", id=agreement_id))
    return agreement


def list_agreements(customer_id: int | None = None, status: str | None = None, page: int = 1, per_page: int = 25):
    """A page of agreements, each one's customer, periods (the next notice deadline counts from them) and notices
    loaded with the page."""
    query = sa.select(Agreement).options(selectinload(Agreement.customer), selectinload(Agreement.periods),
                                         selectinload(Agreement.notices))
    if customer_id:
        query = query.where(Agreement.customer_id == customer_id)
    if status:
        query = query.where(Agreement.status == AgreementStatus(status))
    return paginate(query, page, per_page, Agreement.customer_id, Agreement.start_date, Agreement.id)


def customer_agreements(customer_id: int) -> list[Agreement]:
    return list(db.session.scalars(sa.select(Agreement).where(Agreement.customer_id == customer_id)
                                   .order_by(Agreement.start_date, Agreement.id)))


# Periods and what is active

def _price_on(agreement: Agreement, day: date) -> Decimal:
    """The price per period on a day: the latest price change in effect by then, else the agreed price."""
    changes = [c for c in agreement.changes if c.new_price is not None and c.effective_on <= day]
    return max(changes, key=lambda c: c.effective_on).new_price if changes else agreement.price_per_period


def _add_period(agreement: Agreement, starts_on: date) -> AgreementPeriod:
    period = AgreementPeriod(agreement=agreement, starts_on=starts_on,
                             ends_on=notice.period_end(starts_on, agreement.period_months),
                             price=_price_on(agreement, starts_on))
    db.session.add(period)
    return period


def period_on(agreement: Agreement, day: date) -> AgreementPeriod | None:
    return next((p for p in agreement.periods if p.starts_on <= day <= p.ends_on), None)


def latest_period(agreement: Agreement) -> AgreementPeriod:
    return agreement.periods[-1]


def is_active_on(agreement: Agreement, day: date) -> bool:
    """Does the agreement run on the day: started, not ended, and within a period?"""
    if agreement.status == AgreementStatus.ENDED or day < agreement.start_date:
        return False
    return agreement.ends_on is None or day <= agreement.ends_on


def covering_agreement(case: Case, day: date) -> Agreement | None:
    """The customer's active agreement that covers the case's category and system on the day, if any."""
    if case.fault_attribution in NOT_COVERED_ATTRIBUTIONS:
        return None
    for agreement in customer_agreements(case.customer_id):
        if not is_active_on(agreement, day) or case.category.value not in agreement.covered_categories:
            continue
        if not agreement.covered_systems or case.system in agreement.covered_systems:
            return agreement
    return None


def next_notice_deadline(agreement: Agreement, today: date) -> date | None:
    """The last day notice can arrive to end the agreement at the end of a period: the next such day ahead."""
    if agreement.ends_on is not None or agreement.status == AgreementStatus.ENDED:
        return None
    period_end = (period_on(agreement, today) or latest_period(agreement)).ends_on
    return notice_deadline_after(period_end, agreement.terms_profile, agreement.period_months, today)


def notice_deadline_after(period_end: date, terms_profile: TermsProfile, period_months: int, today: date) -> date:
    """The first notice deadline on or after today, counting periods on from the one that ends on period_end."""
    return notice.next_notice_deadline(period_end, profile(terms_profile.value), period_months, today)


# Notice

@dataclass(frozen=True)
class NoticeInput:
    received_on: date | None
    given_by: str
    kind: str = NoticeKind.TERMINATION
    document: object = None   # an uploaded file (werkzeug FileStorage) or None


def _verdict(agreement: Agreement, kind: NoticeKind, received_on: date) -> tuple[bool, date, date]:
    """(in time, the deadline it was judged by, the day the agreement ends)."""
    period = period_on(agreement, received_on)
    if period is None:
        raise DomainError(gettext("Opsigelsen skal være modtaget, mens aftalen løber."), field="received_on")
    terms = profile(agreement.terms_profile.value)
    if kind == NoticeKind.RESCISSION:
        deadline = notice.rescission_deadline(period.ends_on + timedelta(days=1), terms)
        if deadline is None:
            raise DomainError(gettext("Kundens vilkår har ingen regel om ophævelse; registrér en opsigelse."),
                              field="kind")
    else:
        deadline = notice.notice_deadline(period.ends_on, terms)
    in_time = received_on <= deadline
    ends_on = period.ends_on if in_time else notice.next_period_end(period.ends_on, agreement.period_months)
    return in_time, deadline, ends_on


def record_notice(actor, agreement_id: int, data: NoticeInput, today: date) -> AgreementNotice:
    """Record written notice; say whether it came in time and when the agreement ends."""
    _require_manager(actor)
    agreement = get_agreement(agreement_id)
    if data.received_on is None:
        raise DomainError(gettext("Skriv modtagelsesdatoen som ÅÅÅÅ-MM-DD."), field="received_on")
    if data.received_on > today:
        raise DomainError(gettext("En opsigelse kan ikke være modtaget i fremtiden."), field="received_on")
    if not (data.given_by or "").strip():
        raise DomainError(gettext("Skriv hvem hos kunden der har opsagt."), field="given_by")
    try:
        kind = NoticeKind(data.kind)
    except ValueError:
        raise DomainError(gettext("Vælg opsigelse eller ophævelse."), field="kind") from None
    in_time, deadline, ends_on = _verdict(agreement, kind, data.received_on)
    record = AgreementNotice(agreement=agreement, kind=kind, received_on=data.received_on,
                             given_by=data.given_by.strip()[:200], in_time=in_time, deadline=deadline,
                             ends_on=ends_on, recorded_by_id=actor.id)
    if data.document is not None and getattr(data.document, "filename", ""):
        kept = keep_upload(data.document, field="document")
        record.document_name, record.document_stored_name = kept.filename, kept.stored_name
        record.document_content_type = kept.content_type
    db.session.add(record)
    agreement.ends_on = min(filter(None, [agreement.ends_on, ends_on]))
    agreement.status = AgreementStatus.ENDING
    db.session.commit()
    return record


# Changes of price or terms

@dataclass(frozen=True)
class ChangeInput:
    kind: str
    description: str
    notified_on: date | None
    effective_on: date | None
    new_price: object = None


def _earliest_effect(agreement: Agreement, kind: ChangeKind, notified_on: date) -> date:
    """The first day the change may take effect; a compusoft major price change only at a renewal."""
    terms = profile(agreement.terms_profile.value)
    earliest = notice.earliest_change_date(notified_on, terms, kind == ChangeKind.MAJOR_PRICE)
    if kind == ChangeKind.MAJOR_PRICE and agreement.terms_profile == TermsProfile.COMPUSOFT:
        renewal = latest_period(agreement).ends_on + timedelta(days=1)
        while renewal < earliest:
            renewal = notice.period_end(renewal, agreement.period_months) + timedelta(days=1)
        return renewal
    return earliest


def schedule_change(actor, agreement_id: int, data: ChangeInput) -> AgreementChange:
    """Announce a change of price or terms; too short a notice is refused with the earliest possible day."""
    _require_manager(actor)
    agreement = get_agreement(agreement_id)
    try:
        kind = ChangeKind(data.kind)
    except ValueError:
        raise DomainError(gettext("Vælg prisændring eller ændring af vilkår."), field="kind") from None
    if data.notified_on is None or data.effective_on is None:
        raise DomainError(gettext("Skriv varslingsdato og ikrafttrædelse som ÅÅÅÅ-MM-DD."), field="effective_on")
    if not (data.description or "").strip():
        raise DomainError(gettext("Beskriv ændringen."), field="description")
    earliest = _earliest_effect(agreement, kind, data.notified_on)
    if data.effective_on < earliest:
        raise DomainError(gettext("For kort varsel: ændringen kan tidligst træde i kraft %(day)s.",
                                  day=danish_date(earliest, reader_locale())), field="effective_on")
    new_price = None
    if kind == ChangeKind.MAJOR_PRICE:
        new_price = parse_amount(data.new_price, "new_price", gettext("Ugyldig pris"),
                                 gettext("Prisen kan ikke være negativ."), allow_zero=True)
    change = AgreementChange(agreement=agreement, kind=kind, description=data.description.strip(),
                             new_price=new_price, notified_on=data.notified_on, effective_on=data.effective_on,
                             recorded_by_id=actor.id)
    db.session.add(change)
    db.session.commit()
    return change


# The daily renewal and invoicing

def _lead_days() -> int:
    return current_app.config["HELPDESK_RENEWAL_INVOICE_DAYS"]


def _renew(agreement: Agreement, day: date) -> int:
    """Add next periods while the latest ends within the lead time and no notice ends the agreement with it."""
    added, latest = 0, latest_period(agreement)
    while ((agreement.ends_on is None or agreement.ends_on > latest.ends_on)
           and latest.ends_on - day <= timedelta(days=_lead_days())):
        latest = _add_period(agreement, latest.ends_on + timedelta(days=1))
        added += 1
    return added


def _invoice_due_periods(agreement: Agreement, day: date) -> int:
    """Invoice each period not yet invoiced: in advance from the lead time before its start, else after its end."""
    issued = 0
    for period in agreement.periods:
        due = period.starts_on - timedelta(days=_lead_days()) if agreement.billed_in_advance else period.ends_on
        if period.invoice_id is not None or day < due or not period.price:
            continue
        line = LineInput(LineKind.SUBSCRIPTION, f"{agreement.name}, periode {danish_date(period.starts_on)}–"
                                                f"{danish_date(period.ends_on)}", 1, period.price)
        invoice = issue_invoice(agreement.customer, with_postage(agreement.customer, [line]), day)
        deliver(invoice)
        period.invoice = invoice
        issued += 1
    return issued


def renew_agreements(day: date) -> dict:
    """End agreements whose last day has passed, renew the others, and invoice periods that are due."""
    ids = db.session.scalars(sa.select(Agreement.id).where(Agreement.status != AgreementStatus.ENDED)
                             .order_by(Agreement.id)).all()
    counts = {"agreements": len(ids), "ended": 0, "renewed": 0, "invoiced": 0}
    for agreement_id in ids:
        agreement = db.session.scalars(sa.select(Agreement).where(Agreement.id == agreement_id).with_for_update()
                                       .execution_options(populate_existing=True)).one()
        if agreement.ends_on is not None and agreement.ends_on < day:
            agreement.status = AgreementStatus.ENDED
            counts["ended"] += 1
        else:
            counts["renewed"] += _renew(agreement, day)
            db.session.flush()
            db.session.refresh(agreement, ["periods"])
            counts["invoiced"] += _invoice_due_periods(agreement, day)
        db.session.commit()
    return counts


NOTICE_WARNINGS = (60, 14)  # days before the notice deadline; each is sent once per deadline


def warn_notice_deadlines(day: date) -> dict:
    """Tell the customer's contacts and the managers as each notice deadline comes within 60 and 14 days."""
    agreements = db.session.scalars(sa.select(Agreement).where(
        Agreement.status == AgreementStatus.ACTIVE, Agreement.ends_on.is_(None)).order_by(Agreement.id)).all()
    queued = 0
    for agreement in agreements:
        deadline = next_notice_deadline(agreement, day)
        days_left = (deadline - day).days
        stage = warning_stage(days_left, NOTICE_WARNINGS)
        if stage is None:
            continue
        context = {"agreement": agreement, "customer": agreement.customer, "deadline": deadline,
                   "days_left": days_left, "ends_on": period_on(agreement, deadline).ends_on}
        queued += notify("notice_deadline", agreement.customer, f"notice-deadline:{agreement.id}:{deadline}:{stage}",
                         context)
    db.session.commit()
    return {"agreements": len(agreements), "messages": queued}
