"""Cases: open, find, assign, move through their statuses, comment and attach.

Every function here takes the acting user explicitly and commits once.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload, load_only, selectinload

from helpdesk.accounts.models import Role, User
from helpdesk.cases import attachments, history
from helpdesk.cases.events import record_event, record_status_change
from helpdesk.cases.models import Case, CaseComment, CaseEvent, Category, Channel, FaultAttribution, Priority, Status
from helpdesk.customers.models import Customer
from helpdesk.database import Page, next_number, paginate, utcnow, whole_number
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_
from helpdesk.timelog.services import repropose

# The history's line for a new case, by the channel it came through.
CREATED_VIA = {
    Channel.PORTAL: N_("Sag oprettet via portal"),
    Channel.PHONE: N_("Sag oprettet via telefon"),
    Channel.EMAIL: N_("Sag oprettet via e-mail"),
}


def get_case(case_id: int) -> Case:
    """The case, if the session may see it (a customer user sees only its own customer's)."""
    case = db.session.scalars(sa.select(Case).where(Case.id == case_id)).one_or_none()
    if case is None:
        raise NotFound(gettext("Sag %(case_id)s findes ikke.", case_id=case_id))
    return case


def get_customer(customer_id: int | None, field: str = "customer_id") -> Customer:
    customer = db.session.scalars(sa.select(Customer).where(Customer.id == customer_id)).one_or_none()
    if customer is None:
        raise NotFound(gettext("Kunden %(customer_id)s findes ikke.", customer_id=customer_id), field=field)
    return customer


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    customer_id: int | None = None
    assignee_id: int | None = None
    text: str | None = None


NEWEST_FIRST = (Case.created_at.desc(), Case.id.desc())  # the staff's and kundeHUB's case lists


def list_cases(filters: CaseFilter, page: int = 1, per_page: int = 25) -> Page:
    """The cases matching the filter, newest first."""
    query = sa.select(Case)
    if filters.status:
        query = query.where(Case.status == Status(filters.status))
    if filters.customer_id:
        query = query.where(Case.customer_id == filters.customer_id)
    if filters.assignee_id:
        query = query.where(Case.assignee_id == filters.assignee_id)
    if filters.text:
        pattern = f"%{filters.text.strip()}%"
        conditions = [Case.subject.ilike(pattern), Case.description.ilike(pattern)]
        if (number := whole_number(filters.text)) is not None:
            conditions.append(Case.number == number)
        query = query.where(sa.or_(*conditions))
    query = query.options(joinedload(Case.customer), joinedload(Case.assignee))
    return paginate(query, page, per_page, *NEWEST_FIRST)


def _hub_case_rows():
    """A kundeHUB user's cases (their own, by the access rule), with only what its lists show."""
    return sa.select(Case).options(load_only(Case.number, Case.subject, Case.category, Case.status, Case.created_at))


def hub_cases(page: int = 1, per_page: int = 25) -> Page:
    """A page of a kundeHUB user's cases, newest first."""
    return paginate(_hub_case_rows(), page, per_page, *NEWEST_FIRST)


def latest_hub_cases(count: int = 5) -> list[Case]:
    """A kundeHUB user's newest cases, for the front page; all of them are a link away (`hub_cases`)."""
    return list(db.session.scalars(_hub_case_rows().order_by(*NEWEST_FIRST).limit(count)))


def create_case(
    actor: User,
    *,
    customer_id: int,
    subject: str,
    category: str,
    channel: str,
    description: str = "",
    priority: str = Priority.NORMAL,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    covered: bool = False,
    system: str = "",
    status: str = Status.NEW,
    files=(),
    complaint_of: Case | None = None,
) -> Case:
    """Open a case; a customer user opens it for its own customer only, and cannot mark it covered.

    A fault reported by a customer needs a screenshot of the error message (H §12.1).
    """
    if actor.is_customer:
        customer_id, covered, status = actor.customer_id, False, Status.NEW
    customer = get_customer(customer_id)
    if not subject or not subject.strip():
        raise DomainError(gettext("Emne skal udfyldes."), field="subject")
    case = Case(
        number=next_number("case"),
        customer=customer,
        subject=subject.strip(),
        description=description or "",
        category=Category(category),
        channel=Channel(channel),
        priority=Priority(priority),
        contact_name=contact_name or (actor.name if actor.is_customer else ""),
        contact_email=contact_email or (actor.email if actor.is_customer else ""),
        contact_phone=contact_phone or "",
        covered=bool(covered),
        system=system or "",
        created_by_id=actor.id,
    )
    set_status(case, Status(status))
    db.session.add(case)
    record_event(case, actor, "created", CREATED_VIA[case.channel])
    if complaint_of is not None:
        case.complaint_of = complaint_of
        record_event(case, actor, "complaint", N_("Klage over leverancen i sag %(number)s"),
                     number=complaint_of.number)
        record_event(complaint_of, actor, "complaint", N_("Klage modtaget: sag %(number)s"), number=case.number)
    stored = _attach(actor, case, files, internal=False)
    if actor.is_customer and case.category == Category.FAULT and not any(
        a.content_type.startswith("image/") for a in stored
    ):
        _discard(stored)
        raise DomainError(gettext("Vedhæft et skærmbillede af fejlmeddelelsen (H §12.1)."), field="files")
    _commit_or_discard(stored)
    return case


def change_status(actor: User, case: Case, status: str) -> Case:
    """Move a case to a new status, stamping when it was resolved or closed."""
    require_staff(actor)
    new_status = Status(status)
    if new_status == case.status:
        return case
    record_status_change(case, actor, new_status)
    set_status(case, new_status)
    db.session.commit()
    return case


def set_status(case: Case, status: Status) -> None:
    """Move the case, stamping when it was resolved or closed (and clearing the stamps when it reopens)."""
    now = utcnow()
    if status == Status.RESOLVED and case.resolved_at is None:
        case.resolved_at = now
    if status == Status.CLOSED:
        case.closed_at = now
        case.resolved_at = case.resolved_at or now
    if status in (Status.NEW, Status.OPEN, Status.WAITING):
        case.resolved_at = case.closed_at = None
    case.status = status


def assign(actor: User, case: Case, assignee_id: int | None) -> Case:
    """Give the case to a technician, manager or admin (or to nobody)."""
    require_staff(actor)
    assignee = None
    if assignee_id:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or not assignee.is_staff or not assignee.active:
            raise DomainError(gettext("Sagen kan kun tildeles en aktiv medarbejder."), field="assignee_id")
    case.assignee = assignee
    if case.status == Status.NEW and assignee is not None:
        case.status = Status.OPEN
    if assignee is None:
        record_event(case, actor, "assigned", N_("Ikke tildelt"))
    else:
        record_event(case, actor, "assigned", N_("Tildelt %(name)s"), name=assignee.name)
    db.session.commit()
    return case


def set_fault_attribution(actor: User, case: Case, attribution: str | None) -> Case:
    """Record whose fault it was; the entries not yet invoiced (and not classified by hand) are proposed again."""
    require_staff(actor)
    case.fault_attribution = FaultAttribution(attribution) if attribution else None
    changed = repropose(actor, case)
    line = (N_("Fejlen skyldes: %(attribution)s; %(entries)s klassificeret igen") if changed
            else N_("Fejlen skyldes: %(attribution)s"))
    record_event(case, actor, "attribution", line, attribution=history.labelled(case.fault_attribution),
                 entries=history.time_entries(changed))
    db.session.commit()
    return case


def add_comment(actor: User, case: Case, body: str, internal: bool = False, files=()) -> CaseComment:
    """Comment on a case (customers only publicly), with files attached to the case."""
    if not body or not body.strip():
        raise DomainError(gettext("Kommentaren er tom."), field="body")
    internal = bool(internal) and actor.is_staff
    comment = CaseComment(case=case, author_id=actor.id, body=body.strip(), internal=internal)
    db.session.add(comment)
    stored = _attach(actor, case, files, internal)
    if actor.is_staff and not internal and case.first_response_at is None:
        case.first_response_at = utcnow()
    if actor.is_customer and case.status in (Status.WAITING, Status.RESOLVED):
        record_status_change(case, actor, Status.OPEN)
        case.status = Status.OPEN
    _commit_or_discard(stored)
    return comment


def _attach(actor: User, case: Case, files, internal: bool) -> list:
    """Store every file or none: on a bad file the others are removed and the transaction rolled back."""
    stored = []
    try:
        for upload in files:
            stored.append(attachments.store(actor, case, upload, internal=internal))
    except DomainError:
        _discard(stored)
        raise
    return stored


def _discard(stored: list) -> None:
    attachments.discard(stored)
    db.session.rollback()


def _commit_or_discard(stored: list) -> None:
    try:
        db.session.commit()
    except Exception:
        _discard(stored)
        raise


def staff_members() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(User.role != Role.CUSTOMER, User.active.is_(True)).order_by(User.name)
        )
    )


def all_customers() -> list[sa.Row]:
    """Every customer's id and name, by name: rows, not whole customers, as the lists and choices need no more."""
    return list(db.session.execute(sa.select(Customer.id, Customer.name).order_by(Customer.name)))


def require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise Forbidden(gettext("Kun medarbejdere kan gøre dette."))


@dataclass(frozen=True)
class TimelineItem:
    at: object
    kind: str
    item: object


def timeline(case: Case, entries: list) -> list[TimelineItem]:
    """Comments, events and time entries of a case in the order they happened."""
    comments = db.session.scalars(sa.select(CaseComment).where(CaseComment.case_id == case.id)
                                  .options(selectinload(CaseComment.author)))
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case.id)
                                .options(selectinload(CaseEvent.actor)))
    items = [TimelineItem(c.created_at, "comment", c) for c in comments]
    items += [TimelineItem(e.at, "event", e) for e in events]
    items += [TimelineItem(t.created_at, "time", t) for t in entries]
    return sorted(items, key=lambda entry: entry.at)
