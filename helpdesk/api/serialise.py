"""Turn rows into the API's JSON objects; times are ISO 8601 in Copenhagen local time with the offset."""

from datetime import date, datetime

from helpdesk.billing.models import Invoice
from helpdesk.billing.services import outstanding, paid
from helpdesk.cases.models import Case
from helpdesk.database import Page
from helpdesk.clips.models import ClipCard, ClipLedgerEntry
from helpdesk.clips.services import Saldo
from helpdesk.customers.models import Customer
from helpdesk.rules.worktime import Steps, to_local
from helpdesk.timelog.models import TimeEntry
from helpdesk.timelog.services import Pricing, price


def moment(value: datetime | None) -> str | None:
    """Show a moment as ISO 8601 in Copenhagen local time, e.g. 2026-07-01T08:00:00+02:00."""
    return to_local(value).isoformat(timespec="seconds") if value else None


def page(result: Page, item) -> dict:
    """A page of a list, each row shown by ``item``."""
    return {"items": [item(row) for row in result.items], "page": result.page, "per_page": result.per_page,
            "total": result.total}


def customer(row: Customer) -> dict:
    """Show a customer."""
    return {
        "id": row.id,
        "name": row.name,
        "cvr": row.cvr,
        "email": row.email,
        "address": row.address,
        "phone": row.phone,
        "terms": row.terms_profile.value,
        "delivery": row.delivery_channel.value,
        "gln": row.gln,
        "payment_terms_days": row.payment_terms_days,
        "overdraft_policy": row.overdraft_policy.value,
        "low_saldo_threshold": row.low_saldo_threshold,
        "hourly_rate": _amount(row.hourly_rate),
        "is_business": row.is_business,
        "created_at": moment(row.created_at),
    }


def case(row: Case) -> dict:
    """Show a case with all its fields and timestamps."""
    return {
        "id": row.id,
        "number": row.number,
        "customer_id": row.customer_id,
        "subject": row.subject,
        "description": row.description,
        "category": row.category.value,
        "channel": row.channel.value,
        "priority": row.priority.value,
        "status": row.status.value,
        "covered": row.covered,
        "system": row.system,
        "contact_name": row.contact_name,
        "contact_email": row.contact_email,
        "contact_phone": row.contact_phone,
        "fault_attribution": row.fault_attribution.value if row.fault_attribution else None,
        "assignee_id": row.assignee_id,
        "created_at": moment(row.created_at),
        "first_response_at": moment(row.first_response_at),
        "resolved_at": moment(row.resolved_at),
        "closed_at": moment(row.closed_at),
    }


def _blocks(blocks: Steps) -> list[dict]:
    """Show each block by its start and multiplier."""
    return [{"start": moment(block.start), "multiplier": block.multiplier} for block in blocks]


def entry(row: TimeEntry) -> dict:
    """Show a time entry with its blocks, priced anew from its start and end."""
    return {
        "id": row.id,
        "case_id": row.case_id,
        "start": moment(row.started_at),
        "end": moment(row.ended_at),
        "minutes": row.minutes,
        "description": row.description,
        "out_of_hours_agreed_by": row.out_of_hours_agreed_by,
        "classification": row.classification.value,
        "classification_reason": row.classification_reason,
        "clips": row.clips,
        "blocks": _blocks(price(row.started_at, row.ended_at).blocks),
        "technician": {"id": row.technician.id, "name": row.technician.name} if row.technician else None,
        "hourly_from": moment(row.hourly_from) if row.hourly_from else None,
        "invoice_id": row.invoice_id,
        "locked": row.locked,
        "created_at": moment(row.created_at),
    }


def quote(pricing: Pricing, start: datetime, end: datetime) -> dict:
    """The price of work from start to end; minutes are started minutes, as on a saved entry."""
    return {
        "clips": pricing.clips,
        "minutes": pricing.minutes,
        "blocks": _blocks(pricing.blocks),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def card(row: ClipCard, remaining: int | None = None) -> dict:
    """Show a clip card; ``remaining`` as of a day when given, else now."""
    return {
        "id": row.id,
        "clips": row.clips,
        "remaining": row.remaining if remaining is None else remaining,
        "invoice_date": _day(row.invoice_date),
        "expires_on": _day(row.expires_on),
        "invoice_id": row.invoice_id,
    }


def saldo(result: Saldo) -> dict:
    """Show a saldo: the balance, the unfunded clips and each card's remaining clips."""
    return {"balance": result.balance, "unfunded": result.unfunded,
            "cards": [card(row, remaining) for row, remaining in result.cards]}


def ledger_row(row: ClipLedgerEntry) -> dict:
    """Show one movement of the clip ledger."""
    return {
        "id": row.id,
        "at": moment(row.at),
        "kind": row.kind.value,
        "clips": row.clips,
        "card_id": row.card_id,
        "time_entry_id": row.time_entry_id,
        "actor_id": row.actor_id,
        "reason": row.reason,
    }


def _amount(value) -> str:
    return f"{value:.2f}"


def invoice(row: Invoice) -> dict:
    """Show an invoice or credit note with its lines, totals, payments and what is outstanding."""
    return {
        "id": row.id,
        "number": row.number,
        "kind": row.kind.value,
        "customer_id": row.customer_id,
        "credits_invoice_id": row.credits_invoice_id,
        "issue_date": _day(row.issue_date),
        "due_date": _day(row.due_date),
        "status": row.status.value,
        "disputed": row.disputed,
        "billing_month": row.billing_month.strftime("%Y-%m") if row.billing_month else None,
        "delivery_channel": row.delivery_channel,
        "buyer": {"name": row.buyer_name, "address": row.buyer_address, "cvr": row.buyer_cvr},
        "lines": [{"position": line.position, "kind": line.kind.value, "description": line.description,
                   "quantity": line.quantity, "unit_price": _amount(line.unit_price), "net": _amount(line.net),
                   "vat_percent": line.vat_percent, "vat": _amount(line.vat)} for line in row.lines],
        "total_net": _amount(row.total_net),
        "total_vat": _amount(row.total_vat),
        "total": _amount(row.total_gross),
        "paid": _amount(paid(row)),
        "outstanding": _amount(outstanding(row)),
        "payments": [{"id": p.id, "paid_on": _day(p.paid_on), "received": _amount(p.received),
                      "applied": _amount(p.applied)} for p in row.payments],
        "credit_notes": [note.id for note in row.credit_notes],
        "reminders": [{"number": r.number, "sent_on": _day(r.sent_on), "fee": _amount(r.fee),
                       "compensation": _amount(r.compensation), "interest": _amount(r.interest),
                       "charges_invoice_id": r.charges_invoice_id} for r in row.reminders],
    }
