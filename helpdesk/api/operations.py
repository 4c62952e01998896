"""API endpoints for an agreement's outages and for maintenance windows (SPEC §7)."""


from flask import g, jsonify, url_for

from helpdesk.agreements import maintenance, outages
from helpdesk.agreements.models import MaintenanceWindow, Outage
from helpdesk.agreements.services import get_agreement
from helpdesk.api import blueprint
from helpdesk.api.parsing import Fields, body_reference
from helpdesk.api.serialise import moment
from helpdesk.api.views import managers_only
from helpdesk.cases.services import get_customer
from helpdesk.database import local_today, utcnow

AGREEMENT_ID = "<int:agreement_id>"


def outage(row: Outage) -> dict:
    """Show an outage: its first and last affected day, both included."""
    return {
        "id": row.id,
        "agreement_id": row.agreement_id,
        "starts_on": row.starts_on.isoformat(),
        "ends_on": row.ends_on.isoformat(),
        "days": (row.ends_on - row.starts_on).days + 1,
        "description": row.description,
        "created_at": moment(row.created_at),
    }


def maintenance_window(row: MaintenanceWindow) -> dict:
    """Show a maintenance window; its times in Copenhagen local time."""
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "starts_at": moment(row.starts_at),
        "ends_at": moment(row.ends_at),
        "systems": list(row.systems),
        "description": row.description,
        "urgent": row.urgent,
        "urgent_reason": row.urgent_reason,
    }


def _new_outage() -> outages.OutageInput:
    with Fields.body() as body:
        data = outages.OutageInput(starts_on=body.day("starts_on", required=True),
                                   ends_on=body.day("ends_on", required=True),
                                   description=body.text("description", required=True))
    return data


def _new_window() -> maintenance.WindowInput:
    with Fields.body() as body:
        data = maintenance.WindowInput(
            starts_at=body.moment("starts_at"),
            ends_at=body.moment("ends_at"),
            systems=body.text("systems"),
            description=body.text("description", required=True),
            urgent=body.boolean("urgent"),
            urgent_reason=body.text("urgent_reason"),
            customer_id=body.integer("customer_id", minimum=1),
        )
    return data


def _window_listing() -> int | None:
    with Fields.query() as query:
        customer_id = query.integer("customer_id", minimum=1)
    return customer_id


@blueprint.get(f"/agreements/{AGREEMENT_ID}/outages")
def list_outages(agreement_id: int):
    """The agreement's outages by first day, the longest consecutive run and whether it lets the customer
    terminate."""
    found = outages.summary(get_agreement(agreement_id))
    return jsonify({"agreement_id": found.agreement.id, "items": [outage(row) for row in found.outages],
                    "longest_run_days": found.longest_run, "may_terminate": found.may_terminate})


@blueprint.post(f"/agreements/{AGREEMENT_ID}/outages")
@managers_only
def record_outage(agreement_id: int):
    """Record an outage of the agreement (managers)."""
    get_agreement(agreement_id)
    row = outages.record_outage(g.api_user, agreement_id, _new_outage(), local_today())
    return jsonify(outage(row)), 201, {"Location": url_for(".list_outages", agreement_id=agreement_id)}


@blueprint.put("/outages/<int:outage_id>")
@managers_only
def correct_outage(outage_id: int):
    """Correct a recorded outage's days and description (managers), by the rules of recording one."""
    outages.get_outage(outage_id)
    return jsonify(outage(outages.correct_outage(g.api_user, outage_id, _new_outage(), local_today())))


@blueprint.delete("/outages/<int:outage_id>")
@managers_only
def delete_outage(outage_id: int):
    """Remove an outage recorded by mistake (managers); the audit log keeps it."""
    outages.delete_outage(g.api_user, outage_id)
    return "", 204


@blueprint.get("/maintenance-windows")
def list_maintenance_windows():
    """Maintenance not over yet, by start; for a customer those that concern its systems."""
    customer_id = _window_listing() or g.api_user.customer_id
    if customer_id is not None:
        get_customer(customer_id)
    return jsonify({"items": [maintenance_window(row) for row in maintenance.upcoming(utcnow(), customer_id)]})


@blueprint.post("/maintenance-windows")
@managers_only
def plan_maintenance_window():
    """Plan maintenance (managers); outside 22:00–05:00 Copenhagen time only as urgent with a reason."""
    data = _new_window()
    with body_reference():
        row = maintenance.plan_window(g.api_user, data)
    return jsonify(maintenance_window(row)), 201
