"""API endpoints."""

from flask import jsonify

from helpdesk.api import blueprint


@blueprint.get("/openapi.json")
def openapi():
    return jsonify({"openapi": "3.0.3", "info": {"title": "helpdesk", "version": "1"}, "paths": {}})
