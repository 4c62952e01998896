"""kundeHUB's company page: the company's details and colleagues, kept current by the customer's admin contact."""

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from helpdesk.access import customer_required
from helpdesk.accounts.views import password_link
from helpdesk.customers import self_service
from helpdesk.customers.forms import ColleagueForm, CompanyForm, InviteForm
from helpdesk.errors import DomainError, Forbidden
from helpdesk.hub.views import blueprint
from helpdesk.web import show_domain_error


def admin_contact_required(view):
    """Let only the customer's admin contact through; the company's other users get 403."""
    @customer_required
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            self_service.require_admin(current_user)
        except Forbidden:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _invite_form(formdata=None) -> InviteForm:
    """The invitation form; its prefix keeps its fields apart from the company form's on the same page."""
    return InviteForm(formdata=formdata, prefix="invite")


def _company_page(company_form=None, invite_form=None):
    """Render the page with the form that was posted, if any, and the other one fresh."""
    customer = current_user.customer
    status = 400 if (company_form and company_form.errors) or (invite_form and invite_form.errors) else 200
    return render_template(
        "hub/company.html", customer=customer, colleagues=self_service.colleagues(customer.id),
        company_form=company_form or CompanyForm(formdata=None, obj=customer),
        invite_form=invite_form or _invite_form(),
    ), status


@blueprint.get("/company")
@customer_required
def company():
    return _company_page()


@blueprint.post("/company")
@admin_contact_required
def update_company():
    form = CompanyForm()
    if form.validate_on_submit():
        try:
            changed = self_service.update_company(current_user, name=form.name.data, address=form.address.data,
                                                  email=form.email.data, phone=form.phone.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            message = gettext("Oplysningerne er gemt.") if changed else gettext("Der var ingen ændringer at gemme.")
            flash(message, "success")
            return redirect(url_for("hub.company"))
    return _company_page(company_form=form)


@blueprint.post("/company/colleagues")
@admin_contact_required
def invite_colleague():
    form = _invite_form(request.form)
    if form.validate_on_submit():
        try:
            user = self_service.invite(current_user, name=form.name.data, email=form.email.data,
                                       link=password_link)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("%(name)s er inviteret: vi har sendt en mail til %(email)s med et link til at vælge "
                          "adgangskode.", name=user.name, email=user.email), "success")
            return redirect(url_for("hub.company"))
    return _company_page(invite_form=form)


@blueprint.route("/company/colleagues/<int:user_id>", methods=["GET", "POST"])
@admin_contact_required
def colleague(user_id: int):
    user = self_service.colleague(current_user, user_id)
    form = ColleagueForm(obj=user)
    if form.validate_on_submit():
        try:
            self_service.update_colleague(current_user, user, name=form.name.data, phone=form.phone.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("%(name)s er gemt.", name=user.name), "success")
            return redirect(url_for("hub.company"))
    return render_template("hub/company_colleague.html", colleague=user, form=form), 400 if form.errors else 200


def _switch(name: str) -> bool:
    """Read an on/off button's value: "1" or "0", anything else is a bad request."""
    value = request.form.get(name)
    if value not in ("0", "1"):
        abort(400)
    return value == "1"


@blueprint.post("/company/colleagues/<int:user_id>/access")
@admin_contact_required
def colleague_access(user_id: int):
    user = self_service.colleague(current_user, user_id)
    try:
        self_service.set_active(current_user, user, _switch("active"))
    except DomainError as error:
        flash(error.message, "error")
    else:
        if user.active:
            flash(gettext("%(name)s kan nu logge ind.", name=user.name), "success")
        else:
            flash(gettext("%(name)s kan ikke længere logge ind.", name=user.name), "success")
    return redirect(url_for("hub.colleague", user_id=user.id))


@blueprint.post("/company/colleagues/<int:user_id>/role")
@admin_contact_required
def colleague_role(user_id: int):
    user = self_service.colleague(current_user, user_id)
    try:
        self_service.set_admin(current_user, user, _switch("admin"))
    except DomainError as error:
        flash(error.message, "error")
    else:
        if user.is_customer_admin:
            flash(gettext("%(name)s er nu administrator.", name=user.name), "success")
        else:
            flash(gettext("%(name)s er nu bruger.", name=user.name), "success")
    return redirect(url_for("hub.colleague", user_id=user.id))
