"""The application factory."""

import os
from pathlib import Path

import flask_babel
from flask import Flask, has_request_context, render_template, request
from flask_babel import gettext
from werkzeug import exceptions as werkzeug_exceptions
from werkzeug.routing import IntegerConverter

from helpdesk import i18n, ops, security
from helpdesk.config import load_config
from helpdesk.database import LARGEST_INTEGER, engine_options, render_migration_item
from helpdesk.errors import NotFound
from helpdesk.formatting import N_
from helpdesk.extensions import babel, csrf, db, limiter, login_manager, migrate

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """Find templates/, static/, translations/ or migrations/: in the package from a wheel, else at the root."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: configuration from the environment, then ``overrides`` (tests use them)."""
    app = Flask(
        "helpdesk",
        template_folder=str(_resource_dir("templates")),
        static_folder=str(_resource_dir("static")),
        instance_path=os.environ.get("HELPDESK_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(overrides or {})
    app.url_map.converters["int"] = DatabaseInteger
    ops.init_app(app)
    security.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


class DatabaseInteger(IntegerConverter):
    """`<int:...>` in every route: a number larger than the database holds matches nothing, so it is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def register_extensions(app: Flask) -> None:
    from helpdesk import access, models  # noqa: F401  (the models and the scope listener must be loaded)

    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_resource_dir("migrations")), render_as_batch=True,
                     render_item=render_migration_item)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, default_locale=i18n.DEFAULT_LANGUAGE, default_timezone=i18n.TIMEZONE,
                   default_translation_directories=str(_resource_dir("translations")),
                   locale_selector=i18n.select_locale)
    # Flask-Babel keeps the locale in g, which outlives a request when an app context was pushed before it.
    app.before_request(flask_babel.refresh)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Log ind for at fortsætte.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from sqlalchemy.orm import joinedload

        from helpdesk.accounts.models import User

        # A customer user's every page reads its customer: load it with the user, in the same round trip.
        return db.session.get(User, int(user_id), options=[joinedload(User.customer)])

    @app.before_request
    def limit_customer_users_to_their_customer():
        from flask_login import current_user

        unscoped = request.endpoint in ops.UNSCOPED_ENDPOINTS
        access.scope_session_to(db.session, None if unscoped else current_user)


def register_blueprints(app: Flask) -> None:
    from helpdesk.accounts.staff_views import blueprint as staff
    from helpdesk.accounts.views import blueprint as accounts
    from helpdesk.agreements.operations_views import blueprint as operations
    from helpdesk.agreements.views import blueprint as agreements
    from helpdesk.api import blueprint as api
    from helpdesk.audit_views import blueprint as audit
    from helpdesk.billing.run_views import blueprint as invoicing
    from helpdesk.billing.views import blueprint as billing
    from helpdesk.cases.views import attachment_blueprint as attachments
    from helpdesk.cases.desk_views import blueprint as desk
    from helpdesk.cases.views import blueprint as cases
    from helpdesk.clips.views import blueprint as clips
    from helpdesk.customers.views import blueprint as customers
    from helpdesk.hub.views import blueprint as hub
    from helpdesk.jobs.views import blueprint as jobs
    from helpdesk.notifications.views import blueprint as notifications
    from helpdesk.reports.views import blueprint as reports
    from helpdesk.timelog.views import blueprint as timelog

    for blueprint in (accounts, cases, desk, attachments, timelog, clips, billing, invoicing, agreements, operations,
                      jobs, customers, notifications, hub, reports, api, audit, staff):
        app.register_blueprint(blueprint)
    csrf.exempt(api)


def register_errorhandlers(app: Flask) -> None:
    from helpdesk.api import is_api_request, json_error

    def render_error(error):
        status = getattr(error, "code", 500) or 500
        if is_api_request():
            return json_error(status, error.name.lower().replace(" ", "_"), error.description)
        return render_template("error.html", error=error), status

    for status in (400, 401, 403, 404, 405, 413, 500):
        app.errorhandler(status)(render_error)

    @app.errorhandler(429)
    def too_many(error):
        """Too many sign-ins or password links from one address: say so plainly, and when to try again."""
        message = gettext("For mange forsøg fra din adresse. Vent et minut, og prøv igen.")
        if is_api_request():
            return json_error(429, "too_many_requests", message)
        return render_template("error.html", error=error, message=message), 429

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        """A service's NotFound, raised while loading what a page is about, is the page's 404."""
        return render_error(werkzeug_exceptions.NotFound(error.message))


def register_template_helpers(app: Flask) -> None:
    from helpdesk import formatting
    from helpdesk.cases import delivery_forms

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals.update(formatting.GLOBALS, get_locale=flask_babel.get_locale)
    delivery_forms.register(app)

    @app.context_processor
    def running_timer():
        from flask_login import current_user

        from helpdesk.timelog.services import running_timer

        if has_request_context() and current_user.is_authenticated and current_user.is_staff:
            return {"running_timer": running_timer(current_user)}
        return {}


def register_commands(app: Flask) -> None:
    from helpdesk.accounts.cli import users
    from helpdesk.backup import backup_command, restore_command
    from helpdesk.bench_data import bench_data
    from helpdesk.clips.cli import clips
    from helpdesk.jobs.cli import jobs, scheduler
    from helpdesk.demo import demo

    app.cli.add_command(users)
    app.cli.add_command(clips)
    app.cli.add_command(jobs)
    app.cli.add_command(scheduler)
    app.cli.add_command(demo)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(bench_data)
