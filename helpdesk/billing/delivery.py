"""Deliver issued invoices and credit notes the way the customer wants (SPEC §5; H §3.3).

E-mail (the default) queues a mail with the PDF attached in the issuing transaction. Post and OIOUBL wait on the
dispatch list until a manager has printed the letter or uploaded the XML to the e-invoicing access point and
marks it so.
"""

import sqlalchemy as sa
from flask_babel import gettext

from helpdesk.billing.models import Invoice
from helpdesk.customers.models import DeliveryChannel
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, Forbidden, NotFound
from helpdesk.extensions import db
from helpdesk.notifications.attachments import reference
from helpdesk.notifications.services import enqueue


def deliver(invoice: Invoice) -> None:
    """Send the document by the customer's channel, in the caller's transaction."""
    channel = invoice.customer.delivery_channel if invoice.customer else DeliveryChannel.EMAIL
    invoice.delivery_channel = channel.value
    if channel != DeliveryChannel.EMAIL:
        return
    db.session.flush()
    enqueue("invoice", [invoice.buyer_email], "invoice", {"invoice": invoice}, customer_id=invoice.customer_id,
            dedupe_key=f"invoice:{invoice.id}", attachment=reference("invoice", invoice.id))
    invoice.dispatched_at = utcnow()


def awaiting_dispatch() -> list[Invoice]:
    """Documents to print or upload, oldest first."""
    return list(db.session.scalars(sa.select(Invoice).where(
        Invoice.dispatched_at.is_(None), Invoice.delivery_channel.in_([DeliveryChannel.POST, DeliveryChannel.OIOUBL]),
    ).order_by(Invoice.issue_date, Invoice.number)))


def mark_dispatched(actor, invoice_id: int) -> Invoice:
    """Record that the letter was posted or the XML uploaded."""
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere kan markere fakturaer som afsendt."))
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(gettext("Faktura %(number)s findes ikke.", number=invoice_id))
    if invoice.dispatched_at is not None:
        raise Conflict(gettext("Faktura %(number)s er allerede afsendt.", number=invoice.number))
    invoice.dispatched_at = utcnow()
    db.session.commit()
    return invoice

