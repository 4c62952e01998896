"""Every model, imported in one place so that Alembic and create_all see the whole schema."""

from helpdesk.accounts.models import ApiToken, PasswordReset, User
from helpdesk.agreements.models import (
    Agreement,
    AgreementChange,
    AgreementNotice,
    AgreementPeriod,
    MaintenanceWindow,
    Outage,
)
from helpdesk.audit import AuditEvent
from helpdesk.billing.models import CustomerCredit, Invoice, InvoiceLine, MileageRate, Payment, Reminder
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer, CustomerRevision
from helpdesk.database import Counter
from helpdesk.jobs.models import JobRun, SchedulerHeartbeat
from helpdesk.notifications.models import OutboxMessage
from helpdesk.reports.rollups import LedgerMonthSum, RevenueDaySum, TimeMonthSum
from helpdesk.timelog.models import Expense, RunningTimer, TimeEntry

__all__ = [
    "Agreement",
    "AgreementChange",
    "AgreementNotice",
    "AgreementPeriod",
    "ApiToken",
    "AuditEvent",
    "Attachment",
    "Case",
    "CaseComment",
    "CaseEvent",
    "ClipCard",
    "ClipLedgerEntry",
    "Counter",
    "Customer",
    "CustomerCredit",
    "CustomerRevision",
    "Expense",
    "Invoice",
    "InvoiceLine",
    "JobRun",
    "LedgerMonthSum",
    "MaintenanceWindow",
    "MileageRate",
    "Outage",
    "OutboxMessage",
    "PasswordReset",
    "Payment",
    "Reminder",
    "RevenueDaySum",
    "RunningTimer",
    "SchedulerHeartbeat",
    "TimeEntry",
    "TimeMonthSum",
    "User",
]
