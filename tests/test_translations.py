"""The English translation is complete: every text in the code and templates has an English msgstr, and no
template holds visible text outside a translation call (issue 9)."""

import re
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from helpdesk.billing import services as billing
from helpdesk.billing.models import LineKind
from helpdesk.billing.services import LineInput
from helpdesk.database import local_today
from helpdesk.extensions import db

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = DEFAULT_KEYWORDS | {"_l": None}   # as in `make translations`

# Names that read the same in both languages.
SAME_IN_BOTH = {"kundeHUB", "Helpdesk", "hostkon.IT", "Dansk", "English"}


def extracted_msgids() -> set[str]:
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.fixture(scope="module")
def catalogue():
    with open(PO, "rb") as po:
        return read_po(po)


def test_every_text_in_the_code_has_an_english_translation(catalogue):
    """Run `make translations` and fill in the new msgstrs when this fails."""
    translated = {_msgid(message): message for message in catalogue if message.id}
    extracted = extracted_msgids()
    missing = sorted(extracted - translated.keys())
    empty = sorted(key for key in extracted & translated.keys() if not all(_strings(translated[key])))
    fuzzy = sorted(key for key, message in translated.items() if message.fuzzy)
    stale = sorted(translated.keys() - extracted)
    assert (missing, empty, fuzzy, stale) == ([], [], [], [])


def _msgid(message) -> str:
    """The msgid, or the singular of a plural one."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def test_the_translations_keep_the_placeholders(catalogue):
    assert [(message.id, [str(error) for error in errors]) for message, errors in catalogue.check()] == []


def test_the_compiled_catalogue_is_the_current_one(catalogue):
    with open(MO, "rb") as mo:
        compiled = read_mo(mo)
    assert ({(m.context, _msgid(m)): _strings(m) for m in compiled if m.id}
            == {(m.context, _msgid(m)): _strings(m) for m in catalogue if m.id})


class VisibleText(HTMLParser):
    """Collect the text a reader sees or hears: text nodes and the attributes read aloud or shown."""

    READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.texts += [value for name, value in attrs if name in self.READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


JINJA_COMMENT = re.compile(r"{#.*?#}", re.S)
JINJA_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.S)
STRING = r"""(?:"[^"]*"|'[^']*')"""
# The texts of translation calls, and values compared with (f.type == "BooleanField"): not for the reader.
NOT_SHOWN = re.compile(rf"(?<![\w.])(?:_|gettext|ngettext)\(\s*{STRING}(?:\s*,\s*{STRING})?|[=!]=\s*{STRING}")
LITERAL = re.compile(STRING)
WORD = re.compile(r"[^\W\d_][\w.-]*")


def untranslated(source: str) -> list[str]:
    """Words a reader would see that no translation call wraps, in a template's source."""
    source = JINJA_COMMENT.sub("", source)
    parser = VisibleText()
    parser.feed(JINJA_TAG.sub(" ", source))
    words = [word for text in parser.texts for word in WORD.findall(text)]
    for tag in JINJA_TAG.findall(source):
        words += [literal for literal in _bare_literals(tag) if _reads_as_text(literal)]
    return [word for word in words if word not in SAME_IN_BOTH]


def _bare_literals(tag: str) -> list[str]:
    """String literals in a {{ }} or {% %} tag that are not the text of a translation call."""
    return [literal[1:-1] for literal in LITERAL.findall(NOT_SHOWN.sub("", tag))]


def _reads_as_text(literal: str) -> bool:
    """A literal that is prose (a space, a capital or a Danish letter), not an endpoint, attribute or value."""
    return bool(WORD.search(literal)) and bool(re.search(r"\s|[A-ZÆØÅ]|[æøå]", literal))


def templates() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", templates())
def test_a_template_has_no_text_outside_a_translation_call(name):
    assert untranslated((TEMPLATES / name).read_text()) == []


@pytest.mark.parametrize(("language", "expected", "other_language"), [
    ("da", ["<h1>Fakturaer</h1>", "Beløb inkl. moms", "1.250,00 kr.", "02.03.2026", "Overblik"], "Invoices"),
    ("en", ["<h1>Invoices</h1>", "Amount incl. VAT", "1,250.00 DKK", "02/03/2026", "Overview"], "Fakturaer"),
])
def test_kundehub_is_in_the_language_the_user_chose(client, auth, make, language, expected, other_language):
    customer = make.customer(name="Nordlys ApS")
    billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                          date(2026, 3, 2))
    db.session.commit()
    auth.login(make.user("customer", customer=customer, language=language))
    page = client.get("/hub/invoices").get_data(as_text=True)
    assert [text for text in expected if text not in page] == [] and other_language not in page
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize(("language", "expected", "other_language"), [
    ("da", ['<h2 id="time-heading">Tid</h2>', "Sagsbehandling", "Tid: 10 min., 1 klip (Fakturerbar)",
            "02.03.2026 09:00", "Registrér tid manuelt"], "Mileage and outlays"),
    ("en", ['<h2 id="time-heading">Time</h2>', "Case handling", "Time: 10 min., 1 clip (Billable)",
            "02/03/2026 09:00", "Log time manually"], "Kørsel og udlæg"),
])
def test_the_case_page_is_in_the_language_the_technician_chose(client, auth, make, language, expected,
                                                                other_language):
    case = make.case(subject="Printeren virker ikke")
    make.entry(case, "2026-03-02 09:00", "2026-03-02 09:10")
    auth.login(make.user("technician", language=language))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert [text for text in expected if text not in page] == [] and other_language not in page
    assert f'<html lang="{language}">' in page


@pytest.mark.parametrize(("language", "expected", "absent"), [
    ("da", ["<h1>Fakturaer og kreditnotaer</h1>", "I alt inkl. moms", "1.250,00 kr.", "02.03.2026",
            "<h1>Faktura 1</h1>", "Subtotal ekskl. moms", "Registrér betaling"],
     ["Invoices and credit notes", "Total incl. VAT", "Record a payment"]),
    ("en", ["<h1>Invoices and credit notes</h1>", "Total incl. VAT", "1,250.00 DKK", "02/03/2026",
            "<h1>Invoice 1</h1>", "Subtotal excl. VAT", "Record a payment"],
     ["Fakturaer og kreditnotaer", "I alt inkl. moms", "<h1>Faktura", "Subtotal ekskl. moms", "Registrér betaling"]),
])
def test_the_invoice_pages_are_in_the_language_the_manager_chose(client, auth, make, language, expected, absent):
    customer = make.customer(name="Nordlys ApS")
    invoice = billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                                    date(2026, 3, 2))
    db.session.commit()
    auth.login(make.user("manager", language=language))
    pages = "".join(client.get(url).get_data(as_text=True) for url in ("/invoices/", f"/invoices/{invoice.id}"))
    assert [text for text in expected if text not in pages] == [] and [text for text in absent if text in pages] == []


@pytest.mark.parametrize(("language", "expected", "absent"), [
    ("da", ["Ikke forfalden", "1–30 dage", "Over 90 dage", "Ingen rykker", "Rykker 1", "Inkasso"],
     ["Not due", "Over 90 days", "No reminder", "Reminder 1"]),
    ("en", ["Not due", "1–30 days", "Over 90 days", "No reminder", "Reminder 1", "Collection"],
     ["Ikke forfalden", "Over 90 dage", "Ingen rykker", "Rykker 1", "Inkasso"]),
])
def test_the_receivables_page_names_ages_and_stages_in_the_language_the_manager_chose(client, auth, make, language,
                                                                                        expected, absent):
    customer = make.customer(name="Nordlys ApS")
    billing.issue_invoice(customer, [LineInput(LineKind.HOURLY, "Konsulentbistand", 1, Decimal("1000.00"))],
                          date(2020, 3, 2))
    db.session.commit()
    auth.login(make.user("manager", language=language))
    page = client.get("/invoices/receivables").get_data(as_text=True)
    assert [text for text in expected if text not in page] == [] and [text for text in absent if text in page] == []


@pytest.mark.parametrize(("language", "refusals"), [
    ("da", ["Betalingsdatoen kan ikke ligge i fremtiden.", "Ugyldigt beløb: »12,345« har mere end 2 decimaler.",
            "Datoen skal ligge mellem 01.01.1900 og 31.12.2999."]),
    ("en", ["The payment date cannot be in the future.", "Invalid amount: “12,345” has more than 2 decimals.",
            "The date must be between 01/01/1900 and 31/12/2999."]),
])
def test_a_refused_payment_is_explained_in_the_language_the_manager_chose(client, auth, make, language, refusals):
    invoice = billing.issue_invoice(make.customer(), [LineInput(LineKind.HOURLY, "Konsulentbistand", 1,
                                                                Decimal("1000.00"))], date(2020, 3, 2))
    db.session.commit()
    auth.login(make.user("manager", language=language))
    tomorrow = local_today() + timedelta(days=1)
    pages = [client.post(f"/invoices/{invoice.id}/payments", data=data) for data in (
        {"amount": "100,00", "paid_on": tomorrow.isoformat()},
        {"amount": "12,345", "paid_on": "2020-03-05"},
        {"amount": "100,00", "paid_on": "0001-01-01"},
    )]
    assert [page.status_code for page in pages] == [400, 400, 400]
    assert [refusal for refusal, page in zip(refusals, pages, strict=True)
            if refusal not in page.get_data(as_text=True)] == []


@pytest.mark.parametrize(("language", "refusal", "saved"), [
    ("da", "Periodens længde skal være 1–60 måneder.", "Tina Tekniker er gemt: leder, deaktiveret."),
    ("en", "must be 1–60 months.", "Tina Tekniker is saved: manager, deactivated."),
])
def test_the_services_refusals_and_the_staff_page_speak_the_readers_language(client, auth, make, language, refusal,
                                                                             saved):
    customer = make.customer()
    auth.login(make.user("admin", language=language))
    agreement = client.post("/agreements/new", data={"product": "hosting", "name": "Hosting", "period_months": "0",
                                                     "price_per_period": "100,00", "start_date": "2025-01-01",
                                                     "customer_id": customer.id})
    tina = make.user("technician", name="Tina Tekniker")
    staff = client.post(f"/staff/{tina.id}", data={f"user-{tina.id}-role": "manager"}, follow_redirects=True)
    assert agreement.status_code == 400 and refusal in agreement.get_data(as_text=True)
    assert saved in staff.get_data(as_text=True)


@pytest.mark.parametrize(("language", "refusal"), [("da", "Højst 40 tegn."), ("en", "At most 40 characters.")])
def test_a_customer_admins_bad_company_details_are_refused_in_their_language(client, auth, make, language, refusal):
    customer = make.customer(name="Nordlys ApS")
    admin = make.user("customer", customer=customer, language=language)
    admin.is_customer_admin = True
    db.session.commit()
    auth.login(admin)
    response = client.post("/hub/company", data={"name": "Nordlys ApS", "address": "Nordlysvej 1",
                                                 "email": "faktura@nordlys.dk", "phone": "1" * 41})
    assert response.status_code == 400 and refusal in response.get_data(as_text=True)


def test_the_kept_catalogue_follows_each_change_of_language_flask_babel_knows_of(app):
    """The request keeps its catalogue with its locale: forcing a language, and refresh() after a new choice,
    are heard at once; a choice alone is heard from the next lookup of the locale, as Flask-Babel's locale is."""
    from flask import render_template_string, session
    from flask_babel import force_locale, gettext, refresh

    def said() -> tuple[str, str]:
        return gettext("Gem"), render_template_string('{{ _("Gem") }}')

    with app.test_request_context("/"):
        assert said() == ("Gem", "Gem")
        with force_locale("en_GB"):
            assert said() == ("Save", "Save")
        assert said() == ("Gem", "Gem")
        session["language"] = "en"
        assert said() == ("Gem", "Gem")   # kept until the language is looked up again
        refresh()
        assert said() == ("Save", "Save")
    # The app context, and Flask-Babel's context in its g, outlive that request; the next request starts afresh.
    assert "<h1>Log ind</h1>" in app.test_client().get("/login").get_data(as_text=True)
