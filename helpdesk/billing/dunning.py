"""The daily dunning run (SPEC §6): reminders 1–3, their fee, compensation and interest, then collection.

Each reminder's charges are issued as an invoice of their own (VAT-free lines, due at once) so they are paid,
credited and documented like any other; such a charges invoice is never dunned itself. Invoices are dunned in
transactions of BATCH_SIZE (a commit per invoice made the run wait on the disk: bench/README.md), and the
(invoice, number) key makes a repeated run, or the rerun after a crash, change nothing already done.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import selectinload

from helpdesk.billing.models import DocumentKind, Invoice, InvoiceStatus, LineKind, Reminder
from helpdesk.billing.services import LineInput, issue_invoice, outstanding
from helpdesk.clips.warnings import contacts_of
from helpdesk.database import next_numbers
from helpdesk.errors import NotFound
from helpdesk.extensions import db
from helpdesk.notifications.attachments import reference
from helpdesk.notifications.services import Mail, enqueue_all
from helpdesk.rules import dunning

OPEN = (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE)
# Invoices dunned per transaction: few enough that the invoice counter and the invoices are not held for long.
BATCH_SIZE = 50


@dataclass(frozen=True)
class Due:
    """A reminder decided for an invoice, and the lines its charges invoice will have."""

    invoice: Invoice
    reminder: Reminder
    lines: list[LineInput]


def _charges_lines(reminder: Reminder, invoice: Invoice) -> list[LineInput]:
    lines = []
    if reminder.fee:
        lines.append(LineInput(LineKind.REMINDER_FEE, f"Rykkergebyr, rykker {reminder.number} for faktura "
                                                      f"{invoice.number}", 1, reminder.fee))
    if reminder.compensation:
        lines.append(LineInput(LineKind.COMPENSATION, f"Kompensation for forsinket betaling af faktura "
                                                      f"{invoice.number}", 1, reminder.compensation))
    if reminder.interest:
        lines.append(LineInput(LineKind.INTEREST, f"Renter af faktura {invoice.number}, "
                                                  f"{reminder.interest_months} påbegyndte måneder i alt", 1,
                               reminder.interest))
    return lines


def _remind(invoice: Invoice, number: int, day: date) -> Due:
    """The reminder due, and the lines of its charges invoice (none when it charges nothing)."""
    terms = invoice.terms
    earlier = invoice.reminders
    owed = outstanding(invoice)
    charges = dunning.reminder_charges(number, terms, invoice.buyer_is_business, invoice.disputed,
                                       any(r.compensation for r in earlier))
    months_booked = max((r.interest_months for r in earlier), default=0)
    booking = dunning.interest_to_book(owed, invoice.due_date, day, terms, months_booked)
    reminder = Reminder(number=number, sent_on=day, fee=charges.fee, compensation=charges.compensation,
                        interest=booking.amount, interest_months=months_booked + booking.months, outstanding=owed)
    return Due(invoice, reminder, _charges_lines(reminder, invoice))


def _book(batch: list[Due], day: date) -> list[Reminder]:
    """Add a batch's reminders and their charges invoices to the session, the invoices' numbers taken at once;
    their mails are queued once they are flushed."""
    numbers = iter(next_numbers("invoice", sum(1 for due in batch if due.lines)))
    for due in batch:
        if due.lines:
            charges_invoice = issue_invoice(due.invoice.customer, due.lines, day, number=next(numbers))
            charges_invoice.due_date, charges_invoice.charges_for_invoice_id = day, due.invoice.id
            due.reminder.charges_invoice = charges_invoice
        due.reminder.invoice = due.invoice  # only now, so the reminder is inserted once, with its charges invoice
        db.session.add(due.reminder)
    return [due.reminder for due in batch]


def _mail(reminder: Reminder, contacts: list[str]) -> Mail:
    """The reminder to the customer's contacts, its PDF attached (so the reminder must have its id)."""
    invoice = reminder.invoice
    charged = reminder.charges_invoice.total_gross if reminder.charges_invoice else Decimal("0.00")
    return Mail("reminder", contacts, "reminder",
                {"invoice": invoice, "reminder": reminder, "owed": reminder.outstanding,
                 "total": reminder.outstanding + charged},
                customer_id=invoice.customer_id, dedupe_key=f"reminder:{invoice.id}:{reminder.number}",
                attachment=reference("reminder", reminder.id))


def _to_collection(invoice: Invoice, day: date) -> bool:
    third = next((r for r in invoice.reminders if r.number == 3), None)
    due = third and dunning.collection_date(third.sent_on, invoice.terms)
    if due and day >= due and invoice.status != InvoiceStatus.IN_COLLECTION:
        invoice.status = InvoiceStatus.IN_COLLECTION
        return True
    return False


def _dun(invoice: Invoice, day: date) -> tuple[Due | None, bool]:
    """The reminder due today, if any, or hand the invoice to collection: (the reminder, whether it went there)."""
    if outstanding(invoice) <= 0:
        return None, False
    terms = invoice.terms
    number = dunning.next_reminder(invoice.due_date, [r.sent_on for r in invoice.reminders], day, terms)
    if number is not None:
        invoice.status = InvoiceStatus.OVERDUE
        return _remind(invoice, number, day), False
    return None, _to_collection(invoice, day)


def run_dunning(day: date) -> dict:
    """Dun every open invoice past its due date, BATCH_SIZE invoices a transaction.

    A batch's reminders, charges invoices and status changes are flushed together (the ORM then writes each
    table's rows in one statement, not a round trip per row), and their mails queued after, with the ids.
    """
    invoice_ids = db.session.scalars(sa.select(Invoice.id).where(
        Invoice.kind == DocumentKind.INVOICE, Invoice.charges_for_invoice_id.is_(None),
        Invoice.status.in_(OPEN), Invoice.due_date < day,
    ).order_by(Invoice.id)).all()
    reminders = collections = 0
    for start in range(0, len(invoice_ids), BATCH_SIZE):
        batch = []
        with db.session.no_autoflush:
            for invoice in _locked_with_history(invoice_ids[start:start + BATCH_SIZE]):
                due, collected = _dun(invoice, day)
                batch += [due] if due else []
                collections += collected
            sent = _book(batch, day)
        db.session.flush()
        contacts = contacts_of([reminder.invoice.customer for reminder in sent])
        with db.session.no_autoflush:
            enqueue_all([_mail(reminder, contacts[reminder.invoice.customer_id]) for reminder in sent])
        db.session.commit()
        reminders += len(sent)
    return {"invoices": len(invoice_ids), "reminders": reminders, "collection": collections}


def _locked_with_history(invoice_ids: list[int]) -> list[Invoice]:
    """The invoices, their rows locked, with what dunning reads of each loaded in a few queries, not per invoice."""
    return list(db.session.scalars(
        sa.select(Invoice).where(Invoice.id.in_(invoice_ids)).order_by(Invoice.id).with_for_update(of=Invoice)
        .options(selectinload(Invoice.customer), selectinload(Invoice.reminders))))


def get_reminder(reminder_id: int) -> Reminder:
    reminder = db.session.scalars(sa.select(Reminder).where(Reminder.id == reminder_id)).one_or_none()
    if reminder is None:
        raise NotFound(gettext("Rykker %(number)s findes ikke.", number=reminder_id))
    return reminder
