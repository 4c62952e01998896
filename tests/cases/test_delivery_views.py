"""The delivery on the technician's case page and in kundeHUB: mark delivered, answer, complain."""

import io
from datetime import date, timedelta

from helpdesk.cases import deliveries
from helpdesk.cases.models import Case, DeliveryAnswer, Status
from helpdesk.database import utcnow
from helpdesk.extensions import db
from tests.factories import copenhagen

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def delivered(make, customer=None, when=None) -> Case:
    case = make.case(customer, category="delivery", subject="Ny server")
    deliveries.mark_delivered(make.technician(), case, when or copenhagen("2026-11-20 13:00"))
    return case


def test_a_technician_marks_a_delivery_case_as_delivered(client, auth, make):
    case = make.case(category="delivery", subject="Ny server")
    auth.login(make.user("technician"))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Markér som leveret" in page
    response = client.post(f"/cases/{case.id}/delivered", data={"delivered_at": "2026-11-20T13:00"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Leverancen er markeret som leveret" in page
    assert "20.11.2026 13:00" in page and "Svarfrist" in page and "27.11.2026" in page


def test_a_delivery_in_the_future_is_refused_on_the_page(client, auth, make):
    case = make.case(category="delivery")
    auth.login(make.user("technician"))
    page = client.post(f"/cases/{case.id}/delivered", data={"delivered_at": "2100-01-04T10:00"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Leveringstidspunktet kan ikke ligge i fremtiden." in page
    db.session.expire_all()
    assert case.delivered_at is None


def test_other_cases_show_no_delivery(client, auth, make):
    case = make.case(category="support")
    auth.login(make.user("technician"))
    assert "Markér som leveret" not in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_the_technician_sees_the_overdue_flag_and_the_complaints(client, auth, make):
    case = delivered(make, when=copenhagen("2026-04-01 15:00"))
    deliveries.flag_overdue_deliveries(date(2026, 4, 14))
    complaint = deliveries.file_complaint(make.technician(), case, "Backup fejler", "", date(2026, 5, 4))
    auth.login(make.user("technician"))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Kunden har ikke svaret inden fristen 13.04.2026" in page and "(markeret" in page
    assert f"Sag {complaint.number}: Backup fejler" in page
    page = client.get(f"/cases/{complaint.id}").get_data(as_text=True)
    assert f"Klage over leverancen i <a href=\"/cases/{case.id}\">sag {case.number}</a>" in page


def test_the_customer_sees_the_deadline_and_accepts(client, auth, make):
    case = delivered(make)
    auth.login(make.user("customer", customer=case.customer))
    page = client.get(f"/hub/cases/{case.id}").get_data(as_text=True)
    assert "senest 27.11.2026" in page and "Godkend leverancen" in page and "Afvis leverancen" in page
    response = client.post(f"/hub/cases/{case.id}/delivery-answer", data={"answer": "accepted"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/hub/cases/{case.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tak. Leverancen er godkendt." in page and "Godkend leverancen" not in page
    db.session.expire_all()
    assert case.delivery_answer == DeliveryAnswer.ACCEPTED and case.status == Status.RESOLVED


def test_a_rejection_without_a_reason_is_refused_in_kundehub(client, auth, make):
    case = delivered(make)
    auth.login(make.user("customer", customer=case.customer))
    page = client.post(f"/hub/cases/{case.id}/delivery-answer", data={"answer": "rejected", "reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Skriv en begrundelse for afvisningen" in page
    db.session.expire_all()
    assert case.delivery_answer is None and case.status == Status.WAITING


def test_the_customer_rejects_with_a_reason(client, auth, make):
    case = delivered(make)
    auth.login(make.user("customer", customer=case.customer))
    page = client.post(f"/hub/cases/{case.id}/delivery-answer",
                       data={"answer": "rejected", "reason": "Mailserveren mangler"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Leverancen er afvist." in page and "Mailserveren mangler" in page


def test_another_customer_cannot_see_or_answer_the_delivery(client, auth, make):
    case = delivered(make)
    auth.login(make.user("customer", customer=make.customer()))
    assert client.get(f"/hub/cases/{case.id}").status_code == 404
    assert client.post(f"/hub/cases/{case.id}/delivery-answer", data={"answer": "accepted"}).status_code == 404
    assert client.post(f"/hub/cases/{case.id}/complaint",
                       data={"complaint-subject": "Fejl", "complaint-description": "x"}).status_code == 404
    db.session.expire_all()
    assert case.delivery_answer is None


def test_the_customer_complains_within_12_months(client, auth, make):
    case = delivered(make, when=utcnow() - timedelta(days=3))
    auth.login(make.user("customer", customer=case.customer))
    assert "Klag over leverancen" in client.get(f"/hub/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/hub/cases/{case.id}/complaint", data={
        "complaint-subject": "Backup fejler", "complaint-description": "Jobbet stopper efter 10 minutter.",
        "complaint-files": [(io.BytesIO(PNG), "fejl.png", "image/png")],
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tak. Din klage har sagsnummer" in page and "Klage over leverancen i" in page
    assert "Backup fejler" in page


def test_a_complaint_without_a_screenshot_is_refused_in_kundehub(client, auth, make):
    case = delivered(make, when=utcnow() - timedelta(days=3))
    auth.login(make.user("customer", customer=case.customer))
    page = client.post(f"/hub/cases/{case.id}/complaint", data={
        "complaint-subject": "Backup fejler", "complaint-description": "Jobbet stopper.",
    }, follow_redirects=True).get_data(as_text=True)
    assert "Vedhæft et skærmbillede af fejlmeddelelsen" in page
    assert deliveries.complaints_about(case) == []


def test_no_complaint_after_12_months(client, auth, make):
    case = delivered(make, when=copenhagen("2025-01-01 10:00"))
    auth.login(make.user("customer", customer=case.customer))
    assert "Klag over leverancen" not in client.get(f"/hub/cases/{case.id}").get_data(as_text=True)
    page = client.post(f"/hub/cases/{case.id}/complaint", data={
        "complaint-subject": "Backup fejler", "complaint-description": "Jobbet stopper.",
    }, follow_redirects=True).get_data(as_text=True)
    assert "Reklamationsperioden for leverancen sluttede 01.01.2026." in page
