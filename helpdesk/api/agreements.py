"""API endpoints for agreements and the notices given on them (SPEC §7)."""

from datetime import date

from flask import g, jsonify, url_for

from helpdesk.agreements import services as agreements
from helpdesk.agreements.models import Agreement, AgreementNotice, AgreementStatus, NoticeKind, Product
from helpdesk.api import blueprint
from helpdesk.api.inputs import longest, paging
from helpdesk.api.parsing import Fields, body_reference
from helpdesk.api.serialise import moment, page
from helpdesk.api.views import managers_only
from helpdesk.customers.models import TermsProfile
from helpdesk.database import local_today

AGREEMENT_ID = "<int:agreement_id>"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def agreement(row: Agreement) -> dict:
    """Show an agreement with its periods, notices and the next notice deadline."""
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "product": row.product.value,
        "name": row.name,
        "covered_categories": list(row.covered_categories),
        "covered_systems": list(row.covered_systems),
        "price_per_period": f"{row.price_per_period:.2f}",
        "period_months": row.period_months,
        "billed_in_advance": row.billed_in_advance,
        "start_date": _day(row.start_date),
        "terms_profile": row.terms_profile.value,
        "status": row.status.value,
        "ends_on": _day(row.ends_on),
        "next_notice_deadline": _day(agreements.next_notice_deadline(row, local_today())),
        "periods": [{"starts_on": _day(p.starts_on), "ends_on": _day(p.ends_on), "price": f"{p.price:.2f}",
                     "invoice_id": p.invoice_id} for p in row.periods],
        "notices": [notice(n) for n in row.notices],
        "created_at": moment(row.created_at),
    }


def notice(row: AgreementNotice) -> dict:
    """Show a notice with its verdict: in time or not, the deadline it was judged by, when the agreement ends."""
    return {"id": row.id, "agreement_id": row.agreement_id, "kind": row.kind.value,
            "received_on": _day(row.received_on), "given_by": row.given_by, "in_time": row.in_time,
            "deadline": _day(row.deadline), "ends_on": _day(row.ends_on)}


@blueprint.get("/agreements")
def list_agreements():
    """Agreements, by customer (a customer token sees only its own)."""
    with Fields.query() as query:
        customer_id = query.integer("customer_id", minimum=1)
        status = query.choice("status", AgreementStatus)
        page_number, per_page = paging(query)
    result = agreements.list_agreements(customer_id=customer_id, status=status, page=page_number,
                                        per_page=per_page)
    return jsonify(page(result, agreement))


@blueprint.get(f"/agreements/{AGREEMENT_ID}")
def show_agreement(agreement_id: int):
    return jsonify(agreement(agreements.get_agreement(agreement_id)))


@blueprint.post("/agreements")
@managers_only
def create_agreement():
    """Create an agreement with its first period; it renews and is invoiced by the daily job."""
    with Fields.body() as body:
        customer_id = body.integer("customer_id", required=True, minimum=1)
        data = agreements.AgreementInput(
            product=body.choice("product", Product, required=True),
            name=body.text("name", required=True, max_length=longest(Agreement.name)),
            price_per_period=body.text("price_per_period", required=True),
            start_date=body.day("start_date"),
            period_months=body.integer("period_months", default=12, minimum=1, maximum=60),
            billed_in_advance=body.boolean("billed_in_advance", default=True),
            covered_categories=body.strings("covered_categories"),
            covered_systems=body.strings("covered_systems"),
            terms_profile=body.choice("terms_profile", TermsProfile),
        )
    with body_reference():
        created = agreements.create_agreement(g.api_user, customer_id, data)
    return jsonify(agreement(created)), 201, {"Location": url_for(".show_agreement", agreement_id=created.id)}


@blueprint.post(f"/agreements/{AGREEMENT_ID}/notices")
@managers_only
def give_notice(agreement_id: int):
    """Record written notice; the answer says whether it came in time and when the agreement ends."""
    agreements.get_agreement(agreement_id)
    with Fields.body() as body:
        data = agreements.NoticeInput(received_on=body.day("received_on"),
                                      given_by=body.text("given_by", max_length=longest(AgreementNotice.given_by)),
                                      kind=body.choice("kind", NoticeKind, default=NoticeKind.TERMINATION))
    return jsonify(notice(agreements.record_notice(g.api_user, agreement_id, data, local_today()))), 201
