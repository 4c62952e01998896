"""Managers' customer pages: the customers, a new one, a customer's details and terms, its data export and
history of details, ended customers' data deletion."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext, ngettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.cases.services import get_customer
from helpdesk.customers import export, retention, self_service, services
from helpdesk.customers.forms import CustomerForm, CustomerSearchForm, PostponeDeletionForm
from helpdesk.customers.models import Customer
from helpdesk.database import local_today, whole_number
from helpdesk.errors import DomainError
from helpdesk.formatting import danish_date, number
from helpdesk.web import download, flash_form_errors, page_number, show_domain_error

blueprint = Blueprint("customers", __name__, url_prefix="/customers")


@blueprint.get("/")
@manager_required
def index():
    form = CustomerSearchForm(request.args)
    form.validate()
    return render_template("customers/index.html", form=form,
                           page=services.find_customers(form.q.data or "", page_number()))


def _number(text: str | None):
    """A whole number (a minus too) as the service checks it; what is no number goes on as text, for the service
    to name."""
    text = (text or "").strip()
    value = whole_number(text.removeprefix("-"))
    if value is None:
        return text
    return -value if text.startswith("-") else value


def _given(form: CustomerForm) -> dict:
    """The form's values under the names the service knows them by."""
    return {
        "name": form.name.data, "cvr": form.cvr.data or "", "is_business": form.is_business.data,
        "address": "\n".join((form.address.data or "").splitlines()), "email": form.email.data,
        "phone": form.phone.data or "", "delivery": form.delivery.data, "gln": form.gln.data or "",
        "terms": form.terms.data, "payment_terms_days": _number(form.payment_terms_days.data),
        "hourly_rate": (form.hourly_rate.data or "").strip(), "overdraft_policy": form.overdraft_policy.data,
        "low_saldo_threshold": _number(form.low_saldo_threshold.data),
    }


@blueprint.route("/new", methods=["GET", "POST"])
@manager_required
def new():
    form = CustomerForm()
    if form.validate_on_submit():
        try:
            customer = services.create_customer(current_user, **_given(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Kunden %(name)s er oprettet.", name=customer.name), "success")
            return redirect(url_for("clips.customer", customer_id=customer.id))
    return render_template("customers/form.html", form=form, customer=None), 422 if form.errors else 200


def _filled(customer: Customer) -> CustomerForm:
    return CustomerForm(
        name=customer.name, cvr=customer.cvr or "", is_business=customer.is_business, address=customer.address,
        email=customer.email, phone=customer.phone, delivery=customer.delivery_channel.value, gln=customer.gln or "",
        terms=customer.terms_profile.value, payment_terms_days=str(customer.payment_terms_days),
        hourly_rate=number(customer.hourly_rate, 2), overdraft_policy=customer.overdraft_policy.value,
        low_saldo_threshold=str(customer.low_saldo_threshold))


@blueprint.route("/<int:customer_id>/edit", methods=["GET", "POST"])
@manager_required
def edit(customer_id: int):
    customer = get_customer(customer_id)
    form = CustomerForm() if request.method == "POST" else _filled(customer)
    if form.validate_on_submit():
        try:
            changed = services.update_customer(current_user, customer_id, **_given(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(ngettext("%(num)s oplysning er ændret.", "%(num)s oplysninger er ændret.", changed) if changed
                  else gettext("Intet var ændret."), "success")
            return redirect(url_for("clips.customer", customer_id=customer_id))
    return render_template("customers/form.html", form=form, customer=customer), 422 if form.errors else 200


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
