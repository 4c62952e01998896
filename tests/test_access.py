"""Who may reach what: a customer user sees only its own customer, never internal notes."""

import pytest

from helpdesk.cases import services as cases


@pytest.fixture
def two_customers(make):
    a, b = make.customer(name="Alfa ApS"), make.customer(name="Beta ApS")
    return {
        "a": a,
        "b": b,
        "user_a": make.user("customer", customer=a),
        "case_a": make.case(a, subject="Alfas sag"),
        "case_b": make.case(b, subject="Betas hemmelige sag"),
    }


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/", "/cases/", "/hub/", "/cases/new"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_customer_cannot_open_another_customers_case(client, auth, two_customers):
    auth.login(two_customers["user_a"])
    assert client.get(f"/hub/cases/{two_customers['case_a'].id}").status_code == 200
    response = client.get(f"/hub/cases/{two_customers['case_b'].id}")
    assert response.status_code == 404
    assert "Betas hemmelige sag" not in response.get_data(as_text=True)


def test_a_customer_lists_only_its_own_cases(client, auth, two_customers):
    auth.login(two_customers["user_a"])
    for path in ("/hub/", "/hub/cases/"):
        page = client.get(path).get_data(as_text=True)
        assert "Alfas sag" in page and "Betas hemmelige sag" not in page


def test_a_customer_cannot_use_the_technician_pages(client, auth, two_customers):
    auth.login(two_customers["user_a"])
    case_b = two_customers["case_b"]
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{case_b.id}").status_code == 403
    assert client.post(f"/cases/{case_b.id}/status", data={"status": "closed"}).status_code == 403


def test_a_customer_cannot_download_another_customers_attachment(client, auth, make, two_customers):
    import io

    from werkzeug.datastructures import FileStorage

    technician = make.user("technician")
    cases.add_comment(technician, two_customers["case_b"], "Log",
                      files=[FileStorage(io.BytesIO(b"hemmelig log"), filename="log.txt")])
    attachment_id = two_customers["case_b"].attachments[0].id
    auth.login(two_customers["user_a"])
    assert client.get(f"/attachments/{attachment_id}").status_code == 404


def test_internal_notes_never_reach_the_customer(client, auth, make, two_customers):
    technician = make.user("technician")
    case_a = two_customers["case_a"]
    cases.add_comment(technician, case_a, "Kunden har glemt at betale", internal=True)
    cases.add_comment(technician, case_a, "Vi har genstartet serveren")
    auth.login(two_customers["user_a"])
    page = client.get(f"/hub/cases/{case_a.id}").get_data(as_text=True)
    assert "Vi har genstartet serveren" in page
    assert "glemt at betale" not in page


def test_staff_are_not_sent_into_kundehub(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/hub/").status_code == 403


def test_an_id_larger_than_the_database_holds_is_a_404(client, auth, make):
    auth.login(make.user("technician"))
    assert client.get("/cases/99999999999999999999").status_code == 404
    assert client.get(f"/cases/{2**31}").status_code == 404


def test_the_session_scope_keeps_each_customer_to_its_own_rows_whichever_customer_asked_before(make):
    """Every SELECT of a customer user's session, however it reaches a table, sees only that customer's rows;
    the criteria are compiled once and shared, so a second customer asking the same must get its own rows."""
    from datetime import date
    from decimal import Decimal

    import sqlalchemy as sa

    from helpdesk.access import scope_session_to
    from helpdesk.billing import services as billing
    from helpdesk.billing.models import Invoice, LineKind, Payment
    from helpdesk.cases.models import Case, CaseComment
    from helpdesk.customers.models import Customer
    from helpdesk.extensions import db
    from helpdesk.timelog.models import TimeEntry

    technician, manager = make.user("technician"), make.user("manager")
    owners = {}
    for name in ("Alfa ApS", "Beta ApS"):
        customer = make.customer(name=name)
        case = make.case(customer, subject=f"{name} sag")
        make.entry(case, "2026-11-16 09:00", "2026-11-16 09:30", actor=technician)
        cases.add_comment(technician, case, f"{name} offentlig")
        cases.add_comment(technician, case, f"{name} intern", internal=True)
        invoice = billing.issue_invoice(customer, [billing.LineInput(LineKind.HOURLY, "Timer", 1, Decimal("100.00"))],
                                        date(2026, 11, 2))
        db.session.commit()
        billing.register_payment(manager, invoice.id, "50.00", date(2026, 11, 5), date(2026, 11, 5))
        owners[name] = (customer, case, invoice)

    def seen(customer):
        scope_session_to(db.session, make.user("customer", customer=customer))
        try:
            return (
                db.session.scalars(sa.select(Customer.name).order_by(Customer.name)).all(),
                db.session.scalars(sa.select(Case.subject)).all(),
                db.session.scalars(sa.select(TimeEntry.case_id)).all(),
                db.session.scalars(sa.select(CaseComment.body).order_by(CaseComment.id)).all(),
                db.session.scalars(sa.select(Invoice.id)).all(),
                db.session.scalars(sa.select(Payment.invoice_id)).all(),
                # reached through a join, not selected: the joined table is limited too
                db.session.scalars(sa.select(Case.subject).join(TimeEntry, TimeEntry.case_id == Case.id)).all(),
            )
        finally:
            scope_session_to(db.session, None)

    for name in ("Alfa ApS", "Beta ApS", "Alfa ApS"):
        customer, case, invoice = owners[name]
        assert seen(customer) == ([name], [f"{name} sag"], [case.id], [f"{name} offentlig"], [invoice.id],
                                  [invoice.id], [f"{name} sag"])
