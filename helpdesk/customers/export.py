"""All of a customer's data as one ZIP: each kind as JSON and as CSV, and the files attached to its cases.

Every query goes through the session, so a customer user's export holds what kundeHUB shows it (internal notes,
events and files are left out by ``helpdesk.access``); a manager's holds everything. Money is kroner as text with
two decimals, times are ISO 8601 in Copenhagen time; the cases' history lines read in the language of whoever
exports. The CSV files are for Excel: semicolons, UTF-8 with a BOM.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import contains_eager, selectinload

from helpdesk import audit
from helpdesk.accounts.models import User
from helpdesk.agreements.models import Agreement
from helpdesk.billing.models import Invoice, InvoiceLine, Payment
from helpdesk.cases.attachments import attachment_dir
from helpdesk.cases.models import Attachment, Case, CaseComment, CaseEvent
from helpdesk.cases.services import get_customer
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.customers.models import Customer
from helpdesk.extensions import db
from helpdesk.rules.worktime import to_local
from helpdesk.timelog.models import Expense, TimeEntry


@dataclass(frozen=True)
class Sheet:
    """One kind of data, written as ``<name>.json`` and ``<name>.csv``; ``rows`` gives one tuple per row."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[int], list[tuple]]


SHEETS: list[Sheet] = []


def sheet(name: str, *columns: str):
    def register(rows: Callable[[int], list[tuple]]):
        SHEETS.append(Sheet(name, columns, rows))
        return rows

    return register


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else to_local(moment).isoformat()


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _name(user: User | None) -> str | None:
    return None if user is None else user.name


def export_name(customer_id: int) -> str:
    """The ZIP's file name, in the reader's language; the files in it are named alike in every language."""
    return gettext("kundedata-%(customer)s.zip", customer=customer_id)


def export_zip(customer_id: int) -> bytes:
    """Build the customer's export; a customer the session may not see is NotFound."""
    customer = get_customer(customer_id)
    files = _attachment_files(customer.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customer.json", _json(_customer(customer)))
        for kind in SHEETS:
            _write_sheet(archive, kind.name, kind.columns, kind.rows(customer.id))
        _write_sheet(archive, "attachments", ATTACHMENT_COLUMNS, [_attachment(a, path) for a, path in files])
        for attachment, path in files:
            if path is not None:
                archive.write(attachment_dir() / attachment.stored_name, path)
    return buffer.getvalue()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _json_rows(columns: tuple[str, ...], rows: list[tuple]) -> str:
    """A JSON array of objects, one to a line: with an indent Python's json encodes in Python, not in C, and a
    big customer's time entries took seconds."""
    lines = (json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) for row in rows)
    return "[\n" + ",\n".join(lines) + "\n]\n" if rows else "[]\n"


def _write_sheet(archive: zipfile.ZipFile, name: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    archive.writestr(f"{name}.json", _json_rows(columns, rows))
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(columns)
    writer.writerows([_csv_value(value) for value in row] for row in rows)
    archive.writestr(f"{name}.csv", "\ufeff" + output.getvalue())


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _customer(customer: Customer) -> dict:
    contacts = db.session.scalars(sa.select(User).where(User.customer_id == customer.id).order_by(User.name))
    return {
        "id": customer.id, "name": customer.name, "cvr": customer.cvr, "gln": customer.gln,
        "address": customer.address, "email": customer.email, "phone": customer.phone,
        "delivery_channel": customer.delivery_channel, "terms_profile": customer.terms_profile,
        "payment_terms_days": customer.payment_terms_days, "overdraft_policy": customer.overdraft_policy,
        "hourly_rate": _money(customer.hourly_rate), "clip_balance": customer.clip_balance,
        "unfunded_clips": customer.unfunded_clips, "created_at": _time(customer.created_at),
        "contacts": [{"name": user.name, "email": user.email, "language": user.language, "active": user.active}
                     for user in contacts],
    }


@sheet("agreements", "id", "product", "name", "status", "start_date", "ends_on", "period_months",
       "price_per_period", "billed_in_advance", "terms_profile", "covered_categories", "covered_systems")
def _agreements(customer_id: int) -> list[tuple]:
    agreements = db.session.scalars(sa.select(Agreement).where(Agreement.customer_id == customer_id)
                                    .order_by(Agreement.start_date, Agreement.id))
    return [(a.id, a.product, a.name, a.status, _day(a.start_date), _day(a.ends_on), a.period_months,
             _money(a.price_per_period), a.billed_in_advance, a.terms_profile, a.covered_categories,
             a.covered_systems) for a in agreements]


@sheet("cases", "number", "subject", "description", "category", "channel", "priority", "status", "system",
       "covered", "fault_attribution", "contact_name", "contact_email", "contact_phone", "assignee", "created_at",
       "first_response_at", "resolved_at", "closed_at")
def _cases(customer_id: int) -> list[tuple]:
    cases = db.session.scalars(sa.select(Case).where(Case.customer_id == customer_id).order_by(Case.number)
                               .options(selectinload(Case.assignee)))
    return [(c.number, c.subject, c.description, c.category, c.channel, c.priority, c.status, c.system, c.covered,
             c.fault_attribution, c.contact_name, c.contact_email, c.contact_phone, _name(c.assignee),
             _time(c.created_at), _time(c.first_response_at), _time(c.resolved_at), _time(c.closed_at))
            for c in cases]


@sheet("comments", "case", "created_at", "author", "internal", "body")
def _comments(customer_id: int) -> list[tuple]:
    rows = db.session.execute(sa.select(CaseComment, Case.number).join(Case, CaseComment.case_id == Case.id)
                              .where(Case.customer_id == customer_id)
                              .order_by(Case.number, CaseComment.created_at, CaseComment.id)
                              .options(selectinload(CaseComment.author)))
    return [(number, _time(c.created_at), _name(c.author), c.internal, c.body) for c, number in rows]


@sheet("events", "case", "at", "actor", "kind", "detail", "internal")
def _events(customer_id: int) -> list[tuple]:
    rows = db.session.execute(sa.select(CaseEvent, Case.number).join(Case, CaseEvent.case_id == Case.id)
                              .where(Case.customer_id == customer_id).order_by(Case.number, CaseEvent.at, CaseEvent.id)
                              .options(selectinload(CaseEvent.actor)))
    return [(number, _time(e.at), _name(e.actor), e.kind, e.text, e.internal) for e, number in rows]


@sheet("time_entries", "case", "started_at", "ended_at", "minutes", "technician", "description", "classification",
       "clips", "blocks_1x", "blocks_2x", "blocks_3x", "hourly_clips", "out_of_hours_agreed_by", "invoice",
       "deleted_at")
def _time_entries(customer_id: int) -> list[tuple]:
    """Read as columns, not entries: a big customer has tens of thousands."""
    rows = db.session.execute(
        sa.select(Case.number, TimeEntry.started_at, TimeEntry.ended_at, TimeEntry.minutes, User.name,
                  TimeEntry.description, TimeEntry.classification, TimeEntry.clips, TimeEntry.blocks_1x,
                  TimeEntry.blocks_2x, TimeEntry.blocks_3x, TimeEntry.hourly_clips, TimeEntry.out_of_hours_agreed_by,
                  Invoice.number, TimeEntry.deleted_at)
        .select_from(TimeEntry).join(Case, TimeEntry.case_id == Case.id)
        .outerjoin(User, TimeEntry.technician_id == User.id)
        .outerjoin(Invoice, TimeEntry.invoice_id == Invoice.id)
        .where(TimeEntry.customer_id == customer_id).order_by(TimeEntry.started_at, TimeEntry.id))
    return [(case, _time(started), _time(ended), minutes, technician, *middle, invoice, _time(deleted))
            for case, started, ended, minutes, technician, *middle, invoice, deleted in rows]


@sheet("expenses", "case", "spent_on", "kind", "description", "metres", "amount", "technician", "invoice")
def _expenses(customer_id: int) -> list[tuple]:
    rows = db.session.execute(
        sa.select(Expense, Case.number, Invoice.number).join(Case, Expense.case_id == Case.id)
        .outerjoin(Invoice, Expense.invoice_id == Invoice.id)
        .where(Expense.customer_id == customer_id).order_by(Expense.spent_on, Expense.id)
        .options(selectinload(Expense.technician)))
    return [(case, _day(e.spent_on), e.kind, e.description, e.metres, _money(e.amount), _name(e.technician), invoice)
            for e, case, invoice in rows]


@sheet("clip_cards", "card", "clips", "remaining", "price", "invoice_date", "expires_on", "expired_at", "invoice")
def _clip_cards(customer_id: int) -> list[tuple]:
    rows = db.session.execute(
        sa.select(ClipCard, Invoice.number).outerjoin(Invoice, ClipCard.invoice_id == Invoice.id)
        .where(ClipCard.customer_id == customer_id).order_by(ClipCard.invoice_date, ClipCard.id))
    return [(c.id, c.clips, c.remaining, _money(c.price), _day(c.invoice_date), _day(c.expires_on),
             _time(c.expired_at), invoice) for c, invoice in rows]


@sheet("clip_ledger", "at", "kind", "clips", "card", "case", "actor", "reason")
def _clip_ledger(customer_id: int) -> list[tuple]:
    """Read as columns, not ledger rows: a big customer has tens of thousands."""
    rows = db.session.execute(
        sa.select(ClipLedgerEntry.at, ClipLedgerEntry.kind, ClipLedgerEntry.clips, ClipLedgerEntry.card_id,
                  Case.number, User.name, ClipLedgerEntry.reason)
        .select_from(ClipLedgerEntry)
        .outerjoin(TimeEntry, ClipLedgerEntry.time_entry_id == TimeEntry.id)
        .outerjoin(Case, TimeEntry.case_id == Case.id)
        .outerjoin(User, ClipLedgerEntry.actor_id == User.id)
        .where(ClipLedgerEntry.customer_id == customer_id).order_by(ClipLedgerEntry.at, ClipLedgerEntry.id))
    return [(_time(at), *rest) for at, *rest in rows]


@sheet("invoices", "number", "kind", "issue_date", "due_date", "status", "credits_invoice", "buyer_name",
       "buyer_cvr", "total_net", "total_vat", "total_gross")
def _invoices(customer_id: int) -> list[tuple]:
    invoices = db.session.scalars(sa.select(Invoice).where(Invoice.customer_id == customer_id)
                                  .order_by(Invoice.number))
    return [(i.number, i.kind, _day(i.issue_date), _day(i.due_date), i.status,
             i.credited_invoice.number if i.credited_invoice else None, i.buyer_name, i.buyer_cvr,
             _money(i.total_net), _money(i.total_vat), _money(i.total_gross)) for i in invoices]


@sheet("invoice_lines", "invoice", "position", "kind", "description", "quantity", "unit_price", "net",
       "vat_percent", "vat")
def _invoice_lines(customer_id: int) -> list[tuple]:
    rows = db.session.execute(
        sa.select(InvoiceLine, Invoice.number).join(Invoice, InvoiceLine.invoice_id == Invoice.id)
        .where(Invoice.customer_id == customer_id).order_by(Invoice.number, InvoiceLine.position))
    return [(number, line.position, line.kind, line.description, line.quantity, _money(line.unit_price),
             _money(line.net), line.vat_percent, _money(line.vat)) for line, number in rows]


@sheet("payments", "invoice", "paid_on", "received", "applied")
def _payments(customer_id: int) -> list[tuple]:
    rows = db.session.execute(
        sa.select(Payment, Invoice.number).join(Invoice, Payment.invoice_id == Invoice.id)
        .where(Invoice.customer_id == customer_id).order_by(Payment.paid_on, Payment.id))
    return [(number, _day(p.paid_on), _money(p.received), _money(p.applied)) for p, number in rows]


ATTACHMENT_COLUMNS = ("case", "filename", "content_type", "size_bytes", "internal", "uploaded_by", "created_at",
                      "file")


def _attachment(attachment: Attachment, path: str | None) -> tuple:
    return (attachment.case.number, attachment.filename, attachment.content_type, attachment.size_bytes,
            attachment.internal, _name(attachment.uploaded_by), _time(attachment.created_at), path)


def _attachment_files(customer_id: int) -> list[tuple[Attachment, str | None]]:
    """Each attachment with its path in the ZIP, attachments/<case number>/<filename>; None when the file is gone.

    A name used twice in a case gets the attachment's id; a name that could climb out of its folder is replaced.
    """
    attachments = db.session.scalars(sa.select(Attachment).join(Case, Attachment.case_id == Case.id)
                                     .where(Case.customer_id == customer_id)
                                     .order_by(Case.number, Attachment.created_at, Attachment.id)
                                     .options(contains_eager(Attachment.case), selectinload(Attachment.uploaded_by)))
    files, used = [], set()
    for attachment in attachments:
        path = f"attachments/{attachment.case.number}/{_safe_name(attachment)}"
        if path in used:
            taken = PurePosixPath(path)
            path = str(taken.with_name(f"{taken.stem}-{attachment.id}{taken.suffix}"))
        used.add(path)
        present = (attachment_dir() / attachment.stored_name).is_file()
        files.append((attachment, path if present else None))
    return files


def _safe_name(attachment: Attachment) -> str:
    name = attachment.filename.replace("/", "_").replace("\\", "_").strip()
    return name if name.strip(".") else f"fil-{attachment.id}"


def export_for(actor, customer_id: int) -> bytes:
    """Build the export for someone who asked for it, and note in the audit log that they did."""
    content = export_zip(customer_id)
    audit.record("data_export", f"Kunde {customer_id}", "Alle kundens data som ZIP", actor=actor)
    db.session.commit()
    return content
