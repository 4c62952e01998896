"""The OpenAPI 3.0 description of the JSON API, served at /api/v1/openapi.json."""

from helpdesk.agreements.models import Agreement, AgreementNotice, AgreementStatus, NoticeKind, Product
from helpdesk.api import API_PREFIX
from helpdesk.api.inputs import MAX_PER_PAGE, longest
from helpdesk.billing.models import DocumentKind, InvoiceStatus, LineKind
from helpdesk.cases.models import Case, Category, Channel, FaultAttribution, Priority, Status
from helpdesk.clips.models import LedgerKind
from helpdesk.clips.services import MOST_CLIPS
from helpdesk.customers.models import DeliveryChannel, OverdraftPolicy, TermsProfile
from helpdesk.customers.services import CVR_DIGITS, GLN_DIGITS, MAX_PAYMENT_TERMS_DAYS
from helpdesk.database import LARGEST_INTEGER
from helpdesk.timelog.models import Classification, TimeEntry

MOMENT_IN = (
    "ISO 8601 time, e.g. 2026-11-21T10:00 or 2026-11-21T10:00:00+01:00; "
    "without an offset it means Europe/Copenhagen local time. Dates and times lie in the years 1900 to 2999."
)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(description: str | None = None, nullable: bool = False, **extra) -> dict:
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    if nullable:
        schema["nullable"] = True
    return schema


def _integer(**extra) -> dict:
    return {"type": "integer", **extra}


def _enum(enum_class, nullable: bool = False) -> dict:
    values = [member.value for member in enum_class]
    return _string(nullable=nullable, enum=values + [None] if nullable else values)


def _moment(nullable: bool = False) -> dict:
    return _string("Copenhagen local time with its offset.", nullable=nullable, format="date-time")


def _object(properties: dict, required=()) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _response_object(properties: dict) -> dict:
    """A response object: every property is always present (null where it has no value)."""
    return _object(properties, required=properties)


def _page_of(name: str) -> dict:
    return _response_object({
        "items": {"type": "array", "items": ref(name)},
        "page": _integer(minimum=1),
        "per_page": _integer(minimum=1, maximum=MAX_PER_PAGE),
        "total": _integer(minimum=0),
    })


AMOUNT = _string("DKK with two decimals, e.g. \"1250.00\".", pattern=r"^-?[0-9]+\.[0-9]{2}$")

# A customer's values as a request gives them; a PATCH may give any of them (those left out are kept).
CUSTOMER_VALUES = {
    "name": _string(minLength=1, maxLength=200),
    "email": _string(format="email"),
    "cvr": _string(f"{CVR_DIGITS} digits (spaces are ignored); \"\" removes it.", nullable=True),
    "gln": _string(f"EAN/GLN, {GLN_DIGITS} digits; required when delivery is oioubl.", nullable=True),
    "terms": _enum(TermsProfile),
    "delivery": _enum(DeliveryChannel),
    "payment_terms_days": _integer(minimum=0, maximum=MAX_PAYMENT_TERMS_DAYS),
    "overdraft_policy": _enum(OverdraftPolicy),
    "low_saldo_threshold": _integer(minimum=0),
    "address": _string(),
    "phone": _string(maxLength=40),
    "hourly_rate": _string("DKK an hour excluding VAT as a decimal string, e.g. \"950.00\"."),
    "is_business": {"type": "boolean", "description": "Only a business pays reminder fees and compensation."},
}

SCHEMAS = {
    "Error": _object({
        "error": _object({
            "code": _string("Machine-readable: bad_request, unauthorized, forbidden, not_found, conflict, invalid."),
            "message": _string("For people, in Danish."),
            "fields": {
                "type": "object",
                "description": "Each input field at fault, with what is wrong with it.",
                "additionalProperties": {"type": "string"},
            },
        }, required=["code", "message", "fields"]),
    }, required=["error"]),
    "Customer": _response_object({
        "id": _integer(),
        "name": _string(),
        "cvr": _string(nullable=True, pattern=f"^[0-9]{{{CVR_DIGITS}}}$"),
        "email": _string(format="email"),
        "address": _string(),
        "phone": _string(),
        "terms": _enum(TermsProfile),
        "delivery": _enum(DeliveryChannel),
        "gln": _string(nullable=True, pattern=f"^[0-9]{{{GLN_DIGITS}}}$"),
        "payment_terms_days": _integer(minimum=0, maximum=MAX_PAYMENT_TERMS_DAYS),
        "overdraft_policy": _enum(OverdraftPolicy),
        "low_saldo_threshold": _integer(minimum=0),
        "hourly_rate": AMOUNT,
        "is_business": {"type": "boolean"},
        "created_at": _moment(),
    }),
    "NewCustomer": _object(CUSTOMER_VALUES | {
        "terms": {**_enum(TermsProfile), "default": TermsProfile.HOSTKON.value},
        "delivery": {**_enum(DeliveryChannel), "default": DeliveryChannel.EMAIL.value},
        "payment_terms_days": _integer(minimum=0, maximum=MAX_PAYMENT_TERMS_DAYS, default=8),
        "overdraft_policy": {**_enum(OverdraftPolicy), "default": OverdraftPolicy.UNFUNDED.value},
        "low_saldo_threshold": _integer(minimum=0, default=4),
        "hourly_rate": {**CUSTOMER_VALUES["hourly_rate"], "default": "950.00"},
        "is_business": {"type": "boolean", "default": True},
    }, required=["name", "email"]),
    "CustomerChanges": _object(CUSTOMER_VALUES),
    "CustomerPage": _page_of("Customer"),
    "Case": _response_object({
        "id": _integer(),
        "number": _integer(),
        "customer_id": _integer(),
        "subject": _string(),
        "description": _string(),
        "category": _enum(Category),
        "channel": _enum(Channel),
        "priority": _enum(Priority),
        "status": _enum(Status),
        "covered": {"type": "boolean"},
        "system": _string(),
        "contact_name": _string(),
        "contact_email": _string(),
        "contact_phone": _string(),
        "fault_attribution": _enum(FaultAttribution, nullable=True),
        "assignee_id": _integer(nullable=True),
        "created_at": _moment(),
        "first_response_at": _moment(nullable=True),
        "resolved_at": _moment(nullable=True),
        "closed_at": _moment(nullable=True),
    }),
    "NewCase": _object({
        "customer_id": _integer(
            minimum=1, maximum=LARGEST_INTEGER,
            description="Required for staff; a customer token opens cases for its own customer only.",
        ),
        "subject": _string(minLength=1, maxLength=longest(Case.subject)),
        "description": _string(),
        "category": {**_enum(Category), "description": "A customer token cannot report a fault here: a "
                     "customer's fault needs a screenshot of the error (H §12.1), and the API takes no files."},
        "channel": _enum(Channel),
        "priority": {**_enum(Priority), "default": Priority.NORMAL.value},
        "status": {**_enum(Status), "default": Status.NEW.value,
                   "description": "Ignored for a customer token: its cases start as new."},
        "covered": {"type": "boolean", "default": False,
                    "description": "Covered by an agreement; ignored for a customer token."},
        "contact_name": _string(maxLength=longest(Case.contact_name)),
        "contact_email": _string(maxLength=longest(Case.contact_email)),
        "contact_phone": _string(maxLength=longest(Case.contact_phone)),
        "system": _string(maxLength=longest(Case.system)),
    }, required=["subject", "category", "channel"]),
    "CasePage": _page_of("Case"),
    "Block": _response_object({"start": _moment(), "multiplier": _integer(enum=[1, 2, 3])}),
    "TimeEntry": _response_object({
        "id": _integer(),
        "case_id": _integer(),
        "start": _moment(),
        "end": _moment(),
        "minutes": _integer(minimum=1, description="Started minutes of real elapsed time."),
        "description": _string(),
        "out_of_hours_agreed_by": _string(),
        "classification": _enum(Classification),
        "classification_reason": _string(),
        "clips": _integer(minimum=0),
        "blocks": {"type": "array", "items": ref("Block")},
        "technician": {**_object({"id": _integer(), "name": _string()}, required=["id", "name"]),
                       "nullable": True},
        "hourly_from": {**_moment(), "nullable": True,
                        "description": "Where the work no clip card paid for begins; billed per started hour."},
        "invoice_id": {**_integer(), "nullable": True, "description": "The month invoice that billed it."},
        "locked": {"type": "boolean", "description": "Invoiced: it can no longer change."},
        "created_at": _moment(),
    }),
    "NewTimeEntry": _object({
        "start": _string(MOMENT_IN),
        "end": _string(MOMENT_IN + " Must be after start, and at most 31 days later."),
        "description": _string(),
        "out_of_hours_agreed_by": _string(
            "Who at the customer agreed to work out of hours; required for billable work with a block above 1×.",
            maxLength=longest(TimeEntry.out_of_hours_agreed_by),
        ),
        "confirm_long": {"type": "boolean", "default": False,
                         "description": "Must be true for an entry longer than 24 hours."},
    }, required=["start", "end"]),
    "TimeEntryList": _response_object({"items": {"type": "array", "items": ref("TimeEntry")}}),
    "QuoteRequest": _object({"start": _string(MOMENT_IN), "end": _string(MOMENT_IN + " At most 31 days after start.")},
                            required=["start", "end"]),
    "Quote": _response_object({
        "clips": _integer(minimum=0),
        "minutes": _integer(minimum=1),
        "blocks": {"type": "array", "items": ref("Block")},
    }),
}

SCHEMAS |= {
    "ClipCard": _response_object({
        "id": _integer(),
        "clips": _integer(minimum=1),
        "remaining": _integer(minimum=0),
        "invoice_date": _string(format="date"),
        "expires_on": _string("18 calendar months after the invoice date.", format="date"),
        "invoice_id": _integer(nullable=True),
    }),
    "NewClipCard": _object({
        "clips": _integer(minimum=1, maximum=MOST_CLIPS),
        "price": _string("DKK excluding VAT as a decimal string, e.g. \"4000.00\" or \"4.000,00\"."),
        "invoice_date": _string("Defaults to today.", format="date"),
    }, required=["clips", "price"]),
    "Saldo": _response_object({
        "balance": _integer(description="The ledger's sum: the cards' clips less the unfunded clips."),
        "unfunded": _integer(minimum=0, description="Clips used that no card covered yet."),
        "cards": {"type": "array", "items": ref("ClipCard")},
    }),
    "LedgerRow": _response_object({
        "id": _integer(),
        "at": _moment(),
        "kind": _enum(LedgerKind),
        "clips": _integer(),
        "card_id": _integer(nullable=True),
        "time_entry_id": _integer(nullable=True),
        "actor_id": _integer(nullable=True),
        "reason": _string(),
    }),
    "LedgerPage": _page_of("LedgerRow"),
    "InvoiceLine": _response_object({
        "position": _integer(minimum=1),
        "kind": _enum(LineKind),
        "description": _string(),
        "quantity": _integer(minimum=1),
        "unit_price": AMOUNT,
        "net": AMOUNT,
        "vat_percent": _integer(enum=[0, 25]),
        "vat": AMOUNT,
    }),
    "Payment": _response_object({
        "id": _integer(),
        "paid_on": _string(format="date"),
        "received": AMOUNT,
        "applied": _string("What paid the invoice; the rest is kept as the customer's credit."),
    }),
    "Invoice": _response_object({
        "id": _integer(),
        "number": _integer(description="From one gapless sequence shared by invoices and credit notes."),
        "kind": _enum(DocumentKind),
        "customer_id": _integer(nullable=True),
        "credits_invoice_id": _integer(nullable=True),
        "issue_date": _string(format="date"),
        "due_date": _string(format="date"),
        "status": _enum(InvoiceStatus),
        "disputed": {"type": "boolean"},
        "billing_month": _string("The month (YYYY-MM) whose invoice run issued it; null for other invoices.",
                                 nullable=True),
        "delivery_channel": {"type": "string", "enum": ["email", "post", "oioubl"]},
        "buyer": _response_object({"name": _string(), "address": _string(), "cvr": _string(nullable=True)}),
        "lines": {"type": "array", "items": ref("InvoiceLine")},
        "total_net": AMOUNT,
        "total_vat": AMOUNT,
        "total": AMOUNT,
        "paid": AMOUNT,
        "outstanding": AMOUNT,
        "payments": {"type": "array", "items": ref("Payment")},
        "credit_notes": {"type": "array", "items": _integer()},
        "reminders": {"type": "array", "items": ref("Reminder")},
    }),
    "InvoicePage": _page_of("Invoice"),
    "Reminder": _response_object({
        "number": _integer(minimum=1, maximum=3),
        "sent_on": _string(format="date"),
        "fee": AMOUNT,
        "compensation": AMOUNT,
        "interest": AMOUNT,
        "charges_invoice_id": _integer(nullable=True, description="The invoice that carries these charges."),
    }),
    "NewPayment": _object({
        "amount": _string("DKK as a decimal string, e.g. \"1250.00\" or \"1.250,00\"."),
        "paid_on": _string("Defaults to today; never in the future.", format="date"),
    }, required=["amount"]),
    "NewCreditNote": _object({
        "reason": _string(minLength=1),
        "lines": {"type": "array", "minItems": 1, "description": "Left out: the whole invoice.",
                  "items": _object({"position": _integer(minimum=1),
                                    "amount": _string("Net to credit; left out: what is left of the line.")},
                                   required=["position"])},
    }, required=["reason"]),
}

ERRORS = {
    "400": "The body is not a JSON object.",
    "401": "No valid bearer token.",
    "403": "The token's role may not do this.",
    "404": "No such id in the URL (or not one this token may see).",
    "422": "A field is missing, malformed, unknown or breaks a rule; `fields` names each.",
}


def _error_responses() -> dict:
    return {
        status: {"description": description, "content": {"application/json": {"schema": ref("Error")}}}
        for status, description in ERRORS.items()
    }


def _json(schema_name: str) -> dict:
    return {"application/json": {"schema": ref(schema_name)}}


def _operation(operation_id: str, summary: str, response: str, errors, status: str = "200",
               body: str | None = None, parameters=()) -> dict:
    """An operation answering ``response`` with ``status``, or one of the error statuses listed."""
    every_error = _error_responses()
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "responses": {status: {"description": "OK", "content": _json(response)}}
        | {code: every_error[code] for code in errors},
    }
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    if parameters:
        operation["parameters"] = list(parameters)
    return operation


def _no_content(operation_id: str, summary: str, errors, parameters=()) -> dict:
    """An operation answering 204 and no body, or one of the error statuses listed."""
    every_error = _error_responses()
    return {
        "operationId": operation_id,
        "summary": summary,
        "parameters": list(parameters),
        "responses": {"204": {"description": "Done; no body."}} | {code: every_error[code] for code in errors},
    }


def _file_operation(operation_id: str, summary: str, media_type: str, errors) -> dict:
    """An operation answering a file to save."""
    every_error = _error_responses()
    return {
        "operationId": operation_id,
        "summary": summary,
        "parameters": [_path_id("invoice_id", "invoice")],
        "responses": {"200": {"description": "The file, as an attachment.",
                              "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}
        | {code: every_error[code] for code in errors},
    }


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.",
            "schema": _integer(maximum=LARGEST_INTEGER)}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PAGING = (
    _query("page", _integer(minimum=1, default=1), "The page, from 1."),
    _query("per_page", _integer(minimum=1, maximum=MAX_PER_PAGE, default=25), "Rows per page."),
)
CASE_ID = _path_id("case_id", "case")
CUSTOMER_ID = _path_id("customer_id", "customer")
INVOICE_ID = _path_id("invoice_id", "invoice")
READ = ("401", "404")
LIST = ("401", "422")
WRITE = ("400", "401", "403", "422")

PATHS = {
    "/openapi.json": {"get": {
        "operationId": "openapi",
        "summary": "This document.",
        "security": [],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
    "/customers": {
        "get": _operation("listCustomers", "Customers, by name (a customer token sees only its own).",
                          "CustomerPage", LIST, parameters=PAGING),
        "post": _operation("createCustomer", "Create a customer (managers and admins).", "Customer", WRITE,
                           status="201", body="NewCustomer"),
    },
    "/customers/{customer_id}": {
        "get": _operation("getCustomer", "One customer.", "Customer", READ,
                          parameters=[CUSTOMER_ID]),
        "patch": _operation("updateCustomer", "Change a customer's details and terms (managers and admins); "
                            "invoices already issued keep the terms they were issued under.", "Customer",
                            WRITE + ("404",), body="CustomerChanges", parameters=[CUSTOMER_ID]),
    },
    "/cases": {
        "get": _operation("listCases", "Cases, newest first.", "CasePage", LIST, parameters=PAGING + (
            _query("status", _enum(Status), "Only cases with this status."),
            _query("customer_id", _integer(minimum=1), "Only this customer's cases."),
            _query("q", _string(), "Text in the subject or description, or the case number."),
        )),
        "post": _operation("createCase", "Open a case (an unknown customer_id is a 422).", "Case",
                           ("400", "401", "422"), status="201", body="NewCase"),
    },
    "/cases/{case_id}": {
        "get": _operation("getCase", "One case.", "Case", READ, parameters=[CASE_ID]),
    },
    "/cases/{case_id}/time-entries": {
        "get": _operation("listTimeEntries", "The case's time entries, by start.", "TimeEntryList", READ,
                          parameters=[CASE_ID]),
        "post": _operation("logTime", "Log time on the case (staff), priced in clips and classified.",
                           "TimeEntry", WRITE + ("404",), status="201", body="NewTimeEntry",
                           parameters=[CASE_ID]),
    },
    "/customers/{customer_id}/clip-cards": {
        "post": _operation("sellClipCard", "Sell a clip card (managers); its invoice is issued at once.", "ClipCard",
                           WRITE + ("404",), status="201", body="NewClipCard", parameters=[CUSTOMER_ID]),
    },
    "/customers/{customer_id}/saldo": {
        "get": _operation("getSaldo", "The clip saldo now, or at the end of a day.", "Saldo", READ + ("422",),
                          parameters=[CUSTOMER_ID, _query("on", _string(format="date"),
                                                          "The day whose end the saldo is for (expiries due "
                                                          "by then counted).")]),
    },
    "/customers/{customer_id}/clip-ledger": {
        "get": _operation("getClipLedger", "The clip ledger, newest first.", "LedgerPage", READ + ("422",),
                          parameters=[CUSTOMER_ID, *PAGING]),
    },
    "/invoices": {
        "get": _operation("listInvoices", "Invoices and credit notes, newest first.", "InvoicePage", LIST,
                          parameters=PAGING + (
                              _query("customer_id", _integer(minimum=1), "Only this customer's."),
                              _query("status", _enum(InvoiceStatus), "Only this status."),
                          )),
    },
    "/invoices/{invoice_id}": {
        "get": _operation("getInvoice", "One invoice or credit note.", "Invoice", READ, parameters=[INVOICE_ID]),
    },
    "/invoices/{invoice_id}.pdf": {
        "get": _file_operation("getInvoicePdf", "The invoice or credit note as a PDF.", "application/pdf", READ),
    },
    "/invoices/{invoice_id}.xml": {
        "get": _file_operation("getInvoiceXml", "The invoice or credit note as OIOUBL 2.02 XML (422 without a "
                               "valid EAN/GLN or CVR).", "application/xml", READ + ("422",)),
    },
    "/invoices/{invoice_id}/payments": {
        "post": _operation("registerPayment", "Book a payment (managers).", "Invoice", WRITE + ("404",),
                           status="201", body="NewPayment", parameters=[INVOICE_ID]),
    },
    "/invoices/{invoice_id}/credit-notes": {
        "post": _operation("issueCreditNote", "Issue a credit note (managers).", "Invoice", WRITE + ("404",),
                           status="201", body="NewCreditNote", parameters=[INVOICE_ID]),
    },
    "/quote": {
        "post": _operation("quote", "Price work in clips without saving anything.", "Quote", ("400", "401", "422"),
                           body="QuoteRequest"),
    },
}

# Outages of an agreement and maintenance windows (SPEC §7).
AGREEMENT_ID = _path_id("agreement_id", "agreement")
OUTAGE_ID = _path_id("outage_id", "outage")
SCHEMAS |= {
    "Outage": _response_object({
        "id": _integer(),
        "agreement_id": _integer(),
        "starts_on": _string("The first affected day.", format="date"),
        "ends_on": _string("The last affected day, included.", format="date"),
        "days": _integer(minimum=1),
        "description": _string(),
        "created_at": _moment(),
    }),
    "OutageList": _response_object({
        "agreement_id": _integer(),
        "items": {"type": "array", "items": ref("Outage")},
        "longest_run_days": _integer(minimum=0, description="The most consecutive days of outage; outages "
                                                            "that overlap or touch count as one run."),
        "may_terminate": {"type": "boolean",
                          "description": "More than 10 consecutive days: the customer may terminate."},
    }),
    "NewOutage": _object({
        "starts_on": _string("The first affected day.", format="date"),
        "ends_on": _string("The last affected day, included; today at the latest.", format="date"),
        "description": _string(minLength=1),
    }, required=["starts_on", "ends_on", "description"]),
    "MaintenanceWindow": _response_object({
        "id": _integer(),
        "customer_id": _integer(nullable=True, description="null: maintenance for every customer."),
        "starts_at": _moment(),
        "ends_at": _moment(),
        "systems": {"type": "array", "items": _string(), "description": "Empty: no system named."},
        "description": _string(),
        "urgent": {"type": "boolean", "description": "Allowed outside the window 22:00–05:00."},
        "urgent_reason": _string(),
    }),
    "MaintenanceWindowList": _response_object({"items": {"type": "array", "items": ref("MaintenanceWindow")}}),
    "NewMaintenanceWindow": _object({
        "starts_at": _string(MOMENT_IN),
        "ends_at": _string(MOMENT_IN + " Must be after starts_at."),
        "systems": _string("System names separated by commas, e.g. \"Økonomisystem, Mail\"; left out: no system "
                           "named."),
        "description": _string(minLength=1),
        "urgent": {"type": "boolean", "default": False,
                   "description": "Required to plan work outside 22:00–05:00 Copenhagen time."},
        "urgent_reason": _string("Required when urgent."),
        "customer_id": _integer(minimum=1, maximum=LARGEST_INTEGER, nullable=True,
                                description="Left out: maintenance for every customer."),
    }, required=["starts_at", "ends_at", "description"]),
}
PATHS |= {
    "/agreements/{agreement_id}/outages": {
        "get": _operation("listOutages", "The agreement's outages, the longest consecutive run and whether the "
                          "customer may terminate.", "OutageList", READ, parameters=[AGREEMENT_ID]),
        "post": _operation("recordOutage", "Record an outage of whole days (managers); it may not overlap one "
                           "recorded.", "Outage", WRITE + ("404",), status="201", body="NewOutage",
                           parameters=[AGREEMENT_ID]),
    },
    "/outages/{outage_id}": {
        "put": _operation("correctOutage", "Correct an outage's days and description (managers), by the rules of "
                          "recording one; the audit log keeps what it said.", "Outage", WRITE + ("404",),
                          body="NewOutage", parameters=[OUTAGE_ID]),
        "delete": _no_content("deleteOutage", "Remove an outage recorded by mistake (managers); the audit log "
                              "keeps it.", ("401", "403", "404"), parameters=[OUTAGE_ID]),
    },
    "/maintenance-windows": {
        "get": _operation("listMaintenanceWindows", "Maintenance not over yet, by start (a customer token sees "
                          "what concerns its systems).", "MaintenanceWindowList", LIST + ("404",),
                          parameters=[_query("customer_id", _integer(minimum=1),
                                             "Only what concerns this customer: planned for it, or for every "
                                             "customer naming no system or a system its agreements cover.")]),
        "post": _operation("planMaintenanceWindow", "Plan maintenance (managers); outside 22:00–05:00 Copenhagen "
                           "time only when urgent with a reason.", "MaintenanceWindow", WRITE, status="201",
                           body="NewMaintenanceWindow"),
    },
}

# Agreements and the notice given on them (SPEC §7).
ISO_DAY = _string(format="date")
SCHEMAS |= {
    "AgreementPeriod": _response_object({
        "starts_on": ISO_DAY, "ends_on": ISO_DAY, "price": AMOUNT,
        "invoice_id": _integer(nullable=True, description="null until the period is invoiced."),
    }),
    "AgreementNotice": _response_object({
        "id": _integer(),
        "agreement_id": _integer(),
        "kind": _enum(NoticeKind),
        "received_on": ISO_DAY,
        "given_by": _string(),
        "in_time": {"type": "boolean", "description": "Received on or before the deadline."},
        "deadline": _string("The last day it could arrive for the period running when it came.", format="date"),
        "ends_on": _string("The agreement's last day because of it.", format="date"),
    }),
    "Agreement": _response_object({
        "id": _integer(),
        "customer_id": _integer(),
        "product": _enum(Product),
        "name": _string(),
        "covered_categories": {"type": "array", "items": _enum(Category)},
        "covered_systems": {"type": "array", "items": _string(), "description": "Empty: every system."},
        "price_per_period": AMOUNT,
        "period_months": _integer(minimum=1, maximum=60),
        "billed_in_advance": {"type": "boolean"},
        "start_date": ISO_DAY,
        "terms_profile": _enum(TermsProfile),
        "status": _enum(AgreementStatus),
        "ends_on": _string("Its last day, once notice is given.", format="date", nullable=True),
        "next_notice_deadline": _string("The last day notice can arrive to end it with a period.",
                                        format="date", nullable=True),
        "periods": {"type": "array", "items": ref("AgreementPeriod")},
        "notices": {"type": "array", "items": ref("AgreementNotice")},
        "created_at": _moment(),
    }),
    "AgreementPage": _page_of("Agreement"),
    "NewAgreement": _object({
        "customer_id": _integer(minimum=1, maximum=LARGEST_INTEGER),
        "product": _enum(Product),
        "name": _string(minLength=1, maxLength=longest(Agreement.name)),
        "price_per_period": _string("DKK excl. VAT, e.g. \"12000.00\" or \"12.000,00\"."),
        "start_date": ISO_DAY,
        "period_months": _integer(minimum=1, maximum=60, default=12),
        "billed_in_advance": {"type": "boolean", "default": True},
        "covered_categories": {"type": "array", "items": _enum(Category)},
        "covered_systems": {"type": "array", "items": _string(), "description": "Left out: every system."},
        "terms_profile": _enum(TermsProfile),
    }, required=["customer_id", "product", "name", "price_per_period", "start_date"]),
    "NewNotice": _object({
        "received_on": _string("The day the written notice arrived; not in the future.", format="date"),
        "given_by": _string("Who at the customer gave it.", minLength=1, maxLength=longest(AgreementNotice.given_by)),
        "kind": _enum(NoticeKind),
    }, required=["received_on", "given_by"]),
}
PATHS |= {
    "/agreements": {
        "get": _operation("listAgreements", "Agreements (a customer token sees only its own).", "AgreementPage",
                          LIST, parameters=PAGING + (
                              _query("customer_id", _integer(minimum=1), "Only this customer's."),
                              _query("status", _enum(AgreementStatus), "Only this status."),
                          )),
        "post": _operation("createAgreement", "Create an agreement with its first period (managers).",
                           "Agreement", WRITE, status="201", body="NewAgreement"),
    },
    "/agreements/{agreement_id}": {
        "get": _operation("getAgreement", "One agreement with its periods and notices.", "Agreement", READ,
                          parameters=[AGREEMENT_ID]),
    },
    "/agreements/{agreement_id}/notices": {
        "post": _operation("giveNotice", "Record written notice (managers): in time or not, and when the "
                           "agreement ends.", "AgreementNotice", WRITE + ("404",), status="201", body="NewNotice",
                           parameters=[AGREEMENT_ID]),
    },
}

# Reports for managers (SPEC §9): each report's row schema is made from the columns the report pages show.
from helpdesk.reports.catalogue import AS_OF, COUNT, DAY, HOURS, ID, LABEL, MONEY, MONTH, REPORTS  # noqa: E402

DECIMAL = _string("A decimal with two decimals, e.g. \"12.50\".", pattern=r"^-?[0-9]+\.[0-9]{2}$")
REPORT_VALUES = {ID: _integer(nullable=True), COUNT: _integer(), HOURS: DECIMAL, MONEY: AMOUNT, DAY: ISO_DAY,
                 MONTH: _string("The month's first day.", format="date")}
REPORT_ERRORS = ("401", "403", "422")
REPORT_CUSTOMER = _query("customer_id", _integer(minimum=1, maximum=LARGEST_INTEGER), "Only this customer's.")


def report_schema_name(name: str) -> str:
    return "".join(part.title() for part in name.split("-")) + "Report"


def _report_value(column) -> dict:
    if column.kind == LABEL and column.labels:
        return _string(enum=[str(key) for key in column.labels])
    return REPORT_VALUES.get(column.kind, _string())


def _report_schema(kind) -> dict:
    values = {column.key: _report_value(column) for column in kind.columns}
    numeric = {column.key: values[column.key] for column in kind.columns if column.numeric}
    return _response_object({
        "report": _string(enum=[kind.name]),
        "title": _string(),
        "from": _string("The period's first day (for a report as of a day: that day).", format="date"),
        "to": _string("The period's last day, included.", format="date"),
        "customer_id": _integer(nullable=True, description="null: every customer."),
        "rows": {"type": "array", "items": _response_object(values)},
        "totals": _object(numeric),
    })


def _report_parameters(kind) -> list:
    if kind.period == AS_OF:
        return [_query("to", ISO_DAY, "The day whose end the report shows; default today."), REPORT_CUSTOMER]
    return [_query("from", ISO_DAY, "The period's first day; default: see the report."),
            _query("to", ISO_DAY, "The period's last day, included; default: see the report."), REPORT_CUSTOMER]


SCHEMAS |= {report_schema_name(kind.name): _report_schema(kind) for kind in REPORTS.values()} | {
    "Saldi": _response_object({"customers": _integer(minimum=0), "clips": _integer()}),
    "KeyFigures": _response_object({
        "today": ISO_DAY,
        "month": _string("This month's first day; its figures run to today.", format="date"),
        "previous_month": _string("Last month's first day.", format="date"),
        "customer_id": _integer(nullable=True, description="null: every customer."),
        "clips_consumed": _response_object({"current": _integer(), "previous": _integer()}),
        "billable_hours": _response_object({"current": DECIMAL, "previous": DECIMAL}),
        "revenue": _response_object({"current": AMOUNT, "previous": AMOUNT}),
        "receivables_overdue": _response_object({"current": AMOUNT, "previous": AMOUNT}),
        "negative_saldi": _response_object({"current": ref("Saldi"), "previous": ref("Saldi")}),
        "expiring_cards": _response_object({"cards": _integer(minimum=0), "clips": _integer(minimum=0)}),
        "agreements_near_notice_deadline": _integer(minimum=0),
        "deliveries_awaiting_acceptance": _integer(minimum=0),
    }),
}
PATHS |= {f"/reports/{kind.name}": {"get": _operation(
    f"get{report_schema_name(kind.name)}", f"{kind.title} (managers). {kind.intro}",
    report_schema_name(kind.name), REPORT_ERRORS, parameters=_report_parameters(kind))}
    for kind in REPORTS.values()} | {
    "/reports/dashboard": {"get": _operation(
        "getReportDashboard", "Key figures (managers): this month so far against last month; receivables and "
        "negative saldi now against the end of last month; cards, agreements and deliveries needing attention.",
        "KeyFigures", REPORT_ERRORS, parameters=[REPORT_CUSTOMER])},
}

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {
        "title": "helpdesk API",
        "version": "1",
        "description": "Cases, customers and time priced in clips (15 minutes at 1×, 2× or 3×). "
                       "Send `Authorization: Bearer <token>` (from `flask --app helpdesk users token EMAIL`).",
    },
    "servers": [{"url": API_PREFIX}],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
    },
}
