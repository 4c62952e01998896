"""The outbox for managers (every message, resend) and the messages in kundeHUB."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from helpdesk.access import customer_required, manager_required
from helpdesk.errors import DomainError, NotFound
from helpdesk.notifications import services
from helpdesk.notifications.models import MessageStatus
from helpdesk.web import page_number

blueprint = Blueprint("notifications", __name__)


def _status_filter() -> MessageStatus | None:
    """Read the status to show from the query string; anything else shows every status."""
    try:
        return MessageStatus(request.args.get("status", ""))
    except ValueError:
        return None


@blueprint.get("/outbox/")
@manager_required
def outbox():
    status = _status_filter()
    return render_template("notifications/outbox.html", page=services.list_messages(status, page_number()),
                           status=status, statuses=list(MessageStatus))


@blueprint.post("/outbox/<int:message_id>/resend")
@manager_required
def resend(message_id: int):
    try:
        message = services.resend(current_user, message_id)
    except NotFound:
        abort(404)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Beskeden til %(recipient)s sendes igen ved næste afsendelse.", recipient=message.recipient),
              "success")
    return redirect(url_for("notifications.outbox", status=request.args.get("status")))


@blueprint.get("/hub/messages")
@customer_required
def hub_messages():
    return render_template("notifications/hub_messages.html",
                           messages=services.customer_messages(current_user.customer_id))
