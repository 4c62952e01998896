"""The pages of the month's run: preview and issue, mileage rates, dispatch, and trips and outlays on a case."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from helpdesk.billing.models import Invoice, MileageRate
from helpdesk.extensions import db
from helpdesk.timelog.models import Expense


def test_manager_previews_and_issues_the_month(client, auth, make):
    make.mileage_rates()
    customer = make.customer(name="Timekunde ApS")
    make.entry(make.case(customer, subject="VPN"), "2026-10-06 09:00", "2026-10-06 10:10")
    auth.login(make.user("manager"))
    page = client.get("/invoices/run?month=2026-10").get_data(as_text=True)
    assert "Månedens fakturering 10.2026" in page and "Timekunde ApS" in page
    # 70 minutes on a weekday morning: 2 started hours × 950 kr = 1.900,00 net, 475,00 VAT, 2.375,00 in all
    assert "1 fakturaer klar til udstedelse, i alt 2.375,00 kr. inkl. moms." in page
    assert "Konsulentbistand" not in page     # the lines are on the customer's draft
    draft = client.get(f"/invoices/run/{customer.id}?month=2026-10").get_data(as_text=True)
    assert "Fakturaudkast for Timekunde ApS, 10.2026" in draft
    assert "Konsulentbistand, sag 1 VPN: påbegyndte timer à 1× timepris" in draft and "2.375,00 kr." in draft
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 0
    issued = client.post("/invoices/run", data={"month": "2026-10"}, follow_redirects=True).get_data(as_text=True)
    assert "1 fakturaer udstedt for 10.2026." in issued and "Allerede faktureret for måneden" in issued
    again = client.post("/invoices/run", data={"month": "2026-10"}, follow_redirects=True).get_data(as_text=True)
    assert "0 fakturaer udstedt for 10.2026." in again
    invoice = db.session.scalars(sa.select(Invoice)).one()
    issued_draft = client.get(f"/invoices/run/{customer.id}?month=2026-10")
    assert issued_draft.status_code == 302 and issued_draft.location.endswith(f"/invoices/{invoice.id}")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 1


def test_the_preview_sums_what_it_would_issue_and_names_what_is_missing(client, auth, make):
    """A trip on a day without a mileage rate blocks its customer; the sums count only the invoices issued."""
    ready, blocked, idle = make.customer(name="Klar ApS"), make.customer(name="Mangler ApS"), make.customer(name="Stille ApS")
    make.entry(make.case(ready), "2026-10-06 09:00", "2026-10-06 09:30")
    make.entry(make.case(blocked), "2026-10-07 09:00", "2026-10-07 09:30")
    db.session.add(Expense(customer_id=blocked.id, case_id=make.case(blocked).id, kind="mileage",
                           spent_on=date(2026, 10, 7), description="Til kunden", metres=12_000))
    db.session.commit()
    auth.login(make.user("manager"))
    page = client.get("/invoices/run?month=2026-10").get_data(as_text=True)
    assert "Mangler noget (1 kunder, faktureres ikke)" in page
    assert "Der er ingen kilometertakst for 07.10.2026" in page
    # each: 1 started hour at 950 kr = 950,00 net + 237,50 VAT; only Klar ApS is counted
    assert "1 fakturaer klar til udstedelse, i alt 1.187,50 kr. inkl. moms." in page
    assert "Udsted 1 fakturaer" in page and "Stille ApS" not in page
    draft = client.get(f"/invoices/run/{blocked.id}?month=2026-10").get_data(as_text=True)
    assert "Der er ingen kilometertakst for 07.10.2026" in draft
    nothing = client.get(f"/invoices/run/{idle.id}?month=2026-10").get_data(as_text=True)
    assert "Intet at fakturere for kunden for 10.2026." in nothing
    assert client.get("/invoices/run/999999?month=2026-10").status_code == 404


def test_a_bad_month_is_named_and_nothing_is_issued(client, auth, make):
    auth.login(make.user("manager"))
    page = client.get("/invoices/run?month=2026-13").get_data(as_text=True)
    assert "Skriv måneden som ÅÅÅÅ-MM." in page
    response = client.post("/invoices/run", data={"month": "oktober"}, follow_redirects=True)
    assert "Vælg måneden som ÅÅÅÅ-MM." in response.get_data(as_text=True)


def test_the_run_is_for_managers_only(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/invoices/run").status_code == 403
    assert client.post("/invoices/run", data={"month": "2026-10"}).status_code == 403
    assert client.get("/invoices/mileage-rates").status_code == 403


def test_manager_adds_a_mid_year_rate_and_a_bad_rate_is_named(client, auth, make):
    auth.login(make.user("manager"))
    saved = client.post("/invoices/mileage-rates", data={"valid_from": "2026-07-01", "up_to_tier": "4,10",
                                                         "above_tier": "2,40"}, follow_redirects=True)
    assert "Kilometertaksten fra 01.07.2026 er gemt." in saved.get_data(as_text=True)
    bad = client.post("/invoices/mileage-rates", data={"valid_from": "2026-08-01", "up_to_tier": "fire",
                                                       "above_tier": "0"})
    assert bad.status_code == 400 and "Ugyldig sats" in bad.get_data(as_text=True)
    rates = db.session.scalars(sa.select(MileageRate)).all()
    assert [(r.valid_from.isoformat(), r.up_to_tier, r.above_tier) for r in rates] == [
        ("2026-07-01", Decimal("4.10"), Decimal("2.40"))]


def test_post_invoices_wait_on_the_dispatch_list_until_marked(client, auth, make):
    make.mileage_rates()
    customer = make.customer(name="Brevkunde ApS", delivery_channel="post")
    make.entry(make.case(customer), "2026-10-06 09:00", "2026-10-06 09:30")
    auth.login(make.user("manager"))
    client.post("/invoices/run", data={"month": "2026-10"})
    invoice = db.session.scalars(sa.select(Invoice)).one()
    page = client.get("/invoices/dispatch").get_data(as_text=True)
    assert "Brevkunde ApS" in page and "PDF til print" in page
    done = client.post(f"/invoices/{invoice.id}/dispatched", follow_redirects=True).get_data(as_text=True)
    assert f"Faktura {invoice.number} er markeret som afsendt." in done and "Intet venter på at blive sendt." in done


def test_a_technician_logs_a_trip_and_an_outlay_on_the_case(client, auth, make):
    case = make.case(make.customer())
    auth.login(make.technician())
    trip = client.post(f"/cases/{case.id}/expenses", data={"kind": "mileage", "spent_on": "2026-10-06",
                                                          "description": "Aarhus–Odense", "kilometres": "43,2"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Kørslen/udlægget er registreret" in trip and "43,2 km" in trip
    toll = client.post(f"/cases/{case.id}/expenses", data={"kind": "outlay", "spent_on": "2026-10-06",
                                                           "description": "Storebæltsbroen", "amount": "270,00"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Storebæltsbroen" in toll and "270,00 kr." in toll
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expense)) == 2


def test_a_bad_trip_is_named_and_not_saved(client, auth, make):
    case = make.case(make.customer())
    auth.login(make.technician())
    response = client.post(f"/cases/{case.id}/expenses", data={"kind": "mileage", "spent_on": "2026-10-06",
                                                              "description": "Tur", "kilometres": "langt"})
    assert response.status_code == 400 and "Skriv antal kilometer som et tal" in response.get_data(as_text=True)
    empty = client.post(f"/cases/{case.id}/expenses", data={"kind": "outlay", "spent_on": "2026-10-06",
                                                           "description": "Bro", "amount": "0"})
    assert empty.status_code == 400 and "Udlægget skal være større end 0." in empty.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expense)) == 0


def test_an_outlay_the_books_cannot_hold_is_named_on_the_form(client, auth, make):
    """20 digits of kroner are more øre than a 64-bit integer holds: this was a 500."""
    case = make.case(make.customer())
    auth.login(make.technician())
    response = client.post(f"/cases/{case.id}/expenses", data={
        "kind": "outlay", "spent_on": "2026-10-06", "description": "Bro", "amount": "99999999999999999999"})
    assert response.status_code == 400 and "Ugyldigt beløb: »99999999999999999999« er for stort." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expense)) == 0


@pytest.mark.parametrize(("now_utc", "proposed"), [
    (datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc), "11.2026"),   # 00:30 on 1 December in Copenhagen
    (datetime(2026, 11, 30, 22, 59, tzinfo=timezone.utc), "10.2026"),   # 23:59 on 30 November
    (datetime(2026, 6, 30, 22, 30, tzinfo=timezone.utc), "06.2026"),   # 00:30 on 1 July, summer time
])
def test_the_run_proposes_the_month_before_the_danish_day(client, auth, make, monkeypatch, now_utc, proposed):
    monkeypatch.setattr("helpdesk.database.utcnow", lambda: now_utc)
    auth.login(make.user("manager"))
    page = client.get("/invoices/run").get_data(as_text=True)
    assert f"<h1>Månedens fakturering {proposed}</h1>" in page

