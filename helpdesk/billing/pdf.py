"""PDF documents: one layout for invoices, credit notes and reminders, drawn with fpdf2's core fonts.

A document is written in the current locale: the reader's in a request, the recipient's when a mail's attachment
is rendered (force_locale), Danish elsewhere. The lines' descriptions are stored, so they stay as they were issued.
The core fonts hold Latin-1 (æ, ø, å and the like); other characters are replaced before they are written.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext, pgettext
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from helpdesk.billing.models import VAT_PERCENT, Invoice, Reminder
from helpdesk.billing.seller import Seller, seller
from helpdesk.formatting import FILTERS, number, percent, reader_locale
from helpdesk.rules import terms
from helpdesk.rules.dunning import collection_date

FONT = "Helvetica"
MARGIN = 20
WIDTH = 170  # A4 less the margins
HALF = WIDTH / 2
LINE = 5
TITLE_SIZE = 20

# Characters outside Latin-1 that are common in typed text, and what to write instead.
LATIN1_STANDINS = str.maketrans({"–": "-", "—": "-", "−": "-", "€": "EUR", "‘": "'", "’": "'", "‚": ",", "“": '"',
                                 "”": '"', "„": '"', "…": "...", "•": "·", "\u00a0": " "})



@dataclass(frozen=True)
class Party:
    name: str
    address: str
    cvr: str | None


@dataclass(frozen=True)
class Table:
    columns: tuple[tuple[str, int, Align], ...]  # heading, width in mm, alignment
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class Document:
    name: str  # the title in the file's metadata, e.g. "Faktura 1001"
    title: str
    facts: list[tuple[str, str]]  # under the title: numbers and dates
    buyer: Party
    table: Table
    totals: list[tuple[str, str]]  # the last one is printed in bold
    paragraphs: list[str]


@dataclass(frozen=True)
class Owed:
    """One amount a reminder asks for, and the invoice it is billed on."""

    description: str
    amount: Decimal
    invoice: Invoice


def invoice_pdf(invoice: Invoice) -> bytes:
    """Render an invoice, or a credit note, as a PDF."""
    return document_pdf(_credit_note_document(invoice) if invoice.is_credit_note else _invoice_document(invoice))


def _invoice_document(invoice: Invoice) -> Document:
    return Document(
        name=gettext("Faktura %(number)s", number=invoice.number),
        title=gettext("Faktura"),
        facts=[(gettext("Fakturanummer"), str(invoice.number)), (gettext("Fakturadato"), _date(invoice.issue_date)),
               (gettext("Forfaldsdato"), _date(invoice.due_date))],
        buyer=_buyer_of(invoice),
        table=_line_table(invoice),
        totals=_totals_of(invoice),
        paragraphs=[*payment_paragraphs(seller(), invoice.number, invoice.due_date),
                    late_payment_terms(invoice)],
    )


def _credit_note_document(note: Invoice) -> Document:
    credited = note.credited_invoice.number
    return Document(
        name=gettext("Kreditnota %(number)s", number=note.number),
        title=gettext("Kreditnota"),
        facts=[(gettext("Kreditnotanummer"), str(note.number)), (gettext("Dato"), _date(note.issue_date)),
               (gettext("Krediterer faktura"), str(credited))],
        buyer=_buyer_of(note),
        table=_line_table(note),
        totals=_totals_of(note),
        paragraphs=[gettext("Årsag: %(reason)s", reason=note.reason),
                    gettext("Beløbet fratrækkes faktura %(number)s; er fakturaen allerede betalt, tilgodehaves "
                            "beløbet.", number=credited)],
    )


def document_pdf(document: Document) -> bytes:
    """Lay out a document: seller and title, buyer, the table, the totals and the closing paragraphs."""
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title(_latin1(document.name))
    pdf.add_page()
    _header(pdf, seller(), document)
    _buyer(pdf, document.buyer)
    _table(pdf, document.table)
    _totals(pdf, document.totals)
    _paragraphs(pdf, document.paragraphs)
    return bytes(pdf.output())


def payment_paragraphs(supplier: Seller, number: int, due_date: date) -> list[str]:
    """Say where, by when and with which reference to pay."""
    return [bank_details(supplier),
            gettext("Betales senest %(date)s. Angiv fakturanummer %(number)s ved betaling.", date=_date(due_date),
                    number=number)]


def bank_details(supplier: Seller) -> str:
    return gettext("Betalingsoplysninger: reg.nr. %(reg)s, konto %(account)s, IBAN %(iban)s, BIC %(bic)s.",
                   reg=supplier.bank_reg, account=supplier.bank_account, iban=supplier.iban, bic=supplier.bic)


def late_payment_terms(invoice: Invoice) -> str:
    """State the interest, fee and compensation the invoice's terms charge its buyer on late payment."""
    profile = invoice.terms
    if not invoice.buyer_is_business and profile.fees_only_for_business:
        return gettext("Ved for sen betaling beregnes renter på %(rate)s pr. påbegyndt måned.", rate=_rate(profile))
    return gettext("Ved for sen betaling beregnes renter på %(rate)s pr. påbegyndt måned samt rykkergebyr på "
                   "%(fee)s kr. og kompensation på %(compensation)s kr.", rate=_rate(profile),
                   fee=_figure(profile.reminder_fee), compensation=_figure(profile.compensation))


def reminder_pdf(reminder: Reminder) -> bytes:
    """Render a reminder (rykker) as a PDF: what is owed on the invoice, the charges and the total to pay now."""
    return document_pdf(_reminder_document(reminder))


def _reminder_document(reminder: Reminder) -> Document:
    invoice = reminder.invoice
    owed = reminder_lines(reminder)
    total = sum((line.amount for line in owed), Decimal("0.00"))
    charges = total - reminder.outstanding
    title = gettext("Rykker %(reminder)s for faktura %(invoice)s", reminder=reminder.number, invoice=invoice.number)
    return Document(
        name=title,
        title=title,
        facts=[(gettext("Dato"), _date(reminder.sent_on)), (gettext("Fakturanummer"), str(invoice.number)),
               (gettext("Fakturadato"), _date(invoice.issue_date)), (gettext("Forfaldsdato"), _date(invoice.due_date))],
        buyer=_buyer_of(invoice),
        table=Table(((gettext("Beskrivelse"), 142, Align.L), (gettext("Beløb"), 28, Align.R)),
                    [(line.description, amount(line.amount)) for line in owed]),
        totals=[*([(gettext("Heraf gebyr, kompensation og renter (momsfrit)"), amount(charges))] if charges else []),
                (gettext("At betale nu DKK"), amount(total))],
        paragraphs=_reminder_paragraphs(reminder, total),
    )


def _reminder_paragraphs(reminder: Reminder, total: Decimal) -> list[str]:
    invoice, charged = reminder.invoice, reminder.charges_invoice
    return [
        gettext("Faktura %(number)s forfaldt til betaling %(due)s, og pr. %(today)s mangler vi %(outstanding)s Har du "
                "betalt i mellemtiden, kan du se bort fra denne rykker.", number=invoice.number,
                due=_date(invoice.due_date), today=_date(reminder.sent_on), outstanding=_money(reminder.outstanding)),
        bank_details(seller()),
        gettext("Betal venligst %(total)s straks. Angiv fakturanummer %(number)s ved betaling.", total=_money(total),
                number=invoice.number),
        *([gettext("Denne rykkers gebyr, kompensation og renter er faktureret på faktura %(number)s.",
                   number=charged.number)] if charged else []),
        *reminder_terms(reminder),
    ]


def reminder_lines(reminder: Reminder) -> list[Owed]:
    """What the reminder asks for: the invoice's outstanding amount, then each charge of this reminder."""
    invoice = reminder.invoice
    charges = [
        (reminder.fee, gettext("Rykkergebyr for rykker %(number)s", number=reminder.number)),
        (reminder.compensation, gettext("Kompensation for forsinket betaling")),
        (reminder.interest, gettext("Renter %(rate)s pr. påbegyndt måned af %(outstanding)s, %(months)s efter forfald",
                                    rate=_rate(invoice.terms), outstanding=_money(reminder.outstanding),
                                    months=_interest_months(reminder))),
    ]
    return [Owed(gettext("Udestående på faktura %(number)s, forfalden %(due)s", number=invoice.number,
                         due=_date(invoice.due_date)), reminder.outstanding, invoice),
            *(Owed(description, value, reminder.charges_invoice) for value, description in charges if value)]


def _interest_months(reminder: Reminder) -> str:
    """The started months this reminder books interest for: those after the earlier reminders' (SPEC §6)."""
    booked = max((r.interest_months for r in reminder.invoice.reminders if r.number < reminder.number), default=0)
    last = reminder.interest_months
    if last == booked + 1:
        return gettext("måned %(month)s", month=last)
    return gettext("måned %(first)s–%(last)s", first=booked + 1, last=last)


def reminder_terms(reminder: Reminder) -> list[str]:
    """The late-payment terms, and when the profile has the rule, when the debt goes to debt collection."""
    profile = reminder.invoice.terms
    days = profile.collection_after_last_reminder_days
    if days is None:
        return [late_payment_terms(reminder.invoice)]
    if reminder.number < profile.max_reminders:
        collection = gettext("Er beløbet ikke betalt %(days)s dage efter %(last)s. rykker, overdrages sagen til "
                             "inkasso.", days=days, last=profile.max_reminders)
    else:
        collection = gettext("Dette er sidste rykker. Er beløbet ikke betalt inden %(days)s dage, overdrages sagen til "
                             "inkasso den %(date)s.", days=days,
                             date=_date(collection_date(reminder.sent_on, profile)))
    return [late_payment_terms(reminder.invoice), collection]


def amount(value: Decimal) -> str:
    """Write an amount without the currency: 1.234,50 in Danish, 1,234.50 in English."""
    return number(value, 2, reader_locale())


# Amounts and dates are written as the pages write them, in the reader's language.
_money = FILTERS["money"]
_date = FILTERS["danish_date"]


def _figure(value: Decimal) -> str:
    """Write a number without trailing zeros: 2, 1,5, 310."""
    return number(value, None, reader_locale())


def _rate(profile: terms.TermsProfile) -> str:
    """The profile's interest per started month: 2 %."""
    return percent(profile.interest_rate_per_started_month, reader_locale())


def _buyer_of(invoice: Invoice) -> Party:
    return Party(invoice.buyer_name, invoice.buyer_address, invoice.buyer_cvr)


def _line_table(invoice: Invoice) -> Table:
    columns = ((gettext("Beskrivelse"), 82, Align.L), (pgettext("a column 14 mm wide", "Antal"), 14, Align.R),
               (gettext("Enhedspris"), 28, Align.R), (gettext("Beløb"), 28, Align.R), (gettext("Moms"), 18, Align.R))
    return Table(columns, [(line.description, str(line.quantity), amount(line.unit_price), amount(line.net),
                            _vat(line.vat_percent)) for line in invoice.lines])


def _vat(vat_percent: int) -> str:
    return percent(Decimal(vat_percent) / 100, reader_locale())


def _totals_of(invoice: Invoice) -> list[tuple[str, str]]:
    vat_free = sum((line.net for line in invoice.lines if line.vat_percent == 0), Decimal("0.00"))
    return [
        (gettext("Subtotal ekskl. moms"), amount(invoice.total_net)),
        *([(gettext("Heraf momsfrit"), amount(vat_free))] if vat_free else []),
        (gettext("Moms %(rate)s", rate=_vat(VAT_PERCENT)), amount(invoice.total_vat)),
        (gettext("I alt DKK"), amount(invoice.total_gross)),
    ]


def _latin1(text: str) -> str:
    """Make the text writable in a core font: stand-ins for common characters, '?' for the rest."""
    return text.translate(LATIN1_STANDINS).encode("latin-1", "replace").decode("latin-1")


def _write(pdf: FPDF, x: float, width: float, lines: list[str], style: str = "", size: int = 10,
           align: Align = Align.L) -> None:
    """Write the lines from x downwards, each wrapped to the width."""
    pdf.set_font(FONT, style, size)
    for line in lines:
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, _latin1(line), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _header(pdf: FPDF, supplier: Seller, document: Document) -> None:
    """The seller at the left; the title with the number and dates at the right."""
    top = pdf.get_y()
    _write(pdf, MARGIN, HALF, [supplier.name], style="B", size=12)
    _write(pdf, MARGIN, HALF, [*supplier.address.splitlines(), _cvr(supplier.cvr),
                               gettext("E-mail %(address)s", address=supplier.email),
                               gettext("Telefon %(number)s", number=supplier.phone)], size=9)
    seller_bottom = pdf.get_y()
    pdf.set_y(top)
    _write(pdf, MARGIN + HALF, HALF, [document.title], style="B", size=_title_size(pdf, document.title),
           align=Align.R)
    pdf.ln(2)
    _write(pdf, MARGIN + HALF, HALF, [f"{label}: {value}" for label, value in document.facts], align=Align.R)
    pdf.set_y(max(seller_bottom, pdf.get_y()) + 8)


def _title_size(pdf: FPDF, title: str) -> int:
    """Shrink a long title, such as a reminder's, so it stays on one line of the header's right half."""
    pdf.set_font(FONT, "B", TITLE_SIZE)
    room = HALF - 2 * pdf.c_margin
    return min(TITLE_SIZE, int(TITLE_SIZE * room / pdf.get_string_width(_latin1(title))))


def _buyer(pdf: FPDF, buyer: Party) -> None:
    _write(pdf, MARGIN, HALF, [buyer.name], style="B")
    details = [*buyer.address.splitlines(), *([_cvr(buyer.cvr)] if buyer.cvr else [])]
    _write(pdf, MARGIN, HALF, details)
    pdf.ln(8)


def _cvr(number: str) -> str:
    return gettext("CVR-nr. %(number)s", number=number)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FONT, size=9)
    headings, widths, aligns = zip(*table.columns, strict=True)
    with pdf.table(col_widths=widths, text_align=aligns, width=WIDTH, line_height=LINE,
                   borders_layout="HORIZONTAL_LINES") as rows:
        for cells in [headings, *table.rows]:
            row = rows.row()
            for cell in cells:
                row.cell(_latin1(cell))
    pdf.ln(4)


def _totals(pdf: FPDF, totals: list[tuple[str, str]]) -> None:
    """Labels and amounts right-aligned under the table; the grand total in bold."""
    for index, (label, value) in enumerate(totals):
        pdf.set_font(FONT, "B" if index == len(totals) - 1 else "", 10)
        pdf.set_x(MARGIN + WIDTH - 100)
        pdf.cell(70, LINE + 1, _latin1(label), align=Align.R)
        pdf.cell(30, LINE + 1, value, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)


def _paragraphs(pdf: FPDF, paragraphs: list[str]) -> None:
    for paragraph in paragraphs:
        _write(pdf, MARGIN, WIDTH, [paragraph], size=9)
        pdf.ln(2)
