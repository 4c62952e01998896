"""Billing fixtures: invoices issued the way the app issues them, and the official OIOUBL validation artefacts."""

import functools
import itertools
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from helpdesk.billing.models import LineKind
from helpdesk.billing.services import LineInput, issue_invoice
from helpdesk.clips import services as clips
from helpdesk.extensions import db

# The official OIOUBL release lies beside the clone (../shared/oioubl/); it is never copied into the repository.
OIOUBL_ZIP = (Path(__file__).resolve().parents[2].parent / "shared" / "oioubl"
              / "OIOUBL_Schematron_2026-05-01_v1.17.2.zip")
BUYER_CVR = "12972997"
BUYER_GLN = "5790000000012"
BUYER = {"name": "Kunde Ærø ApS", "cvr": BUYER_CVR, "gln": BUYER_GLN, "address": "Kundevej 12\n8000 Aarhus C"}


def sold_card_invoice(make, customer):
    """Sell the customer a 40-clip card at 16.000,00 kr. excl. VAT on 2 November 2026; return its invoice."""
    card = clips.sell_card(make.user("manager"), customer.id, 40, "16.000,00", date(2026, 11, 2))
    return card.invoice


@pytest.fixture
def buyer(make):
    return make.customer(**BUYER)


@pytest.fixture
def card_invoice(make, buyer):
    return sold_card_invoice(make, buyer)


@pytest.fixture
def mixed_invoice(buyer):
    """An invoice with an hourly line (25 % VAT) and an outlay (no VAT)."""
    invoice = issue_invoice(buyer, [
        LineInput(LineKind.HOURLY, "Konsulentbistand, 3 timer", 3, Decimal("950.00")),
        LineInput(LineKind.OUTLAY, "Udlæg: USB-kabel", 1, Decimal("89.50")),
    ], date(2026, 11, 30))
    db.session.commit()
    return invoice


@pytest.fixture(scope="session")
def oioubl_release(tmp_path_factory) -> Path:
    """The official OIOUBL release, unzipped for this test session."""
    if not OIOUBL_ZIP.is_file():
        pytest.skip(f"The official OIOUBL release is not at {OIOUBL_ZIP}; it belongs beside the clone.")
    folder = tmp_path_factory.mktemp("oioubl")
    with zipfile.ZipFile(OIOUBL_ZIP) as archive:
        archive.extractall(folder)
    return folder


@pytest.fixture(scope="session")
def oioubl_errors(oioubl_release, tmp_path_factory):
    """Check an OIOUBL document with the UBL schema and the official schematron of its type; list what fails.

    The UBL 2.1 schemas accept UBL 2.0 (OIOUBL 2.02) documents. Each stylesheet is compiled once a session.
    """
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)  # kept alive while its stylesheets are used
    folder = tmp_path_factory.mktemp("documents")
    names = itertools.count(1)

    @functools.cache
    def schema(root: str) -> etree.XMLSchema:
        return etree.XMLSchema(etree.parse(str(oioubl_release / "Schemas" / "UBL_v2.1" / "maindoc" /
                                               f"UBL-{root}-2.1.xsd")))

    @functools.cache
    def schematron(root: str):
        stylesheet = oioubl_release / "Stylesheets" / f"OIOUBL_{root}_Schematron.xsl"
        return processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))

    def errors(xml: bytes) -> list[str]:
        document = etree.fromstring(xml)
        root = etree.QName(document).localname
        xsd = schema(root)
        schema_errors = [] if xsd.validate(document) else [str(error) for error in xsd.error_log]
        source = folder / f"{next(names)}.xml"
        source.write_bytes(xml)
        report = etree.fromstring(schematron(root).transform_to_string(source_file=str(source)).encode())
        return schema_errors + [f"{error.findtext('Description')} at {error.findtext('Xpath')}"
                                for error in report.iter("Error")]

    yield errors
