"""A case's history reads in the reader's language, its values formatted for the reader's locale."""

from flask_babel import force_locale

from helpdesk.cases.models import CaseEvent
from helpdesk.extensions import db


def read(event: CaseEvent) -> tuple[str, str]:
    """The line as a Danish and an English reader see it."""
    with force_locale("da"):
        danish = event.text
    with force_locale("en_GB"):
        return danish, event.text


def lines(case, kind: str) -> list[tuple[str, str]]:
    db.session.refresh(case)
    return [read(event) for event in case.events if event.kind == kind]


def test_a_line_kept_before_it_had_values_reads_as_it_was_written(make):
    case = make.case()
    db.session.add(CaseEvent(case=case, kind="status", detail="Åben → Løst (100 %)"))
    db.session.commit()
    assert lines(case, "status") == [("Åben → Løst (100 %)", "Åben → Løst (100 %)")]
