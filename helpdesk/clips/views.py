"""Managers' clip pages: sell a card, every card and saldo, a customer's ledger, manual adjustments."""


from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext, ngettext
from flask_login import current_user

from helpdesk.access import manager_required
from helpdesk.cases.forms import customer_choices, options
from helpdesk.cases.services import get_customer
from helpdesk.clips import services
from helpdesk.clips.forms import AdjustForm, SellCardForm
from helpdesk.database import local_today
from helpdesk.errors import DomainError
from helpdesk.formatting import danish_date
from helpdesk.web import page_number, show_domain_error

blueprint = Blueprint("clips", __name__, url_prefix="/clips")


@blueprint.get("/")
@manager_required
def index():
    today = local_today()
    return render_template("clips/index.html", page=services.saldi_page(page_number()),
                           expiring=services.expiring_cards(None, today), today=today)


@blueprint.get("/cards")
@manager_required
def cards():
    return render_template("clips/cards.html", page=services.cards_page(page_number()))


@blueprint.route("/sell", methods=["GET", "POST"])
@manager_required
def sell():
    form = SellCardForm()
    form.customer_id.choices = customer_choices()
    if not form.is_submitted() and request.args.get("customer_id", type=int):
        form.customer_id.data = request.args.get("customer_id", type=int)
    if form.validate_on_submit():
        try:
            card = services.sell_card(current_user, form.customer_id.data, form.clips.data, form.price.data,
                                      form.invoice_date.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(ngettext("Klippekort solgt: %(num)s klip, faktura %(invoice)s, udløber %(day)s.",
                           "Klippekort solgt: %(num)s klip, faktura %(invoice)s, udløber %(day)s.", card.clips,
                           invoice=card.invoice.number, day=danish_date(card.expires_on, get_locale())), "success")
            return redirect(url_for("clips.customer", customer_id=card.customer_id))
    return render_template("clips/sell.html", form=form), 400 if form.errors else 200


@blueprint.route("/customers/<int:customer_id>", methods=["GET", "POST"])
@manager_required
def customer(customer_id: int):
    found = get_customer(customer_id)
    saldo = services.saldo(found.id)
    form = AdjustForm()
    form.card_id.choices = options([("", gettext("Ikke-dækkede klip"))] + [
        (card.id, gettext("Kort %(card)s (%(remaining)s tilbage, udløber %(day)s)", card=card.id, remaining=remaining,
                          day=danish_date(card.expires_on, get_locale())))
        for card, remaining in saldo.cards if card.expired_at is None])
    if form.validate_on_submit():
        try:
            services.adjust(current_user, found.id, form.clips.data, form.reason.data,
                            int(form.card_id.data) if form.card_id.data else None)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(gettext("Reguleringen er bogført."), "success")
            return redirect(url_for("clips.customer", customer_id=found.id))
    return render_template("clips/customer.html", customer=found, saldo=saldo, form=form,
                           ledger=services.ledger_rows(found.id, page_number()), today=local_today()), \
        400 if form.errors else 200
