"""An ended customer with some of everything: cases, files, time, a clip card, invoices, a payment, users."""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import FileStorage

from helpdesk.agreements.models import Agreement
from helpdesk.billing import services as billing
from helpdesk.billing.models import LineKind
from helpdesk.cases import services as cases
from helpdesk.clips import services as clips
from helpdesk.extensions import db
from helpdesk.timelog import expenses
from helpdesk.timelog import services as timelog

LAST_DAY = date(2025, 12, 31)
LOG = b"2025-10-06 08:58 smtp: connection refused\n"


def add_agreement(customer, status: str = "ended", ends_on: date | None = LAST_DAY) -> Agreement:
    agreement = Agreement(customer_id=customer.id, product="hosting", name="Hosting",
                          price_per_period=Decimal("12000.00"), start_date=date(2025, 1, 1), terms_profile="hostkon",
                          status=status, ends_on=ends_on, covered_categories=[], covered_systems=[])
    db.session.add(agreement)
    db.session.commit()
    return agreement


@dataclass
class Ended:
    customer_id: int
    case_id: int
    case_number: int
    contact_email: str
    stored_name: str
    card_invoice_id: int
    hourly_invoice_id: int


@pytest.fixture
def manager(make):
    return make.user("manager", email="leder@hostkon.dk", name="Lone Leder")


@pytest.fixture
def ended(make, manager) -> Ended:
    """Nordlys ApS, whose only agreement ended 2025-12-31, with data of every kind."""
    customer = make.customer(name="Nordlys ApS", email="faktura@nordlys.dk", cvr="12972997", phone="12345678",
                             address="Nordlysvej 1\n8000 Aarhus C")
    contact = make.user("customer", customer=customer, email="karin@nordlys.dk", name="Karin Kunde")
    make.token(contact)
    technician = make.technician()
    case = make.case(customer, subject="Mailserveren afviser post")
    cases.add_comment(technician, case, "Vi har genstartet mailserveren.",
                      files=[FileStorage(io.BytesIO(LOG), filename="smtp.log")])
    cases.add_comment(technician, case, "Kunden har glemt at forny certifikatet.", internal=True)
    card = clips.sell_card(manager, customer.id, 40, "16.000,00", date(2025, 10, 1))
    billing.register_payment(manager, card.invoice.id, "20.000,00", date(2025, 10, 5), today=date(2025, 10, 5))
    entry = make.entry(case, "2025-10-06 09:00", "2025-10-06 10:00", description="Fejlsøgning")
    hourly = billing.issue_invoice(customer, [billing.LineInput(LineKind.HOURLY, "Konsulentbistand, 1 time", 1,
                                                                Decimal("950.00"))], date(2025, 11, 1))
    db.session.flush()
    entry.invoice_id, entry.locked = hourly.id, True
    db.session.commit()
    expenses.add_expense(technician, case, "outlay", date(2025, 10, 6), "USB-kabel", amount="89,50",
                         today=date(2025, 10, 6))
    timelog.start_timer(technician, case)
    add_agreement(customer)
    return Ended(customer.id, case.id, case.number, contact.email, case.attachments[0].stored_name, card.invoice.id,
                 hourly.id)
