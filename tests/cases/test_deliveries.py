"""Delivery acceptance within 5 working days (H §6.2) and complaints for 12 months after delivery (H §12.1)."""

import io
from datetime import date, datetime, time, timezone

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from helpdesk.cases import deliveries, services
from helpdesk.cases.models import Case, CaseComment, CaseEvent, Category, Channel, DeliveryAnswer, Status
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.jobs.registry import get_job
from helpdesk.notifications.models import OutboxMessage
from tests.factories import copenhagen

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def delivery(make, customer=None, delivered: str | None = None, **values) -> Case:
    """A delivery case, delivered at a Copenhagen time when one is given."""
    case = make.case(customer, category="delivery", subject="Ny server", **values)
    if delivered:
        deliveries.mark_delivered(make.technician(), case, copenhagen(delivered))
    return case


def messages(kind: str) -> list[tuple[str, str]]:
    return sorted(db.session.execute(sa.select(OutboxMessage.recipient, OutboxMessage.subject)
                                     .where(OutboxMessage.kind == kind)).all())


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def at(day: str, clock: str = "10:00") -> datetime:
    return copenhagen(f"{day} {clock}")


# The deadline: 5 working days after the delivery date, the date itself not counted.

def test_easter_holidays_push_the_deadline_to_the_13th(make):
    # Wednesday 1 April 2026; 2-6 April are Easter holidays: working days 7, 8, 9, 10 and 13 April.
    assert deliveries.acceptance_deadline(delivery(make, delivered="2026-04-01 15:00")) == date(2026, 4, 13)


def test_a_friday_delivery_is_answered_by_the_next_friday(make):
    assert deliveries.acceptance_deadline(delivery(make, delivered="2026-11-20 13:00")) == date(2026, 11, 27)


def test_the_deadline_counts_from_the_copenhagen_date(make):
    case = delivery(make)
    deliveries.mark_delivered(make.technician(), case, datetime(2026, 11, 19, 23, 30, tzinfo=timezone.utc))
    assert deliveries.delivery_date(case) == date(2026, 11, 20)  # 00:30 in Copenhagen
    assert deliveries.acceptance_deadline(case) == date(2026, 11, 27)


def test_company_closing_days_push_the_deadline(app, make):
    app.config["HELPDESK_CLOSING_DAYS"] = [date(2026, 11, 23)]
    assert deliveries.acceptance_deadline(delivery(make, delivered="2026-11-20 13:00")) == date(2026, 11, 30)


# Marking a case as delivered.

def test_marking_delivered_waits_for_the_customer_and_tells_its_contacts(make):
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk")
    make.user("customer", customer=customer, email="karin@nordlys.dk")
    case = delivery(make, customer, delivered="2026-11-20 13:00")
    assert case.delivered_at == datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    assert case.status == Status.WAITING
    assert "Leveret 20.11.2026 13:00; kunden svarer senest 27.11.2026" in [e.text for e in case.events]
    subject = f"Sag {case.number}: leverancen er klar til godkendelse senest 27.11.2026"
    assert messages("delivery_ready") == [("faktura@nordlys.dk", subject), ("karin@nordlys.dk", subject)]


@pytest.mark.parametrize("category", ["support", "fault"])
def test_only_a_delivery_case_can_be_delivered(make, category):
    case = make.case(category=category)
    with pytest.raises(DomainError, match="Kun en sag om en leverance") as error:
        deliveries.mark_delivered(make.technician(), case, at("2026-11-20"))
    assert error.value.field == "delivered_at" and case.delivered_at is None


def test_a_delivery_cannot_be_in_the_future(make):
    case = delivery(make)
    with pytest.raises(DomainError, match="fremtiden"):
        deliveries.mark_delivered(make.technician(), case, datetime(2100, 1, 4, 10, 0, tzinfo=timezone.utc))
    assert case.delivered_at is None and count(OutboxMessage) == 0


def test_only_staff_mark_deliveries(make):
    case = delivery(make)
    with pytest.raises(Forbidden):
        deliveries.mark_delivered(make.user("customer", customer=case.customer), case, at("2026-11-20"))


# The customer's answer.

def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    customer_user = make.user("customer", customer=case.customer)
    events, comments = count(CaseEvent), count(CaseComment)
    with pytest.raises(DomainError, match="begrundelse") as error:
        deliveries.answer_delivery(customer_user, case, False, "   ", at("2026-11-23"))
    assert error.value.field == "reason"
    db.session.expire_all()
    assert case.delivery_answer is None and case.delivery_answered_at is None and case.status == Status.WAITING
    assert (count(CaseEvent), count(CaseComment)) == (events, comments)


def test_a_rejection_reopens_the_case_with_the_reason_as_a_public_comment(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    customer_user = make.user("customer", customer=case.customer)
    deliveries.answer_delivery(customer_user, case, False, "Backup kører ikke som aftalt (bilag 2).", at("2026-11-23"))
    assert case.delivery_answer == DeliveryAnswer.REJECTED and case.status == Status.OPEN
    assert case.rejection_reason == "Backup kører ikke som aftalt (bilag 2)."
    assert case.delivery_answered_by_id == customer_user.id
    [comment] = case.comments
    assert not comment.internal and "Backup kører ikke som aftalt (bilag 2)." in comment.body
    assert "Leverancen er afvist" in [e.text for e in case.events]


def test_an_acceptance_resolves_the_case(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    deliveries.answer_delivery(make.user("customer", customer=case.customer), case, True, "", at("2026-11-27", "15:59"))
    assert case.delivery_answer == DeliveryAnswer.ACCEPTED and case.status == Status.RESOLVED
    assert not deliveries.answered_late(case) and case.comments == []


def test_staff_may_answer_on_the_customers_behalf(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    deliveries.answer_delivery(make.technician(), case, True, "Godkendt i telefonen af Karin", at("2026-11-24"))
    assert case.delivery_answer == DeliveryAnswer.ACCEPTED
    assert "Godkendt i telefonen af Karin" in case.comments[0].body


def test_an_answer_on_a_closed_case_is_refused(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    services.change_status(make.technician(), case, "closed")
    with pytest.raises(DomainError, match="lukket") as error:
        deliveries.answer_delivery(make.user("customer", customer=case.customer), case, True, "", at("2026-11-23"))
    assert error.value.field == "delivery_answer" and case.delivery_answer is None


def test_a_second_answer_is_refused(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    customer_user = make.user("customer", customer=case.customer)
    deliveries.answer_delivery(customer_user, case, True, "", at("2026-11-23"))
    with pytest.raises(DomainError, match="allerede godkendt"):
        deliveries.answer_delivery(customer_user, case, False, "Alligevel ikke", at("2026-11-24"))
    assert case.delivery_answer == DeliveryAnswer.ACCEPTED and case.rejection_reason == ""


def test_nothing_delivered_cannot_be_answered(make):
    case = delivery(make)
    with pytest.raises(DomainError, match="ikke leveret"):
        deliveries.answer_delivery(make.user("customer", customer=case.customer), case, True, "", at("2026-11-23"))


def test_another_customers_user_cannot_answer(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    with pytest.raises(Forbidden):
        deliveries.answer_delivery(make.user("customer", customer=make.customer()), case, True, "", at("2026-11-23"))


def test_a_late_answer_is_taken_and_recorded_as_late(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    deliveries.answer_delivery(make.user("customer", customer=case.customer), case, True, "", at("2026-11-28"))
    assert case.delivery_answer == DeliveryAnswer.ACCEPTED and deliveries.answered_late(case)
    assert "Leverancen er godkendt efter fristen 27.11.2026" in [e.text for e in case.events]


def test_a_rejected_delivery_can_be_delivered_again_and_answered_afresh(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    customer_user = make.user("customer", customer=case.customer)
    deliveries.answer_delivery(customer_user, case, False, "Mangler brugere", at("2026-11-23"))
    deliveries.mark_delivered(make.technician(), case, at("2026-11-21"))
    assert case.delivery_answer is None and case.rejection_reason == "" and case.status == Status.WAITING
    deliveries.answer_delivery(customer_user, case, True, "", at("2026-11-21", "12:00"))
    with pytest.raises(DomainError, match="allerede godkendt"):
        deliveries.mark_delivered(make.technician(), case, at("2026-11-21", "13:00"))


# The daily job.

def test_an_unanswered_delivery_is_flagged_once_the_day_after_its_deadline(make):
    technician = make.user("technician", email="tina@hostkon.dk")
    make.user("manager", email="lone@hostkon.dk")
    case = delivery(make, delivered="2026-11-20 13:00")
    services.assign(technician, case, technician.id)
    assert deliveries.flag_overdue_deliveries(date(2026, 11, 27)) == {"deliveries": 0, "messages": 0}
    assert case.delivery_overdue_flagged_at is None
    assert deliveries.flag_overdue_deliveries(date(2026, 11, 28)) == {"deliveries": 1, "messages": 2}
    flagged_at = case.delivery_overdue_flagged_at
    assert flagged_at is not None
    assert deliveries.flag_overdue_deliveries(date(2026, 11, 29)) == {"deliveries": 0, "messages": 0}
    assert case.delivery_overdue_flagged_at == flagged_at
    subject = f"{case.customer.name}: leverancen i sag {case.number} er ikke besvaret inden fristen"
    assert messages("delivery_overdue") == [("lone@hostkon.dk", subject), ("tina@hostkon.dk", subject)]


def test_without_an_assignee_every_technician_is_told(make):
    make.user("technician", email="tina@hostkon.dk")
    make.user("technician", email="tom@hostkon.dk")
    delivery(make, delivered="2026-11-20 13:00")
    assert deliveries.flag_overdue_deliveries(date(2026, 11, 30))["messages"] == 3  # with the factory's technician
    assert {"tina@hostkon.dk", "tom@hostkon.dk"} <= {recipient for recipient, _ in messages("delivery_overdue")}


def test_answered_and_closed_deliveries_are_not_flagged(make):
    answered = delivery(make, delivered="2026-11-20 13:00")
    deliveries.answer_delivery(make.technician(), answered, True, "", at("2026-11-30"))
    closed = delivery(make, delivered="2026-11-20 13:00")
    services.change_status(make.technician(), closed, "closed")
    assert deliveries.flag_overdue_deliveries(date(2026, 12, 1)) == {"deliveries": 0, "messages": 0}


def test_the_job_runs_daily_at_07_15():
    assert get_job("flag_overdue_deliveries").at == time(7, 15)


# Complaints: up to and including the same date 12 calendar months after delivery.

@pytest.mark.parametrize(("delivered", "last_day"), [
    ("2025-11-21", date(2026, 11, 21)),
    ("2025-01-01", date(2026, 1, 1)),
    ("2024-02-29", date(2025, 2, 28)),
])
def test_the_complaint_period_ends_on_the_same_date_a_year_later(make, delivered, last_day):
    assert deliveries.complaint_deadline(delivery(make, delivered=f"{delivered} 10:00")) == last_day


def test_a_complaint_on_day_365_opens_a_linked_fault_case(make):
    case = delivery(make, delivered="2025-01-01 10:00")
    complaint = deliveries.file_complaint(make.technician(), case, "Backup fejler", "Siden i går", date(2026, 1, 1))
    assert (complaint.category, complaint.channel) == (Category.FAULT, Channel.PHONE)
    assert complaint.complaint_of == case and complaint.customer_id == case.customer_id
    assert deliveries.complaints_about(case) == [complaint]
    assert f"Klage modtaget: sag {complaint.number}" in [e.text for e in case.events]


def test_a_complaint_on_day_366_is_refused(make):
    case = delivery(make, delivered="2025-01-01 10:00")
    cases_before = count(Case)
    with pytest.raises(DomainError, match="Reklamationsperioden for leverancen sluttede 01.01.2026"):
        deliveries.file_complaint(make.technician(), case, "Backup fejler", "Siden i går", date(2026, 1, 2))
    assert count(Case) == cases_before


def test_a_customer_complains_through_the_portal_with_a_screenshot(make):
    case = delivery(make, delivered="2026-11-20 13:00")
    customer_user = make.user("customer", customer=case.customer)
    cases_before = count(Case)
    with pytest.raises(DomainError, match="skærmbillede"):
        deliveries.file_complaint(customer_user, case, "Fejl", "Trin 1, 2, 3", date(2026, 11, 22))
    assert count(Case) == cases_before
    screenshot = FileStorage(stream=io.BytesIO(PNG), filename="fejl.png", content_type="image/png")
    complaint = deliveries.file_complaint(customer_user, case, "Fejl", "Trin 1, 2, 3", date(2026, 11, 22),
                                          files=[screenshot])
    assert complaint.channel == Channel.PORTAL and complaint.complaint_of_id == case.id


def test_only_a_delivered_case_can_be_complained_about(make):
    with pytest.raises(DomainError, match="ikke leveret"):
        deliveries.file_complaint(make.technician(), delivery(make), "Fejl", "", date(2026, 11, 22))
