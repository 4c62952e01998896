"""Agreements (SPEC §7): notice under both profiles, renewal and its invoice, changes, and what they cover."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.agreements import services
from helpdesk.agreements.models import AgreementStatus
from helpdesk.billing.models import Invoice, LineKind
from helpdesk.cases import services as cases
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.notifications.models import OutboxMessage
from helpdesk.timelog import services as timelog


@pytest.fixture
def manager(make):
    return make.user("manager")


def agreement_for(manager, customer, start=date(2025, 1, 1), **values):
    data = services.AgreementInput(
        product=values.pop("product", "hosting"), name=values.pop("name", "Hosting af økonomisystem"),
        price_per_period=values.pop("price", "12.000,00"), start_date=start,
        covered_categories=values.pop("categories", ["support", "fault", "outage"]),
        covered_systems=values.pop("systems", ["Økonomisystem"]), **values)
    return services.create_agreement(manager, customer.id, data)


def notice(manager, agreement, received_on, kind="termination", today=date(2026, 11, 21)):
    return services.record_notice(manager, agreement.id, services.NoticeInput(received_on, "Karin Kunde", kind), today)


@pytest.mark.parametrize(("received_on", "in_time", "deadline", "ends_on"), [
    (date(2025, 9, 30), True, date(2025, 9, 30), date(2025, 12, 31)),
    (date(2025, 10, 1), False, date(2025, 9, 30), date(2026, 12, 31)),
])
def test_hostkon_notice_three_months_before_the_period_ends(make, manager, received_on, in_time, deadline, ends_on):
    agreement = agreement_for(manager, make.customer(terms_profile="hostkon"))
    record = notice(manager, agreement, received_on)
    assert (record.in_time, record.deadline, record.ends_on) == (in_time, deadline, ends_on)
    assert (agreement.status, agreement.ends_on) == (AgreementStatus.ENDING, ends_on)


def test_compusoft_notice_five_months_before_the_end_is_too_late(make, manager):
    agreement = agreement_for(manager, make.customer(terms_profile="compusoft"))
    record = notice(manager, agreement, date(2025, 7, 31))
    assert (record.in_time, record.deadline, record.ends_on) == (False, date(2025, 6, 30), date(2026, 12, 31))
    assert notice(manager, agreement_for(manager, make.customer(terms_profile="compusoft")),
                  date(2025, 6, 30)).in_time


def test_compusoft_rescission_180_days_before_the_renewal(make, manager):
    agreement = agreement_for(manager, make.customer(terms_profile="compusoft"))
    # Renewal 2026-01-01; 180 days before is 2025-07-05.
    assert notice(manager, agreement, date(2025, 7, 5), kind="rescission").in_time
    late = agreement_for(manager, make.customer(terms_profile="compusoft"))
    assert not notice(manager, late, date(2025, 7, 6), kind="rescission").in_time


def test_hostkon_knows_no_rescission_and_a_future_notice_is_refused(make, manager):
    agreement = agreement_for(manager, make.customer(terms_profile="hostkon"))
    with pytest.raises(DomainError, match="ingen regel om ophævelse"):
        notice(manager, agreement, date(2025, 7, 5), kind="rescission")
    with pytest.raises(DomainError, match="fremtiden") as error:
        notice(manager, agreement, date(2026, 11, 22))
    assert error.value.field == "received_on" and agreement.notices == []


def test_renewal_invoices_each_period_in_advance_once(app, make, manager):
    customer = make.customer(payment_terms_days=8)
    agreement = agreement_for(manager, customer)
    assert services.renew_agreements(date(2025, 1, 1))["invoiced"] == 1
    assert services.renew_agreements(date(2025, 12, 1)) == {"agreements": 1, "ended": 0, "renewed": 1, "invoiced": 0}
    assert services.renew_agreements(date(2025, 12, 2))["invoiced"] == 1
    assert services.renew_agreements(date(2025, 12, 2)) == {"agreements": 1, "ended": 0, "renewed": 0, "invoiced": 0}
    invoices = db.session.scalars(sa.select(Invoice).order_by(Invoice.number)).all()
    assert [(i.issue_date, i.total_net, i.total_vat, i.total_gross) for i in invoices] == [
        (date(2025, 1, 1), Decimal("12000.00"), Decimal("3000.00"), Decimal("15000.00")),
        (date(2025, 12, 2), Decimal("12000.00"), Decimal("3000.00"), Decimal("15000.00")),
    ]
    assert invoices[1].lines[0].kind == LineKind.SUBSCRIPTION
    assert invoices[1].lines[0].description == "Hosting af økonomisystem, periode 01.01.2026–31.12.2026"
    assert [(p.starts_on, p.ends_on) for p in agreement.periods] == [
        (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31))]


def test_renewal_on_the_same_day_twice_issues_one_invoice(make, manager):
    agreement_for(manager, make.customer())
    services.renew_agreements(date(2025, 12, 5))
    services.renew_agreements(date(2025, 12, 5))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 2  # 2025 and 2026, once each


def test_an_agreement_with_timely_notice_is_not_renewed_and_ends(make, manager):
    agreement = agreement_for(manager, make.customer())
    services.renew_agreements(date(2025, 1, 1))
    notice(manager, agreement, date(2025, 9, 30))
    assert services.renew_agreements(date(2025, 12, 15))["renewed"] == 0
    assert services.renew_agreements(date(2026, 1, 1))["ended"] == 1
    assert agreement.status == AgreementStatus.ENDED and len(agreement.periods) == 1


def test_a_price_change_with_notice_prices_the_next_period(make, manager):
    agreement = agreement_for(manager, make.customer(terms_profile="hostkon"))
    services.schedule_change(manager, agreement.id, services.ChangeInput(
        "major_price", "Ny pris for hosting", date(2025, 11, 1), date(2026, 1, 1), new_price="13.200,00"))
    services.renew_agreements(date(2025, 12, 2))
    assert [p.price for p in agreement.periods] == [Decimal("12000.00"), Decimal("13200.00")]


@pytest.mark.parametrize(("profile", "kind", "notified", "effective", "earliest"), [
    ("hostkon", "major_price", date(2025, 11, 1), date(2025, 11, 30), "01.12.2025"),
    ("hostkon", "terms", date(2025, 11, 1), date(2025, 11, 15), "01.12.2025"),
    ("compusoft", "terms", date(2025, 11, 1), date(2026, 1, 31), "01.02.2026"),
    ("compusoft", "major_price", date(2025, 11, 25), date(2026, 1, 1), "01.01.2027"),
])
def test_a_change_with_too_short_notice_is_refused_with_the_earliest_day(make, manager, profile, kind, notified,
                                                                          effective, earliest):
    agreement = agreement_for(manager, make.customer(terms_profile=profile))
    with pytest.raises(DomainError, match=f"tidligst træde i kraft {earliest}"):
        services.schedule_change(manager, agreement.id, services.ChangeInput(kind, "Ændring", notified, effective,
                                                                             new_price="13000"))
    assert agreement.changes == []


def test_compusoft_major_price_change_takes_effect_at_the_renewal(make, manager):
    agreement = agreement_for(manager, make.customer(terms_profile="compusoft"))
    change = services.schedule_change(manager, agreement.id, services.ChangeInput(
        "major_price", "Ny pris", date(2025, 11, 21), date(2026, 1, 1), new_price="12.600,00"))
    assert change.effective_on == date(2026, 1, 1)   # 2025-11-21 + 40 days = 2025-12-31, the renewal is 2026-01-01


def test_bad_agreements_are_refused_and_nothing_is_saved(make, manager):
    customer = make.customer()
    with pytest.raises(DomainError, match="1–60 måneder") as error:
        agreement_for(manager, customer, period_months="0")
    assert error.value.field == "period_months"
    with pytest.raises(DomainError, match="Ugyldig pris"):
        agreement_for(manager, customer, price="tolv tusind")
    with pytest.raises(Forbidden):
        agreement_for(make.technician(), customer)
    assert services.customer_agreements(customer.id) == []


def test_work_is_proposed_covered_by_the_agreement_that_covers_it(make, manager):
    customer = make.customer()
    agreement = agreement_for(manager, customer)
    covered_case = make.case(customer, category="fault", system="Økonomisystem")
    entry = make.entry(covered_case, "2025-03-04 09:00", "2025-03-04 10:00")
    assert entry.classification == "covered"
    assert entry.classification_reason == f"Dækket af aftalen »Hosting af økonomisystem« (aftale {agreement.id})."
    other_system = make.entry(make.case(customer, category="fault", system="Mail"), "2025-03-04 11:00",
                              "2025-03-04 11:30")
    consultancy = make.entry(make.case(customer, category="consultancy", system="Økonomisystem"),
                             "2025-03-04 12:00", "2025-03-04 12:30")
    before_start = make.entry(covered_case, "2024-12-30 09:00", "2024-12-30 09:30")
    assert [e.classification for e in (other_system, consultancy, before_start)] == ["billable"] * 3


def test_the_customers_own_fault_reproposes_entries_not_invoiced(make, manager):
    customer = make.customer()
    agreement_for(manager, customer)
    technician = make.technician()
    case = make.case(customer, category="fault", system="Økonomisystem")
    entry = make.entry(case, "2025-03-04 09:00", "2025-03-04 10:00")
    overridden = make.entry(case, "2025-03-05 09:00", "2025-03-05 09:30")
    timelog.override_classification(technician, overridden, "free", "Kulance")
    cases.set_fault_attribution(technician, case, "customer")
    assert (entry.classification, overridden.classification) == ("billable", "free")
    assert entry.classification_reason == "Fejlen skyldes: Kunde; det er fakturerbart (H §12.3)."
    assert entry.hourly_clips == 4      # a customer without a clip card is billed by the hour
    cases.set_fault_attribution(technician, case, "supplier")
    assert (entry.classification, entry.hourly_clips) == ("covered", 0)


def test_managers_and_customers_are_warned_before_the_notice_deadline(make, manager):
    customer = make.customer(email="it@kunde.dk")
    agreement_for(manager, customer)
    assert services.warn_notice_deadlines(date(2025, 7, 31))["messages"] == 0
    assert services.warn_notice_deadlines(date(2025, 8, 1))["messages"] == 2
    assert services.warn_notice_deadlines(date(2025, 8, 2))["messages"] == 0
    assert services.warn_notice_deadlines(date(2025, 9, 16))["messages"] == 2
    subjects = db.session.scalars(sa.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
    assert subjects[0] == "Frist for opsigelse af Hosting af økonomisystem: 30.09.2025"
