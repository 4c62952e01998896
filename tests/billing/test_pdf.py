"""Invoice PDFs, read back with a PDF text extractor."""

import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from helpdesk.billing.models import LineKind
from helpdesk.billing.oioubl import invoice_xml
from helpdesk.billing.pdf import invoice_pdf, late_payment_terms
from helpdesk.billing.services import LineInput, issue_credit_note, issue_invoice
from helpdesk.extensions import db
from tests.billing.conftest import BUYER_CVR


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_invoice_pdf_holds_number_dates_cvrs_total_and_payment_details(card_invoice):
    text = pdf_text(invoice_pdf(card_invoice))
    print(text)

    assert text.startswith("hostkon.IT ApS")
    assert "Faktura" in text
    assert f"Fakturanummer: {card_invoice.number}" in text
    assert "Fakturadato: 02.11.2026" in text
    assert "Forfaldsdato: 10.11.2026" in text
    assert "CVR-nr. 26786843" in text                      # the seller
    assert f"CVR-nr. {BUYER_CVR}" in text                  # the buyer
    assert "Kunde Ærø ApS" in text
    assert "Klippekort, 40 klip à 15 minutter" in text
    assert "Subtotal ekskl. moms 16.000,00" in text
    assert "Moms 25 % 4.000,00" in text
    assert "I alt DKK 20.000,00" in text
    assert "reg.nr. 1234, konto 0012345678, IBAN DK5912340012345678, BIC DABADKKK" in text
    assert f"Betales senest 10.11.2026. Angiv fakturanummer {card_invoice.number} ved betaling." in text
    assert ("Ved for sen betaling beregnes renter på 2 % pr. påbegyndt måned samt rykkergebyr på 100 kr. og "
            "kompensation på 310 kr.") in " ".join(text.split())
    assert "Heraf momsfrit" not in text


def test_compusoft_terms_and_vat_free_lines(make):
    customer = make.customer(name="Compu Kunde A/S", terms_profile="compusoft", address="Vej 1\n5000 Odense C")
    invoice = issue_invoice(customer, [
        LineInput(LineKind.HOURLY, "Konsulentbistand", 2, Decimal("950.00")),
        LineInput(LineKind.OUTLAY, "Udlæg: kabel", 1, Decimal("1234.50")),
    ], date(2026, 11, 30))
    db.session.commit()

    text = " ".join(pdf_text(invoice_pdf(invoice)).split())

    assert "Subtotal ekskl. moms 3.134,50" in text
    assert "Heraf momsfrit 1.234,50" in text
    assert "Moms 25 % 475,00" in text
    assert "I alt DKK 3.609,50" in text
    assert "0 %" in text
    assert "renter på 6 % pr. påbegyndt måned samt rykkergebyr på 100 kr. og kompensation på 310 kr." in text


def test_private_customer_is_not_told_of_fees(make):
    customer = make.customer(name="Hans Hansen", is_business=False)
    invoice = issue_invoice(customer, [LineInput(LineKind.HOURLY, "Hjælp", 1, Decimal("500.00"))], date(2026, 3, 2))
    db.session.commit()

    text = " ".join(pdf_text(invoice_pdf(invoice)).split())

    assert "Ved for sen betaling beregnes renter på 2 % pr. påbegyndt måned." in text
    assert "rykkergebyr" not in text
    assert "CVR-nr." in text and text.count("CVR-nr.") == 1  # only the seller's


def test_characters_outside_latin1_are_replaced(make):
    customer = make.customer(name="Kunde – “Citat” ApS")
    invoice = issue_invoice(customer, [LineInput(LineKind.HOURLY, "Opsætning – 2 € … ✓", 1, Decimal("1.00"))],
                            date(2026, 3, 2))
    db.session.commit()

    text = pdf_text(invoice_pdf(invoice))

    assert 'Kunde - "Citat" ApS' in text
    assert "Opsætning - 2 EUR ... ?" in text


def test_credit_note_pdf_names_the_invoice_it_credits_and_why(make, card_invoice):
    note = issue_credit_note(make.user("manager"), card_invoice.id, "Kortet blev solgt to gange", None,
                             date(2026, 11, 3))

    text = " ".join(pdf_text(invoice_pdf(note)).split())

    assert "Kreditnota" in text and "Faktura " not in text
    assert f"Kreditnotanummer: {note.number}" in text
    assert "Dato: 03.11.2026" in text
    assert f"Krediterer faktura: {card_invoice.number}" in text
    assert "CVR-nr. 26786843" in text and f"CVR-nr. {BUYER_CVR}" in text
    assert "Kreditering: Klippekort, 40 klip à 15 minutter" in text
    assert "I alt DKK 20.000,00" in text
    assert "Årsag: Kortet blev solgt to gange" in text
    assert "Betales senest" not in text


def test_an_invoice_whose_customer_is_gone_states_the_terms_it_was_issued_under(make):
    customer = make.customer(terms_profile="compusoft")
    invoice = issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                            date(2026, 3, 2))
    db.session.commit()
    db.session.delete(customer)
    db.session.commit()
    db.session.refresh(invoice)
    assert invoice.customer is None
    assert late_payment_terms(invoice) == ("Ved for sen betaling beregnes renter på 6 % pr. påbegyndt måned samt "
                                           "rykkergebyr på 100 kr. og kompensation på 310 kr.")
    assert late_payment_terms(invoice) in " ".join(pdf_text(invoice_pdf(invoice)).split())


def hub_invoice(make, language):
    """1,000.00 net + 25 % VAT issued on 2 March 2026, net 8 days; a kundeHUB user of the customer in a language."""
    customer = make.customer(name="Nordlys ApS", cvr=BUYER_CVR, payment_terms_days=8)
    invoice = issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                            date(2026, 3, 2))
    db.session.commit()
    return invoice, make.user("customer", customer=customer, language=language)


def test_an_english_reader_gets_the_invoice_pdf_in_english(client, auth, make):
    invoice, reader = hub_invoice(make, "en")
    auth.login(reader)
    response = client.get(f"/hub/invoices/{invoice.id}.pdf")
    text = " ".join(pdf_text(response.data).split())

    assert response.headers["Content-Disposition"] == "attachment; filename=invoice-1.pdf"
    assert ("Invoice Invoice number: 1 Invoice date: 02/03/2026 Due date: 10/03/2026") in text
    assert "CVR no. 26786843 E-mail " in text and "Phone " in text
    assert f"Nordlys ApS CVR no. {BUYER_CVR}" in text
    assert "Description Qty Unit price Amount VAT Konsulentbistand 1 1,000.00 1,000.00 25%" in text
    assert "Subtotal excl. VAT 1,000.00 VAT 25% 250.00 Total DKK 1,250.00" in text
    assert ("Payment details: reg. no. 1234, account 0012345678, IBAN DK5912340012345678, BIC DABADKKK. "
            "Payable by 10/03/2026. Please state invoice number 1 with your payment. "
            "Late payment is charged interest of 2% per started month, a reminder fee of 100 DKK and "
            "compensation of 310 DKK.") in text
    assert [word for word in ("Faktura", "Forfaldsdato", "Moms", "Betales", "kr.") if word in text] == []


def test_a_danish_reader_gets_the_invoice_pdf_in_danish(client, auth, make):
    invoice, reader = hub_invoice(make, "da")
    auth.login(reader)
    response = client.get(f"/hub/invoices/{invoice.id}.pdf")
    text = " ".join(pdf_text(response.data).split())

    assert response.headers["Content-Disposition"] == "attachment; filename=faktura-1.pdf"
    assert "Faktura Fakturanummer: 1 Fakturadato: 02.03.2026 Forfaldsdato: 10.03.2026" in text
    assert "Beskrivelse Antal Enhedspris Beløb Moms Konsulentbistand 1 1.000,00 1.000,00 25 %" in text
    assert "Subtotal ekskl. moms 1.000,00 Moms 25 % 250,00 I alt DKK 1.250,00" in text
    assert "Betales senest 10.03.2026. Angiv fakturanummer 1 ved betaling." in text
    assert [word for word in ("Invoice", "Due date", "VAT", "Payable") if word in text] == []


def test_an_english_manager_gets_an_english_credit_note_and_danish_oioubl(client, auth, make, card_invoice):
    note = issue_credit_note(make.user("manager"), card_invoice.id, "Kortet blev solgt to gange", None,
                             date(2026, 11, 3))
    auth.login(make.user("manager", language="en"))
    pdf = client.get(f"/invoices/{note.id}.pdf")
    text = " ".join(pdf_text(pdf.data).split())
    xml = client.get(f"/invoices/{card_invoice.id}.xml")

    assert pdf.headers["Content-Disposition"] == f"attachment; filename=credit-note-{note.number}.pdf"
    assert (f"Credit note Credit note number: {note.number} Date: 03/11/2026 "
            f"Credits invoice: {card_invoice.number}") in text
    assert "Reason: Kortet blev solgt to gange" in text
    assert (f"The amount is deducted from invoice {card_invoice.number}; if the invoice has already been paid, "
            "the amount is owed to you.") in text
    assert xml.status_code == 200 and xml.data == invoice_xml(card_invoice, card_invoice.customer)
    assert "Ved for sen betaling beregnes renter på 2 % pr. påbegyndt måned".encode() in xml.data


def test_the_pdf_printed_for_the_post_is_danish_whichever_language_the_manager_reads(client, auth, make):
    invoice, _ = hub_invoice(make, "da")
    invoice.delivery_channel = "post"
    db.session.commit()
    auth.login(make.user("manager", language="en"))
    response = client.get(f"/invoices/{invoice.id}/print.pdf")
    text = " ".join(pdf_text(response.data).split())

    assert f'href="/invoices/{invoice.id}/print.pdf"' in client.get("/invoices/dispatch").get_data(as_text=True)
    assert response.headers["Content-Disposition"] == "attachment; filename=faktura-1.pdf"
    assert "Faktura Fakturanummer: 1 Fakturadato: 02.03.2026 Forfaldsdato: 10.03.2026" in text
    assert "Subtotal ekskl. moms 1.000,00 Moms 25 % 250,00 I alt DKK 1.250,00" in text
    assert "Invoice" not in text
