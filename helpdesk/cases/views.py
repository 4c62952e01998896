"""The technicians' case pages."""


from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from helpdesk.access import staff_required
from helpdesk.billing.receivables import customer_standing
from helpdesk.cases import attachments, services
from helpdesk.cases.forms import (
    AssignForm,
    AttributionForm,
    CaseFilterForm,
    CommentForm,
    NewCaseForm,
    StatusForm,
    customer_choices,
    options,
)
from helpdesk.database import local_today, whole_number
from helpdesk.errors import DomainError
from helpdesk.timelog import expenses
from helpdesk.timelog import services as timelog
from helpdesk.timelog.forms import (
    ClassificationForm,
    ExpenseForm,
    TimeEntryForm,
    TimerStartForm,
    TimerStopForm,
    TravelEstimateForm,
)
from helpdesk.web import flash_form_errors, page_number, show_domain_error, uploads

blueprint = Blueprint("cases", __name__, url_prefix="/cases")


def _filter_form() -> CaseFilterForm:
    form = CaseFilterForm(request.args)
    form.customer.choices = customer_choices(gettext("Alle"))
    form.assignee.choices = options([("", gettext("Alle")), ("me", gettext("Mig"))]
                                    + [(u.id, u.name) for u in services.staff_members()])
    return form


def _int_or_none(value: str | None) -> int | None:
    return whole_number(value)


@blueprint.get("/")
@staff_required
def index():
    form = _filter_form()
    form.validate()
    assignee = current_user.id if form.assignee.data == "me" else _int_or_none(form.assignee.data)
    filters = services.CaseFilter(
        status=form.status.data if not form.status.errors else None,
        customer_id=_int_or_none(form.customer.data),
        assignee_id=assignee,
        text=form.q.data or None,
    )
    page = services.list_cases(filters, page=page_number())
    return render_template("cases/index.html", form=form, page=page)


@blueprint.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    form = NewCaseForm()
    form.customer_id.choices = customer_choices()
    if request.method == "GET" and request.args.get("customer_id", type=int):
        form.customer_id.data = request.args.get("customer_id", type=int)
    if form.validate_on_submit():
        try:
            case = services.create_case(
                current_user,
                customer_id=form.customer_id.data,
                subject=form.subject.data,
                description=form.description.data,
                category=form.category.data,
                channel=form.channel.data,
                priority=form.priority.data,
                contact_name=form.contact_name.data,
                contact_email=form.contact_email.data,
                contact_phone=form.contact_phone.data,
                covered=form.covered.data,
                system=form.system.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Sag %(number)s er oprettet.", number=case.number), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/new.html", form=form), 400 if form.errors else 200


@blueprint.get("/<int:case_id>")
@staff_required
def show(case_id: int, entry_form=None, comment_form=None, expense_form=None, estimate_form=None):
    case = services.get_case(case_id)
    entries = timelog.case_entries(case)
    shown_entries = entries if request.args.get("entries") == "all" else timelog.latest_entries(entries)
    assign_form = AssignForm(assignee_id=str(case.assignee_id or ""))
    assign_form.assignee_id.choices = options([("", gettext("Ingen"))]
                                              + [(u.id, u.name) for u in services.staff_members()])
    # A form refused on this page is handed in; the others start empty, not filled from its fields of the same
    # name (a refused manual entry's description must not land in the timer's or the expense's).
    return render_template(
        "cases/show.html",
        case=case,
        entries=entries,
        shown_entries=shown_entries,
        entries_cut=len(shown_entries) < len(entries),
        timeline=services.timeline(case, shown_entries),
        status_form=StatusForm(status=case.status.value),
        assign_form=assign_form,
        attribution_form=AttributionForm(attribution=case.fault_attribution.value if case.fault_attribution else ""),
        comment_form=comment_form or CommentForm(),
        entry_form=entry_form or TimeEntryForm(formdata=None),
        timer_form=TimerStartForm(formdata=None),
        stop_form=TimerStopForm(formdata=None),
        classification_form=ClassificationForm(),
        expenses=expenses.case_expenses(case),
        expense_form=expense_form or ExpenseForm(formdata=None),
        estimate_form=estimate_form or TravelEstimateForm(),
        estimate_price=expenses.travel_estimate_price(case, local_today()),
        running=timelog.running_timer(current_user),
        standing=customer_standing(case.customer_id, local_today()),
    )


def _after_action(case_id: int, form, action, success: str):
    """Run a case action posted from the case page, then return to it."""
    case = services.get_case(case_id)
    if form.validate_on_submit():
        try:
            action(case)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(success, "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("cases.show", case_id=case.id))


@blueprint.post("/<int:case_id>/status")
@staff_required
def change_status(case_id: int):
    form = StatusForm()
    return _after_action(case_id, form, lambda case: services.change_status(current_user, case, form.status.data),
                         gettext("Status er ændret."))


@blueprint.post("/<int:case_id>/assign")
@staff_required
def assign(case_id: int):
    form = AssignForm()
    return _after_action(
        case_id, form, lambda case: services.assign(current_user, case, _int_or_none(form.assignee_id.data)),
        gettext("Sagen er tildelt."),
    )


@blueprint.post("/<int:case_id>/attribution")
@staff_required
def attribution(case_id: int):
    form = AttributionForm()
    return _after_action(
        case_id, form,
        lambda case: services.set_fault_attribution(current_user, case, form.attribution.data or None),
        gettext("Fejlens årsag er gemt."),
    )


@blueprint.post("/<int:case_id>/comments")
@staff_required
def comment(case_id: int):
    case = services.get_case(case_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(current_user, case, form.body.data, form.internal.data, uploads(form))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Kommentaren er gemt."), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    return show(case.id, comment_form=form), 400


attachment_blueprint = Blueprint("attachments", __name__)


@attachment_blueprint.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment, path = attachments.get_attachment(attachment_id)
    return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.filename)


# Delivery acceptance (SPEC §4, H §6.2): the case page shows it through cases/_delivery.html.
from helpdesk.cases import deliveries  # noqa: E402
from helpdesk.cases.delivery_forms import DeliveredForm  # noqa: E402


@blueprint.post("/<int:case_id>/delivered")
@staff_required
def delivered(case_id: int):
    form = DeliveredForm()
    return _after_action(
        case_id, form, lambda case: deliveries.mark_delivered(current_user, case, form.delivered_at.data),
        gettext("Leverancen er markeret som leveret, og kunden har fået besked."),
    )
