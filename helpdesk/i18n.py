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
    """Flask-Babel's message domain, the catalogue found once per request and kept in the request's Babel context.

    Flask-Babel 4 finds it anew for every message: the context three times, the locale and its name, 10-20 µs on
    this machine, which a case page of 50 time entries asked 762 times. Its `refresh()` and `force_locale()` reset
    the context's `babel_translations`, so a catalogue kept there never outlives a change of language.
    """

    def get_translations(self):
        context = flask_babel._get_current_context()
        if context is None:
            return super().get_translations()
        translations = getattr(context, "babel_translations", None)
        if translations is None:
            translations = context.babel_translations = super().get_translations()
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
