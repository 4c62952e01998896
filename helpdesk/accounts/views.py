"""Sign in and out; choose a password through a link when it is forgotten or on an invitation."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext, refresh
from flask_login import current_user, login_required, login_user, logout_user

from helpdesk.accounts import passwords, services
from helpdesk.accounts.forms import AccountForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from helpdesk.errors import DomainError
from helpdesk.extensions import limiter
from helpdesk.i18n import LOCALES
from helpdesk.web import show_domain_error

blueprint = Blueprint("accounts", __name__)


def home_for(user) -> str:
    return url_for("hub.index") if user.is_customer else url_for("cases.index")


@blueprint.get("/")
@login_required
def home():
    return redirect(home_for(current_user))


SIGN_IN_LIMITS = "10 per minute;50 per hour"   # per address, POSTs only
PASSWORD_LINK_LIMITS = "5 per minute;20 per hour"


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMITS, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(gettext("Forkert e-mail eller adgangskode."))
        else:
            login_user(user)
            refresh()   # from here on, in the user's language
            session.permanent = True   # the session ends after PERMANENT_SESSION_LIFETIME
            flash(gettext("Velkommen, %(name)s.", name=user.name), "success")
            return redirect(_safe_target(request.args.get("next")) or home_for(user))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


def _safe_target(target: str | None) -> str | None:
    """A path on this site to go back to, or None for anything that could lead elsewhere."""
    target = target or ""
    safe = target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc
    return target if safe else None


@blueprint.post("/language")
def choose_language():
    """Switch languages: on the account of a signed-in user, in the session of a visitor; then go back."""
    language = request.form.get("language")
    if language not in LOCALES:
        abort(400)
    if current_user.is_authenticated:
        services.set_language(current_user, language)
    else:
        session["language"] = language
    return redirect(_safe_target(request.form.get("next")) or url_for("accounts.home"))


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = AccountForm(language=current_user.language.value)
    if form.validate_on_submit():
        try:
            services.set_language(current_user, form.language.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            refresh()
            flash(gettext("Dine indstillinger er gemt."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form), 400 if form.errors else 200


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(gettext("Du er logget ud."), "info")
    return redirect(url_for("accounts.login"))


def password_link(token: str) -> str:
    """Return the absolute address of a password link, for the mail that carries it."""
    return url_for("accounts.reset_password", token=token, _external=True)


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(PASSWORD_LINK_LIMITS, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        passwords.request_reset(form.email.data, password_link)
        return render_template("accounts/forgot_password_sent.html")
    return render_template("accounts/forgot_password.html", form=form), 400 if form.errors else 200


def _invalid_link(error: passwords.InvalidLink):
    return render_template("accounts/password_link_invalid.html", message=error.message), 400


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        reset = passwords.open_link(token)
    except passwords.InvalidLink as error:
        return _invalid_link(error)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            passwords.set_password(token, form.password.data, form.repeated.data)
        except passwords.InvalidLink as error:
            return _invalid_link(error)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Din adgangskode er gemt. Log ind med den nye."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, reset=reset), 400 if form.errors else 200
