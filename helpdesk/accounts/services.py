"""Create users, check passwords, issue API tokens."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

from helpdesk import audit
from helpdesk.accounts.models import STAFF_ROLES, ApiToken, Language, Role, User, hash_token
from helpdesk.database import utcnow
from helpdesk.errors import Conflict, DomainError, NotFound
from helpdesk.extensions import db
from helpdesk.formatting import N_

MIN_PASSWORD_LENGTH = 10
MIN_DISTINCT_CHARACTERS = 5
LAST_USE_RESOLUTION = timedelta(minutes=1)


def normalise_email(email: str, field: str = "email") -> str:
    try:
        return validate_email(email or "", check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError(gettext("Ugyldig e-mailadresse: %(error)s", error=error), field=field) from error


def check_password_policy(password: str, email: str = "") -> None:
    """At least 10 characters, at least 5 different ones, and not the e-mail address or its first part."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(gettext("Adgangskoden skal være mindst %(count)s tegn.", count=MIN_PASSWORD_LENGTH),
                          field="password")
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise DomainError(gettext("Adgangskoden skal have mindst %(count)s forskellige tegn.",
                                  count=MIN_DISTINCT_CHARACTERS),
                          field="password")
    email = (email or "").strip().lower()
    if email and password.lower() in (email, email.partition("@")[0]):
        raise DomainError(gettext("Adgangskoden må ikke være din e-mailadresse."), field="password")


def create_user(email: str, name: str, role: str, password: str, customer_id: int | None = None,
                language: str = Language.DANISH, customer_admin: bool = False) -> User:
    """Create a user; a customer user belongs to exactly one customer, staff to none.

    ``customer_admin`` makes a customer user the company's admin contact (details and colleagues in kundeHUB).
    """
    from helpdesk.customers.models import Customer

    email = normalise_email(email)
    try:
        role = Role(role)
    except ValueError as error:
        raise DomainError(gettext("Ukendt rolle %(role)r; vælg én af %(roles)s.", role=role,
                                  roles=", ".join(r.value for r in Role)),
                          field="role") from error
    if not (name or "").strip():
        raise DomainError(gettext("Navn skal udfyldes."), field="name")
    if (role == Role.CUSTOMER) != (customer_id is not None):
        raise DomainError(gettext("En kundebruger skal høre til en kunde, og kun kundebrugere kan."),
                          field="customer_id")
    if customer_id is not None and db.session.get(Customer, customer_id) is None:
        raise NotFound(gettext("Kunden %(id)s findes ikke.", id=customer_id), field="customer_id")
    check_password_policy(password, email)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Conflict(gettext("Der findes allerede en bruger med e-mailen %(email)s.", email=email), field="email")
    user = User(email=email, name=name.strip(), role=role, customer_id=customer_id, language=Language(language),
                is_customer_admin=bool(customer_admin) and role == Role.CUSTOMER)
    user.set_password(password)
    db.session.add(user)
    audit.record("user_created", email, f"Rolle {role.value}" + (", kundens administrator" if
                                                                 user.is_customer_admin else ""))
    db.session.commit()
    return user


def set_language(user: User, language: str) -> User:
    """Remember the user's language: the pages and the mails the user gets are written in it."""
    try:
        user.language = Language(language)
    except ValueError as error:
        raise DomainError(gettext("Vælg dansk eller engelsk."), field="language") from error
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (the same answer for either mistake).

    Every attempt is written to the audit log, a failed one with the address tried.
    """
    address = (email or "").strip().lower()
    user = db.session.scalars(sa.select(User).where(User.email == address)).one_or_none()
    if user is None or not user.active or not user.check_password(password or ""):
        audit.record("sign_in_failed", address[:200], actor=None)
        db.session.commit()
        return None
    audit.record("sign_in", user.email, actor=user)
    db.session.commit()
    return user


def find_user(email: str) -> User:
    user = db.session.scalars(sa.select(User).where(User.email == (email or "").strip().lower())).one_or_none()
    if user is None:
        raise NotFound(gettext("Ingen bruger med e-mailen %(email)s.", email=email), field="email")
    return user


def issue_token(user: User) -> str:
    """Make a new API token for the user; only its hash is kept, so it is shown this once."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
    audit.record("api_token_issued", user.email)
    db.session.commit()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens, oldest first, revoked ones too."""
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_tokens(user: User, token_id: int | None = None) -> list[int]:
    """Revoke one of the user's live tokens (by id), or all of them; return the ids revoked.

    A token that is not the user's, or is revoked already, is refused by name so a typo is never silent.
    """
    live = [token for token in tokens_of(user) if token.revoked_at is None]
    if token_id is not None:
        live = [token for token in live if token.id == token_id]
        if not live:
            raise NotFound(gettext("%(email)s har ingen gyldig API-nøgle med id %(id)s.", email=user.email,
                                   id=token_id), field="token_id")
    for token in live:
        token.revoked_at = utcnow()
        audit.record("api_token_revoked", user.email, f"token {token.id}")
    db.session.commit()
    return [token.id for token in live]


def user_for_token(token: str) -> User | None:
    """The active user holding this unrevoked token; its last use is noted to the minute.

    Noting it at most once a minute keeps a read-only API call from writing (and, on SQLite, syncing to disk)
    on every request.
    """
    api_token = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
        .options(joinedload(ApiToken.user))   # every API call needs both: one round trip
    ).one_or_none()
    if api_token is None or not api_token.user.active:
        return None
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USE_RESOLUTION:
        api_token.last_used_at = now
        db.session.commit()
    return api_token.user


# Danish in the audit log; the pages translate them.
ROLE_NAMES = {Role.TECHNICIAN: N_("tekniker"), Role.MANAGER: N_("leder"), Role.ADMIN: N_("administrator")}


def staff_users() -> list[User]:
    """Technicians, managers and admins, active ones first, by name."""
    return list(db.session.scalars(sa.select(User).where(User.customer_id.is_(None))
                                   .order_by(User.active.desc(), User.name, User.id)))


def change_staff(actor: User, user_id: int, role: str, active: bool) -> User:
    """Give a staff member another role, or (de)activate the account; each change goes in the audit log.

    No admin can demote or deactivate themself, so the admin who makes a change always remains one.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(gettext("Brugeren %(id)s findes ikke.", id=user_id))
    if user.is_customer:
        raise DomainError("Kundebrugere har ingen medarbejderrolle; deres adgang styres af kundens administrator.")
    try:
        new_role = Role(role)
    except ValueError:
        raise DomainError(gettext("Ukendt rolle: %(role)s.", role=role), field="role") from None
    if new_role not in STAFF_ROLES:
        raise DomainError(gettext("En medarbejder kan være tekniker, leder eller administrator."), field="role")
    if user.id == actor.id and (new_role != Role.ADMIN or not active):
        raise DomainError(gettext("Du kan ikke fjerne din egen administratoradgang; bed en anden administrator "
                                  "om det."))
    if new_role != user.role:
        audit.record("role_changed", user.email, f"{ROLE_NAMES[user.role]} → {ROLE_NAMES[new_role]}", actor=actor)
        user.role = new_role
    if active != user.active:
        audit.record("user_reactivated" if active else "user_deactivated", user.email, actor=actor)
        user.active = active
    db.session.commit()
    return user
