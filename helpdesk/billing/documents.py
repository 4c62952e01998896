"""The files an invoice or credit note is delivered as: a PDF, and OIOUBL XML for e-invoicing."""

from helpdesk.billing.models import Invoice
from helpdesk.billing.oioubl import invoice_xml
from helpdesk.billing.pdf import invoice_pdf
from helpdesk.errors import DomainError


def pdf_download(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice's PDF and its file name."""
    word = "kreditnota" if invoice.is_credit_note else "faktura"
    return invoice_pdf(invoice), f"{word}-{invoice.number}.pdf"


def xml_download(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice's OIOUBL XML and its file name; a customer without a valid EAN/GLN or CVR is refused."""
    if invoice.customer is None:
        raise DomainError("Kunden findes ikke længere; der kan ikke laves et OIOUBL-dokument.", field="customer")
    return invoice_xml(invoice, invoice.customer), f"oioubl-{invoice.number}.xml"
