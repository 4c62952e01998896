"""Every model, imported in one place so that Alembic and create_all see the whole schema."""

from helpdesk.accounts.models import ApiToken, User
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.customers.models import Customer
from helpdesk.database import Counter
from helpdesk.timelog.models import RunningTimer, TimeEntry

__all__ = [
    "ApiToken",
    "Attachment",
    "Case",
    "CaseComment",
    "CaseEvent",
    "Counter",
    "Customer",
    "RunningTimer",
    "TimeEntry",
    "User",
]
