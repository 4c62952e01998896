"""Every model, imported in one place so that Alembic and create_all see the whole schema."""

from helpdesk.accounts.models import ApiToken, User
from helpdesk.billing.models import CustomerCredit, Invoice, InvoiceLine, Payment, Reminder
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer
from helpdesk.database import Counter
from helpdesk.jobs.models import JobRun, SchedulerHeartbeat
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog.models import RunningTimer, TimeEntry

__all__ = [
    "ApiToken",
    "Attachment",
    "Case",
    "CaseComment",
    "CaseEvent",
    "ClipCard",
    "ClipLedgerEntry",
    "Counter",
    "Customer",
    "CustomerCredit",
    "Invoice",
    "InvoiceLine",
    "JobRun",
    "OutboxMessage",
    "Payment",
    "Reminder",
    "RunningTimer",
    "SchedulerHeartbeat",
    "TimeEntry",
    "User",
]
