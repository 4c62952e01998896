"""What each endpoint reads from its query string or JSON body, checked before any service runs."""

from datetime import date, datetime

from helpdesk.api.parsing import Fields
from helpdesk.billing.models import InvoiceStatus
from helpdesk.billing.services import CreditInput
from helpdesk.cases.models import Case, Category, Channel, Priority, Status
from helpdesk.cases.services import CaseFilter
from helpdesk.clips.services import MOST_CLIPS
from helpdesk.customers.models import DeliveryChannel, OverdraftPolicy, TermsProfile
from helpdesk.database import local_today
from helpdesk.timelog.models import TimeEntry
from helpdesk.timelog.services import EntryInput

MAX_PER_PAGE = 100


def longest(column) -> int:
    """The most characters a String column holds (SQLite holds any text; PostgreSQL refuses more)."""
    return column.type.length


def paging(query: Fields) -> tuple[int, int]:
    page = query.integer("page", default=1, minimum=1)
    per_page = query.integer("per_page", default=25, minimum=1, maximum=MAX_PER_PAGE)
    return page, per_page


def customer_listing() -> tuple[int, int]:
    """The page and page size asked for."""
    with Fields.query() as query:
        page, per_page = paging(query)
    return page, per_page


def case_listing() -> tuple[CaseFilter, int, int]:
    """The case filter (status, customer_id, q), the page and the page size asked for."""
    with Fields.query() as query:
        filters = CaseFilter(
            status=query.choice("status", Status),
            customer_id=query.integer("customer_id", minimum=1),
            text=query.text("q", default=None),
        )
        page, per_page = paging(query)
    return filters, page, per_page


def new_customer() -> dict:
    """The new customer's values; those left out are None (the service's defaults then apply)."""
    return _customer_values(required=True)


def customer_changes() -> dict:
    """The values a PATCH changes; those left out are None (kept as they are)."""
    return _customer_values(required=False)


def _customer_values(required: bool) -> dict:
    with Fields.body() as body:
        values = {
            "name": body.text("name", required=required, default=None),
            "email": body.text("email", required=required, default=None),
            "cvr": body.text("cvr", default=None),
            "gln": body.text("gln", default=None),
            "terms": body.choice("terms", TermsProfile),
            "delivery": body.choice("delivery", DeliveryChannel),
            "payment_terms_days": body.integer("payment_terms_days"),
            "overdraft_policy": body.choice("overdraft_policy", OverdraftPolicy),
            "low_saldo_threshold": body.integer("low_saldo_threshold"),
            "address": body.text("address", default=None),
            "phone": body.text("phone", default=None),
            "hourly_rate": body.text("hourly_rate", default=None),
            "is_business": body.optional_boolean("is_business"),
        }
    return values


def new_case(customer_required: bool) -> tuple[dict, Status]:
    """The new case's values for the case service, and the status it should start in."""
    with Fields.body() as body:
        values = {
            "customer_id": body.integer("customer_id", required=customer_required, minimum=1),
            "subject": body.text("subject", required=True, max_length=longest(Case.subject)),
            "description": body.text("description"),
            "category": body.choice("category", Category, required=True),
            "channel": body.choice("channel", Channel, required=True),
            "priority": body.choice("priority", Priority, default=Priority.NORMAL),
            "covered": body.boolean("covered"),
            "contact_name": body.text("contact_name", max_length=longest(Case.contact_name)),
            "contact_email": body.text("contact_email", max_length=longest(Case.contact_email)),
            "contact_phone": body.text("contact_phone", max_length=longest(Case.contact_phone)),
            "system": body.text("system", max_length=longest(Case.system)),
        }
        status = body.choice("status", Status, default=Status.NEW)
    return values, status


def new_entry() -> EntryInput:
    """The time entry to log."""
    with Fields.body() as body:
        entry_input = EntryInput(
            start=body.moment("start"),
            end=body.moment("end"),
            description=body.text("description"),
            out_of_hours_agreed_by=body.text("out_of_hours_agreed_by",
                                             max_length=longest(TimeEntry.out_of_hours_agreed_by)),
            confirm_long=body.boolean("confirm_long"),
        )
    return entry_input


def quote() -> tuple[datetime, datetime]:
    """The start and end of the work to price."""
    with Fields.body() as body:
        span = body.moment("start"), body.moment("end")
    return span


def new_card() -> tuple[int, str, date]:
    """The clips, the price (a decimal string) and the invoice date (default today) of a card to sell."""
    with Fields.body() as body:
        clips = body.integer("clips", required=True, minimum=1, maximum=MOST_CLIPS)
        price = body.text("price", required=True)
        invoice_date = body.day("invoice_date", default=local_today())
    return clips, price, invoice_date


def saldo_day() -> date | None:
    """The day whose end the saldo is asked for, or None for now."""
    with Fields.query() as query:
        day = query.day("on")
    return day


def ledger_listing() -> tuple[int, int]:
    """The page and page size of the ledger asked for."""
    return customer_listing()


def invoice_listing() -> tuple[int | None, InvoiceStatus | None, int, int]:
    """The customer and status filter, the page and the page size asked for."""
    with Fields.query() as query:
        customer_id = query.integer("customer_id", minimum=1)
        status = query.choice("status", InvoiceStatus)
        page, per_page = paging(query)
    return customer_id, status, page, per_page


def new_payment() -> tuple[str, date]:
    """The amount (a decimal string) and the day it was paid (default today)."""
    with Fields.body() as body:
        amount = body.text("amount", required=True)
        paid_on = body.day("paid_on", default=local_today())
    return amount, paid_on


def new_credit_note() -> tuple[str, list[CreditInput] | None]:
    """Why, and which lines (all of them when none are named)."""
    with Fields.body() as body:
        reason = body.text("reason", required=True)
        lines = body.credit_lines("lines")
    return reason, lines
