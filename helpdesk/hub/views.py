"""kundeHUB: a customer user's own cases."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.access import customer_required
from helpdesk.cases import services as cases
from helpdesk.cases.models import Channel
from helpdesk.errors import DomainError
from helpdesk.hub.forms import HubCaseForm, HubCommentForm
from helpdesk.web import page_number, show_domain_error

blueprint = Blueprint("hub", __name__, url_prefix="/hub")


@blueprint.get("/")
@customer_required
def index():
    page = cases.list_cases(cases.CaseFilter(), page=page_number())
    return render_template("hub/index.html", page=page)


@blueprint.route("/cases/new", methods=["GET", "POST"])
@customer_required
def new_case():
    form = HubCaseForm()
    if form.validate_on_submit():
        try:
            case = _open_case(form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(f"Tak. Din sag har nummer {case.number}.", "success")
            return redirect(url_for("hub.show_case", case_id=case.id))
    return render_template("hub/new_case.html", form=form), 400 if form.errors else 200


def _open_case(form):
    return cases.create_case(current_user, customer_id=current_user.customer_id, subject=form.subject.data,
                             description=form.description.data, category=form.category.data,
                             channel=Channel.PORTAL, priority=form.priority.data, files=_uploads(form))


def _uploads(form) -> list:
    return [upload for upload in (form.files.data or []) if upload and upload.filename]


@blueprint.route("/cases/<int:case_id>", methods=["GET", "POST"])
@customer_required
def show_case(case_id: int):
    try:
        case = cases.get_case(case_id)
    except DomainError:
        abort(404)
    form = HubCommentForm()
    if form.validate_on_submit():
        try:
            cases.add_comment(current_user, case, form.body.data, files=_uploads(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash("Dit svar er sendt.", "success")
            return redirect(url_for("hub.show_case", case_id=case.id))
    return render_template("hub/case.html", case=case, form=form), 400 if form.errors else 200
