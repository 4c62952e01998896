"""Delete an ended customer's data after the 3 months' retention, warning the managers 14 days before (SPEC §7).

What goes: cases with their comments, events and attached files; time entries, running timers and expenses; the
clip ledger and the clip cards; the customer's users with their API tokens; the e-mails queued for the customer.
Clip cards can go although their invoices stay: a card points at its invoice, nothing kept points at a card, and
the invoice's own line records the sale. What stays for bookkeeping (5 years, SPEC §5): invoices and credit notes
with their lines, payments, reminders and customer credits (an invoice carries the buyer's name, address and CVR
itself), and the agreements they were issued for. The customer row stays too, anonymised, since they point at it.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from helpdesk import audit
from helpdesk.accounts.models import ApiToken, Role, User
from helpdesk.agreements.models import Agreement, AgreementStatus
from helpdesk.cases.attachments import attachment_dir
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer
from helpdesk.database import local_today, utcnow
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import danish_date, reader_locale
from helpdesk.notifications.models import OutboxMessage
from helpdesk.notifications.services import enqueue
from helpdesk.reports import rollups
from helpdesk.rules import retention as rules
from helpdesk.timelog.models import Expense, RunningTimer, TimeEntry

WARNING_KIND = "data_deletion_warning"
UNWARNED_REASON = "Udskudt automatisk: lederne var ikke advaret 14 dage før sletningen."


@dataclass(frozen=True)
class Retention:
    """An ended customer whose data still exists, and when it goes."""

    customer: Customer
    last_end: date

    @property
    def retention_day(self) -> date:
        """The day the data goes unless a manager postpones it."""
        return rules.deletion_due(self.last_end)

    @property
    def deletion_day(self) -> date:
        return rules.deletion_due(self.last_end, self.customer.deletion_postponed_until)

    @property
    def warning_day(self) -> date:
        return rules.warning_due(self.deletion_day)


def _runs_on(today: date):
    """The customer has an agreement that runs on the day: active, or given notice and not yet past its last day."""
    agreement = aliased(Agreement)
    return sa.exists().where(agreement.customer_id == Customer.id, sa.or_(
        agreement.status == AgreementStatus.ACTIVE,
        sa.and_(agreement.status == AgreementStatus.ENDING, agreement.ends_on >= today)))


def _ended_customers(today: date, *criteria) -> list[Retention]:
    last_end = sa.func.max(Agreement.ends_on)
    rows = db.session.execute(
        sa.select(Customer, last_end).join(Agreement, Agreement.customer_id == Customer.id)
        .where(Customer.data_deleted_at.is_(None), ~_runs_on(today), *criteria)
        .group_by(Customer.id).having(last_end.is_not(None))
    ).all()
    return sorted((Retention(customer, end) for customer, end in rows),
                  key=lambda retention: (retention.deletion_day, retention.customer.id))


def customers_due_for_deletion(today: date) -> list[Retention]:
    """Every customer that had agreements, has none running and still has its data; the soonest deletion first."""
    return _ended_customers(today)


def _ended_customer(customer_id: int, today: date) -> Retention | None:
    found = _ended_customers(today, Customer.id == customer_id)
    return found[0] if found else None


def postpone_deletion(actor: User, customer_id: int, until: date | None, reason: str,
                      today: date | None = None) -> Customer:
    """Keep an ended customer's data until a later day, for a reason; managers only."""
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan udskyde en sletning."))
    today = today or local_today()
    customer = db.session.get(Customer, customer_id, with_for_update=True)
    if customer is None:
        raise NotFound(gettext("Kunden %(id)s findes ikke.", id=customer_id), field="customer_id")
    retention = _ended_customer(customer_id, today)
    if retention is None:
        raise DomainError(gettext("%(name)s har en aftale, der løber, eller data er allerede slettet.",
                                  name=customer.name),
                          field="customer_id")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("Skriv hvorfor sletningen udskydes."), field="reason")
    earliest = max(retention.retention_day, today)
    if until is None or until <= earliest:
        raise DomainError(gettext("Vælg en dag efter %(day)s.", day=danish_date(earliest, reader_locale())),
                          field="until")
    customer.deletion_postponed_until = until
    customer.deletion_postponed_reason = reason
    audit.record("deletion_postponed", customer.name, f"til {until:%d.%m.%Y}: {reason}", actor=actor)
    db.session.commit()
    return customer


def delete_ended_customers(today: date) -> dict:
    """Warn the managers 14 days before a deletion, and delete the data whose day has come, a customer at a time."""
    counts = Counter(warnings=0, deleted=0, postponed=0)
    for retention in customers_due_for_deletion(today):
        if retention.warning_day <= today < retention.deletion_day:
            counts["warnings"] += _warn(retention)
            db.session.commit()
        elif retention.deletion_day <= today:
            counts[_delete_when_warned(retention.customer.id, today)] += 1
    return dict(counts)


def _manager_addresses() -> list[str]:
    return list(db.session.scalars(sa.select(User.email).where(
        User.role.in_([Role.MANAGER, Role.ADMIN]), User.active.is_(True)).order_by(User.email)))


def _warning_key(retention: Retention) -> str:
    """One warning per customer and deletion day: a postponement warns again before the new day."""
    return f"data-deletion:{retention.customer.id}:{retention.deletion_day.isoformat()}"


def _warn(retention: Retention) -> int:
    """Queue the managers' warning once; it is not the customer's mail, so it has no customer and is kept."""
    context = {"customer": retention.customer, "last_end": retention.last_end,
               "deletion_day": retention.deletion_day}
    return enqueue(WARNING_KIND, _manager_addresses(), WARNING_KIND, context, dedupe_key=_warning_key(retention))


def _was_warned(retention: Retention) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(OutboxMessage.dedupe_key == _warning_key(retention))))


def _delete_when_warned(customer_id: int, today: date) -> str:
    """Delete a customer's data under a lock on its row, in its own transaction.

    Data is never deleted before a manager was warned: when the warning did not go out (the job did not run, or
    the agreement was recorded as ended after the fact), the deletion is postponed 14 days and the warning sent.
    """
    db.session.get(Customer, customer_id, with_for_update=True, populate_existing=True)
    retention = _ended_customer(customer_id, today)
    if retention is None or retention.deletion_day > today:
        db.session.rollback()
        return "unchanged"
    if not _was_warned(retention):
        retention.customer.deletion_postponed_until = today + rules.WARNING_AHEAD
        retention.customer.deletion_postponed_reason = UNWARNED_REASON
        _warn(retention)
        db.session.commit()
        return "postponed"
    audit.record("customer_data_deleted", f"Kunde {customer_id}", f"{retention.customer.name}: data slettet efter "
                 "opbevaringsperioden")
    stored_names = _delete_data(retention.customer)
    db.session.commit()
    _remove_files(stored_names)
    return "deleted"


def _delete_data(customer: Customer) -> list[str]:
    """Delete the customer's data, children before parents; return the names of the attached files."""
    cases = sa.select(Case.id).where(Case.customer_id == customer.id)
    users = sa.select(User.id).where(User.customer_id == customer.id)
    stored_names = list(db.session.scalars(sa.select(Attachment.stored_name).where(Attachment.case_id.in_(cases))))
    _forget_users(users)
    rollups.forget_customer(customer.id, cases)
    for statement in (
        sa.delete(ClipLedgerEntry).where(ClipLedgerEntry.customer_id == customer.id),
        sa.delete(ClipCard).where(ClipCard.customer_id == customer.id),
        sa.delete(TimeEntry).where(TimeEntry.case_id.in_(cases)),
        sa.delete(Expense).where(Expense.case_id.in_(cases)),
        sa.delete(RunningTimer).where(RunningTimer.case_id.in_(cases)),
        sa.delete(CaseComment).where(CaseComment.case_id.in_(cases)),
        sa.delete(CaseEvent).where(CaseEvent.case_id.in_(cases)),
        sa.delete(Attachment).where(Attachment.case_id.in_(cases)),
        sa.delete(Case).where(Case.customer_id == customer.id),
        sa.delete(OutboxMessage).where(sa.or_(
            OutboxMessage.customer_id == customer.id,
            OutboxMessage.recipient.in_(sa.select(User.email).where(User.customer_id == customer.id)))),
        sa.delete(ApiToken).where(ApiToken.user_id.in_(users)),
        sa.delete(User).where(User.customer_id == customer.id),
    ):
        db.session.execute(statement)
    _anonymise(customer)
    return stored_names


def _forget_users(user_ids) -> None:
    """Empty the kept rows' pointers at the users that go, as PostgreSQL's ON DELETE SET NULL does.

    SQLite enforces no foreign keys here, so without this a kept row (a payment, a notice) could point at
    nobody's id, or at a user created later under the same id.
    """
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == User.__tablename__ and key.ondelete == "SET NULL":
                db.session.execute(sa.update(table).where(key.parent.in_(user_ids)).values({key.parent.name: None}))


def _anonymise(customer: Customer) -> None:
    """Keep the row the invoices point at, without the contact details.

    CVR and EAN/GLN stay: they are printed on the kept invoices, and an OIOUBL invoice cannot be made again
    without the GLN. The saldo is zero, as the ledger it summed is gone.
    """
    customer.name = f"Slettet kunde {customer.id}"
    customer.email = customer.phone = customer.address = ""
    customer.clip_balance = customer.unfunded_clips = 0
    customer.data_deleted_at = utcnow()


def _remove_files(stored_names: list[str]) -> None:
    """Remove the attached files once their rows are gone for good (a rollback would have kept them)."""
    folder = attachment_dir()
    for name in stored_names:
        (folder / name).unlink(missing_ok=True)
