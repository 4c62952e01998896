"""Reminders (rykkere) as documents: the PDF read back, OIOUBL checked by the official schematron, the downloads.

Figures worked out by hand from SPEC §6: 1,250.00 kr (1,000.00 + 25 % VAT) due 2025-03-09 and unpaid.
Hostkon: reminder 1 on 2025-03-12 charges a 100.00 fee, 310.00 compensation and 2 % interest for month 1
(25.00), so 1,685.00 is owed now; reminder 2 (03-22) and 3 (04-01) charge only the fee: 1,350.00.
"""

from datetime import date

import pytest
import sqlalchemy as sa
from lxml import etree

from helpdesk.billing.dunning import run_dunning
from helpdesk.billing.models import Reminder
from helpdesk.billing.oioubl import invoice_xml, reminder_xml
from helpdesk.billing.pdf import reminder_pdf
from helpdesk.errors import DomainError
from helpdesk.extensions import db
from tests.billing.conftest import BUYER, BUYER_CVR
from tests.billing.test_dunning import overdue_invoice, replay
from tests.billing.test_oioubl import NS, tax_subtotals, valid, value
from tests.billing.test_pdf import pdf_text

HOSTKON_TERMS = ("Ved for sen betaling beregnes renter på 2 % pr. påbegyndt måned samt rykkergebyr på 100 kr. og "
                 "kompensation på 310 kr.")


def reminders(invoice, last_day: date) -> dict[int, Reminder]:
    """Run the dunning from the due date up to a day; the invoice's reminders by number."""
    replay(invoice.due_date, last_day)
    return {r.number: r for r in db.session.scalars(sa.select(Reminder).where(Reminder.invoice_id == invoice.id))}


def text_of(reminder: Reminder) -> str:
    return " ".join(pdf_text(reminder_pdf(reminder)).split())


def test_first_reminder_pdf_holds_the_invoice_the_charges_and_the_total(make):
    invoice = overdue_invoice(make, **BUYER)
    first = reminders(invoice, date(2025, 3, 12))[1]

    text = text_of(first)

    assert (invoice.number, first.charges_invoice.number) == (1, 2)
    assert text.startswith("hostkon.IT ApS")
    assert "CVR-nr. 26786843" in text                      # the seller
    assert f"Kunde Ærø ApS Kundevej 12 8000 Aarhus C CVR-nr. {BUYER_CVR}" in text
    assert ("Rykker 1 for faktura 1 Dato: 12.03.2025 Fakturanummer: 1 Fakturadato: 01.03.2025 "
            "Forfaldsdato: 09.03.2025") in text
    assert "Udestående på faktura 1, forfalden 09.03.2025 1.250,00" in text
    assert "Rykkergebyr for rykker 1 100,00" in text
    assert "Kompensation for forsinket betaling 310,00" in text
    assert "Renter 2 % pr. påbegyndt måned af 1.250,00 kr., måned 1 efter forfald 25,00" in text
    assert "Heraf gebyr, kompensation og renter (momsfrit) 435,00" in text
    assert "At betale nu DKK 1.685,00" in text
    assert "reg.nr. 1234, konto 0012345678, IBAN DK5912340012345678, BIC DABADKKK" in text
    assert "Betal venligst 1.685,00 kr. straks. Angiv fakturanummer 1 ved betaling." in text
    assert "Denne rykkers gebyr, kompensation og renter er faktureret på faktura 2." in text
    assert f"{HOSTKON_TERMS} Er beløbet ikke betalt 10 dage efter 3. rykker, overdrages sagen til inkasso." in text
    assert "Moms 25 %" not in text


def test_third_reminder_pdf_charges_only_the_fee_and_names_the_collection_day(make):
    invoice = overdue_invoice(make, **BUYER)
    third = reminders(invoice, date(2025, 4, 1))[3]

    text = text_of(third)

    assert "Rykker 3 for faktura 1 Dato: 01.04.2025" in text
    assert "Rykkergebyr for rykker 3 100,00" in text
    assert "Kompensation for forsinket betaling" not in text
    assert "Renter 2 %" not in text
    assert "Heraf gebyr, kompensation og renter (momsfrit) 100,00 At betale nu DKK 1.350,00" in text
    assert ("Dette er sidste rykker. Er beløbet ikke betalt inden 10 dage, overdrages sagen til inkasso den "
            "11.04.2025.") in text


def test_a_late_first_reminder_books_every_started_month(make):
    """First run on 2025-05-10: months 1–3 have started, 3 × 25.00 = 75.00."""
    invoice = overdue_invoice(make, **BUYER)
    run_dunning(date(2025, 5, 10))
    first = invoice.reminders[0]

    text = text_of(first)

    assert "Renter 2 % pr. påbegyndt måned af 1.250,00 kr., måned 1-3 efter forfald 75,00" in text
    assert "At betale nu DKK 1.735,00" in text


def test_a_later_reminder_books_only_the_month_started_since(make):
    invoice = overdue_invoice(make, **BUYER)
    run_dunning(date(2025, 3, 12))
    run_dunning(date(2025, 4, 10))    # reminder 2, sent late: month 2 began 2025-04-10

    text = text_of(invoice.reminders[1])

    assert "Renter 2 % pr. påbegyndt måned af 1.250,00 kr., måned 2 efter forfald 25,00" in text
    assert "At betale nu DKK 1.375,00" in text


def test_compusoft_reminder_charges_6_percent_and_knows_no_collection(make):
    invoice = overdue_invoice(make, terms_profile="compusoft")
    first = reminders(invoice, date(2025, 3, 12))[1]

    text = text_of(first)

    assert "Renter 6 % pr. påbegyndt måned af 1.250,00 kr., måned 1 efter forfald 75,00" in text
    assert "At betale nu DKK 1.735,00" in text
    assert text.endswith("Ved for sen betaling beregnes renter på 6 % pr. påbegyndt måned samt rykkergebyr på "
                         "100 kr. og kompensation på 310 kr.")
    assert "inkasso" not in text


def test_a_private_customer_is_reminded_of_interest_only(make):
    invoice = overdue_invoice(make, name="Hans Hansen", is_business=False)
    first = reminders(invoice, date(2025, 3, 12))[1]

    text = text_of(first)

    assert "Renter 2 % pr. påbegyndt måned af 1.250,00 kr., måned 1 efter forfald 25,00" in text
    assert "Heraf gebyr, kompensation og renter (momsfrit) 25,00 At betale nu DKK 1.275,00" in text
    assert "Rykkergebyr" not in text and "rykkergebyr" not in text
    assert "Ved for sen betaling beregnes renter på 2 % pr. påbegyndt måned. Er beløbet ikke betalt 10 dage" in text


def lines(document: etree._Element) -> list[tuple[str, str, str]]:
    return [(value(line, "cbc:Note"), value(line, "cbc:DebitLineAmount"),
             value(line, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"))
            for line in document.findall("cac:ReminderLine", NS)]


def test_first_reminder_is_a_valid_oioubl_reminder(make, oioubl_errors):
    invoice = overdue_invoice(make, **BUYER)
    first = reminders(invoice, date(2025, 3, 12))[1]

    document = valid(reminder_xml(first, invoice.customer), oioubl_errors)

    assert etree.QName(document).localname == "Reminder"
    assert value(document, "cbc:CustomizationID") == "OIOUBL-2.02"
    assert value(document, "cbc:ID") == "1-1"
    assert value(document, "cbc:IssueDate") == "2025-03-12"
    assert value(document, "cbc:ReminderTypeCode") == "Reminder"
    assert value(document, "cbc:ReminderSequenceNumeric") == "1"
    assert value(document, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == BUYER["gln"]
    assert lines(document) == [
        ("Udestående på faktura 1, forfalden 09.03.2025", "1250.00", "1"),
        ("Rykkergebyr for rykker 1", "100.00", "2"),
        ("Kompensation for forsinket betaling", "310.00", "2"),
        ("Renter 2 % pr. påbegyndt måned af 1.250,00 kr., måned 1 efter forfald", "25.00", "2"),
    ]
    assert value(document, "cac:ReminderLine/cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID") == \
        value(etree.fromstring(invoice_xml(invoice, invoice.customer)), "cbc:UUID")
    assert tax_subtotals(document) == [("ZeroRated", "435.00", "0.00")]
    assert value(document, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == "1685.00"
    assert value(document, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "0.00"
    assert value(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "1685.00"
    assert value(document, "cac:PaymentMeans/cbc:PaymentDueDate") == "2025-03-12"
    assert value(document, "cac:PaymentTerms/cbc:Amount") == "1685.00"


def test_third_reminder_is_a_valid_oioubl_reminder(make, oioubl_errors):
    invoice = overdue_invoice(make, **BUYER)
    third = reminders(invoice, date(2025, 4, 1))[3]

    document = valid(reminder_xml(third, invoice.customer), oioubl_errors)

    assert (value(document, "cbc:ID"), value(document, "cbc:ReminderSequenceNumeric")) == ("1-3", "3")
    assert lines(document) == [("Udestående på faktura 1, forfalden 09.03.2025", "1250.00", "1"),
                               ("Rykkergebyr for rykker 3", "100.00", "4")]
    assert tax_subtotals(document) == [("ZeroRated", "100.00", "0.00")]
    assert value(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "1350.00"
    assert value(document, "cac:PaymentTerms/cbc:Note") == (
        f"{HOSTKON_TERMS} Dette er sidste rykker. Er beløbet ikke betalt inden 10 dage, overdrages sagen til "
        "inkasso den 11.04.2025.")


def test_a_reminder_without_charges_is_valid_oioubl(make, oioubl_errors):
    """A private customer's 2nd reminder in month 1 charges nothing: only the outstanding amount is asked for."""
    invoice = overdue_invoice(make, **{**BUYER, "is_business": False})
    second = reminders(invoice, date(2025, 3, 22))[2]
    assert second.charges_invoice is None

    document = valid(reminder_xml(second, invoice.customer), oioubl_errors)

    assert lines(document) == [("Udestående på faktura 1, forfalden 09.03.2025", "1250.00", "1")]
    assert document.find("cac:TaxTotal", NS) is None
    assert value(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "1250.00"


def test_a_customer_without_gln_gets_no_oioubl_reminder(make):
    invoice = overdue_invoice(make, name="Uden EAN ApS", cvr=BUYER_CVR, gln=None)
    first = reminders(invoice, date(2025, 3, 12))[1]

    with pytest.raises(DomainError) as refused:
        reminder_xml(first, invoice.customer)

    assert refused.value.field == "gln"
    assert refused.value.message == ("Uden EAN ApS har ikke et gyldigt EAN/GLN-nummer (13 cifre), som en "
                                     "OIOUBL-faktura kræver.")


def test_manager_downloads_a_reminder_as_pdf_and_oioubl(client, auth, make):
    invoice = overdue_invoice(make, **BUYER)
    first = reminders(invoice, date(2025, 3, 12))[1]
    auth.login(make.user("manager"))

    page = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    pdf = client.get(f"/invoices/reminders/{first.id}.pdf")
    xml = client.get(f"/invoices/reminders/{first.id}.xml")

    assert f'href="/invoices/reminders/{first.id}.pdf"' in page
    assert f'href="/invoices/reminders/{first.id}.xml"' in page
    assert (pdf.status_code, pdf.content_type) == (200, "application/pdf")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=rykker-1-1.pdf"
    assert pdf.data.startswith(b"%PDF")
    assert (xml.status_code, xml.mimetype) == (200, "application/xml")
    assert xml.headers["Content-Disposition"] == "attachment; filename=rykker-1-1.xml"
    assert etree.QName(etree.fromstring(xml.data)).localname == "Reminder"
    assert client.get("/invoices/reminders/999.pdf").status_code == 404


def test_manager_is_told_why_a_reminder_has_no_oioubl(client, auth, make):
    invoice = overdue_invoice(make, name="Uden EAN ApS", cvr=BUYER_CVR, gln=None)
    first = reminders(invoice, date(2025, 3, 12))[1]
    auth.login(make.user("manager"))

    response = client.get(f"/invoices/reminders/{first.id}.xml")

    assert (response.status_code, response.location) == (302, f"/invoices/{invoice.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "OIOUBL kan ikke laves: Uden EAN ApS har ikke et gyldigt EAN/GLN-nummer" in page
    assert f"/invoices/reminders/{first.id}.xml" not in page


def test_reminder_documents_are_for_managers_only(client, auth, make):
    invoice = overdue_invoice(make)
    first = reminders(invoice, date(2025, 3, 12))[1]
    auth.login(make.user("technician"))

    assert client.get(f"/invoices/reminders/{first.id}.pdf").status_code == 403
    assert client.get(f"/invoices/reminders/{first.id}.xml").status_code == 403


def test_a_customer_downloads_only_its_own_reminders(client, auth, make):
    own = overdue_invoice(make, name="Egen ApS")
    other = overdue_invoice(make, name="Anden ApS")
    replay(date(2025, 3, 9), date(2025, 3, 12))
    own_reminder, other_reminder = own.reminders[0], other.reminders[0]
    auth.login(make.user("customer", customer=own.customer))

    page = client.get("/hub/invoices").get_data(as_text=True)
    response = client.get(f"/hub/invoices/reminders/{own_reminder.id}.pdf")

    assert f'href="/hub/invoices/reminders/{own_reminder.id}.pdf"' in page
    assert f"/hub/invoices/reminders/{other_reminder.id}.pdf" not in page
    assert (response.status_code, response.content_type) == (200, "application/pdf")
    assert response.headers["Content-Disposition"] == f"attachment; filename=rykker-{own.number}-1.pdf"
    assert "Rykker 1 for faktura" in pdf_text(response.data) and "Egen ApS" in pdf_text(response.data)
    assert client.get(f"/hub/invoices/reminders/{other_reminder.id}.pdf").status_code == 404


def test_an_english_reader_gets_the_reminder_pdf_in_english(client, auth, make):
    invoice = overdue_invoice(make, **BUYER)
    first = reminders(invoice, date(2025, 3, 12))[1]
    auth.login(make.user("customer", customer=invoice.customer, language="en"))

    response = client.get(f"/hub/invoices/reminders/{first.id}.pdf")
    text = " ".join(pdf_text(response.data).split())

    assert response.headers["Content-Disposition"] == "attachment; filename=reminder-1-1.pdf"
    assert ("Reminder 1 for invoice 1 Date: 12/03/2025 Invoice number: 1 Invoice date: 01/03/2025 "
            "Due date: 09/03/2025") in text
    assert f"Kunde Ærø ApS Kundevej 12 8000 Aarhus C CVR no. {BUYER_CVR}" in text
    assert "Description Amount Outstanding on invoice 1, due 09/03/2025 1,250.00" in text
    assert "Reminder fee for reminder 1 100.00" in text
    assert "Compensation for late payment 310.00" in text
    assert "Interest of 2% per started month on 1,250.00 DKK, month 1 after the due date 25.00" in text
    assert "Of which fees, compensation and interest (no VAT) 435.00 To pay now DKK 1,685.00" in text
    assert ("Invoice 1 fell due for payment on 09/03/2025, and on 12/03/2025 we are still owed 1,250.00 DKK. "
            "If you have paid in the meantime, please disregard this reminder.") in text
    assert "Please pay 1,685.00 DKK at once. Please state invoice number 1 with your payment." in text
    assert "This reminder's fee, compensation and interest are invoiced on invoice 2." in text
    assert text.endswith("Late payment is charged interest of 2% per started month, a reminder fee of 100 DKK and "
                         "compensation of 310 DKK. If the amount is not paid 10 days after reminder 3, the matter "
                         "is passed to debt collection.")
    assert [word for word in ("Rykker", "Udestående", "Renter", "kr.", "inkasso") if word in text] == []


def test_an_english_manager_reads_months_of_interest_and_the_collection_day_in_english(client, auth, make):
    late = overdue_invoice(make, **BUYER)
    run_dunning(date(2025, 5, 10))
    third = reminders(overdue_invoice(make, **BUYER), date(2025, 4, 1))[3]
    auth.login(make.user("manager", language="en"))

    late_text, third_text = (" ".join(pdf_text(client.get(f"/invoices/reminders/{reminder.id}.pdf").data).split())
                             for reminder in (late.reminders[0], third))

    assert "Interest of 2% per started month on 1,250.00 DKK, months 1-3 after the due date 75.00" in late_text
    assert ("This is the last reminder. If the amount is not paid within 10 days, the matter is passed to debt "
            "collection on 11/04/2025.") in third_text
