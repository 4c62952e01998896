"""The managers' agreement pages: list, create, edit, notice and changes; and the notice documents."""


from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.agreements import services
from helpdesk.agreements.forms import AgreementFilterForm, AgreementForm, ChangeForm, NoticeForm
from helpdesk.agreements.models import AgreementNotice
from helpdesk.cases.attachments import attachment_dir
from helpdesk.cases.forms import customer_choices
from helpdesk.database import local_today, whole_number
from helpdesk.errors import DomainError, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import danish_date
from helpdesk.web import page_number, show_domain_error

blueprint = Blueprint("agreements", __name__, url_prefix="/agreements")


@blueprint.get("/")
@manager_required
def index():
    form = AgreementFilterForm(request.args)
    form.customer.choices = customer_choices(gettext("Alle"))
    form.validate()
    page = services.list_agreements(
        customer_id=whole_number(form.customer.data),
        status=form.status.data if form.status.data and not form.status.errors else None, page=page_number())
    return render_template("agreements/index.html", form=form, page=page, today=local_today(),
                           deadline=services.next_notice_deadline)


def _input(form: AgreementForm) -> services.AgreementInput:
    return services.AgreementInput(
        product=form.product.data, name=form.name.data, price_per_period=form.price_per_period.data,
        start_date=form.start_date.data, period_months=form.period_months.data,
        billed_in_advance=form.billed_in_advance.data, covered_categories=form.covered_categories.data or [],
        covered_systems=services.parse_systems(form.covered_systems.data), terms_profile=form.terms_profile.data)


@blueprint.route("/new", methods=["GET", "POST"])
@manager_required
def new():
    form = AgreementForm(request.form if request.method == "POST" else None,
                         customer_id=request.args.get("customer_id", ""))
    form.customer_id.choices = customer_choices()
    if form.validate_on_submit():
        try:
            customer_id = int(form.customer_id.data or 0)
            agreement = services.create_agreement(current_user, customer_id, _input(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Aftalen »%(name)s« er oprettet.", name=agreement.name), "success")
            return redirect(url_for("agreements.show", agreement_id=agreement.id))
    return render_template("agreements/form.html", form=form, agreement=None), 400 if form.errors else 200


@blueprint.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@manager_required
def edit(agreement_id: int):
    agreement = services.get_agreement(agreement_id)
    form = AgreementForm(obj=None if request.method == "POST" else agreement)
    if request.method == "GET":
        form.covered_systems.data = "\n".join(agreement.covered_systems)
        form.price_per_period.data = f"{agreement.price_per_period:.2f}".replace(".", ",")
        form.terms_profile.data = agreement.terms_profile.value
    form.customer_id.choices = customer_choices()
    form.customer_id.data = str(agreement.customer_id)
    if form.validate_on_submit():
        try:
            services.update_agreement(current_user, agreement_id, _input(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Aftalen er gemt."), "success")
            return redirect(url_for("agreements.show", agreement_id=agreement_id))
    return render_template("agreements/form.html", form=form, agreement=agreement), 400 if form.errors else 200


@blueprint.get("/<int:agreement_id>")
@manager_required
def show(agreement_id: int, notice_form=None, change_form=None):
    agreement = services.get_agreement(agreement_id)
    today = local_today()
    return render_template("agreements/show.html", agreement=agreement, today=today,
                           deadline=services.next_notice_deadline(agreement, today),
                           notice_form=notice_form or NoticeForm(), change_form=change_form or ChangeForm())


@blueprint.post("/<int:agreement_id>/notices")
@manager_required
def notice(agreement_id: int):
    form = NoticeForm()
    if form.validate_on_submit():
        data = services.NoticeInput(received_on=form.received_on.data, given_by=form.given_by.data,
                                    kind=form.kind.data, document=form.document.data)
        try:
            record = services.record_notice(current_user, agreement_id, data, local_today())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            locale = get_locale()
            flash(gettext("Opsigelsen er registreret: %(timeliness)s (frist %(deadline)s); aftalen ophører %(ends)s.",
                          timeliness=gettext("rettidig") if record.in_time else gettext("for sen"),
                          deadline=danish_date(record.deadline, locale), ends=danish_date(record.ends_on, locale)),
                  "success")
            return redirect(url_for("agreements.show", agreement_id=agreement_id))
    return show(agreement_id, notice_form=form), 400


@blueprint.post("/<int:agreement_id>/changes")
@manager_required
def change(agreement_id: int):
    form = ChangeForm()
    if form.validate_on_submit():
        data = services.ChangeInput(kind=form.kind.data, description=form.description.data,
                                    notified_on=form.notified_on.data, effective_on=form.effective_on.data,
                                    new_price=form.new_price.data)
        try:
            services.schedule_change(current_user, agreement_id, data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Ændringen er varslet."), "success")
            return redirect(url_for("agreements.show", agreement_id=agreement_id))
    return show(agreement_id, change_form=form), 400


@blueprint.get("/notices/<int:notice_id>/document")
@manager_required
def notice_document(notice_id: int):
    record = db.session.get(AgreementNotice, notice_id)
    if record is None or not record.document_stored_name:
        raise NotFound(gettext("Opsigelsen har ikke noget dokument."))
    return send_file(attachment_dir() / record.document_stored_name, mimetype=record.document_content_type,
                     as_attachment=True, download_name=record.document_name)
