"""PDF documents in Danish: one layout for invoices, credit notes and reminders, drawn with fpdf2's core fonts.

The core fonts hold Latin-1 (æ, ø, å and the like); other characters are replaced before they are written.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from helpdesk.billing.models import VAT_PERCENT, Invoice, Reminder
from helpdesk.billing.seller import Seller, seller
from helpdesk.customers.models import Customer
from helpdesk.formatting import danish_date, money
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

LINE_TABLE = (("Beskrivelse", 82, Align.L), ("Antal", 14, Align.R), ("Enhedspris", 28, Align.R),
              ("Beløb", 28, Align.R), ("Moms", 18, Align.R))
REMINDER_TABLE = (("Beskrivelse", 142, Align.L), ("Beløb", 28, Align.R))


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
        name=f"Faktura {invoice.number}",
        title="Faktura",
        facts=[("Fakturanummer", str(invoice.number)), ("Fakturadato", danish_date(invoice.issue_date)),
               ("Forfaldsdato", danish_date(invoice.due_date))],
        buyer=_buyer_of(invoice),
        table=_line_table(invoice),
        totals=_totals_of(invoice),
        paragraphs=[*payment_paragraphs(seller(), invoice.number, invoice.due_date),
                    late_payment_terms(invoice.customer)],
    )


def _credit_note_document(note: Invoice) -> Document:
    credited = note.credited_invoice.number
    return Document(
        name=f"Kreditnota {note.number}",
        title="Kreditnota",
        facts=[("Kreditnotanummer", str(note.number)), ("Dato", danish_date(note.issue_date)),
               ("Krediterer faktura", str(credited))],
        buyer=_buyer_of(note),
        table=_line_table(note),
        totals=_totals_of(note),
        paragraphs=[f"Årsag: {note.reason}",
                    f"Beløbet fratrækkes faktura {credited}; er fakturaen allerede betalt, tilgodehaves beløbet."],
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
            f"Betales senest {danish_date(due_date)}. Angiv fakturanummer {number} ved betaling."]


def bank_details(supplier: Seller) -> str:
    return (f"Betalingsoplysninger: reg.nr. {supplier.bank_reg}, konto {supplier.bank_account}, "
            f"IBAN {supplier.iban}, BIC {supplier.bic}.")


def terms_of(customer: Customer | None) -> terms.TermsProfile:
    """The customer's terms profile; hostkon's when the customer is gone."""
    return terms.profile(customer.terms_profile.value) if customer else terms.HOSTKON


def late_payment_terms(customer: Customer | None) -> str:
    """State the interest, fee and compensation the customer's terms profile charges on late payment."""
    profile = terms_of(customer)
    interest = f"Ved for sen betaling beregnes renter på {_percent(profile)} pr. påbegyndt måned"
    if customer and not customer.is_business and profile.fees_only_for_business:
        return f"{interest}."
    return (f"{interest} samt rykkergebyr på {_number(profile.reminder_fee)} kr. og kompensation på "
            f"{_number(profile.compensation)} kr.")


def reminder_pdf(reminder: Reminder) -> bytes:
    """Render a reminder (rykker) as a PDF: what is owed on the invoice, the charges and the total to pay now."""
    return document_pdf(_reminder_document(reminder))


def _reminder_document(reminder: Reminder) -> Document:
    invoice = reminder.invoice
    owed = reminder_lines(reminder)
    total = sum((line.amount for line in owed), Decimal("0.00"))
    charges = total - reminder.outstanding
    title = f"Rykker {reminder.number} for faktura {invoice.number}"
    return Document(
        name=title,
        title=title,
        facts=[("Dato", danish_date(reminder.sent_on)), ("Fakturanummer", str(invoice.number)),
               ("Fakturadato", danish_date(invoice.issue_date)), ("Forfaldsdato", danish_date(invoice.due_date))],
        buyer=_buyer_of(invoice),
        table=Table(REMINDER_TABLE, [(line.description, amount(line.amount)) for line in owed]),
        totals=[*([("Heraf gebyr, kompensation og renter (momsfrit)", amount(charges))] if charges else []),
                ("At betale nu DKK", amount(total))],
        paragraphs=_reminder_paragraphs(reminder, total),
    )


def _reminder_paragraphs(reminder: Reminder, total: Decimal) -> list[str]:
    invoice, charged = reminder.invoice, reminder.charges_invoice
    return [
        f"Faktura {invoice.number} forfaldt til betaling {danish_date(invoice.due_date)}, og pr. "
        f"{danish_date(reminder.sent_on)} mangler vi {money(reminder.outstanding)} Har du betalt i mellemtiden, "
        "kan du se bort fra denne rykker.",
        bank_details(seller()),
        f"Betal venligst {money(total)} straks. Angiv fakturanummer {invoice.number} ved betaling.",
        *([f"Denne rykkers gebyr, kompensation og renter er faktureret på faktura {charged.number}."]
          if charged else []),
        *reminder_terms(reminder, invoice.customer),
    ]


def reminder_lines(reminder: Reminder) -> list[Owed]:
    """What the reminder asks for: the invoice's outstanding amount, then each charge of this reminder."""
    invoice = reminder.invoice
    rate = _percent(terms_of(invoice.customer))
    charges = [
        (reminder.fee, f"Rykkergebyr for rykker {reminder.number}"),
        (reminder.compensation, "Kompensation for forsinket betaling"),
        (reminder.interest, f"Renter {rate} pr. påbegyndt måned af {money(reminder.outstanding)}, "
                            f"{_interest_months(reminder)} efter forfald"),
    ]
    return [Owed(f"Udestående på faktura {invoice.number}, forfalden {danish_date(invoice.due_date)}",
                 reminder.outstanding, invoice),
            *(Owed(description, value, reminder.charges_invoice) for value, description in charges if value)]


def _interest_months(reminder: Reminder) -> str:
    """The started months this reminder books interest for: those after the earlier reminders' (SPEC §6)."""
    booked = max((r.interest_months for r in reminder.invoice.reminders if r.number < reminder.number), default=0)
    last = reminder.interest_months
    return f"måned {last}" if last == booked + 1 else f"måned {booked + 1}–{last}"


def reminder_terms(reminder: Reminder, customer: Customer | None) -> list[str]:
    """The late-payment terms, and when the profile has the rule, when the debt goes to debt collection."""
    profile = terms_of(customer)
    days = profile.collection_after_last_reminder_days
    if days is None:
        return [late_payment_terms(customer)]
    if reminder.number < profile.max_reminders:
        collection = (f"Er beløbet ikke betalt {days} dage efter {profile.max_reminders}. rykker, overdrages sagen "
                      "til inkasso.")
    else:
        collection = (f"Dette er sidste rykker. Er beløbet ikke betalt inden {days} dage, overdrages sagen til "
                      f"inkasso den {danish_date(collection_date(reminder.sent_on, profile))}.")
    return [late_payment_terms(customer), collection]


def amount(value: Decimal) -> str:
    """Write an amount the Danish way without the currency: 1.234,50."""
    return money(value).removesuffix(" kr.")


def _number(value: Decimal) -> str:
    """Write a number with a decimal comma and no trailing zeros: 2, 1,5, 310."""
    return f"{value.normalize():f}".replace(".", ",")


def _percent(profile: terms.TermsProfile) -> str:
    """The profile's interest per started month: 2 %."""
    return f"{_number(profile.interest_rate_per_started_month * 100)} %"


def _buyer_of(invoice: Invoice) -> Party:
    return Party(invoice.buyer_name, invoice.buyer_address, invoice.buyer_cvr)


def _line_table(invoice: Invoice) -> Table:
    return Table(LINE_TABLE, [(line.description, str(line.quantity), amount(line.unit_price), amount(line.net),
                               f"{line.vat_percent} %") for line in invoice.lines])


def _totals_of(invoice: Invoice) -> list[tuple[str, str]]:
    vat_free = sum((line.net for line in invoice.lines if line.vat_percent == 0), Decimal("0.00"))
    return [
        ("Subtotal ekskl. moms", amount(invoice.total_net)),
        *([("Heraf momsfrit", amount(vat_free))] if vat_free else []),
        (f"Moms {VAT_PERCENT} %", amount(invoice.total_vat)),
        ("I alt DKK", amount(invoice.total_gross)),
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
    _write(pdf, MARGIN, HALF, [*supplier.address.splitlines(), f"CVR-nr. {supplier.cvr}",
                               f"E-mail {supplier.email}", f"Telefon {supplier.phone}"], size=9)
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
    details = [*buyer.address.splitlines(), *([f"CVR-nr. {buyer.cvr}"] if buyer.cvr else [])]
    _write(pdf, MARGIN, HALF, details)
    pdf.ln(8)


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
