"""OIOUBL e-invoices and credit notes, checked with the UBL schema and the official OIOUBL schematron."""

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from helpdesk.billing.models import LineKind
from helpdesk.billing.oioubl import invoice_xml
from helpdesk.billing.services import CreditInput, LineInput, issue_credit_note, issue_invoice
from helpdesk.errors import DomainError
from helpdesk.extensions import db
from tests.billing.conftest import BUYER, BUYER_CVR, BUYER_GLN, sold_card_invoice

NS = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def valid(xml: bytes, oioubl_errors) -> etree._Element:
    errors = oioubl_errors(xml)
    assert errors == [], "\n".join(errors)
    return etree.fromstring(xml)


def value(element: etree._Element, path: str) -> str:
    return element.findtext(path, namespaces=NS)


def tax_subtotals(element: etree._Element) -> list[tuple[str, str, str]]:
    return [(value(subtotal, "cac:TaxCategory/cbc:ID"), value(subtotal, "cbc:TaxableAmount"),
             value(subtotal, "cbc:TaxAmount")) for subtotal in element.findall("cac:TaxTotal/cac:TaxSubtotal", NS)]


# The harness itself: the official examples pass, a broken copy fails with the expected rule.

@pytest.mark.parametrize("example", ["OIOUBL_Invoice_v2p2.xml", "OIOUBL_CreditNote_v2p2.xml"])
def test_official_examples_have_no_errors(oioubl_release, oioubl_errors, example):
    valid((oioubl_release / "Eksempelfiler" / example).read_bytes(), oioubl_errors)


def test_changed_customization_id_breaks_rule_f_lib002(oioubl_release, oioubl_errors):
    example = (oioubl_release / "Eksempelfiler" / "OIOUBL_Invoice_v2p2.xml").read_bytes()
    broken = example.replace(b"<cbc:CustomizationID>OIOUBL-2.1<", b"<cbc:CustomizationID>OIOUBL-9.9<")

    errors = oioubl_errors(broken)

    assert len(errors) == 1 and errors[0].startswith("[F-LIB002]"), errors


@pytest.mark.parametrize(("address", "address_format"), [
    ("Kundevej 12\n8000 Aarhus C", "StructuredDK"),
    ("Att. Bogholderiet\nKundevej 12, 1. tv.\n8000 Aarhus C", "Unstructured"),
    ("", "Unstructured"),
])
def test_clip_card_invoice_is_valid_oioubl(make, address, address_format, oioubl_errors):
    buyer = make.customer(**{**BUYER, "address": address})
    invoice = sold_card_invoice(make, buyer)

    document = valid(invoice_xml(invoice, buyer), oioubl_errors)

    assert etree.QName(document).localname == "Invoice"
    assert value(document, "cbc:CustomizationID") == "OIOUBL-2.02"
    assert value(document, "cbc:ID") == str(invoice.number)
    assert value(document, "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID") == "DK26786843"
    assert value(document, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == BUYER_GLN
    assert value(document, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID") == \
        f"DK{BUYER_CVR}"
    assert value(document, "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:AddressFormatCode") == \
        address_format
    assert tax_subtotals(document) == [("StandardRated", "16000.00", "4000.00")]
    assert value(document, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == "16000.00"
    assert value(document, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "4000.00"
    assert value(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "20000.00"
    assert value(document, "cac:PaymentMeans/cbc:PaymentDueDate") == "2026-11-10"
    assert value(document, "cac:PaymentTerms/cbc:Note").startswith("Ved for sen betaling beregnes renter på 2 %")


def test_vat_free_line_is_zero_rated(mixed_invoice, buyer, oioubl_errors):
    document = valid(invoice_xml(mixed_invoice, buyer), oioubl_errors)

    assert tax_subtotals(document) == [("StandardRated", "2850.00", "712.50"), ("ZeroRated", "89.50", "0.00")]
    assert [tax_subtotals(line) for line in document.findall("cac:InvoiceLine", NS)] == [
        [("StandardRated", "2850.00", "712.50")], [("ZeroRated", "89.50", "0.00")]]
    assert value(document, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == "2939.50"
    assert value(document, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "712.50"
    assert value(document, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount") == "3652.00"


def test_credit_note_is_a_valid_oioubl_credit_note(make, mixed_invoice, buyer, oioubl_errors):
    note = issue_credit_note(make.user("manager"), mixed_invoice.id, "Udlægget var faktureret før",
                             [CreditInput(2)], date(2026, 12, 2))

    document = valid(invoice_xml(note, buyer), oioubl_errors)

    assert etree.QName(document).localname == "CreditNote"
    assert value(document, "cbc:ID") == str(note.number)
    assert value(document, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == str(mixed_invoice.number)
    assert value(document, "cac:DiscrepancyResponse/cbc:Description") == "Udlægget var faktureret før"
    assert tax_subtotals(document) == [("ZeroRated", "89.50", "0.00")]
    assert value(document, "cac:CreditNoteLine/cbc:CreditedQuantity") == "1"
    assert value(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "89.50"


def test_the_credit_note_refers_to_the_uuid_of_the_invoice(make, card_invoice, buyer):
    note = issue_credit_note(make.user("manager"), card_invoice.id, "Fejl", None, date(2026, 11, 3))

    invoice = etree.fromstring(invoice_xml(card_invoice, buyer))
    credit_note = etree.fromstring(invoice_xml(note, buyer))

    assert value(credit_note, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID") == \
        value(invoice, "cbc:UUID")
    assert value(credit_note, "cbc:UUID") != value(invoice, "cbc:UUID")


def invoice_for(customer):
    invoice = issue_invoice(customer, [LineInput(LineKind.HOURLY, "Hjælp", 1, Decimal("500.00"))], date(2026, 3, 2))
    db.session.commit()
    return invoice


@pytest.mark.parametrize("gln", [None, "", "579000000001", "5790000000013", "579000000001X"])
def test_customer_without_valid_gln_is_refused(make, gln):
    customer = make.customer(cvr=BUYER_CVR, gln=gln)

    with pytest.raises(DomainError) as refused:
        invoice_xml(invoice_for(customer), customer)

    assert refused.value.field == "gln"
    assert "EAN/GLN" in refused.value.message


@pytest.mark.parametrize("cvr", [None, "12345678", "1297299"])
def test_buyer_with_invalid_cvr_is_refused(make, cvr):
    customer = make.customer(name="Forkert CVR ApS", cvr=cvr, gln=BUYER_GLN)

    with pytest.raises(DomainError) as refused:
        invoice_xml(invoice_for(customer), customer)

    assert refused.value.field == "cvr"
    assert refused.value.message.startswith("Forkert CVR ApS har ikke et gyldigt CVR-nummer")


def test_seller_with_invalid_cvr_is_refused(app, card_invoice, buyer):
    app.config["HELPDESK_SELLER_CVR"] = "26786842"

    with pytest.raises(DomainError) as refused:
        invoice_xml(card_invoice, buyer)

    assert refused.value.field == "cvr"
    assert refused.value.message.startswith("hostkon.IT ApS har ikke et gyldigt CVR-nummer (26786842)")
