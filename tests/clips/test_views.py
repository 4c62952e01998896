"""The clip pages: a manager sells and adjusts; a customer follows saldo, cards and consumption in kundeHUB."""

import csv
import io
from datetime import date, datetime, timezone

import pytest

from helpdesk.clips import services as clips
from helpdesk.database import local_today


def test_manager_sells_a_card_through_the_form(client, auth, make):
    customer = make.customer(name="Nordlys ApS")
    auth.login(make.user("manager"))
    response = client.post("/clips/sell", data={"customer_id": customer.id, "clips": "40", "price": "16.000,00",
                                                "invoice_date": "2026-11-21"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Klippekort solgt: 40 klip, faktura 1, udløber 21.05.2028." in page
    assert clips.saldo(customer.id).balance == 40


def test_the_sell_form_names_a_bad_price(client, auth, make):
    customer = make.customer()
    auth.login(make.user("manager"))
    response = client.post("/clips/sell", data={"customer_id": customer.id, "clips": "40", "price": "mange penge",
                                                "invoice_date": "2026-11-21"})
    assert response.status_code == 400
    assert "Ugyldig pris" in response.get_data(as_text=True)
    assert clips.saldo(customer.id).cards == []


def test_technicians_cannot_reach_the_clip_pages(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/clips/").status_code == 403
    assert client.get("/clips/sell").status_code == 403


def test_saldi_list_shows_negative_first_and_adjustment_needs_a_reason(client, auth, make):
    manager = make.user("manager")
    plus, minus = make.customer(name="Plus ApS"), make.customer(name="Minus ApS")
    card = clips.sell_card(manager, plus.id, 10, "100", date(2026, 11, 2))
    make.entry(make.case(minus), "2026-11-17 09:00", "2026-11-17 09:30")
    auth.login(manager)
    page = client.get("/clips/").get_data(as_text=True)
    assert page.index("Minus ApS") < page.index("Plus ApS")
    refused = client.post(f"/clips/customers/{plus.id}", data={"clips": "-2", "card_id": str(card.id), "reason": ""})
    assert refused.status_code == 400 and "Angiv en begrundelse" in refused.get_data(as_text=True)
    client.post(f"/clips/customers/{plus.id}", data={"clips": "-2", "card_id": str(card.id), "reason": "Fejl"})
    assert clips.saldo(plus.id).balance == 8
    ledger = client.get(f"/clips/customers/{plus.id}").get_data(as_text=True)
    assert "Regulering" in ledger and "Fejl" in ledger


def test_kundehub_shows_saldo_cards_and_warnings(client, auth, make):
    manager = make.user("manager")
    customer = make.customer(low_saldo_threshold=5)
    clips.sell_card(manager, customer.id, 3, "100", local_today())
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/").get_data(as_text=True)
    assert '<span class="saldo-figure">3</span>' in page
    assert "under jeres grænse på 5 klip" in page


def test_kundehub_shows_a_negative_saldo_unmistakably(client, auth, make):
    customer = make.customer()
    clips.sell_card(make.user("manager"), customer.id, 10, "100", date(2024, 1, 2))
    clips.expire_cards(date(2026, 11, 17))
    make.entry(make.case(customer), "2026-11-17 09:00", "2026-11-17 09:30")
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/").get_data(as_text=True)
    assert '<span class="saldo-figure">-2</span>' in page and "Negativ saldo" in page
    assert "2 klip er ikke dækket af et klippekort" in page


def test_consumption_is_filtered_by_period_and_downloads_as_csv(client, auth, make):
    customer = make.customer()
    technician = make.user("technician", name="Tina Tekniker")
    case = make.case(customer, subject="VPN")
    make.entry(case, "2026-10-03 10:00", "2026-10-03 10:45", actor=technician, out_of_hours_agreed_by="K")
    make.entry(case, "2026-11-17 09:00", "2026-11-17 09:20", actor=technician)
    make.entry(make.case(make.customer()), "2026-11-17 09:00", "2026-11-17 10:00")
    auth.login(make.user("customer", customer=customer))
    november = client.get("/hub/consumption?start=2026-11-01&end=2026-11-30").get_data(as_text=True)
    assert "17.11.2026" in november and "03.10.2026" not in november
    assert "I alt i perioden (1 registreringer)" in november
    past = client.get("/hub/consumption?start=2026-11-01&end=2026-11-30&page=3").get_data(as_text=True)
    assert "Side 3 er efter den sidste (1)." in past and "Intet forbrug i perioden." not in past
    response = client.get("/hub/consumption.csv?start=2026-10-01&end=2026-10-31")
    assert response.headers["Content-Disposition"] == "attachment; filename=klipforbrug.csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows == [
        ["Dato", "Start", "Slut", "Sag", "Emne", "Tekniker", "Minutter", "Blokke 1x", "Blokke 2x", "Blokke 3x",
         "Klip"],
        ["03.10.2026", "10:00", "10:45", str(case.number), "VPN", "Tina Tekniker", "45", "0", "0", "3", "9"],
    ]


def test_an_english_customer_downloads_the_consumption_with_english_headings_and_name(client, auth, make):
    customer = make.customer()
    case = make.case(customer, subject="VPN")
    make.entry(case, "2026-10-03 10:00", "2026-10-03 10:45", actor=make.user("technician", name="Tina Tekniker"),
               out_of_hours_agreed_by="K")
    auth.login(make.user("customer", customer=customer, language="en"))
    response = client.get("/hub/consumption.csv?start=2026-10-01&end=2026-10-31")
    assert response.headers["Content-Disposition"] == "attachment; filename=clip-consumption.csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows == [
        ["Date", "Start", "End", "Case", "Subject", "Technician", "Minutes", "Blocks 1x", "Blocks 2x", "Blocks 3x",
         "Clips"],
        ["03/10/2026", "10:00", "10:45", str(case.number), "VPN", "Tina Tekniker", "45", "0", "0", "3", "9"],
    ]


def test_consumption_comes_a_page_at_a_time_with_the_whole_period_summed(make):
    from helpdesk.clips.services import consumption_page

    customer = make.customer()
    case = make.case(customer)
    # 20, 45 and 70 minutes on weekday mornings: 2, 3 and 5 clips.
    for start, end in (("2026-11-03 09:00", "2026-11-03 09:20"), ("2026-11-04 09:00", "2026-11-04 09:45"),
                       ("2026-11-05 09:00", "2026-11-05 10:10")):
        make.entry(case, start, end)
    second = consumption_page(customer.id, page=2, per_page=2)
    assert [entry.started_at.day for entry in second.page.items] == [3]
    assert (second.page.total, second.page.pages, second.minutes, second.clips) == (3, 2, 135, 10)


def test_kundehub_lists_the_card_invoice(client, auth, make):
    customer = make.customer()
    clips.sell_card(make.user("manager"), customer.id, 40, "16.000,00", date(2026, 11, 2))
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/invoices").get_data(as_text=True)
    assert "Klippekort, 40 klip à 15 minutter" in page and "20.000,00 kr." in page


def test_kundehub_shows_an_invoices_first_line_and_how_many_more(client, auth, make):
    from decimal import Decimal

    from helpdesk.billing.models import LineKind
    from helpdesk.billing.services import LineInput, issue_invoice
    from helpdesk.extensions import db

    customer = make.customer()
    issue_invoice(customer, [LineInput(LineKind.HOURLY, f"Konsulentbistand, sag {number}", 1, Decimal("950.00"))
                             for number in (101, 102, 103)], date(2026, 11, 2))
    db.session.commit()
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/invoices").get_data(as_text=True)
    assert "Konsulentbistand, sag 101 og 2 linjer mere" in page and "sag 103" not in page
    assert "3.562,50 kr." in page                                    # 3 × 950,00 + 25 % VAT


def test_clips_expire_command_is_idempotent(app, make):
    customer = make.customer()
    clips.sell_card(make.user("manager"), customer.id, 10, "100", date(2024, 8, 31))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["clips", "expire", "--today", "2026-02-28"])
    assert first.exit_code == 0 and "1 card(s) expired on 2026-02-28." in first.output
    again = runner.invoke(args=["clips", "expire", "--today", "2026-02-28"])
    assert "0 card(s) expired" in again.output
    assert runner.invoke(args=["clips", "expire", "--today", "28.02.2026"]).exit_code != 0
    assert clips.saldo(customer.id).balance == 0


@pytest.mark.parametrize("changes, message", [
    ({"clips": "99999999999999999999"}, "Et klippekort kan højst have 100.000 klip."),
    ({"price": "99999999999999999999"}, "Ugyldig pris: »99999999999999999999« er for stort."),
    ({"invoice_date": "9999-12-31"}, "Datoen skal ligge mellem 01.01.1900 og 31.12.2999."),
    ({"invoice_date": "0001-01-01"}, "Datoen skal ligge mellem 01.01.1900 og 31.12.2999."),
    ({"customer_id": "99999999999999999999"}, "Vælg en kunde."),
])
def test_the_sell_form_names_what_the_books_cannot_hold(client, auth, make, changes, message):
    """Each was a 500: numbers past the database's integers, and dates whose expiry or UTC time Python cannot
    reach."""
    customer = make.customer()
    auth.login(make.user("manager"))
    response = client.post("/clips/sell", data={"customer_id": customer.id, "clips": "40", "price": "16.000,00",
                                                "invoice_date": "2026-11-21"} | changes)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert clips.saldo(customer.id).cards == []


def test_an_adjustment_to_a_card_that_is_no_number_is_named_on_the_form(client, auth, make):
    """int("abc") was a 500."""
    customer = make.customer()
    auth.login(make.user("manager"))
    response = client.post(f"/clips/customers/{customer.id}", data={"clips": "1", "card_id": "abc", "reason": "x"})
    assert response.status_code == 400 and "Vælg et kort." in response.get_data(as_text=True)
    assert clips.saldo(customer.id).balance == 0


def test_a_page_past_what_the_database_counts_shows_the_last_possible(client, auth, make):
    """OFFSET beyond a 64-bit integer was a 500."""
    customer = make.customer()
    auth.login(make.user("manager"))
    assert client.get(f"/clips/customers/{customer.id}?page=99999999999999999999").status_code == 200


def test_the_dates_a_form_proposes_are_danish(client, auth, make, monkeypatch):
    """At 00:30 on 1 December in Copenhagen (23:30 UTC the day before), a card sold is invoiced on 1 December."""
    monkeypatch.setattr("helpdesk.database.utcnow", lambda: datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc))
    auth.login(make.user("manager"))
    page = client.get("/clips/sell").get_data(as_text=True)
    assert 'name="invoice_date" required type="date" value="2026-12-01"' in page


def test_a_ledger_page_past_the_last_says_so_and_leads_back(client, auth, make):
    customer = make.customer()
    manager = make.user("manager")
    clips.sell_card(manager, customer.id, 10, "2.000,00", date(2026, 11, 2))
    auth.login(manager)
    page = client.get(f"/clips/customers/{customer.id}?page=3").get_data(as_text=True)
    assert "Side 3 er efter den sidste (1)." in page and "Ingen bevægelser." not in page
    assert f'href="/clips/customers/{customer.id}">Til første side</a>' in page


def test_a_ledger_longer_than_a_page_links_to_the_next(client, auth, make):
    """The pager's links lacked the customer: any customer with more than 50 ledger rows was a 500."""
    customer = make.customer()
    manager = make.user("manager")
    card = clips.sell_card(manager, customer.id, 100, "20.000,00", date(2026, 11, 2))
    for _ in range(50):
        clips.adjust(manager, customer.id, -1, "Rettelse", card_id=card.id)
    auth.login(manager)
    page = client.get(f"/clips/customers/{customer.id}").get_data(as_text=True)
    assert "Side 1 af 2 (51 i alt)" in page
    assert f'href="/clips/customers/{customer.id}?page=2">Næste' in page


def test_every_card_is_listed_a_page_at_a_time_with_its_customer_and_invoice(client, auth, make):
    manager = make.user("manager")
    nordlys, fjord = make.customer(name="Nordlys ApS"), make.customer(name="Fjord ApS")
    first = clips.sell_card(manager, nordlys.id, 10, "2.000,00", date(2026, 11, 2))
    second = clips.sell_card(manager, fjord.id, 20, "4.000,00", date(2026, 11, 3))
    auth.login(manager)
    assert 'href="/clips/cards">Alle klippekort</a>' in client.get("/clips/").get_data(as_text=True)
    page = client.get("/clips/cards").get_data(as_text=True)
    assert page.index("Fjord ApS") < page.index("Nordlys ApS")         # the latest to expire first
    for card in (first, second):
        assert f'<a href="/invoices/{card.invoice.id}">{card.invoice.number}</a>' in page
    assert "03.05.2028" in page and "02.05.2028" in page               # 18 months after the invoice dates
