"""The agreement pages: a manager creates an agreement, records notice and changes; the customer sees it."""

import io
from datetime import date

import sqlalchemy as sa

from helpdesk.agreements.models import Agreement, AgreementNotice
from helpdesk.database import local_today, statements_sent
from helpdesk.extensions import db

FORM = {"product": "hosting", "name": "Hosting af økonomisystem", "covered_categories": ["support", "fault"],
        "covered_systems": "Økonomisystem\nMail", "price_per_period": "12.000,00", "period_months": "12",
        "billed_in_advance": "y", "start_date": "2025-01-01", "terms_profile": ""}


def test_manager_creates_an_agreement_and_records_a_late_notice_with_its_document(client, auth, make):
    customer = make.customer(name="Nordlys ApS", terms_profile="hostkon")
    auth.login(make.user("manager"))
    created = client.post("/agreements/new", data={**FORM, "customer_id": customer.id}, follow_redirects=True)
    page = created.get_data(as_text=True)
    assert "Aftalen »Hosting af økonomisystem« er oprettet." in page
    assert "Økonomisystem, Mail" in page and "01.01.2025–31.12.2025" in page
    agreement = db.session.scalars(sa.select(Agreement)).one()
    noticed = client.post(f"/agreements/{agreement.id}/notices", data={
        "kind": "termination", "received_on": "2025-10-01", "given_by": "Karin Kunde",
        "document": (io.BytesIO(b"Vi opsiger hermed aftalen."), "opsigelse.txt")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "Opsigelsen er registreret: for sen (frist 30.09.2025); aftalen ophører 31.12.2026." in noticed
    record = db.session.scalars(sa.select(AgreementNotice)).one()
    document = client.get(f"/agreements/notices/{record.id}/document")
    assert document.status_code == 200 and document.data == b"Vi opsiger hermed aftalen."
    assert "attachment" in document.headers["Content-Disposition"]
    document.close()


def test_bad_input_is_named_on_the_form(client, auth, make):
    customer = make.customer()
    auth.login(make.user("manager"))
    bad = client.post("/agreements/new", data={**FORM, "customer_id": customer.id, "period_months": "0"})
    assert bad.status_code == 400 and "Periodens længde skal være 1–60 måneder." in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agreement)) == 0
    client.post("/agreements/new", data={**FORM, "customer_id": customer.id})
    agreement = db.session.scalars(sa.select(Agreement)).one()
    future = client.post(f"/agreements/{agreement.id}/notices", data={
        "kind": "termination", "received_on": (local_today().replace(year=local_today().year + 1)).isoformat(),
        "given_by": "Karin"}, content_type="multipart/form-data")
    assert future.status_code == 400 and "En opsigelse kan ikke være modtaget i fremtiden." in future.get_data(
        as_text=True)
    short = client.post(f"/agreements/{agreement.id}/changes", data={
        "kind": "terms", "description": "Nye vilkår", "notified_on": "2025-11-01", "effective_on": "2025-11-15"})
    assert short.status_code == 400
    assert "For kort varsel: ændringen kan tidligst træde i kraft 01.12.2025." in short.get_data(as_text=True)


def test_the_customer_sees_its_agreement_with_the_next_notice_deadline(client, auth, make):
    customer = make.customer(terms_profile="hostkon")
    manager = make.user("manager")
    auth.login(manager)
    start = date(local_today().year, 1, 1)
    client.post("/agreements/new", data={**FORM, "customer_id": customer.id, "start_date": start.isoformat()})
    auth.logout()
    auth.login(make.user("customer", customer=customer))
    page = client.get("/hub/agreements").get_data(as_text=True)
    assert "Hosting af økonomisystem" in page and "Næste opsigelsesfrist" in page
    assert f"30.09.{start.year}" in page or f"30.09.{start.year + 1}" in page


def test_agreement_pages_are_for_managers(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/agreements/").status_code == 403
    assert client.get("/agreements/new").status_code == 403


def test_a_start_or_customer_the_books_cannot_hold_is_named_on_the_form(client, auth, make):
    """Each was a 500: a first period ending after 9999-12-31, and int("abc")."""
    customer = make.customer()
    auth.login(make.user("manager"))
    late = client.post("/agreements/new", data={**FORM, "customer_id": customer.id, "start_date": "9999-12-31"})
    assert late.status_code == 400
    assert "Datoen skal ligge mellem 01.01.1900 og 31.12.2999." in late.get_data(as_text=True)
    nobody = client.post("/agreements/new", data={**FORM, "customer_id": "abc"})
    assert nobody.status_code == 400 and "Vælg en kunde." in nobody.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agreement)) == 0
    assert client.get("/agreements/?customer=²").status_code == 200


def test_the_agreement_list_asks_the_database_as_often_for_many_agreements_as_for_one(client, auth, make):
    """Each row names its customer and next notice deadline: read for the page at once, not row by row."""
    auth.login(make.user("manager"))

    def listed() -> tuple[str, int]:
        with statements_sent() as statements:
            page = client.get("/agreements/").get_data(as_text=True)
        return page, len(statements)

    def agreement_of(name: str) -> None:
        client.post("/agreements/new", data={**FORM, "customer_id": make.customer(name=name).id})

    agreement_of("Alfa ApS")
    _, for_one = listed()
    agreement_of("Beta ApS")
    agreement_of("Gamma ApS")
    page, for_three = listed()
    assert all(name in page for name in ("Alfa ApS", "Beta ApS", "Gamma ApS"))
    assert for_three == for_one


def test_an_english_manager_manages_agreements_in_english(client, auth, make):
    customer = make.customer(name="Nordlys ApS", terms_profile="hostkon")
    auth.login(make.user("manager", language="en"))
    created = client.post("/agreements/new", data={**FORM, "customer_id": customer.id},
                          follow_redirects=True).get_data(as_text=True)
    assert "The agreement “Hosting af økonomisystem” has been created." in created
    assert "12,000.00 DKK per 12 months, billed in advance" in created and "01/01/2025–31/12/2025" in created
    agreement = db.session.scalars(sa.select(Agreement)).one()
    noticed = client.post(f"/agreements/{agreement.id}/notices", data={
        "kind": "termination", "received_on": "2025-10-01", "given_by": "Karin <b>Kunde</b>"},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "The notice has been recorded: too late (deadline 30/09/2025); the agreement ends 31/12/2026." in noticed
    assert ("Termination from Karin &lt;b&gt;Kunde&lt;/b&gt;, received 01/10/2025: <strong>too late</strong> "
            "(deadline 30/09/2025); ends 31/12/2026.") in noticed
    listed = client.get("/agreements/").get_data(as_text=True)
    assert "<td>12 months, in advance</td>" in listed and "Notice given (ends 31/12/2026)" in listed
