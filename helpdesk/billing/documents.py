"""The files an invoice, credit note or reminder is delivered as: a PDF, and OIOUBL XML for e-invoicing.

The PDF and the file names are in the current locale (the reader's, or a mail recipient's); OIOUBL is Danish.
"""

from flask_babel import gettext

from helpdesk.billing.models import Invoice, Reminder
from helpdesk.billing.oioubl import invoice_xml, reminder_xml
from helpdesk.billing.pdf import invoice_pdf, reminder_pdf
from helpdesk.customers.models import Customer
from helpdesk.errors import DomainError, NotFound
from helpdesk.extensions import db
from helpdesk.notifications.attachments import attachment_kind


def pdf_download(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice's PDF and its file name."""
    if invoice.is_credit_note:
        return invoice_pdf(invoice), gettext("kreditnota-%(number)s.pdf", number=invoice.number)
    return invoice_pdf(invoice), gettext("faktura-%(number)s.pdf", number=invoice.number)


def xml_download(invoice: Invoice) -> tuple[bytes, str]:
    """The invoice's OIOUBL XML and its file name; a customer without a valid EAN/GLN or CVR is refused."""
    return invoice_xml(invoice, _customer_of(invoice)), f"oioubl-{invoice.number}.xml"


def reminder_pdf_download(reminder: Reminder) -> tuple[bytes, str]:
    """The reminder's PDF and its file name."""
    return reminder_pdf(reminder), f"{_reminder_name(reminder)}.pdf"


def reminder_xml_download(reminder: Reminder) -> tuple[bytes, str]:
    """The reminder's OIOUBL XML and its file name; a customer without a valid EAN/GLN or CVR is refused."""
    return reminder_xml(reminder, _customer_of(reminder.invoice)), f"{_reminder_name(reminder)}.xml"


def _reminder_name(reminder: Reminder) -> str:
    return gettext("rykker-%(invoice)s-%(reminder)s", invoice=reminder.invoice.number, reminder=reminder.number)


def _customer_of(invoice: Invoice) -> Customer:
    if invoice.customer is None:
        raise DomainError(gettext("Kunden findes ikke længere; der kan ikke laves et OIOUBL-dokument."),
                          field="customer")
    return invoice.customer


@attachment_kind("invoice")
def _invoice_attachment(invoice_id: int) -> tuple[bytes, str, str]:
    return *pdf_download(_stored(Invoice, invoice_id)), "application/pdf"


@attachment_kind("reminder")
def _reminder_attachment(reminder_id: int) -> tuple[bytes, str, str]:
    return *reminder_pdf_download(_stored(Reminder, reminder_id)), "application/pdf"


def _stored(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound(f"{model.__name__} {object_id} findes ikke.")
    return found
