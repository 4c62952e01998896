"""API endpoints: read the input, call one service, answer JSON."""

import functools

from flask import g, jsonify, url_for

from helpdesk.api import ApiError, blueprint, inputs, serialise
from helpdesk.api.openapi import DOCUMENT
from helpdesk.api.parsing import body_reference, invalid
from helpdesk.cases import services as cases
from helpdesk.cases.models import Status
from helpdesk.customers import services as customers
from helpdesk.timelog import services as timelog


def _requires(check, message: str):
    """Answer 403 unless the token's user passes the check."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not check(g.api_user):
                raise ApiError(403, "forbidden", message)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_only = _requires(lambda user: user.is_staff, "Kun medarbejdere kan gøre dette.")
managers_only = _requires(lambda user: user.can_manage(), "Kun ledere og administratorer kan gøre dette.")


def _created(body: dict, location: str):
    return jsonify(body), 201, {"Location": location}


@blueprint.errorhandler(customers.InvalidCustomer)
def _invalid_customer(error: customers.InvalidCustomer):
    return _api_error_response(invalid(error.fields))


def _api_error_response(error: ApiError):
    return jsonify({"error": {"code": error.code, "message": error.message, "fields": error.fields}}), error.status


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)


@blueprint.get("/customers")
def list_customers():
    page, per_page = inputs.customer_listing()
    return jsonify(serialise.page(customers.list_customers(page, per_page), serialise.customer))


@blueprint.post("/customers")
@managers_only
def create_customer():
    customer = customers.create_customer(g.api_user, **inputs.new_customer())
    return _created(serialise.customer(customer), url_for(".show_customer", customer_id=customer.id))


@blueprint.get("/customers/<int:customer_id>")
def show_customer(customer_id: int):
    return jsonify(serialise.customer(cases.get_customer(customer_id)))


@blueprint.get("/cases")
def list_cases():
    filters, page, per_page = inputs.case_listing()
    return jsonify(serialise.page(cases.list_cases(filters, page, per_page), serialise.case))


@blueprint.post("/cases")
def create_case():
    user = g.api_user
    values, status = inputs.new_case(customer_required=not user.is_customer)
    with body_reference():
        customer = cases.get_customer(values.pop("customer_id") or user.customer_id)
    case = cases.create_case(user, customer_id=customer.id, **values)
    if user.is_staff and status != Status.NEW:
        cases.change_status(user, case, status)
    return _created(serialise.case(case), url_for(".show_case", case_id=case.id))


@blueprint.get("/cases/<int:case_id>")
def show_case(case_id: int):
    return jsonify(serialise.case(cases.get_case(case_id)))


@blueprint.get("/cases/<int:case_id>/time-entries")
def list_time_entries(case_id: int):
    entries = timelog.case_entries(cases.get_case(case_id))
    return jsonify({"items": [serialise.entry(entry) for entry in entries]})


@blueprint.post("/cases/<int:case_id>/time-entries")
@staff_only
def log_time(case_id: int):
    case = cases.get_case(case_id)
    entry = timelog.log_time(g.api_user, case, inputs.new_entry())
    return _created(serialise.entry(entry), url_for(".list_time_entries", case_id=case.id))


@blueprint.post("/quote")
def quote():
    start, end = inputs.quote()
    return jsonify(serialise.quote(timelog.price(start, end), start, end))
