"""Admins keep the staff's roles and accounts; every change is in the audit log."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from helpdesk.access import admin_required
from helpdesk.accounts import services
from helpdesk.accounts.forms import StaffForm
from helpdesk.errors import DomainError
from helpdesk.web import flash_form_errors

blueprint = Blueprint("staff", __name__, url_prefix="/staff")


@blueprint.get("/")
@admin_required
def index():
    return render_template("accounts/staff.html", rows=_rows())


@blueprint.post("/<int:user_id>")
@admin_required
def update(user_id: int):
    form = StaffForm(prefix=f"user-{user_id}")
    if not form.validate_on_submit():
        flash_form_errors(form)
        return render_template("accounts/staff.html", rows=_rows()), 400
    try:
        user = services.change_staff(current_user, user_id, form.role.data, form.active.data)
    except DomainError as error:
        flash(error.message, "error")
        return render_template("accounts/staff.html", rows=_rows()), 400
    role = gettext(services.ROLE_NAMES[user.role])
    flash(gettext("%(name)s er gemt: %(role)s.", name=user.name, role=role) if user.active
          else gettext("%(name)s er gemt: %(role)s, deaktiveret.", name=user.name, role=role), "success")
    return redirect(url_for(".index"))


def _rows() -> list:
    """Each staff member with a form of their own (a prefix per user keeps the fields' ids unique)."""
    return [(user, StaffForm(prefix=f"user-{user.id}", formdata=None, role=user.role.value, active=user.active))
            for user in services.staff_users()]
