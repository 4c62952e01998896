"""The JSON API under /api/v1: bearer tokens, JSON errors, an OpenAPI document."""

from flask import Blueprint, g, jsonify, request

from helpdesk.access import scope_session_to
from helpdesk.accounts.services import user_for_token
from helpdesk.errors import DomainError
from helpdesk.extensions import db

API_PREFIX = "/api/v1"
PUBLIC_ENDPOINTS = {"api.openapi"}

blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    return jsonify({"error": {"code": code, "message": message, "fields": fields or {}}}), status


class ApiError(Exception):
    """An error answered as JSON with a status, a code, a message and the fields at fault."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError):
    return json_error(error.status, error.code, error.message, error.fields)


@blueprint.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return json_error(error.status, error.code, error.message, error.fields)


@blueprint.before_request
def authenticate():
    """Every endpoint but the OpenAPI document needs `Authorization: Bearer <token>`; cookies are not used."""
    g.api_user = None
    scope_session_to(db.session, None)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        return json_error(401, "unauthorized", "A valid bearer token is required (Authorization: Bearer <token>).")
    g.api_user = user
    scope_session_to(db.session, user)
    return None


from helpdesk.api import agreements, operations, reports, views  # noqa: E402,F401  (registers the endpoints on the blueprint)
