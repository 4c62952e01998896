"""Planning maintenance in the nightly window and showing it to the customers it concerns (SPEC §7)."""

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from helpdesk.agreements import maintenance
from helpdesk.agreements.models import AgreementStatus, MaintenanceWindow
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from tests.agreements.hosting import hosting_agreement
from tests.factories import copenhagen

BEFORE = copenhagen("2026-11-20 12:00")


@pytest.fixture
def manager(make):
    return make.user("manager")


def plan(manager, start="2026-11-24 22:00", end="2026-11-25 04:30", **values):
    values.setdefault("systems", "Økonomisystem")
    values.setdefault("description", "Opdatering af databaseserveren")
    data = maintenance.WindowInput(starts_at=copenhagen(start), ends_at=copenhagen(end), **values)
    return maintenance.plan_window(manager, data)


def window_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MaintenanceWindow))


def test_a_window_inside_22_to_05_is_planned_as_it_is(manager):
    window = plan(manager, systems=" Økonomisystem, Mail ,, Mail")
    assert (window.starts_at, window.ends_at) == (datetime(2026, 11, 24, 21, tzinfo=timezone.utc),
                                                  datetime(2026, 11, 25, 3, 30, tzinfo=timezone.utc))
    assert window.systems == ["Økonomisystem", "Mail"]
    assert (window.urgent, window.customer_id, window.planned_by_id) == (False, None, manager.id)


def test_work_outside_the_window_is_refused_unless_urgent_with_a_reason(manager):
    with pytest.raises(DomainError, match="22:00–05:00.*akut med en begrundelse") as refused:
        plan(manager, "2026-11-24 21:30", "2026-11-24 23:00")
    assert refused.value.field == "starts_at"
    with pytest.raises(DomainError, match="begrundelse") as refused:
        plan(manager, "2026-11-24 21:30", "2026-11-24 23:00", urgent=True, urgent_reason=" ")
    assert refused.value.field == "urgent_reason"
    assert window_count() == 0

    window = plan(manager, "2026-11-24 21:30", "2026-11-24 23:00", urgent=True,
                  urgent_reason="Sikkerhedsopdatering kan ikke vente")
    assert (window.urgent, window.urgent_reason) == (True, "Sikkerhedsopdatering kan ikke vente")


def test_the_spring_night_window_ends_at_05_summer_time(manager):
    # 28–29 March 2026 the clocks jump from 02:00 to 03:00: 22:00–05:00 is 6 real hours.
    assert plan(manager, "2026-03-28 22:00", "2026-03-29 05:00").ends_at == datetime(2026, 3, 29, 3,
                                                                                      tzinfo=timezone.utc)
    with pytest.raises(DomainError):
        plan(manager, "2026-03-28 22:00", "2026-03-29 05:30")


@pytest.mark.parametrize(("start", "end", "values", "field"), [
    ("2026-11-25 04:00", "2026-11-24 23:00", {}, "ends_at"),
    ("2026-11-24 22:00", "2026-11-24 22:00", {}, "ends_at"),
    ("2026-11-24 22:00", "2026-11-25 04:00", {"description": ""}, "description"),
])
def test_a_bad_window_is_refused_naming_the_field(manager, start, end, values, field):
    with pytest.raises(DomainError) as refused:
        plan(manager, start, end, **values)
    assert refused.value.field == field
    assert window_count() == 0


def test_an_unknown_customer_is_named(manager):
    with pytest.raises(NotFound) as refused:
        plan(manager, customer_id=999)
    assert refused.value.field == "customer_id"


def test_only_managers_plan_and_delete(make, manager):
    technician = make.user("technician")
    with pytest.raises(Forbidden):
        plan(technician)
    window = plan(manager)
    with pytest.raises(Forbidden):
        maintenance.delete_window(technician, window.id)
    maintenance.delete_window(manager, window.id)
    assert window_count() == 0


def test_a_customer_sees_maintenance_of_the_systems_its_agreements_cover(make, manager):
    economy, mail, everything = make.customer(), make.customer(), make.customer()
    hosting_agreement(economy, systems=["Økonomisystem"])
    hosting_agreement(mail, systems=["Mail"])
    hosting_agreement(everything, systems=[])
    economy_work = plan(manager, systems="Økonomisystem")
    shared_work = plan(manager, systems="")
    for_mail = plan(manager, systems="Printerserver", customer_id=mail.id)

    assert maintenance.upcoming(BEFORE, economy.id) == [economy_work, shared_work]
    assert maintenance.upcoming(BEFORE, mail.id) == [shared_work, for_mail]
    assert maintenance.upcoming(BEFORE, everything.id) == [economy_work, shared_work]
    assert maintenance.upcoming(BEFORE) == [economy_work, shared_work, for_mail]


def test_an_ended_agreement_no_longer_draws_maintenance(make, manager):
    customer = make.customer()
    hosting_agreement(customer, status=AgreementStatus.ENDED)
    plan(manager, systems="Økonomisystem")
    assert maintenance.upcoming(BEFORE, customer.id) == []


def test_finished_windows_move_to_the_past_30_days(manager):
    window = plan(manager)
    after = copenhagen("2026-11-25 06:00")
    assert (maintenance.upcoming(after), maintenance.recent(after)) == ([], [window])
    assert maintenance.recent(copenhagen("2026-12-26 06:00")) == []
