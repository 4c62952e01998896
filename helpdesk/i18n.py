"""Languages: Danish by default, English for whoever chooses it (Flask-Babel)."""

from functools import cached_property

import flask_babel
from flask import has_request_context, session
from flask_babel import force_locale
from flask_login import current_user

DEFAULT_LANGUAGE = "da"
# English with day-first dates (21/11/2026): how English is written for Danish readers.
LOCALES = {"da": "da", "en": "en_GB"}
TIMEZONE = "Europe/Copenhagen"


class CataloguePerRequest(flask_babel.Domain):
    """Flask-Babel's message domain, the catalogue found once and kept with its locale in Flask-Babel's context.

    Flask-Babel 4 finds it anew for every message: the context three times, the locale and its name, 10-15 µs on
    this machine, which a case page of 50 time entries asked 762 times. The context lives in `g`, so it outlives a
    request only where an app context was pushed before it, and the app refreshes it before every request. A kept
    catalogue is used only while the context's locale is the one it was found for, and `refresh()` and
    `force_locale()` reset the slot it is kept in, so it never outlives a change of language.
    """

    def get_translations(self):
        context = flask_babel._get_current_context()
        if context is None:
            return super().get_translations()
        kept = getattr(context, "babel_translations", None)
        if kept is not None and kept[0] is getattr(context, "babel_locale", None):
            return kept[1]
        translations = super().get_translations()
        context.babel_translations = (context.babel_locale, translations)
        return translations


class Babel(flask_babel.Babel):
    """Flask-Babel with the request's catalogue kept (`CataloguePerRequest`)."""

    @cached_property
    def domain_instance(self):
        return CataloguePerRequest(domain=self.domain)


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
