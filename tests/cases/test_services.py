"""Cases: numbering, statuses and their timestamps, comments and attachments."""

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from helpdesk.cases import services
from helpdesk.cases.models import Attachment, Status
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name: str, content: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


def test_cases_are_numbered_in_sequence(make):
    customer = make.customer()
    numbers = [make.case(customer).number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_status_changes_stamp_resolved_and_closed_and_are_kept_in_history(make):
    technician = make.user("technician")
    case = make.case(actor=technician)
    services.change_status(technician, case, "resolved")
    assert case.resolved_at is not None and case.closed_at is None
    services.change_status(technician, case, "closed")
    assert case.closed_at is not None
    services.change_status(technician, case, "open")
    assert case.resolved_at is None and case.closed_at is None
    assert [e.text for e in case.events if e.kind == "status"] == ["Ny → Løst", "Løst → Lukket", "Lukket → Åben"]


def test_assigning_opens_a_new_case_and_only_staff_can_be_assignees(make):
    technician = make.user("technician", name="Tina")
    case = make.case(actor=technician)
    services.assign(technician, case, technician.id)
    assert case.status == Status.OPEN and case.assignee.name == "Tina"
    customer_user = make.user("customer", customer=case.customer)
    with pytest.raises(DomainError):
        services.assign(technician, case, customer_user.id)


def test_first_public_staff_comment_is_the_first_response(make):
    technician = make.user("technician")
    case = make.case(actor=technician)
    services.add_comment(technician, case, "Intern note", internal=True)
    assert case.first_response_at is None
    services.add_comment(technician, case, "Vi kigger på det")
    assert case.first_response_at is not None


def test_a_customer_answer_reopens_a_case_waiting_on_the_customer(make):
    customer = make.customer()
    technician = make.user("technician")
    case = make.case(customer, actor=technician)
    services.change_status(technician, case, "waiting")
    customer_user = make.user("customer", customer=customer)
    comment = services.add_comment(customer_user, case, "Her er svaret", internal=True)
    assert comment.internal is False
    assert case.status == Status.OPEN


def test_customers_cannot_change_status(make):
    customer = make.customer()
    case = make.case(customer)
    with pytest.raises(Forbidden):
        services.change_status(make.user("customer", customer=customer), case, "closed")


def test_attachment_type_is_judged_by_content_not_name(app, make):
    technician = make.user("technician")
    case = make.case(actor=technician)
    with pytest.raises(DomainError) as refused:
        services.add_comment(technician, case, "Se filen", files=[upload("screenshot.png", b"MZ\x90\x00" + bytes(range(256)))])
    assert "filtypen er ikke tilladt" in refused.value.message
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    services.add_comment(technician, case, "Se filen", files=[upload("fejl.png", PNG)])
    attachment = db.session.scalars(sa.select(Attachment)).one()
    assert attachment.content_type == "image/png" and attachment.stored_name != "fejl.png"


def test_an_oversized_file_is_refused_and_no_file_is_left_behind(app, make, tmp_path):
    app.config["HELPDESK_ATTACHMENT_MAX_BYTES"] = 100
    technician = make.user("technician")
    case = make.case(actor=technician)
    with pytest.raises(DomainError) as refused:
        services.add_comment(technician, case, "To filer",
                             files=[upload("a.txt", b"ok"), upload("b.txt", b"x" * 101)])
    assert "for stor" in refused.value.message
    assert list((tmp_path / "attachments").iterdir()) == []


def test_a_customer_fault_needs_a_screenshot(make):
    customer = make.customer()
    customer_user = make.user("customer", customer=customer)
    with pytest.raises(DomainError) as refused:
        services.create_case(customer_user, customer_id=customer.id, subject="Fejl", category="fault",
                             channel="portal", files=[upload("log.txt", b"trace")])
    assert refused.value.field == "files"
    case = services.create_case(customer_user, customer_id=customer.id, subject="Fejl", category="fault",
                                channel="portal", files=[upload("fejl.png", PNG)])
    assert [a.filename for a in case.attachments] == ["fejl.png"]


def test_a_customer_user_opens_cases_only_for_its_own_customer(make):
    own, other = make.customer(), make.customer()
    customer_user = make.user("customer", customer=own)
    case = services.create_case(customer_user, customer_id=other.id, subject="Hjælp", category="support",
                                channel="portal", covered=True)
    assert case.customer_id == own.id and case.covered is False


def test_list_filters_by_status_customer_assignee_and_text(make):
    technician = make.user("technician")
    a, b = make.customer(), make.customer()
    printer = make.case(a, actor=technician, subject="Printer på anden sal")
    mail = make.case(b, actor=technician, subject="Mail virker ikke")
    services.assign(technician, mail, technician.id)

    def subjects(**filters):
        return [c.subject for c in services.list_cases(services.CaseFilter(**filters)).items]

    assert subjects(customer_id=a.id) == ["Printer på anden sal"]
    assert subjects(assignee_id=technician.id) == ["Mail virker ikke"]
    assert subjects(status="new") == ["Printer på anden sal"]
    assert subjects(text="printer") == ["Printer på anden sal"]
    assert subjects(text=str(mail.number)) == ["Mail virker ikke"]
    assert printer.number < mail.number


def test_list_is_paged(make):
    customer = make.customer()
    for _ in range(30):
        make.case(customer)
    page = services.list_cases(services.CaseFilter(), page=2, per_page=25)
    assert (page.total, page.pages, len(page.items)) == (30, 2, 5)
