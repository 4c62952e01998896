"""Sign in and out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from helpdesk.accounts import services
from helpdesk.accounts.forms import AccountForm, LoginForm
from helpdesk.errors import DomainError
from helpdesk.web import show_domain_error

blueprint = Blueprint("accounts", __name__)


def home_for(user) -> str:
    return url_for("hub.index") if user.is_customer else url_for("cases.index")


@blueprint.get("/")
@login_required
def home():
    return redirect(home_for(current_user))


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("Forkert e-mail eller adgangskode.")
        else:
            login_user(user)
            flash(f"Velkommen, {user.name}.", "success")
            target = request.args.get("next", "")
            safe = target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc
            return redirect(target if safe else home_for(user))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


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
            flash("Dine indstillinger er gemt.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form), 400 if form.errors else 200


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash("Du er logget ud.", "info")
    return redirect(url_for("accounts.login"))
