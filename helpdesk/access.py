"""What a customer user may see, enforced once for every query of the session.

A customer user's session carries its customer's id; every ORM SELECT of that session (lazy loads
included) then gets criteria that keep other customers' rows and internal notes out. Views and
services never filter by customer themselves, so none can forget to.
"""

import functools

import sqlalchemy as sa
from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session, with_loader_criteria

from helpdesk.agreements.models import (
    Agreement,
    AgreementChange,
    AgreementNotice,
    AgreementPeriod,
    MaintenanceWindow,
    Outage,
)
from helpdesk.billing.models import CustomerCredit, Invoice, Payment, Reminder
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer, CustomerRevision
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog.models import Expense, TimeEntry

SCOPE_KEY = "customer_scope"


def scope_session_to(session: Session, user) -> None:
    """Limit the session to the user's customer when the user is a customer user."""
    if user is not None and user.is_authenticated and user.is_customer:
        session.info[SCOPE_KEY] = user.customer_id
    else:
        session.info.pop(SCOPE_KEY, None)


@functools.lru_cache(maxsize=4096)
def _customer_criteria(customer_id: int) -> tuple:
    """The options that keep a customer's session to its own rows; built once per customer, as building them for
    every SELECT cost a third of a kundeHUB page (the options are immutable, so sharing them is safe)."""
    own_cases = sa.select(Case.id).where(Case.customer_id == customer_id)
    own_invoices = sa.select(Invoice.id).where(Invoice.customer_id == customer_id)
    own_agreements = sa.select(Agreement.id).where(Agreement.customer_id == customer_id)
    return (
        with_loader_criteria(Agreement, Agreement.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(AgreementPeriod, AgreementPeriod.agreement_id.in_(own_agreements)),
        with_loader_criteria(AgreementNotice, AgreementNotice.agreement_id.in_(own_agreements)),
        with_loader_criteria(AgreementChange, AgreementChange.agreement_id.in_(own_agreements)),
        with_loader_criteria(Outage, Outage.agreement_id.in_(own_agreements)),
        with_loader_criteria(MaintenanceWindow, sa.or_(MaintenanceWindow.customer_id == customer_id,
                                                       MaintenanceWindow.customer_id.is_(None))),
        with_loader_criteria(Customer, Customer.id == customer_id, include_aliases=True),
        with_loader_criteria(CustomerRevision, CustomerRevision.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(Case, Case.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(TimeEntry, TimeEntry.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(Expense, Expense.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(ClipCard, ClipCard.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(ClipLedgerEntry, ClipLedgerEntry.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(Invoice, Invoice.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(Payment, Payment.invoice_id.in_(own_invoices)),
        with_loader_criteria(Reminder, Reminder.invoice_id.in_(own_invoices)),
        with_loader_criteria(CustomerCredit, CustomerCredit.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(OutboxMessage, OutboxMessage.customer_id == customer_id, include_aliases=True),
        with_loader_criteria(
            CaseComment, sa.and_(CaseComment.internal.is_(False), CaseComment.case_id.in_(own_cases))
        ),
        with_loader_criteria(Attachment, sa.and_(Attachment.internal.is_(False), Attachment.case_id.in_(own_cases))),
        with_loader_criteria(CaseEvent, sa.and_(CaseEvent.internal.is_(False), CaseEvent.case_id.in_(own_cases))),
    )


@event.listens_for(Session, "do_orm_execute")
def _limit_to_customer(execute_state) -> None:
    customer_id = execute_state.session.info.get(SCOPE_KEY)
    if customer_id is None or not execute_state.is_select:
        return
    execute_state.statement = execute_state.statement.options(*_customer_criteria(customer_id))


def _role_required(check, name: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = name
        return wrapped

    return decorator


staff_required = _role_required(lambda user: user.is_staff, "staff")
customer_required = _role_required(lambda user: user.is_customer, "customer")
manager_required = _role_required(lambda user: user.can_manage(), "manager")
admin_required = _role_required(lambda user: user.role == "admin", "admin")
