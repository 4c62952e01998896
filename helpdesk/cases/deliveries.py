"""Delivery acceptance and complaints (SPEC §4, H §6.2, H §12.1).

A delivery case records when it was delivered. The customer accepts or rejects the delivery within
5 working days (a rejection always with a written reason); a daily job flags deliveries left unanswered
past that deadline. For 12 months after delivery the customer may complain: a complaint is a fault case
that points at the delivery.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext

from helpdesk.accounts.models import Role, User
from helpdesk.cases import history
from helpdesk.cases.models import Case, CaseComment, Category, Channel, DeliveryAnswer, Status
from helpdesk.cases.events import record_event, record_status_change
from helpdesk.cases.services import create_case, require_staff, set_status
from helpdesk.clips.warnings import customer_contacts, manager_addresses
from helpdesk.company_calendar import work_calendar
from helpdesk.database import utcnow
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.formatting import N_, danish_date, reader_locale
from helpdesk.notifications.services import enqueue
from helpdesk.rules.worktime import add_working_days, to_local, to_utc

ANSWER_WORKING_DAYS = 5  # H §6.2
COMPLAINT_MONTHS = 12  # H §12.1
# The history's line for an answer, by the answer and whether it came after the deadline.
ANSWERED = {
    (DeliveryAnswer.ACCEPTED, False): N_("Leverancen er godkendt"),
    (DeliveryAnswer.ACCEPTED, True): N_("Leverancen er godkendt efter fristen %(deadline)s"),
    (DeliveryAnswer.REJECTED, False): N_("Leverancen er afvist"),
    (DeliveryAnswer.REJECTED, True): N_("Leverancen er afvist efter fristen %(deadline)s"),
}


def delivery_date(case: Case) -> date:
    """The Copenhagen date the case was delivered."""
    return to_local(case.delivered_at).date()


def acceptance_deadline(case: Case) -> date:
    """The last day to accept or reject: the 5th working day after the delivery date (H §6.2)."""
    return add_working_days(delivery_date(case), ANSWER_WORKING_DAYS, work_calendar())


def complaint_deadline(case: Case) -> date:
    """The last day to complain: the same date 12 calendar months after delivery, that day included.

    A date the later month lacks becomes its last day: delivered 2024-02-29, the last day is 2025-02-28.
    """
    return delivery_date(case) + relativedelta(months=COMPLAINT_MONTHS)


def is_overdue(case: Case, today: date) -> bool:
    """Delivered, unanswered, and the deadline has passed (on the deadline day itself it has not)."""
    return (case.delivered_at is not None and case.delivery_answer is None
            and today > acceptance_deadline(case))


def answered_late(case: Case) -> bool:
    """The answer came after the deadline (it is kept; lateness is read from when it came)."""
    return (case.delivery_answered_at is not None
            and to_local(case.delivery_answered_at).date() > acceptance_deadline(case))


def mark_delivered(actor: User, case: Case, delivered_at: datetime) -> Case:
    """Record the delivery (a naive time is Copenhagen time), wait for the customer and tell its contacts.

    Marking a rejected delivery as delivered again is a new delivery: the customer answers it afresh, with
    a new deadline. An accepted delivery is not delivered again.
    """
    require_staff(actor)
    delivered_at = to_utc(delivered_at)
    db.session.refresh(case, with_for_update=True)  # never over an answer given meanwhile
    _check_can_deliver(case, delivered_at)
    case.delivered_at = delivered_at
    case.delivery_answer = case.delivery_answered_at = case.delivery_answered_by_id = None
    case.rejection_reason = ""
    case.delivery_overdue_flagged_at = None
    deadline = acceptance_deadline(case)
    record_event(case, actor, "delivered", N_("Leveret %(delivered_at)s; kunden svarer senest %(deadline)s"),
                 delivered_at=history.moment(delivered_at), deadline=history.day(deadline))
    _move(case, actor, Status.WAITING)
    context = {"case": case, "customer": case.customer, "delivered_at": delivered_at, "deadline": deadline,
               "complaint_until": complaint_deadline(case)}
    enqueue("delivery_ready", customer_contacts(case.customer), "delivery_ready", context,
            customer_id=case.customer_id, dedupe_key=f"delivery-ready:{case.id}:{delivered_at.isoformat()}")
    db.session.commit()
    return case


def _check_can_deliver(case: Case, delivered_at: datetime) -> None:
    if case.category != Category.DELIVERY:
        raise DomainError(gettext("Kun en sag om en leverance kan markeres som leveret."), field="delivered_at")
    if case.status == Status.CLOSED:
        raise DomainError(gettext("Sagen er lukket."), field="delivered_at")
    if case.delivery_answer == DeliveryAnswer.ACCEPTED:
        raise DomainError(gettext("Kunden har allerede godkendt leverancen."), field="delivered_at")
    if delivered_at > utcnow():
        raise DomainError(gettext("Leveringstidspunktet kan ikke ligge i fremtiden."), field="delivered_at")


def answer_delivery(actor: User, case: Case, accept: bool, reason: str, now: datetime) -> Case:
    """Accept or reject a delivery for the customer, by one of its users or by staff on its behalf.

    A rejection needs a written reason (H §6.2); it reopens the case with the reason as a public comment.
    An acceptance resolves the case; a note given with it (a list of minor defects) becomes a public comment.
    Answering after the deadline is still allowed — the customer's answer is worth more than a missed date —
    but the history says it came late, and ``answered_late`` tells it from the time of the answer.
    Refused, with nothing changed, on a closed case, before a delivery, and when already answered.
    """
    if actor.is_customer and actor.customer_id != case.customer_id:
        raise Forbidden(gettext("Du kan kun svare på jeres egne leverancer."))
    reason = (reason or "").strip()
    db.session.refresh(case, with_for_update=True)  # of two answers at the same time, the second sees the first
    _check_can_answer(case, accept, reason)
    case.delivery_answer = DeliveryAnswer.ACCEPTED if accept else DeliveryAnswer.REJECTED
    case.delivery_answered_at = to_utc(now)
    case.delivery_answered_by_id = actor.id
    record_event(case, actor, "delivery_answer", ANSWERED[case.delivery_answer, answered_late(case)],
                 deadline=history.day(acceptance_deadline(case)))
    if accept:
        if reason:
            _comment(case, actor, f"Leverancen er godkendt med bemærkninger:\n{reason}")
        _move(case, actor, Status.RESOLVED)
    else:
        case.rejection_reason = reason
        _comment(case, actor, f"Leverancen er afvist. Begrundelse:\n{reason}")
        _move(case, actor, Status.OPEN)
    db.session.commit()
    return case


def _check_can_answer(case: Case, accept: bool, reason: str) -> None:
    if case.status == Status.CLOSED:
        raise DomainError(gettext("Sagen er lukket; leverancen kan ikke længere besvares."), field="delivery_answer")
    if case.category != Category.DELIVERY or case.delivered_at is None:
        raise DomainError(gettext("Der er ikke leveret noget at svare på endnu."), field="delivery_answer")
    if case.delivery_answer is not None:
        already = (gettext("Leverancen er allerede godkendt.") if case.delivery_answer == DeliveryAnswer.ACCEPTED
                   else gettext("Leverancen er allerede afvist."))
        raise DomainError(already, field="delivery_answer")
    if not accept and not reason:
        raise DomainError(gettext("Skriv en begrundelse for afvisningen med henvisning til det aftalte."),
                          field="reason")


def _comment(case: Case, actor: User, body: str) -> None:
    db.session.add(CaseComment(case=case, author_id=actor.id, body=body))


def _move(case: Case, actor: User | None, status: Status) -> None:
    """Move the case to the status, kept in its history, unless it is there already."""
    if case.status != status:
        record_status_change(case, actor, status)
        set_status(case, status)


def file_complaint(actor: User, delivery_case: Case, subject: str, description: str, today: date,
                   files=()) -> Case:
    """Open a complaint: a fault case about the delivery, possible up to and including ``complaint_deadline``.

    A customer complains through the portal, staff take it by phone. A customer's complaint needs a
    screenshot of the error message, as every fault it reports (H §12.1). The case, its link to the delivery
    and both cases' history lines are saved in one transaction.
    """
    if actor.is_customer and actor.customer_id != delivery_case.customer_id:
        raise Forbidden(gettext("Du kan kun klage over jeres egne leverancer."))
    if delivery_case.category != Category.DELIVERY or delivery_case.delivered_at is None:
        raise DomainError(gettext("Der er ikke leveret noget at klage over."), field="delivered_at")
    last_day = complaint_deadline(delivery_case)
    if today > last_day:
        raise DomainError(gettext("Reklamationsperioden for leverancen sluttede %(day)s.",
                                  day=danish_date(last_day, reader_locale())), field="delivered_at")
    complaint = create_case(actor, customer_id=delivery_case.customer_id, subject=subject, description=description,
                            category=Category.FAULT, channel=Channel.PORTAL if actor.is_customer else Channel.PHONE,
                            files=files, complaint_of=delivery_case)
    return complaint


def complaints_about(case: Case) -> list[Case]:
    """The complaints about a delivery, oldest first."""
    return list(db.session.scalars(
        sa.select(Case).where(Case.complaint_of_id == case.id).order_by(Case.created_at, Case.id)))


def flag_overdue_deliveries(day: date) -> dict:
    """Flag each delivery left unanswered past its deadline, once, and tell its technician and the managers.

    The mail goes to the case's assignee, or to every technician when nobody has the case.
    """
    waiting = db.session.scalars(sa.select(Case).where(
        Case.category == Category.DELIVERY, Case.delivered_at.is_not(None), Case.delivery_answer.is_(None),
        Case.delivery_overdue_flagged_at.is_(None), Case.status != Status.CLOSED,
    ).order_by(Case.id)).all()
    overdue = [case for case in waiting if is_overdue(case, day)]
    queued = 0
    for case in overdue:
        deadline = acceptance_deadline(case)
        case.delivery_overdue_flagged_at = utcnow()
        record_event(case, None, "delivery_overdue",
                     N_("Kunden har ikke besvaret leverancen inden fristen %(deadline)s"), internal=True,
                     deadline=history.day(deadline))
        context = {"case": case, "customer": case.customer, "delivered_at": case.delivered_at, "deadline": deadline}
        queued += enqueue("delivery_overdue", [*_case_technicians(case), *manager_addresses()], "delivery_overdue",
                          context, dedupe_key=f"delivery-overdue:{case.id}:{case.delivered_at.isoformat()}")
    db.session.commit()
    return {"deliveries": len(overdue), "messages": queued}


def _case_technicians(case: Case) -> list[str]:
    """The assignee's address, or every active technician's when the case has no active assignee."""
    if case.assignee is not None and case.assignee.active:
        return [case.assignee.email]
    return list(db.session.scalars(
        sa.select(User.email).where(User.role == Role.TECHNICIAN, User.active.is_(True))))


@dataclass(frozen=True)
class DeliveryView:
    """What the case pages show about a delivery or a complaint."""

    deadline: date | None
    overdue: bool
    answered_late: bool
    can_answer: bool
    complaint_until: date | None
    can_complain: bool
    complaints: list[Case]


def delivery_view(case: Case, today: date) -> DeliveryView:
    delivered = case.category == Category.DELIVERY and case.delivered_at is not None
    complaint_until = complaint_deadline(case) if delivered else None
    return DeliveryView(
        deadline=acceptance_deadline(case) if delivered else None,
        overdue=delivered and is_overdue(case, today),
        answered_late=delivered and answered_late(case),
        can_answer=delivered and case.delivery_answer is None and case.status != Status.CLOSED,
        complaint_until=complaint_until,
        can_complain=delivered and today <= complaint_until,
        complaints=complaints_about(case) if case.category == Category.DELIVERY else [],
    )
