"""The audit log for admins: read it, filter by action; there is nothing to edit."""

from flask import Blueprint, render_template, request

from helpdesk import audit
from helpdesk.access import admin_required
from helpdesk.web import page_number

blueprint = Blueprint("audit", __name__, url_prefix="/audit")


@blueprint.get("/")
@admin_required
def index():
    action = request.args.get("action", "")[:40] or None
    return render_template("audit/index.html", page=audit.events(action, page_number()), action=action or "")
