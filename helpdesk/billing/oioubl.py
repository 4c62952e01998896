"""OIOUBL 2.02 e-invoices, credit notes and reminders (UBL 2.0) for customers with an EAN/GLN number, for NemHandel.

Lines with VAT are StandardRated at 25 %; outlays, fees, interest and compensation are ZeroRated at 0 %.
In OIOUBL, LegalMonetaryTotal/TaxExclusiveAmount holds the total VAT (rule F-INV127).
The notes are Danish whoever downloads the document: it is read by the buyer's bookkeeping, not by the reader.
"""

import re
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask_babel import gettext
from lxml import etree
from lxml.builder import ElementMaker
from stdnum import ean
from stdnum.dk import cvr

from helpdesk.billing.models import Invoice, InvoiceLine, Reminder
from helpdesk.billing.pdf import Owed, late_payment_terms, reminder_lines, reminder_terms
from helpdesk.billing.seller import Seller, seller
from helpdesk.customers.models import Customer
from helpdesk.errors import DomainError
from helpdesk.i18n import in_danish

UBL = "urn:oasis:names:specification:ubl:schema:xsd"
NSMAP = {"cac": f"{UBL}:CommonAggregateComponents-2", "cbc": f"{UBL}:CommonBasicComponents-2"}
INVOICE = ElementMaker(namespace=f"{UBL}:Invoice-2", nsmap={None: f"{UBL}:Invoice-2", **NSMAP})
CREDIT_NOTE = ElementMaker(namespace=f"{UBL}:CreditNote-2", nsmap={None: f"{UBL}:CreditNote-2", **NSMAP})
REMINDER = ElementMaker(namespace=f"{UBL}:Reminder-2", nsmap={None: f"{UBL}:Reminder-2", **NSMAP})
CAC = ElementMaker(namespace=NSMAP["cac"], nsmap=NSMAP)
CBC = ElementMaker(namespace=NSMAP["cbc"], nsmap=NSMAP)

CURRENCY = "DKK"
OIOUBL = "320"  # the Danish Business Authority, as scheme and list agency
UNIT = "EA"
STREET = re.compile(r"(?P<street>.+?)\s+(?P<number>\d+\w*)")
POSTAL = re.compile(r"(?:DK-?)?(?P<zone>\d{4})\s+(?P<city>.+)")


def invoice_xml(invoice: Invoice, customer: Customer) -> bytes:
    """Return an OIOUBL 2.02 Invoice, or a CreditNote for a credit note; refuse without a GLN or a valid CVR."""
    return (_credit_note if invoice.is_credit_note else _invoice)(invoice, customer)


def _invoice(invoice: Invoice, customer: Customer) -> bytes:
    supplier = seller()
    parties = _parties(invoice, customer, supplier)
    return _serialise(INVOICE.Invoice(
        *_invoice_head(invoice, supplier),
        CBC.InvoiceTypeCode("380", listAgencyID=OIOUBL, listID="urn:oioubl:codelist:invoicetypecode-1.1"),
        CBC.DocumentCurrencyCode(CURRENCY),
        *parties,
        _payment_means(supplier, invoice.due_date, invoice.number),
        _payment_terms(in_danish(late_payment_terms, invoice), invoice.total_gross),
        *_totals(invoice),
        *(_line(line, "InvoiceLine", "InvoicedQuantity") for line in invoice.lines),
    ))


def _credit_note(note: Invoice, customer: Customer) -> bytes:
    """A CreditNote referring to the invoice it credits, the reason as the discrepancy."""
    supplier = seller()
    parties = _parties(note, customer, supplier)
    credited = note.credited_invoice
    return _serialise(CREDIT_NOTE.CreditNote(
        *_invoice_head(note, supplier),
        CBC.DocumentCurrencyCode(CURRENCY),
        CAC.DiscrepancyResponse(CBC.ReferenceID(str(credited.number)), CBC.Description(note.reason)),
        _billing_reference(credited, supplier),
        *parties,
        *_totals(note),
        *(_line(line, "CreditNoteLine", "CreditedQuantity") for line in note.lines),
    ))


def reminder_xml(reminder: Reminder, customer: Customer) -> bytes:
    """Return an OIOUBL 2.02 Reminder; refuse without a GLN or a valid CVR.

    Its lines are what the reminder asks for: the invoice's outstanding amount, then the reminder's fee,
    compensation and interest. Each line refers to the invoice it is billed on, the charges to the charges
    invoice, so nothing is charged by the reminder itself.
    """
    supplier = seller()
    invoice = reminder.invoice
    parties = _parties(invoice, customer, supplier)
    lines = in_danish(reminder_lines, reminder)
    total = _sum(line.amount for line in lines)
    charged = reminder.charges_invoice
    return _serialise(REMINDER.Reminder(
        *_head(f"{invoice.number}-{reminder.number}",
               _uuid(supplier, f"reminder:{invoice.number}:{reminder.number}"), reminder.sent_on),
        CBC.ReminderTypeCode("Reminder", listAgencyID=OIOUBL, listID="urn:oioubl:codelist:remindertypecode-1.1"),
        CBC.ReminderSequenceNumeric(str(reminder.number)),
        CBC.DocumentCurrencyCode(CURRENCY),
        *parties,
        _payment_means(supplier, reminder.sent_on, invoice.number),
        _payment_terms(" ".join(in_danish(reminder_terms, reminder)), total),
        *([_tax_total(charged.lines)] if charged else []),
        CAC.LegalMonetaryTotal(
            _money("LineExtensionAmount", total),
            _money("TaxExclusiveAmount", Decimal("0.00")),
            _money("TaxInclusiveAmount", total),
            _money("PayableAmount", total),
        ),
        *(_reminder_line(position, line, supplier) for position, line in enumerate(lines, start=1)),
    ))


def _serialise(document: etree._Element) -> bytes:
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _head(document_id: str, document_uuid: str, issue_date: date) -> list[etree._Element]:
    return [
        CBC.UBLVersionID("2.0"),
        CBC.CustomizationID("OIOUBL-2.02"),
        CBC.ProfileID("Procurement-BilSim-1.0", schemeAgencyID=OIOUBL, schemeID="urn:oioubl:id:profileid-1.2"),
        CBC.ID(document_id),
        CBC.UUID(document_uuid),
        CBC.IssueDate(issue_date.isoformat()),
    ]


def _invoice_head(invoice: Invoice, supplier: Seller) -> list[etree._Element]:
    return _head(str(invoice.number), _invoice_uuid(supplier, invoice), invoice.issue_date)


def _invoice_uuid(supplier: Seller, invoice: Invoice) -> str:
    """Invoices and credit notes share one number sequence, so the number names the document."""
    return _uuid(supplier, f"document:{invoice.number}")


def _uuid(supplier: Seller, name: str) -> str:
    """The same UUID each time a document is rendered."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:dk:cvr:{supplier.cvr}:{name}"))


def _billing_reference(invoice: Invoice, supplier: Seller) -> etree._Element:
    return CAC.BillingReference(CAC.InvoiceDocumentReference(
        CBC.ID(str(invoice.number)), CBC.UUID(_invoice_uuid(supplier, invoice)),
        CBC.IssueDate(invoice.issue_date.isoformat()),
    ))


def _parties(invoice: Invoice, customer: Customer, supplier: Seller) -> list[etree._Element]:
    """The seller and the buyer, once the buyer's GLN and both CVR numbers are found valid."""
    gln = _gln(customer)
    seller_cvr = _cvr(supplier.cvr, supplier.name)
    buyer_cvr = _cvr(invoice.buyer_cvr, invoice.buyer_name)
    return [CAC.AccountingSupplierParty(_supplier(supplier, seller_cvr)),
            CAC.AccountingCustomerParty(_customer(invoice, customer, gln, buyer_cvr))]


def _gln(customer: Customer) -> str:
    gln = (customer.gln or "").strip()
    if len(gln) != 13 or not ean.is_valid(gln):
        raise DomainError(gettext("%(name)s har ikke et gyldigt EAN/GLN-nummer (13 cifre), som en OIOUBL-faktura "
                                  "kræver.", name=customer.name), field="gln")
    return gln


def _cvr(number: str | None, owner: str) -> str:
    if not number or not cvr.is_valid(number):
        raise DomainError(gettext("%(name)s har ikke et gyldigt CVR-nummer (%(number)s), som en OIOUBL-faktura "
                                  "kræver.", name=owner, number=number or gettext("intet angivet")), field="cvr")
    return cvr.compact(number)


def _money(tag: str, amount: Decimal) -> etree._Element:
    return CBC(tag, f"{amount:.2f}", currencyID=CURRENCY)


def _supplier(supplier: Seller, number: str) -> etree._Element:
    return _party(CBC.EndpointID(f"DK{number}", schemeID="DK:CVR"), supplier.name, supplier.address, number,
                  CAC.Contact(CBC.Telephone(supplier.phone), CBC.ElectronicMail(supplier.email)),
                  CAC.PartyTaxScheme(CBC.CompanyID(f"DK{number}", schemeID="DK:SE"), _vat_scheme()))


def _customer(invoice: Invoice, customer: Customer, gln: str, number: str) -> etree._Element:
    """The buyer, reached at its GLN; its customer number is the contact reference OIOUBL requires."""
    mail = [CBC.ElectronicMail(invoice.buyer_email)] if invoice.buyer_email else []
    return _party(CBC.EndpointID(gln, schemeAgencyID="9", schemeID="GLN"), invoice.buyer_name,
                  invoice.buyer_address, number, CAC.Contact(CBC.ID(str(customer.id)), *mail))


def _party(endpoint: etree._Element, name: str, address: str, number: str, contact: etree._Element,
           *tax_schemes: etree._Element) -> etree._Element:
    return CAC.Party(
        endpoint,
        CAC.PartyIdentification(CBC.ID(f"DK{number}", schemeID="DK:CVR")),
        CAC.PartyName(CBC.Name(name)),
        _address(address),
        *tax_schemes,
        CAC.PartyLegalEntity(CBC.RegistrationName(name), CBC.CompanyID(f"DK{number}", schemeID="DK:CVR")),
        contact,
    )


def _address(text: str) -> etree._Element:
    """A 'street number' / 'zip city' address as StructuredDK; any other as unstructured lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    street = STREET.fullmatch(lines[0]) if len(lines) == 2 else None
    postal = POSTAL.fullmatch(lines[-1]) if len(lines) == 2 else None
    if street and postal:
        return CAC.PostalAddress(
            _address_format("StructuredDK"),
            CBC.StreetName(street["street"]), CBC.BuildingNumber(street["number"]),
            CBC.CityName(postal["city"]), CBC.PostalZone(postal["zone"]),
            CAC.Country(CBC.IdentificationCode("DK")),
        )
    return CAC.PostalAddress(_address_format("Unstructured"), *(CAC.AddressLine(CBC.Line(line)) for line in lines))


def _address_format(code: str) -> etree._Element:
    return CBC.AddressFormatCode(code, listAgencyID=OIOUBL, listID="urn:oioubl:codelist:addressformatcode-1.1")


def _payment_means(supplier: Seller, due_date: date, invoice_number: int) -> etree._Element:
    """A domestic bank transfer (code 42) to the seller's reg. and account number, the invoice number as note."""
    return CAC.PaymentMeans(
        CBC.ID("1"),
        CBC.PaymentMeansCode("42"),
        CBC.PaymentDueDate(due_date.isoformat()),
        CBC.PaymentChannelCode("DK:BANK", listAgencyID=OIOUBL, listID="urn:oioubl:codelist:paymentchannelcode-1.1"),
        CAC.PayeeFinancialAccount(CBC.ID(supplier.bank_account), CBC.PaymentNote(str(invoice_number)),
                                  CAC.FinancialInstitutionBranch(CBC.ID(supplier.bank_reg))),
    )


def _payment_terms(note: str, payable: Decimal) -> etree._Element:
    return CAC.PaymentTerms(CBC.ID("1"), CBC.PaymentMeansID("1"), CBC.Note(note), _money("Amount", payable))


def _totals(invoice: Invoice) -> list[etree._Element]:
    """The VAT and the amounts; OIOUBL's TaxExclusiveAmount is the VAT itself (F-INV127)."""
    return [
        _tax_total(invoice.lines),
        CAC.LegalMonetaryTotal(
            _money("LineExtensionAmount", invoice.total_net),
            _money("TaxExclusiveAmount", invoice.total_vat),
            _money("TaxInclusiveAmount", invoice.total_gross),
            _money("PayableAmount", invoice.total_gross),
        ),
    ]


def _tax_total(lines: Sequence[InvoiceLine]) -> etree._Element:
    """The VAT of the lines, with a subtotal per rate (25 % first)."""
    rates = sorted({line.vat_percent for line in lines}, reverse=True)
    subtotals = [_tax_subtotal([line for line in lines if line.vat_percent == rate], rate) for rate in rates]
    return CAC.TaxTotal(_money("TaxAmount", _sum(line.vat for line in lines)), *subtotals)


def _tax_subtotal(lines: list[InvoiceLine], rate: int) -> etree._Element:
    return CAC.TaxSubtotal(
        _money("TaxableAmount", _sum(line.net for line in lines)),
        _money("TaxAmount", _sum(line.vat for line in lines)),
        CAC.TaxCategory(
            CBC.ID("StandardRated" if rate else "ZeroRated", schemeAgencyID=OIOUBL,
                   schemeID="urn:oioubl:id:taxcategoryid-1.1"),
            CBC.Percent(str(rate)),
            _vat_scheme(),
        ),
    )


def _vat_scheme() -> etree._Element:
    return CAC.TaxScheme(CBC.ID("63", schemeAgencyID=OIOUBL, schemeID="urn:oioubl:id:taxschemeid-1.1"),
                         CBC.Name("Moms"))


def _sum(amounts) -> Decimal:
    return sum(amounts, Decimal("0.00"))


def _line(line: InvoiceLine, tag: str, quantity: str) -> etree._Element:
    return CAC(
        tag,
        CBC.ID(str(line.position)),
        CBC(quantity, str(line.quantity), unitCode=UNIT),
        _money("LineExtensionAmount", line.net),
        _tax_total([line]),
        CAC.Item(CBC.Description(line.description), CBC.Name(line.description)),
        CAC.Price(_money("PriceAmount", line.unit_price), CBC.BaseQuantity("1", unitCode=UNIT)),
    )


def _reminder_line(position: int, line: Owed, supplier: Seller) -> etree._Element:
    return CAC.ReminderLine(
        CBC.ID(str(position)),
        CBC.Note(line.description),
        _money("DebitLineAmount", line.amount),
        _billing_reference(line.invoice, supplier),
    )
