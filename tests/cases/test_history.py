"""A case's history reads in the reader's language, its values formatted for the reader's locale."""

import io
import json
import zipfile
from datetime import date

import pytest
from flask_babel import force_locale

from helpdesk.cases import deliveries, services
from helpdesk.cases.models import CaseEvent
from helpdesk.extensions import db
from helpdesk.timelog import expenses
from helpdesk.timelog import services as timelog
from tests.factories import copenhagen


def read(event: CaseEvent) -> tuple[str, str]:
    """The line as a Danish and an English reader see it."""
    with force_locale("da"):
        danish = event.text
    with force_locale("en_GB"):
        return danish, event.text


def lines(case, kind: str) -> list[tuple[str, str]]:
    db.session.refresh(case)
    return [read(event) for event in case.events if event.kind == kind]


def delivered(make, moment: str = "2026-11-20 13:00"):
    case = make.case(category="delivery", subject="Ny server")
    deliveries.mark_delivered(make.technician(), case, copenhagen(moment))
    return case


@pytest.mark.parametrize(("channel", "english"), [("portal", "Case created via the portal"),
                                                  ("phone", "Case created by phone"),
                                                  ("email", "Case created by email")])
def test_created(make, channel, english):
    danish = {"portal": "Sag oprettet via portal", "phone": "Sag oprettet via telefon",
              "email": "Sag oprettet via e-mail"}[channel]
    assert lines(make.case(channel=channel), "created") == [(danish, english)]


def test_status_change(make):
    case = make.case()
    services.change_status(make.technician(), case, "resolved")
    services.change_status(make.technician(), case, "open")
    assert lines(case, "status") == [("Ny → Løst", "New → Resolved"), ("Løst → Åben", "Resolved → Open")]


def test_assignment(make):
    case = make.case()
    services.assign(make.technician(), case, make.user("technician", name="Tina Tekniker").id)
    services.assign(make.technician(), case, None)
    assert lines(case, "assigned") == [("Tildelt Tina Tekniker", "Assigned to Tina Tekniker"),
                                       ("Ikke tildelt", "Unassigned")]


def test_complaint(make):
    case = delivered(make, "2026-01-05 10:00")
    complaint = deliveries.file_complaint(make.technician(), case, "Backup fejler", "", date(2026, 2, 1))
    assert lines(complaint, "complaint") == [(f"Klage over leverancen i sag {case.number}",
                                              f"Complaint about the delivery in case {case.number}")]
    assert lines(case, "complaint") == [(f"Klage modtaget: sag {complaint.number}",
                                         f"Complaint received: case {complaint.number}")]


def test_delivery(make):
    assert lines(delivered(make), "delivered") == [
        ("Leveret 20.11.2026 13:00; kunden svarer senest 27.11.2026",
         "Delivered 20/11/2026 13:00; the customer answers by 27/11/2026")]


@pytest.mark.parametrize(("accept", "answered", "expected"), [
    (True, "2026-11-23", ("Leverancen er godkendt", "The delivery was accepted")),
    (False, "2026-11-23", ("Leverancen er afvist", "The delivery was rejected")),
    (True, "2026-11-30", ("Leverancen er godkendt efter fristen 27.11.2026",
                          "The delivery was accepted after the deadline 27/11/2026")),
    (False, "2026-11-30", ("Leverancen er afvist efter fristen 27.11.2026",
                           "The delivery was rejected after the deadline 27/11/2026")),
])
def test_delivery_answer(make, accept, answered, expected):
    case = delivered(make)
    deliveries.answer_delivery(make.user("customer", customer=case.customer), case, accept,
                               "" if accept else "Backup kører ikke", copenhagen(f"{answered} 10:00"))
    assert lines(case, "delivery_answer") == [expected]


def test_delivery_overdue(make):
    case = delivered(make)
    deliveries.flag_overdue_deliveries(date(2026, 11, 30))
    assert lines(case, "delivery_overdue") == [
        ("Kunden har ikke besvaret leverancen inden fristen 27.11.2026",
         "The customer has not answered the delivery by the deadline 27/11/2026")]


def test_attribution(make):
    case = make.case(covered=True)
    make.entry(case, "2026-03-02 09:00", "2026-03-02 09:10")
    make.entry(case, "2026-03-03 09:00", "2026-03-03 09:10")
    services.set_fault_attribution(make.technician(), case, "customer")
    services.set_fault_attribution(make.technician(), case, "customer")
    services.set_fault_attribution(make.technician(), case, None)
    assert lines(case, "attribution") == [
        ("Fejlen skyldes: Kunde; 2 tidsregistreringer klassificeret igen",
         "Fault caused by: Customer; 2 time entries reclassified"),
        ("Fejlen skyldes: Kunde", "Fault caused by: Customer"),
        ("Fejlen skyldes: —; 2 tidsregistreringer klassificeret igen",
         "Fault caused by: —; 2 time entries reclassified"),
    ]


def test_expense(make):
    case = make.case()
    technician = make.technician()
    expenses.add_expense(technician, case, "mileage", date(2026, 3, 2), "Odense tur/retur", kilometres="12,5")
    expenses.add_expense(technician, case, "outlay", date(2026, 3, 2), "Netværkskabel", amount="89,50")
    assert lines(case, "expense") == [("Kørsel registreret: Odense tur/retur", "Mileage logged: Odense tur/retur"),
                                      ("Udlæg registreret: Netværkskabel", "Outlay logged: Netværkskabel")]


def test_travel_estimate(make):
    case = make.case()
    expenses.set_travel_estimate(make.technician(), case, "12,5", "")
    expenses.set_travel_estimate(make.technician(), case, "1234", "1234,50")
    assert lines(case, "travel_estimate") == [
        ("Overslag over kørsel: 12,5 km", "Travel estimate: 12.5 km"),
        ("Overslag over kørsel: 1.234,0 km, udlæg 1.234,50 kr.", "Travel estimate: 1,234.0 km, outlays 1,234.50 DKK"),
    ]


def test_time_deleted(make):
    case = make.case()
    timelog.delete_entry(make.technician(), make.entry(case, "2026-03-02 09:00", "2026-03-02 09:10"))
    timelog.delete_entry(make.technician(), make.entry(case, "2026-03-02 10:00", "2026-03-02 10:20"))
    assert lines(case, "time_deleted") == [("Tidsregistrering slettet: 10 min., 1 klip",
                                            "Time entry deleted: 10 min., 1 clip"),
                                           ("Tidsregistrering slettet: 20 min., 2 klip",
                                            "Time entry deleted: 20 min., 2 clips")]


def test_classification(make):
    case = make.case()
    entry = make.entry(case, "2026-03-02 09:00", "2026-03-02 09:10")
    timelog.override_classification(make.technician(), entry, "free", "Kun et prisspørgsmål")
    assert lines(case, "classification") == [
        (f"Tid {entry.id}: Fakturerbar → Gratis. Begrundelse: Kun et prisspørgsmål",
         f"Time {entry.id}: Billable → Free. Reason: Kun et prisspørgsmål")]


def test_a_line_kept_before_it_had_values_reads_as_it_was_written(make):
    case = make.case()
    db.session.add(CaseEvent(case=case, kind="status", detail="Åben → Løst (100 %)"))
    db.session.commit()
    assert lines(case, "status") == [("Åben → Løst (100 %)", "Åben → Løst (100 %)")]


def test_a_kept_line_whose_values_no_longer_fit_its_text_is_shown_not_a_failure(make):
    """A history msgid is a stored format; a row whose placeholders and values have drifted apart still reads."""
    case = make.case()
    db.session.add_all([
        CaseEvent(case=case, kind="note", detail="Tildelt %(name)s", params={"name": "Tina", "extra": "x"}),
        CaseEvent(case=case, kind="note", detail="Tildelt %(assignee)s", params={"name": "Tina"})])
    db.session.commit()
    assert lines(case, "note") == [("Tildelt Tina", "Assigned to Tina"),
                                   ("Tildelt %(assignee)s Tina", "Tildelt %(assignee)s Tina")]


@pytest.mark.parametrize(("language", "line"), [("da", "Overslag over kørsel: 12,5 km"),
                                                ("en", "Travel estimate: 12.5 km")])
def test_the_case_page_shows_the_history_in_the_technicians_language(client, auth, make, language, line):
    case = make.case()
    expenses.set_travel_estimate(make.technician(), case, "12,5", "")
    auth.login(make.user("technician", language=language))
    assert line in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_an_english_customers_export_has_the_history_in_english(client, auth, make):
    customer = make.customer()
    case = make.case(customer)
    expenses.set_travel_estimate(make.technician(), case, "12,5", "89,50")
    auth.login(make.user("customer", customer=customer, language="en"))
    archive = zipfile.ZipFile(io.BytesIO(client.get("/hub/export.zip").data))
    assert [event["detail"] for event in json.loads(archive.read("events.json"))] == [
        "Case created by phone", "Travel estimate: 12.5 km, outlays 89.50 DKK"]
