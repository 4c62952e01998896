"""Customer companies: create, change and find them.

Every function here takes the acting user explicitly where it changes something, and commits once.
"""

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext
import sqlalchemy as sa
from stdnum import ean
from stdnum.dk import cvr

from helpdesk.accounts.models import User
from helpdesk.accounts.services import normalise_email
from helpdesk.database import Page, paginate, utcnow
from helpdesk.customers.models import Customer, CustomerRevision, DeliveryChannel, OverdraftPolicy, TermsProfile
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
        super().__init__(message, field=field, fields=fields)


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


def _hourly_rate(value) -> Decimal:
    from helpdesk.billing.services import parse_amount

    return parse_amount(value, "hourly_rate", gettext("Ugyldig timepris"), gettext("Timeprisen kan ikke være negativ."),
                        allow_zero=True)


def _yes_or_no(value) -> bool:
    if not isinstance(value, bool):
        raise DomainError(gettext("Skal være ja eller nej (true eller false)."))
    return value


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
    "hourly_rate": _hourly_rate,
    "is_business": _yes_or_no,
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
        problems["gln"] = _OIOUBL_NEEDS_GLN()
    if problems:
        raise InvalidCustomer(problems)
    return values


def _OIOUBL_NEEDS_GLN() -> str:
    return gettext("Levering som OIOUBL-e-faktura kræver kundens EAN/GLN-nummer.")


def _require_manager(actor: User, message: str) -> None:
    if not actor.can_manage():
        raise Forbidden(message)


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
    hourly_rate: Decimal | str | None = None,
    is_business: bool | None = None,
) -> Customer:
    """Create a customer company; a value left as None takes the default (hostkon, e-mail, 8 days net, 950 kr an
    hour, a business)."""
    _require_manager(actor, gettext("Kun ledere og administratorer kan oprette kunder."))
    given = {
        "name": name, "email": email, "cvr": cvr, "gln": gln, "terms": terms, "delivery": delivery,
        "payment_terms_days": payment_terms_days, "overdraft_policy": overdraft_policy,
        "low_saldo_threshold": low_saldo_threshold, "address": address, "phone": phone, "hourly_rate": hourly_rate,
        "is_business": is_business,
    }
    values = _checked({field: value for field, value in given.items() if value is not None})
    customer = Customer(**{COLUMNS.get(field, field): value for field, value in values.items()})
    db.session.add(customer)
    db.session.commit()
    return customer


def update_customer(actor: User, customer_id: int, now: datetime | None = None, **given) -> int:
    """Change a customer's details and terms (the keywords of `create_customer`; None keeps a value); return how
    many changed. Each change is kept as a revision (who, when, old and new) in the same transaction.

    Invoices already issued keep the buyer's details and terms they were issued under: new terms apply to the
    invoices issued from now on.
    """
    from helpdesk.clips.services import lock_customer

    _require_manager(actor, gettext("Kun ledere og administratorer kan ændre kunder."))
    unknown = sorted(set(given) - set(CHECKS))
    if unknown:
        raise InvalidCustomer({field: gettext("Ukendt felt.") for field in unknown})
    values = _checked({field: value for field, value in given.items() if value is not None})
    customer = lock_customer(customer_id)
    changes = apply_changes(customer, {COLUMNS.get(field, field): value for field, value in values.items()})
    if customer.delivery_channel == DeliveryChannel.OIOUBL and not customer.gln:
        db.session.rollback()
        raise InvalidCustomer({"gln": _OIOUBL_NEEDS_GLN()})
    now = now or utcnow()
    for attribute, old, new in changes:
        add_revision(customer.id, actor, attribute, revision_text(old), revision_text(new), now)
    db.session.commit()
    return len(changes)


def apply_changes(target, values: dict) -> list[tuple[str, object, object]]:
    """Set the values that differ from the target's; return each change as (attribute, old, new)."""
    changes = [(attribute, getattr(target, attribute), value) for attribute, value in values.items()
               if getattr(target, attribute) != value]
    for attribute, _, value in changes:
        setattr(target, attribute, value)
    return changes


def revision_text(value) -> str:
    """A value as a revision keeps it: yes and no in words, an enum by its value, nothing as empty."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def add_revision(customer_id: int, actor: User, field: str, old: str, new: str, now: datetime) -> None:
    db.session.add(CustomerRevision(customer_id=customer_id, field=field, old_value=old or "", new_value=new or "",
                                    changed_by_id=actor.id, changed_at=now))


def list_customers(page: int = 1, per_page: int = 25) -> Page:
    """The customers the session may see, by name."""
    return paginate(sa.select(Customer), page, per_page, Customer.name, Customer.id)


def find_customers(text: str, page: int = 1, per_page: int = 25) -> Page:
    """The customers whose name holds the text, or whose CVR number starts with it (spaces ignored), by name."""
    query = sa.select(Customer)
    text = " ".join(text.split())
    if text:
        digits = "".join(text.split())
        query = query.where(sa.or_(Customer.name.icontains(text, autoescape=True),
                                   Customer.cvr.startswith(digits, autoescape=True)))
    return paginate(query, page, per_page, Customer.name, Customer.id)
