"""Recording an agreement's outages, the termination flag and the refund (SPEC §7)."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.agreements import outages
from helpdesk.agreements.models import AgreementPeriod, Outage
from helpdesk.audit import AuditEvent
from helpdesk.errors import DomainError, Forbidden, NotFound
from helpdesk.extensions import db
from tests.agreements.hosting import hosting_agreement

TODAY = date(2025, 6, 1)


@pytest.fixture
def manager(make):
    return make.user("manager")


@pytest.fixture
def agreement(make):
    return hosting_agreement(make.customer())


def record(manager, agreement, first: str, last: str, description="Serveren var nede", today=TODAY):
    data = outages.OutageInput(date.fromisoformat(first), date.fromisoformat(last), description)
    return outages.record_outage(manager, agreement.id, data, today)


def outage_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Outage))


def test_an_11_day_outage_lets_the_customer_terminate(manager, agreement):
    record(manager, agreement, "2025-03-01", "2025-03-11")
    found = outages.summary(agreement)
    assert (found.longest_run, found.may_terminate) == (11, True)


def test_a_10_day_outage_does_not(manager, agreement):
    record(manager, agreement, "2025-03-01", "2025-03-10")
    found = outages.summary(agreement)
    assert (found.longest_run, found.may_terminate) == (10, False)


def test_touching_outages_make_one_run(manager, agreement):
    record(manager, agreement, "2025-03-06", "2025-03-11")
    record(manager, agreement, "2025-03-01", "2025-03-05")
    found = outages.summary(agreement)
    assert [outage.starts_on.day for outage in found.outages] == [1, 6]
    assert (found.longest_run, found.may_terminate) == (11, True)


@pytest.mark.parametrize(("first", "last", "field", "message"), [
    ("2025-03-04", "2025-03-08", "starts_on", "overlapper nedbruddet 01.03.2025–05.03.2025"),
    ("2025-02-20", "2025-03-01", "starts_on", "overlapper"),
    ("2025-03-09", "2025-03-08", "ends_on", "før første dag"),
    ("2025-05-30", "2025-06-02", "ends_on", "højst være i dag"),
    ("2024-12-30", "2025-01-02", "starts_on", "Aftalen begyndte 01.01.2025"),
])
def test_a_bad_outage_is_refused_naming_the_field(manager, agreement, first, last, field, message):
    record(manager, agreement, "2025-03-01", "2025-03-05")
    with pytest.raises(DomainError, match=message) as refused:
        record(manager, agreement, first, last)
    assert refused.value.field == field
    assert outage_count() == 1


def test_an_outage_needs_a_description(manager, agreement):
    with pytest.raises(DomainError) as refused:
        record(manager, agreement, "2025-03-01", "2025-03-05", description="  ")
    assert refused.value.field == "description"
    assert outage_count() == 0


def test_only_managers_record_outages(make, agreement):
    with pytest.raises(Forbidden):
        record(make.user("technician"), agreement, "2025-03-01", "2025-03-05")


def correct(manager, outage, first: str, last: str, description="Serveren var nede"):
    data = outages.OutageInput(date.fromisoformat(first), date.fromisoformat(last), description)
    return outages.correct_outage(manager, outage.id, data, TODAY)


def days_of(outage) -> tuple[str, str]:
    db.session.expire_all()
    kept = db.session.get(Outage, outage.id)
    return kept.starts_on.isoformat(), kept.ends_on.isoformat()


def logged(action: str) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.detail).where(AuditEvent.action == action)))


def test_a_corrected_outage_counts_with_its_new_days_and_the_log_keeps_the_old(manager, agreement):
    outage = record(manager, agreement, "2025-03-01", "2025-03-05")
    correct(manager, outage, "2025-03-01", "2025-03-11", "Strømsvigt")
    found = outages.summary(agreement)
    assert (found.longest_run, found.may_terminate) == (11, True)
    assert outages.refund(agreement, None, TODAY).amount == Decimal("361.64")   # 12000 × 11 / 365
    assert logged("outage_corrected") == [
        "2025-03-01–2025-03-05: Serveren var nede → 2025-03-01–2025-03-11: Strømsvigt"]


def test_a_correction_may_keep_its_own_days_but_not_take_another_outages(manager, agreement):
    outage = record(manager, agreement, "2025-03-01", "2025-03-05")
    record(manager, agreement, "2025-03-10", "2025-03-12")
    correct(manager, outage, "2025-03-02", "2025-03-06")
    assert days_of(outage) == ("2025-03-02", "2025-03-06")
    with pytest.raises(DomainError, match="overlapper nedbruddet 10.03.2025–12.03.2025") as refused:
        correct(manager, outage, "2025-03-04", "2025-03-10")
    assert refused.value.field == "starts_on"
    assert days_of(outage) == ("2025-03-02", "2025-03-06") and len(logged("outage_corrected")) == 1


@pytest.mark.parametrize(("first", "last", "description", "field"), [
    ("2025-03-09", "2025-03-08", "Nede", "ends_on"),
    ("2025-05-30", "2025-06-02", "Nede", "ends_on"),
    ("2025-03-01", "2025-03-05", " ", "description"),
])
def test_a_bad_correction_is_refused_naming_the_field_and_changes_nothing(manager, agreement, first, last,
                                                                          description, field):
    outage = record(manager, agreement, "2025-03-01", "2025-03-05")
    with pytest.raises(DomainError) as refused:
        correct(manager, outage, first, last, description)
    assert refused.value.field == field
    assert days_of(outage) == ("2025-03-01", "2025-03-05") and logged("outage_corrected") == []


def test_an_outage_recorded_by_mistake_is_deleted_and_the_log_keeps_it(manager, agreement):
    outage = record(manager, agreement, "2025-03-01", "2025-03-11")
    outages.delete_outage(manager, outage.id)
    assert outage_count() == 0 and outages.summary(agreement).may_terminate is False
    assert logged("outage_deleted") == ["2025-03-01–2025-03-11: Serveren var nede"]
    with pytest.raises(NotFound):
        outages.delete_outage(manager, outage.id)


def test_only_managers_and_admins_correct_or_delete_outages(make, manager, agreement):
    outage = record(manager, agreement, "2025-03-01", "2025-03-05")
    for user in (make.user("technician"), make.user("customer", customer=agreement.customer)):
        with pytest.raises(Forbidden):
            correct(user, outage, "2025-03-01", "2025-03-11")
        with pytest.raises(Forbidden):
            outages.delete_outage(user, outage.id)
    assert days_of(outage) == ("2025-03-01", "2025-03-05")
    correct(make.user("admin"), outage, "2025-03-01", "2025-03-06")
    assert days_of(outage) == ("2025-03-01", "2025-03-06")


def test_five_days_of_a_12000_kr_year_refund_164_38(manager, agreement):
    record(manager, agreement, "2025-03-01", "2025-03-05")
    refund = outages.refund(agreement, None, TODAY)
    assert (refund.period.starts_on, refund.days_in_period, refund.affected_days) == (date(2025, 1, 1), 365, 5)
    assert refund.amount == Decimal("164.38")


def test_a_whole_period_of_outage_refunds_at_most_the_hostkon_liability_cap(manager, agreement):
    record(manager, agreement, "2025-01-01", "2025-12-31", today=date(2026, 1, 5))
    refund = outages.refund(agreement, None, date(2026, 1, 5))
    assert (refund.capped.claimed, refund.capped.cap, refund.amount) == (
        Decimal("12000.00"), Decimal("10000.00"), Decimal("10000.00"))
    assert refund.capped.rule == "H §13.3: højst 10.000 kr."


def test_under_compusoft_a_whole_period_refunds_the_whole_price_and_no_more(manager, agreement):
    agreement.terms_profile = "compusoft"
    db.session.commit()
    record(manager, agreement, "2025-01-01", "2025-12-31", today=date(2026, 1, 5))
    refund = outages.refund(agreement, None, date(2026, 1, 5))
    assert (refund.amount, refund.capped.cap_applied) == (Decimal("12000.00"), False)


def test_the_refund_of_a_chosen_period_counts_only_its_days(manager, agreement):
    next_period = AgreementPeriod(agreement=agreement, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                                  price=Decimal("14600.00"))
    db.session.add(next_period)
    db.session.commit()
    record(manager, agreement, "2025-12-30", "2026-01-02", today=date(2026, 1, 5))
    # The latest period with outage days is 2026: 2 days × 14600 / 365 = 80.00.
    default = outages.refund(agreement, None, date(2026, 1, 5))
    assert (default.period.id, default.affected_days, default.amount) == (next_period.id, 2, Decimal("80.00"))
    first = outages.refund(agreement, agreement.periods[0].id, date(2026, 1, 5))
    # 2 days × 12000 / 365 = 65.753… → 65.75
    assert (first.affected_days, first.amount) == (2, Decimal("65.75"))


def test_a_period_of_another_agreement_cannot_be_chosen(make, manager, agreement):
    other = hosting_agreement(make.customer())
    with pytest.raises(DomainError) as refused:
        outages.refund(agreement, other.periods[0].id, TODAY)
    assert refused.value.field == "period_id"


def test_a_customer_sees_only_its_own_agreements_outages(make, manager, agreement):
    record(manager, agreement, "2025-03-01", "2025-03-05")
    record(manager, hosting_agreement(make.customer()), "2025-03-01", "2025-03-05")
    hosting_agreement(agreement.customer, name="Backup")
    assert [found.agreement.id for found in outages.customer_outages(agreement.customer_id)] == [agreement.id]
