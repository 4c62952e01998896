"""A customer's data as a ZIP: managers for any customer, a customer user for its own company only."""

import csv
import io
import json
import zipfile
from datetime import date

from werkzeug.datastructures import FileStorage

from helpdesk.cases import services as cases
from helpdesk.cases.models import Case
from helpdesk.customers import retention
from helpdesk.customers.models import Customer
from helpdesk.database import statements_sent
from helpdesk.extensions import db
from helpdesk.timelog import expenses
from tests.customers.conftest import LOG


def open_zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=kundedata-")
    return zipfile.ZipFile(io.BytesIO(response.data))


def read_json(archive: zipfile.ZipFile, name: str):
    return json.loads(archive.read(name))


def test_the_managers_export_holds_every_kind_and_the_files(client, auth, manager, ended):
    auth.login(manager)
    archive = open_zip(client.get(f"/customers/{ended.customer_id}/export.zip"))
    kinds = ("agreements", "cases", "comments", "events", "attachments", "time_entries", "expenses", "clip_cards",
             "clip_ledger", "invoices", "invoice_lines", "payments")
    assert {f"{kind}.{suffix}" for kind in kinds for suffix in ("json", "csv")} | {"customer.json"} <= set(
        archive.namelist())
    assert archive.read(f"attachments/{ended.case_number}/smtp.log") == LOG

    customer = read_json(archive, "customer.json")
    assert (customer["name"], customer["cvr"], customer["hourly_rate"]) == ("Nordlys ApS", "12972997", "950.00")
    assert [contact["email"] for contact in customer["contacts"]] == ["karin@nordlys.dk"]
    assert [c["internal"] for c in read_json(archive, "comments.json")] == [False, True]
    [entry] = read_json(archive, "time_entries.json")
    assert (entry["case"], entry["started_at"], entry["clips"]) == (ended.case_number, "2025-10-06T09:00:00+02:00", 4)
    invoices = read_json(archive, "invoices.json")
    assert [(i["total_net"], i["total_vat"], i["total_gross"]) for i in invoices] == [
        ("16000.00", "4000.00", "20000.00"), ("950.00", "237.50", "1187.50")]
    assert read_json(archive, "payments.json")[0]["received"] == "20000.00"
    assert read_json(archive, "expenses.json")[0]["amount"] == "89.50"
    assert read_json(archive, "agreements.json")[0]["price_per_period"] == "12000.00"

    rows = list(csv.reader(io.StringIO(archive.read("invoices.csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["number", "kind"] and rows[1][-1] == "20000.00"


def test_a_customer_downloads_its_own_export_without_internal_notes(client, auth, make, ended):
    other = make.customer(name="Fjordsoft A/S")
    make.case(other, subject="Fjordsofts sag")
    auth.login(make.user("customer", customer=db.session.get(Customer, ended.customer_id)))
    page = client.get("/hub/").get_data(as_text=True)
    assert "/hub/export.zip" in page
    archive = open_zip(client.get("/hub/export.zip"))
    assert [case["subject"] for case in read_json(archive, "cases.json")] == ["Mailserveren afviser post"]
    assert [c["body"] for c in read_json(archive, "comments.json")] == ["Vi har genstartet mailserveren."]
    assert all(not event["internal"] for event in read_json(archive, "events.json"))
    assert b"Fjordsoft" not in b"".join(archive.read(name) for name in archive.namelist())
    assert client.get(f"/customers/{other.id}/export.zip").status_code == 403
    assert client.get(f"/customers/{ended.customer_id}/export.zip").status_code == 403


def test_staff_who_are_not_managers_get_403(client, auth, make, ended):
    auth.login(make.technician())
    assert client.get(f"/customers/{ended.customer_id}/export.zip").status_code == 403
    assert client.get("/customers/retention").status_code == 403
    assert client.post(f"/customers/{ended.customer_id}/postpone-deletion",
                       data={"until": "2026-05-01", "reason": "Revision"}).status_code == 403


def test_an_unknown_customer_is_a_404(client, auth, manager):
    auth.login(manager)
    assert client.get("/customers/999/export.zip").status_code == 404


def test_the_export_after_deletion_still_holds_the_invoices(client, auth, manager, ended):
    retention.delete_ended_customers(date(2026, 3, 17))
    retention.delete_ended_customers(date(2026, 3, 31))
    auth.login(manager)
    archive = open_zip(client.get(f"/customers/{ended.customer_id}/export.zip"))
    assert read_json(archive, "cases.json") == []
    assert len(read_json(archive, "invoices.json")) == 2
    assert not [name for name in archive.namelist() if name.startswith("attachments/")]


def test_a_file_name_used_twice_in_a_case_is_kept_apart(client, auth, make, manager, ended):
    case = db.session.get(Case, ended.case_id)
    cases.add_comment(make.technician(), case, "Ny log", files=[FileStorage(io.BytesIO(b"anden log"),
                                                                            filename="smtp.log")])
    second = case.attachments[-1]
    auth.login(manager)
    archive = open_zip(client.get(f"/customers/{ended.customer_id}/export.zip"))
    folder = f"attachments/{ended.case_number}"
    assert archive.read(f"{folder}/smtp.log") == LOG
    assert archive.read(f"{folder}/smtp-{second.id}.log") == b"anden log"
    assert [a["file"] for a in read_json(archive, "attachments.json")] == [f"{folder}/smtp.log",
                                                                           f"{folder}/smtp-{second.id}.log"]


def test_the_export_asks_the_database_as_often_for_many_cases_and_people_as_for_one(client, auth, make, manager,
                                                                                  ended):
    """Each case names its assignee, each comment, file and expense its author: read with each sheet."""
    auth.login(manager)

    def exported() -> int:
        db.session.expire_all()         # what the test made is read again, not found at hand
        with statements_sent() as statements:
            open_zip(client.get(f"/customers/{ended.customer_id}/export.zip"))
        return len(statements)

    db.session.get(Case, ended.case_id).assignee = make.technician()
    db.session.commit()
    for_one = exported()
    customer = db.session.get(Customer, ended.customer_id)
    for number in range(2):
        technician = make.technician()
        case = make.case(customer, subject=f"Sag {number}")
        case.assignee = technician
        cases.add_comment(technician, case, "Log vedlagt.",
                          files=[FileStorage(io.BytesIO(LOG), filename="smtp.log")])
        expenses.add_expense(technician, case, "outlay", date(2025, 10, 6), "Kabel", amount="10,00",
                             today=date(2025, 10, 6))
    assert exported() == for_one


def test_an_english_reader_gets_the_same_files_under_an_english_name(client, auth, make, ended):
    """The columns are the JSON's keys in every language; only the ZIP's name follows the reader."""
    auth.login(make.user("manager", language="en"))
    response = client.get(f"/customers/{ended.customer_id}/export.zip")
    assert response.headers["Content-Disposition"] == f"attachment; filename=customer-data-{ended.customer_id}.zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.reader(io.StringIO(archive.read("invoices.csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["number", "kind"]
