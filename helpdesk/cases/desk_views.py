"""The phone desk page: search as you type, the customer at a glance, and one form from call to running timer."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from helpdesk.access import staff_required
from helpdesk.cases import desk
from helpdesk.cases.forms import CallForm
from helpdesk.customers.models import Customer
from helpdesk.database import local_today, whole_number
from helpdesk.errors import DomainError
from helpdesk.extensions import db
from helpdesk.web import show_domain_error

blueprint = Blueprint("desk", __name__, url_prefix="/desk")


def _chosen(customer_id: str | None) -> Customer | None:
    number = whole_number(customer_id)
    return db.session.get(Customer, number) if number is not None else None


@blueprint.get("/")
@staff_required
def index(form=None):
    query = request.args.get("q", "")[:100]
    chosen = _chosen(request.args.get("customer_id") or (form.customer_id.data if form else None))
    form = form or CallForm(customer_id=str(chosen.id) if chosen else "")
    context = {"query": query, "matches": desk.find_customers(query), "form": form,
               "glance": desk.glance(chosen, local_today()) if chosen else None}
    template = "desk/_results.html" if request.args.get("partial") else "desk/index.html"
    return render_template(template, **context)


@blueprint.post("/calls")
@staff_required
def take_call():
    form = CallForm()
    if form.validate_on_submit():
        call = desk.Call(customer_id=int(form.customer_id.data or 0) or None, caller_name=form.caller_name.data,
                         caller_phone=form.caller_phone.data or "", subject=form.subject.data,
                         summary=form.summary.data or "", category=form.category.data, system=form.system.data or "")
        try:
            case = desk.take_call(current_user, call)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Sag %(number)s er oprettet, og tidtagningen kører.", number=case.number), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return index(form=form), 400
