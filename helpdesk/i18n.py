"""Languages: Danish by default, English for whoever chooses it (Flask-Babel)."""

from flask import has_request_context, session
from flask_babel import force_locale
from flask_login import current_user

DEFAULT_LANGUAGE = "da"
# English with day-first dates (21/11/2026): how English is written for Danish readers.
LOCALES = {"da": "da", "en": "en_GB"}
TIMEZONE = "Europe/Copenhagen"


def chosen_language() -> str:
    """The signed-in user's language; a visitor's choice kept in the session; else Danish."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated:
        return current_user.language.value
    return session.get("language", DEFAULT_LANGUAGE)


def select_locale() -> str:
    return LOCALES.get(chosen_language(), LOCALES[DEFAULT_LANGUAGE])


def in_language(language: str):
    """Write in a language ("da", "en"), whatever the reader's: a mail's recipient's, a customer document's."""
    return force_locale(LOCALES[str(language)])


def in_danish(write, *args):
    """Write with `write` in Danish, whatever the reader's language: what goes to customers (OIOUBL, post)."""
    with in_language(DEFAULT_LANGUAGE):
        return write(*args)
