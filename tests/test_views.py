"""The technician's pages: find a case, open one, log time, run the timer."""

import pytest
import sqlalchemy as sa

from helpdesk.extensions import db
from helpdesk.timelog.models import RunningTimer, TimeEntry


def test_wrong_password_gets_a_clear_message(client, make):
    user = make.user("technician")
    response = client.post("/login", data={"email": user.email, "password": "forkert-kode-123"})
    assert response.status_code == 400
    assert "Forkert e-mail eller adgangskode" in response.get_data(as_text=True)


def test_sign_in_lands_on_the_role_home(client, auth, make):
    response = auth.login(make.user("technician"))
    assert response.headers["Location"].endswith("/cases/")
    auth.logout()
    customer = make.customer()
    response = auth.login(make.user("customer", customer=customer))
    assert response.headers["Location"].endswith("/hub/")


def test_new_case_form_creates_the_case(client, auth, make):
    customer = make.customer(name="Nordlys ApS")
    auth.login(make.user("technician"))
    response = client.post("/cases/new", data={
        "customer_id": customer.id, "subject": "Server nede", "category": "outage", "channel": "phone",
        "priority": "urgent", "contact_name": "Karin",
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Server nede" in page and "Nordlys ApS" in page and "Akut" in page


def test_new_case_form_names_the_missing_field(client, auth, make):
    customer = make.customer()
    auth.login(make.user("technician"))
    response = client.post("/cases/new", data={"customer_id": customer.id, "category": "support", "channel": "phone"})
    assert response.status_code == 400
    assert "Emne skal udfyldes." in response.get_data(as_text=True)


def test_case_list_filters_by_text(client, auth, make):
    make.case(subject="VPN falder ud")
    make.case(subject="Ny medarbejder")
    auth.login(make.user("technician"))
    page = client.get("/cases/?q=vpn").get_data(as_text=True)
    assert "VPN falder ud" in page and "Ny medarbejder" not in page


def test_a_case_list_page_past_the_last_says_so_and_leads_back(client, auth, make):
    make.case(subject="VPN falder ud")
    auth.login(make.user("technician"))
    page = client.get("/cases/?q=vpn&page=4").get_data(as_text=True)
    assert "Side 4 er efter den sidste (1)." in page and "Ingen sager matcher filteret." not in page
    assert 'href="/cases/?q=vpn">Til første side</a>' in page


def test_saturday_entry_refused_without_agreement_then_accepted_with_it(client, auth, make):
    case = make.case()
    auth.login(make.user("technician"))
    form = {"start": "2026-11-21T10:00", "end": "2026-11-21T10:45", "description": "Gendannelse af backup"}
    refused = client.post(f"/cases/{case.id}/time", data=form)
    assert refused.status_code == 400
    assert "uden for normal arbejdstid" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(TimeEntry.id))) == 0

    accepted = client.post(f"/cases/{case.id}/time", data=form | {"out_of_hours_agreed_by": "Karin Kunde"},
                           follow_redirects=True)
    page = accepted.get_data(as_text=True)
    assert "Tiden er gemt: 45 min., 9 klip (0×1, 0×2, 3×3)." in page
    assert "0 × 1 · 0 × 2 · 3 × 3" in page


def test_a_malformed_time_is_named_on_the_form(client, auth, make):
    case = make.case()
    auth.login(make.user("technician"))
    response = client.post(f"/cases/{case.id}/time", data={"start": "i går", "end": "2026-11-17T10:00"})
    assert response.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in response.get_data(as_text=True)


def test_timer_starts_survives_a_reload_and_stops_into_an_entry(client, auth, make):
    case = make.case(covered=True)
    auth.login(make.user("technician"))
    client.post(f"/cases/{case.id}/timer", data={"description": "Telefon"})
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Tidtagning i gang" in page and "data-started=" in page
    second = client.post(f"/cases/{make.case().id}/timer", follow_redirects=True).get_data(as_text=True)
    assert "allerede en tidtagning i gang" in second
    stopped = client.post("/timer/stop", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Tiden er gemt" in stopped
    assert db.session.scalar(sa.select(sa.func.count(RunningTimer.id))) == 0
    assert db.session.scalars(sa.select(TimeEntry)).one().description == "Telefon"


def test_editing_an_entry_reprices_it(client, auth, make):
    technician = make.user("technician")
    entry = make.entry(make.case(), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    auth.login(technician)
    form = client.get(f"/time/{entry.id}/edit").get_data(as_text=True)
    assert 'value="2026-11-17T09:00"' in form
    client.post(f"/time/{entry.id}/edit", data={"start": "2026-11-17T09:00", "end": "2026-11-17T09:10"})
    db.session.refresh(entry)
    assert (entry.minutes, entry.clips) == (10, 1)


def test_classification_override_from_the_case_page(client, auth, make):
    technician = make.user("technician")
    entry = make.entry(make.case(), "2026-11-17 09:00", "2026-11-17 09:30", actor=technician)
    auth.login(technician)
    no_reason = client.post(f"/time/{entry.id}/classification", data={"classification": "free"},
                            follow_redirects=True).get_data(as_text=True)
    assert "Angiv en begrundelse" in no_reason
    client.post(f"/time/{entry.id}/classification", data={"classification": "free", "reason": "Prisspørgsmål"})
    db.session.refresh(entry)
    assert entry.classification.value == "free"


def test_a_customer_reports_a_fault_with_a_screenshot(client, auth, make):
    import io

    customer = make.customer()
    auth.login(make.user("customer", customer=customer))
    data = {"subject": "Fejl ved login", "category": "fault", "priority": "high",
            "description": "1. Åbn siden 2. Log ind 3. Fejl 500"}
    refused = client.post("/hub/cases/new", data=data, content_type="multipart/form-data")
    assert refused.status_code == 400 and "skærmbillede" in refused.get_data(as_text=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    accepted = client.post("/hub/cases/new", data=data | {"files": (io.BytesIO(png), "fejl.png")},
                           content_type="multipart/form-data", follow_redirects=True)
    page = accepted.get_data(as_text=True)
    assert "Fejl ved login" in page and "fejl.png" in page


def test_csrf_token_is_required_on_forms(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make.user("technician")
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


OFF_CALENDAR = "Datoen skal ligge mellem 01.01.1900 og 31.12.2999."


@pytest.mark.parametrize("start, end, message", [
    ("9999-12-31T23:00", "9999-12-31T23:30", OFF_CALENDAR),  # was a 500: no day follows 9999-12-31
    ("0001-01-01T00:00", "0001-01-01T00:30", OFF_CALENDAR),  # was a 500: 0001-01-01 local is before UTC's year 1
    ("2026-01-01T08:00", "2026-03-01T08:00", "højst vare 31 dage"),  # years of work filled the memory
])
def test_a_time_no_entry_can_have_is_named_on_the_form(client, auth, make, start, end, message):
    case = make.case()
    auth.login(make.user("technician"))
    response = client.post(f"/cases/{case.id}/time", data={
        "start": start, "end": end, "out_of_hours_agreed_by": "Karin Kunde", "confirm_long": "y"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(TimeEntry.id))) == 0


@pytest.mark.parametrize("query", [{"q": "²"}, {"q": "99999999999999999999"}, {"customer": "²"}, {"assignee": "²"}])
def test_case_list_filters_that_are_no_number_are_ignored(client, auth, make, query):
    """"²".isdigit() is true but int("²") fails, and no INTEGER holds 20 digits: each was a 500."""
    make.case()
    auth.login(make.user("technician"))
    assert client.get("/cases/", query_string=query).status_code == 200


def test_a_nul_character_is_refused_before_it_reaches_the_database(client, auth, make):
    """Found by the form fuzz: PostgreSQL cannot store or compare text holding NUL (0x00); this was a 500 there."""
    case = make.case()
    auth.login(make.user("technician"))
    saved = client.post(f"/cases/{case.id}/time", data={"start": "2026-11-24T09:00", "end": "2026-11-24T09:30",
                                                        "description": "Printer\x00"})
    assert saved.status_code == 400 and "NUL-tegn" in saved.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(TimeEntry.id))) == 0
    assert client.get("/cases/", query_string={"q": "\x00"}).status_code == 400


def test_kundehub_front_page_shows_the_five_newest_cases_and_the_list_pages_them_all(client, auth, make):
    customer = make.customer()
    for number in range(1, 27):
        make.case(customer, subject=f"Henvendelse {number:02d}")
    auth.login(make.user("customer", customer=customer))

    front = client.get("/hub/").get_data(as_text=True)
    assert [f"Henvendelse {n:02d}" in front for n in (26, 22, 21)] == [True, True, False]
    assert 'href="/hub/cases/">Alle jeres sager</a>' in front

    first = client.get("/hub/cases/").get_data(as_text=True)
    assert "Henvendelse 26" in first and "Henvendelse 02" in first and "Henvendelse 01" not in first
    assert "Side 1 af 2 (26 i alt)" in first
    last = client.get("/hub/cases/?page=2").get_data(as_text=True)
    assert "Henvendelse 01" in last and "Henvendelse 02" not in last
    beyond = client.get("/hub/cases/?page=3").get_data(as_text=True)
    assert "Side 3 er efter den sidste (2)." in beyond and "I har ingen sager endnu." not in beyond


def test_kundehub_front_page_of_a_customer_without_cases_says_so(client, auth, make):
    auth.login(make.user("customer", customer=make.customer()))
    for path in ("/hub/", "/hub/cases/"):
        assert "I har ingen sager endnu." in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path, empty_text", [
    ("/invoices/", "Ingen fakturaer matcher filteret."),
    ("/agreements/", "Ingen aftaler matcher filteret."),
    ("/outbox/", "Ingen beskeder."),
    ("/audit/", "Ingen hændelser."),
    ("/customers/", "Der er ingen kunder endnu."),
])
def test_a_managers_list_asked_for_a_page_past_the_last_says_so_not_that_there_is_nothing(
        client, auth, make, path, empty_text):
    from datetime import date

    from helpdesk.clips import services as clips
    from tests.customers.conftest import add_agreement

    admin = make.user("admin")
    customer = make.customer()
    clips.sell_card(admin, customer.id, 10, "2.000,00", date(2026, 11, 2))      # an invoice and its mail
    add_agreement(customer, status="active", ends_on=None)
    auth.login(admin)                                                           # a sign-in in the audit log
    page = client.get(f"{path}?page=7").get_data(as_text=True)
    assert "Side 7 er efter den sidste (1)." in page and empty_text not in page
    assert f'href="{path}">Til første side</a>' in page


def test_a_long_case_shows_its_latest_entries_and_counts_them_all(client, auth, make, monkeypatch):
    from helpdesk.timelog import services as timelog

    monkeypatch.setattr(timelog, "ENTRIES_SHOWN", 2)
    technician = make.user("technician")
    case = make.case()
    first, second, third = (make.entry(case, f"2026-11-{day} 09:00", f"2026-11-{day} 09:30", actor=technician)
                            for day in (16, 17, 18))
    auth.login(technician)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "De seneste 2 af 3 registreringer." in page and f'href="/cases/{case.id}?entries=all#entries-shown"' in page
    assert f'id="entry-{first.id}"' not in page
    assert f'id="entry-{second.id}"' in page and f'id="entry-{third.id}"' in page
    # 3 × 30 minutes, 2 clips each, in the totals all the same
    assert "<td>90</td>" in page and "<strong>6</strong> fakturerbare" in page
    assert page.count("Tid: 30 min., 2 klip") == 2 and "Forløbet viser tid for de seneste 2 registreringer." in page
    everything = client.get(f"/cases/{case.id}?entries=all").get_data(as_text=True)
    assert all(f'id="entry-{entry.id}"' in everything for entry in (first, second, third))
    assert "De seneste" not in everything and everything.count("Tid: 30 min., 2 klip") == 3

    # Editing the oldest, which the page leaves out, returns to a page that shows it.
    answer = client.post(f"/time/{first.id}/edit", data={"start": "2026-11-16T09:00", "end": "2026-11-16T09:15"})
    assert answer.headers["Location"].endswith(f"/cases/{case.id}?entries=all#entry-{first.id}")
    answer = client.post(f"/time/{third.id}/edit", data={"start": "2026-11-18T09:00", "end": "2026-11-18T09:15"})
    assert answer.headers["Location"].endswith(f"/cases/{case.id}#entry-{third.id}")
