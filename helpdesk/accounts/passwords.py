"""Single-use links that set a password: a forgotten one, or the first one of an invited colleague.

The token is random and only its SHA-256 is stored. ``link`` arguments turn a token into the absolute address
of its page; the view builds it, so the services need no request.
"""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import gettext
import sqlalchemy as sa

from helpdesk.accounts.models import PasswordReset, User, hash_token
from helpdesk.accounts.services import check_password_policy
from helpdesk.database import utcnow
from helpdesk.errors import DomainError
from helpdesk.extensions import db
from helpdesk.notifications.services import enqueue

RESET = "reset"
INVITE = "invite"
VALIDITY = {RESET: timedelta(hours=1), INVITE: timedelta(days=7)}

Link = Callable[[str], str]


class InvalidLink(DomainError):
    status = 400
    code = "invalid_link"


def unusable_password_hash() -> str:
    """Return a hash that no password matches (werkzeug cannot read its format), different for every user."""
    return "!" + secrets.token_hex(32)


def issue_link(user: User, purpose: str, now: datetime) -> tuple[str, PasswordReset]:
    """Add a new link for the user to the caller's transaction; return its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(user=user, token_hash=hash_token(token), purpose=purpose,
                          expires_at=now + VALIDITY[purpose], created_at=now)
    db.session.add(reset)
    return token, reset


def request_reset(email: str, link: Link, now: datetime | None = None) -> None:
    """Mail a reset link to the active user with this e-mail; for any other address do nothing.

    The caller answers the same either way, so the form does not tell who has an account.
    """
    now = now or utcnow()
    user = db.session.scalars(
        sa.select(User).where(User.email == (email or "").strip().lower(), User.active.is_(True))
    ).one_or_none()
    if user is None:
        return
    token, reset = issue_link(user, RESET, now)
    enqueue("password_reset", [user.email], "password_reset",
            {"user": user, "link": link(token), "expires_at": reset.expires_at})
    db.session.commit()


def open_link(token: str, now: datetime | None = None) -> PasswordReset:
    """Return the link of this token while it can still be used."""
    now = now or utcnow()
    reset = db.session.scalars(
        sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token or ""))
    ).one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at <= now or not reset.user.active:
        raise InvalidLink(gettext("Linket er udløbet eller allerede brugt. Bed om et nyt link til at vælge "
                                  "adgangskode."))
    return reset


def set_password(token: str, password: str, repeated: str, now: datetime | None = None) -> User:
    """Set the user's password through the link, use it up and expire the user's other open links."""
    now = now or utcnow()
    reset = open_link(token, now)
    check_password_policy(password, reset.user.email)
    if password != repeated:
        raise DomainError(gettext("De to adgangskoder er ikke ens."), field="repeated")
    _use(reset, now)
    reset.user.set_password(password)
    db.session.commit()
    return reset.user


def _use(reset: PasswordReset, now: datetime) -> None:
    """Mark the link used, unless a concurrent request used it first; then no other open link works either."""
    claimed = db.session.execute(
        sa.update(PasswordReset).where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise InvalidLink(gettext("Linket er allerede brugt."))
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(expires_at=now).execution_options(synchronize_session=False)
    )
