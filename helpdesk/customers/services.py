"""Customer companies: create them and list them.

Every function here takes the acting user explicitly where it changes something, and commits once.
"""

from flask_babel import gettext
import sqlalchemy as sa
from stdnum import ean
from stdnum.dk import cvr

from helpdesk.accounts.models import User
from helpdesk.accounts.services import normalise_email
from helpdesk.database import Page, paginate
from helpdesk.customers.models import Customer, DeliveryChannel, OverdraftPolicy, TermsProfile
from helpdesk.errors import DomainError, Forbidden
from helpdesk.extensions import db
from helpdesk.formatting import N_

CVR_DIGITS = 8
GLN_DIGITS = 13
MAX_PAYMENT_TERMS_DAYS = 365

# The names a user knows a setting by, where the column is named otherwise.
COLUMNS = {"terms": "terms_profile", "delivery": "delivery_channel"}


class InvalidCustomer(DomainError):
    """Some of a new customer's values are wrong; ``fields`` maps each bad one to its message."""

    def __init__(self, fields: dict[str, str]):
        field, message = next(iter(fields.items()))
        super().__init__(message, field=field)
        self.fields = fields


def _text(max_length: int, required: bool = False):
    def check(value: str) -> str:
        value = value.strip()
        if required and not value:
            raise DomainError(gettext("Feltet skal udfyldes."))
        if len(value) > max_length:
            raise DomainError(gettext("Højst %(count)s tegn.", count=max_length))
        return value

    return check


def _digits(count: int, name: str, is_valid):
    """A number of so many digits (spaces ignored) whose check digit holds."""
    def check(value: str) -> str | None:
        value = "".join(value.split())
        if not value:
            return None
        if len(value) != count or not value.isascii() or not value.isdigit():
            raise DomainError(gettext("%(name)s skal være %(count)s cifre.", name=gettext(name), count=count))
        if not is_valid(value):
            raise DomainError(gettext("%(name)s %(value)s findes ikke: kontrolcifferet passer ikke.",
                                      name=gettext(name), value=value))
        return value

    return check


def _choice(enum_class):
    def check(value: str):
        try:
            return enum_class(value)
        except ValueError as error:
            values = ", ".join(member.value for member in enum_class)
            raise DomainError(gettext("Vælg én af %(values)s.", values=values)) from error

    return check


def _whole_number(minimum: int, maximum: int | None = None):
    def check(value: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(gettext("Skal være et helt tal."))
        if value < minimum or (maximum is not None and value > maximum):
            if maximum is None:
                raise DomainError(gettext("Skal være mindst %(minimum)s.", minimum=minimum))
            raise DomainError(gettext("Skal være mindst %(minimum)s og højst %(maximum)s.", minimum=minimum,
                                      maximum=maximum))
        return value

    return check


CHECKS = {
    "name": _text(200, required=True),
    "email": normalise_email,
    "cvr": _digits(CVR_DIGITS, N_("CVR-nummeret"), cvr.is_valid),
    "gln": _digits(GLN_DIGITS, N_("EAN/GLN-nummeret"), ean.is_valid),
    "terms": _choice(TermsProfile),
    "delivery": _choice(DeliveryChannel),
    "payment_terms_days": _whole_number(0, MAX_PAYMENT_TERMS_DAYS),
    "overdraft_policy": _choice(OverdraftPolicy),
    "low_saldo_threshold": _whole_number(0),
    "address": _text(2000),
    "phone": _text(40),
}


def _checked(given: dict) -> dict:
    """Check every given value; raise one error that names all the bad ones."""
    values, problems = {}, {}
    for field, value in given.items():
        try:
            values[field] = CHECKS[field](value)
        except DomainError as error:
            problems[field] = error.message
    if values.get("delivery") == DeliveryChannel.OIOUBL and not values.get("gln") and "gln" not in problems:
        problems["gln"] = gettext("Levering som OIOUBL-e-faktura kræver kundens EAN/GLN-nummer.")
    if problems:
        raise InvalidCustomer(problems)
    return values


def create_customer(
    actor: User,
    *,
    name: str,
    email: str,
    cvr: str | None = None,
    gln: str | None = None,
    terms: str | None = None,
    delivery: str | None = None,
    payment_terms_days: int | None = None,
    overdraft_policy: str | None = None,
    low_saldo_threshold: int | None = None,
    address: str | None = None,
    phone: str | None = None,
) -> Customer:
    """Create a customer company; a value left as None takes the default (hostkon, e-mail, 8 days net)."""
    if not actor.can_manage():
        raise Forbidden(gettext("Kun ledere og administratorer kan oprette kunder."))
    given = {
        "name": name, "email": email, "cvr": cvr, "gln": gln, "terms": terms, "delivery": delivery,
        "payment_terms_days": payment_terms_days, "overdraft_policy": overdraft_policy,
        "low_saldo_threshold": low_saldo_threshold, "address": address, "phone": phone,
    }
    values = _checked({field: value for field, value in given.items() if value is not None})
    customer = Customer(**{COLUMNS.get(field, field): value for field, value in values.items()})
    db.session.add(customer)
    db.session.commit()
    return customer


def list_customers(page: int = 1, per_page: int = 25) -> Page:
    """The customers the session may see, by name."""
    return paginate(sa.select(Customer), page, per_page, Customer.name, Customer.id)
