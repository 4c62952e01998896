"""Write a line into a case's history: its Danish msgid and its values (see helpdesk.cases.history).

Every service that keeps something in a case's history writes it here: the cases' own, deliveries, time and
expenses.
"""

from helpdesk.accounts.models import User
from helpdesk.cases import history
from helpdesk.cases.models import Case, CaseEvent, Status
from helpdesk.extensions import db
from helpdesk.formatting import N_


def record_event(case: Case, actor: User | None, kind: str, message: str, internal: bool = False,
                 **values) -> None:
    """Add a line to the case's history: its Danish msgid and its values."""
    db.session.add(CaseEvent(case=case, actor_id=actor.id if actor else None, kind=kind, detail=message,
                             params=values, internal=internal))


def record_status_change(case: Case, actor: User | None, status: Status) -> None:
    """Keep the move from the case's status to ``status`` in its history."""
    record_event(case, actor, "status", N_("%(old)s → %(new)s"), old=history.labelled(case.status),
                 new=history.labelled(status))
