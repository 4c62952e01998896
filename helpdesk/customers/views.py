"""Managers' customer pages: a customer's data export and history of details, ended customers' data deletion."""


from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.cases.services import get_customer
from helpdesk.customers import export, retention, self_service
from helpdesk.customers.forms import PostponeDeletionForm
from helpdesk.database import local_today
from helpdesk.errors import DomainError
from helpdesk.formatting import danish_date
from helpdesk.web import download, flash_form_errors

blueprint = Blueprint("customers", __name__, url_prefix="/customers")


@blueprint.get("/<int:customer_id>/export.zip")
@manager_required
def export_zip(customer_id: int):
    content = export.export_for(current_user, customer_id)
    return download(content, export.export_name(customer_id), "application/zip")


@blueprint.get("/retention")
@manager_required
def retention_page():
    return render_template("customers/retention.html", form=PostponeDeletionForm(),
                           retentions=retention.customers_due_for_deletion(local_today()))


@blueprint.post("/<int:customer_id>/postpone-deletion")
@manager_required
def postpone_deletion(customer_id: int):
    form = PostponeDeletionForm()
    if form.validate_on_submit():
        try:
            customer = retention.postpone_deletion(current_user, customer_id, form.until.data, form.reason.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(gettext("%(name)s: data slettes først %(day)s.", name=customer.name,
                          day=danish_date(customer.deletion_postponed_until, get_locale())), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("customers.retention_page"))


# What the customer changed in its own details and people (helpdesk/customers/self_service.py).

@blueprint.get("/<int:customer_id>/history")
@manager_required
def history(customer_id: int):
    return render_template("customers/history.html", customer=get_customer(customer_id),
                           changes=self_service.history(customer_id))
