"""Logging time: pricing, the out-of-hours rule, classification and the timer (hand-worked from SPEC §1–§2)."""

import pytest
import sqlalchemy as sa

from helpdesk.cases.models import CaseEvent
from helpdesk.errors import Conflict, DomainError
from helpdesk.extensions import db
from helpdesk.timelog import services
from helpdesk.timelog.models import Classification, RunningTimer, TimeEntry
from tests.factories import copenhagen


def test_saturday_entry_is_three_clips_a_quarter_with_the_customers_agreement(make):
    case = make.case()
    entry = make.entry(case, "2026-11-21 10:00", "2026-11-21 10:45", out_of_hours_agreed_by="Karin Kunde")
    assert (entry.clips, entry.blocks_3x, entry.blocks_1x, entry.minutes) == (9, 3, 0, 45)
    assert entry.classification == Classification.BILLABLE
    assert entry.out_of_hours_agreed_by == "Karin Kunde"


def test_billable_out_of_hours_work_without_agreement_is_refused_and_nothing_saved(make):
    case = make.case()
    with pytest.raises(DomainError) as refused:
        make.entry(case, "2026-11-21 10:00", "2026-11-21 10:45")
    assert refused.value.field == "out_of_hours_agreed_by"
    assert "uden for normal arbejdstid" in refused.value.message
    assert db.session.scalar(sa.select(sa.func.count(TimeEntry.id))) == 0


def test_friday_afternoon_crosses_into_double_rate(make):
    entry = make.entry(make.case(), "2026-11-20 13:50", "2026-11-20 14:20", out_of_hours_agreed_by="Karin")
    assert (entry.clips, entry.blocks_1x, entry.blocks_2x) == (3, 1, 1)


def test_weekday_office_hours_need_no_agreement(make):
    entry = make.entry(make.case(), "2026-11-17 09:00", "2026-11-17 09:30")
    assert (entry.clips, entry.blocks_1x) == (2, 2)


def test_price_inquiry_is_free_and_needs_no_agreement_even_on_sunday(make):
    case = make.case(category="price_inquiry")
    entry = make.entry(case, "2026-11-22 12:00", "2026-11-22 12:10")
    assert entry.classification == Classification.FREE
    assert entry.billed_clips == 0 and entry.clips == 3


def test_case_marked_covered_gives_covered_entries(make):
    entry = make.entry(make.case(covered=True), "2026-11-17 09:00", "2026-11-17 10:00")
    assert entry.classification == Classification.COVERED
    assert entry.billed_clips == 0


def test_end_before_start_is_refused_with_the_field_named(make):
    with pytest.raises(DomainError) as refused:
        make.entry(make.case(), "2026-11-17 10:00", "2026-11-17 09:00")
    assert refused.value.field == "end" and refused.value.message == (
        "Slut skal ligge efter start: registreringen starter 17.11.2026 10:00 og slutter 17.11.2026 09:00.")


def test_entry_over_24_hours_needs_confirmation(make):
    case = make.case(covered=True)
    with pytest.raises(DomainError) as refused:
        make.entry(case, "2026-11-16 08:00", "2026-11-17 08:15")
    assert refused.value.field == "confirm_long"
    entry = make.entry(case, "2026-11-16 08:00", "2026-11-17 08:15", confirm_long=True)
    assert entry.minutes == 24 * 60 + 15


def test_editing_an_entry_prices_it_again(make):
    technician = make.user("technician")
    entry = make.entry(make.case(), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    services.update_entry(technician, entry, services.EntryInput(
        start=copenhagen("2026-11-17 09:00"), end=copenhagen("2026-11-17 09:10")))
    assert (entry.clips, entry.minutes) == (1, 10)


def test_a_locked_entry_cannot_change_or_go(make):
    technician = make.user("technician")
    entry = make.entry(make.case(), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    entry.locked = True
    db.session.commit()
    with pytest.raises(Conflict):
        services.update_entry(technician, entry, services.EntryInput(
            start=copenhagen("2026-11-17 09:00"), end=copenhagen("2026-11-17 09:10")))
    with pytest.raises(Conflict):
        services.delete_entry(technician, entry)
    assert db.session.get(TimeEntry, entry.id).clips == 2


def test_override_needs_a_reason_and_lands_in_the_case_history(make):
    technician = make.user("technician", name="Tina")
    case = make.case()
    entry = make.entry(case, "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    with pytest.raises(DomainError) as refused:
        services.override_classification(technician, entry, "free", "  ")
    assert refused.value.field == "reason"
    services.override_classification(technician, entry, "free", "Kun et prisspørgsmål")
    assert entry.classification == Classification.FREE and entry.classification_overridden
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.kind == "classification")).one()
    assert event.text == f"Tid {entry.id}: Fakturerbar → Gratis. Begrundelse: Kun et prisspørgsmål"
    assert event.actor_id == technician.id


def test_override_to_billable_out_of_hours_still_needs_the_agreement(make):
    technician = make.user("technician")
    entry = make.entry(make.case(covered=True), "2026-11-21 10:00", "2026-11-21 10:30", actor=technician)
    with pytest.raises(DomainError) as refused:
        services.override_classification(technician, entry, "billable", "Kundens egen fejl")
    assert refused.value.field == "out_of_hours_agreed_by"
    assert entry.classification == Classification.COVERED


def test_customers_cannot_log_time(make):
    customer = make.customer()
    with pytest.raises(DomainError):
        make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30",
                   actor=make.user("customer", customer=customer))


def test_one_running_timer_per_technician_and_stopping_saves_the_entry(make):
    technician = make.user("technician")
    case = make.case(covered=True)
    services.start_timer(technician, case, "Ringer kunden op", now=copenhagen("2026-11-17 09:00"))
    with pytest.raises(Conflict):
        services.start_timer(technician, make.case())
    entry = services.stop_timer(technician, now=copenhagen("2026-11-17 09:20"))
    assert entry.case_id == case.id and entry.description == "Ringer kunden op"
    assert (entry.minutes, entry.clips, entry.blocks_1x) == (20, 2, 2)
    assert db.session.scalar(sa.select(sa.func.count(RunningTimer.id))) == 0


def test_a_refused_timer_entry_keeps_the_timer_running(make):
    technician = make.user("technician")
    services.start_timer(technician, make.case(), now=copenhagen("2026-11-21 10:00"))
    with pytest.raises(DomainError):
        services.stop_timer(technician, now=copenhagen("2026-11-21 10:30"))
    db.session.rollback()
    assert services.running_timer(technician) is not None


def test_an_entry_may_last_at_most_31_days(make):
    """Years of work were cut into 15-minute blocks until the memory ran out (found by the form fuzz)."""
    technician, case = make.user("technician"), make.case(covered=True)
    with pytest.raises(DomainError) as refused:
        make.entry(case, "2026-01-01 08:00", "2026-02-01 08:01", actor=technician, confirm_long=True)
    assert refused.value.field == "end"
    entry = make.entry(case, "2026-01-01 08:00", "2026-02-01 08:00", actor=technician, confirm_long=True)
    assert entry.minutes == 31 * 24 * 60
