"""Fuzz the money and time forms with hypothesis: whatever is typed, the answer is a redirect or a 400 page that
says what is wrong, never a server error, and the books stay as they were unless the form was accepted.

Every test reuses one app and one signed-in user for all its examples (hence the suppressed health check);
each example compares the books before and after its own request.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.billing.models import Invoice, Payment
from helpdesk.clips import services as clips
from helpdesk.clips.models import ClipCard
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.timelog.models import TimeEntry
from tests.clips.test_ledger import assert_consistent

# The same examples on every run, so CI never fails on a fuzz's lucky find; to search further, run with
# derandomize=False and more examples.
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# What people and scripts type into number and date fields besides proper values.
ODD_TEXTS = st.sampled_from([
    "", " ", "0", "-0", "-1", "1e309", "-1e309", "NaN", "Infinity", "1e3", "0x10", "1_000", "٣", "١٢٣",
    "9" * 40, "-" + "9" * 40, "99999999999999999999", "1.000.000,00", "1,5", "0,001", "12,345", "½",
    "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "i dag",
])
PLAUSIBLE_AMOUNTS = st.one_of(st.integers(0, 10**6).map(str),
                              st.decimals(0, 10**5, places=2).map(lambda amount: str(amount).replace(".", ",")))
# Half of the values are ones a form could accept, so the books are also checked after accepted forms.
NUMBERS = st.one_of(PLAUSIBLE_AMOUNTS, st.one_of(ODD_TEXTS, st.integers().map(str), st.decimals().map(str),
                                                 st.floats().map(str), st.text()))
DAYS = st.one_of(st.dates(date(2020, 1, 1), date(2026, 11, 1)).map(date.isoformat),
                 st.one_of(ODD_TEXTS, st.dates().map(date.isoformat), st.text()))
MOMENTS = st.one_of(ODD_TEXTS, st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")), st.text())
TEXTS = st.one_of(st.text(), st.text(max_size=3), ODD_TEXTS)
COUNTS = st.one_of(st.integers(1, 1000).map(str), NUMBERS)


@st.composite
def spans(draw):
    """A start and an end: mostly minutes to two days apart (either way round), else anything in either."""
    start = draw(st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31)))
    end = start + timedelta(minutes=draw(st.integers(-120, 3000)))
    start_text, end_text = start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")
    odd = draw(st.integers(0, 3))
    return (draw(MOMENTS) if odd == 3 else start_text), (draw(MOMENTS) if odd >= 2 else end_text)


def assert_answered(response, success_path: str) -> bool:
    """A redirect to the success page, or a 400 page with an error on it; True when accepted."""
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        assert success_path in response.headers["Location"]
        return True
    page = response.get_data(as_text=True)
    marks = ('class="error"', 'class="flash flash-error"', "<h1>400 · ")  # on a field, flashed, or the error page
    assert any(mark in page for mark in marks), "400 without an error message"
    return False


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def invoice_books(invoice_id: int) -> tuple:
    """The invoice's totals and payments, read fresh from the database."""
    db.session.expire_all()
    invoice = db.session.get(Invoice, invoice_id)
    return (invoice.total_net, invoice.total_vat, invoice.total_gross, invoice.status,
            sorted((p.received, p.applied, p.paid_on) for p in invoice.payments), count(Invoice))


@pytest.fixture
def manager(auth, make):
    user = make.user("manager")
    auth.login(user)
    return user


@pytest.fixture
def card_customer(make, manager) -> Customer:
    """A customer with a 10-clip card sold on 1 January 2026."""
    customer = make.customer()
    clips.sell_card(manager, customer.id, 10, "4000.00", date(2026, 1, 1))
    return customer


@pytest.fixture
def timelog_case(auth, make, card_customer):
    """A case of the card customer, with a technician signed in instead of the manager."""
    auth.logout()
    auth.login(make.technician())
    return make.case(card_customer)


@FUZZ
@given(span=spans(), description=TEXTS, agreed_by=TEXTS, confirm_long=st.booleans())
def test_the_time_entry_form_answers_any_input(client, timelog_case, span, description, agreed_by, confirm_long):
    before = count(TimeEntry)
    form = {"start": span[0], "end": span[1], "description": description, "out_of_hours_agreed_by": agreed_by}
    if confirm_long:
        form["confirm_long"] = "y"
    accepted = assert_answered(client.post(f"/cases/{timelog_case.id}/time", data=form),
                               f"/cases/{timelog_case.id}")
    assert count(TimeEntry) == before + accepted
    assert_consistent(timelog_case.customer)


@FUZZ
@given(clip_count=COUNTS, price=NUMBERS, invoice_date=DAYS)
def test_the_card_sale_form_answers_any_input(client, card_customer, clip_count, price, invoice_date):
    before = (count(ClipCard), count(Invoice))
    response = client.post("/clips/sell", data={"customer_id": card_customer.id, "clips": clip_count,
                                                "price": price, "invoice_date": invoice_date})
    accepted = assert_answered(response, f"/clips/customers/{card_customer.id}")
    assert (count(ClipCard), count(Invoice)) == (before[0] + accepted, before[1] + accepted)
    assert_consistent(card_customer)


@FUZZ
@given(amount=NUMBERS, paid_on=DAYS)
def test_the_payment_form_answers_any_input(client, card_customer, amount, paid_on):
    invoice_id = db.session.scalar(sa.select(ClipCard.invoice_id).where(ClipCard.customer_id == card_customer.id))
    before = invoice_books(invoice_id)
    response = client.post(f"/invoices/{invoice_id}/payments", data={"amount": amount, "paid_on": paid_on})
    if assert_answered(response, f"/invoices/{invoice_id}"):
        newest = db.session.scalars(sa.select(Payment).order_by(Payment.id.desc())).first()
        assert newest.invoice_id == invoice_id and newest.applied <= newest.received
        assert invoice_books(invoice_id)[:3] == before[:3]
    else:
        assert invoice_books(invoice_id) == before


@FUZZ
@given(reason=TEXTS, position=st.one_of(st.sampled_from(["", "1", "2"]), NUMBERS), amount=NUMBERS)
def test_the_credit_note_form_answers_any_input(client, card_customer, reason, position, amount):
    invoice_id = db.session.scalar(sa.select(ClipCard.invoice_id).where(ClipCard.customer_id == card_customer.id))
    before = invoice_books(invoice_id)
    response = client.post(f"/invoices/{invoice_id}/credit-notes",
                           data={"reason": reason, "position": position, "amount": amount})
    if not assert_answered(response, "/invoices/"):
        assert invoice_books(invoice_id) == before
    credited = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Invoice.total_gross), 0))
                                 .where(Invoice.credits_invoice_id == invoice_id))
    assert Decimal(credited) <= before[2]
