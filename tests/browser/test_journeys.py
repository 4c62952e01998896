"""The people's journeys through the pages in a real browser: a technician, a customer and a manager."""

import csv
import io
import json
import re
import struct
import time
import zipfile
import zlib
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from helpdesk.database import local_today
from helpdesk.demo import DEMO_PASSWORD
from tests.browser.conftest import CHROMIUM, NO_CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)

OUT_OF_HOURS_REFUSAL = "Arbejdet ligger uden for normal arbejdstid (takst 2× eller 3×)"


def sign_in(page, email: str) -> None:
    """Sign in on the sign-in page as a person would; the home page shows the way out."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()


def last_saturday(today: date) -> date:
    return today - timedelta(days=(today.weekday() - 5) % 7 or 7)


def small_png(path, width=24, height=16):
    """Write a real PNG (a red error box on white) for the screenshot a customer attaches."""
    rows = b"".join(b"\0" + b"".join(b"\xff\x00\x00" if 4 <= x < 20 and 4 <= y < 12 else b"\xff\xff\xff"
                                      for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path


def nav(page, name: str) -> None:
    """Follow a link in the main menu, opening its group first when it is in one, and wait for its page."""
    menu = page.get_by_role("navigation", name="Hovedmenu")
    group = menu.locator("details.menu", has=page.get_by_role("link", name=name, exact=True, include_hidden=True))
    if group.count():
        group.locator("summary").click()
    menu.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_technician_times_a_case_and_logs_saturday_work(page, screenshots):
    sign_in(page, "tekniker@hostkon.dk")
    expect(page).to_have_url("/cases/")

    page.get_by_role("search").get_by_label("Søg").fill("Nulstilling")
    page.get_by_role("button", name="Filtrér").click()
    expect(page).to_have_url(re.compile(r"q=Nulstilling"))
    found = page.get_by_role("row").filter(has_text="Nulstilling af adgangskode")
    expect(found).to_have_count(2)
    found.filter(has_text="Nordlys ApS").get_by_role("link", name="Nulstilling af adgangskode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Sag \d+: Nulstilling af adgangskode$"))
    case_number = re.search(r"Sag (\d+)", page.get_by_role("heading", level=1).inner_text()).group(1)
    time_card = page.locator("section", has=page.get_by_role("heading", name="Tid", exact=True))
    entries = time_card.locator("table.entries tbody tr")
    entries_before = entries.count()

    # The timer runs on the server: the top bar shows it on every page until it is stopped.
    time_card.get_by_label("Hvad arbejder du på?").fill("Nulstiller adgangskoden")
    time_card.get_by_role("button", name="Start tidtagning").click()
    expect(page.get_by_role("status")).to_have_text("Tidtagningen er startet.")
    expect(page.get_by_role("link", name=f"Sag {case_number}")).to_be_visible()
    expect(time_card.get_by_text("Tidtagning i gang siden")).to_be_visible()
    screenshots.take(page, "journey-technician-timer", docs=True)
    # Out of hours (a night or weekend run) the stop needs the customer's name too; in hours it is only noted.
    stop_form = time_card.locator("form", has=page.get_by_role("button", name="Stop og gem tid"))
    stop_form.get_by_label("Aftalt uden for arbejdstid med (navn hos kunden)").fill("Karin Kunde")
    stop_form.get_by_role("button", name="Stop og gem tid").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Tiden er gemt: 1 min\., \d klip"))
    expect(page).to_have_url(re.compile(r"#entry-\d+$"))
    expect(entries).to_have_count(entries_before + 1)
    timed = page.locator(f"#{page.url.rsplit('#', 1)[1]}")
    expect(timed).to_contain_text("Nulstiller adgangskoden")
    expect(timed).to_contain_text("Tina Tekniker")
    expect(page.get_by_role("link", name=f"Sag {case_number}")).to_have_count(0)

    # Saturday work without the customer's agreement is refused with the reason (H §5.3–5.4) ...
    saturday = last_saturday(local_today())
    page.get_by_text("Registrér tid manuelt").click()
    manual = time_card.locator("form", has=page.get_by_role("button", name="Gem tid"))
    manual.get_by_label("Start").fill(f"{saturday:%Y-%m-%d}T10:00")
    manual.get_by_label("Slut").fill(f"{saturday:%Y-%m-%d}T10:40")
    manual.get_by_label("Beskrivelse").fill("Gendannelse af brugerkonti lørdag")
    manual.get_by_role("button", name="Gem tid").click()
    expect(page.get_by_role("alert")).to_contain_text(OUT_OF_HOURS_REFUSAL)
    expect(page.get_by_role("alert")).to_contain_text("H §5.3–5.4")
    expect(entries).to_have_count(entries_before + 1)
    expect(time_card.get_by_label("Hvad arbejder du på?")).to_have_value("")
    screenshots.take(page, "technician-saturday-refused")

    # ... and accepted with the name of who agreed: three clips per started quarter on a Saturday.
    manual = page.locator("form", has=page.get_by_role("button", name="Gem tid"))
    expect(manual.get_by_label("Start")).to_have_value(f"{saturday:%Y-%m-%d}T10:00")
    manual.get_by_label("Aftalt uden for arbejdstid med (navn hos kunden)").fill("Karin Kunde")
    manual.get_by_role("button", name="Gem tid").click()
    expect(page.get_by_role("status")).to_have_text("Tiden er gemt: 40 min., 9 klip (0×1, 0×2, 3×3).")
    expect(entries).to_have_count(entries_before + 2)
    saturday_row = page.locator(f"#{page.url.rsplit('#', 1)[1]}")
    expect(saturday_row).to_contain_text(f"{saturday:%d.%m.%Y} 10:00–10:40")
    expect(saturday_row).to_contain_text("Aftalt med: Karin Kunde")
    expect(saturday_row.get_by_role("cell").nth(2)).to_have_text("40")
    expect(saturday_row.get_by_role("cell").nth(3)).to_have_text("0 × 1 · 0 × 2 · 3 × 3")
    expect(saturday_row.get_by_role("cell").nth(4)).to_have_text("9")
    screenshots.take(page, "technician-saturday-entry")


def test_customer_reports_a_fault_and_takes_their_data_home(page, screenshots, tmp_path):
    sign_in(page, "kunde@nordlys.dk")
    expect(page).to_have_url("/hub/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nordlys ApS")
    saldo = page.get_by_role("region", name="Klipsaldo")
    expect(saldo.locator(".saldo")).to_have_text(re.compile(r"^\s*-?\d+\s+klip"))
    cards = saldo.get_by_role("table").locator("tbody tr")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).get_by_role("cell").nth(1)).to_have_text("150")
    expect(cards.nth(1).get_by_role("cell").nth(1)).to_have_text("40")
    # The old card lapses within two months: the customer is warned with the clips and the date.
    expect(saldo.get_by_role("alert").filter(has_text="bortfalder")).to_contain_text(re.compile(r"\d+ klip på kort"))
    screenshots.take(page, "journey-customer-hub", docs=True)

    # A fault needs a screenshot of the error message (H §12.1): without one it is refused, with one it is taken.
    nav(page, "Ny henvendelse")
    subject = "Fejl 500 når vi bogfører en kreditnota"
    page.get_by_label("Emne").fill(subject)
    page.get_by_label("Hvad drejer det sig om?").select_option(label="Fejl")
    page.get_by_label("Beskrivelse").fill("1. Åbn Bogføring\n2. Vælg en kreditnota\n3. Klik Bogfør: fejl 500")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("Vedhæft et skærmbillede af fejlmeddelelsen")
    expect(page.get_by_label("Emne")).to_have_value(subject)
    page.get_by_label("Skærmbillede af fejlmeddelelsen og andre filer").set_input_files(
        small_png(tmp_path / "fejl-500.png"))
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Tak\. Din sag har nummer \d+\.$"))
    number = re.search(r"\d+", page.get_by_role("status").inner_text()).group()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sag {number}: {subject}")
    expect(page.get_by_role("link", name="fejl-500.png")).to_be_visible()
    expect(page.get_by_text("Klik Bogfør: fejl 500")).to_be_visible()

    nav(page, "Overblik")
    listed = page.get_by_role("row").filter(has=page.get_by_role("link", name=subject, exact=True))
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Fejl")
    expect(listed.get_by_role("link", name=number, exact=True)).to_be_visible()

    # The consumption as shown, and the same rows as CSV (semicolons, UTF-8 with a byte order mark for Excel).
    nav(page, "Forbrug")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klipforbrug")
    shown = page.locator("table.list tbody tr")
    expect(shown.first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent som CSV").click()
    download = download_info.value
    assert download.suggested_filename == "klipforbrug.csv"
    download.save_as(tmp_path / "klipforbrug.csv")
    text = (tmp_path / "klipforbrug.csv").read_bytes()
    assert text.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Dato", "Start", "Slut"] and rows[0][-1] == "Klip"
    assert len(rows) - 1 == shown.count()
    assert sum(int(row[-1]) for row in rows[1:]) == int(page.locator("table.list tfoot td").last.inner_text())

    # Everything kept about the company, in one ZIP: the new case and its screenshot are in it.
    nav(page, "Overblik")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent alle jeres data (ZIP)").click()
    download = download_info.value
    assert re.fullmatch(r"kundedata-\d+\.zip", download.suggested_filename)
    download.save_as(tmp_path / "kundedata.zip")
    with zipfile.ZipFile(tmp_path / "kundedata.zip") as archive:
        names = archive.namelist()
        assert json.loads(archive.read("customer.json"))["name"] == "Nordlys ApS"
        assert subject in archive.read("cases.csv").decode("utf-8-sig")
        assert f"attachments/{number}/fejl-500.png" in names


def test_manager_sells_a_card_invoices_the_month_and_reads_reports(page, screenshots, tmp_path):
    today = local_today()
    sign_in(page, "leder@hostkon.dk")

    # A clip card for Fjordsoft: invoiced at once, valid 18 months from the invoice date.
    nav(page, "Klippekort")
    expect(page.get_by_role("heading", level=1)).to_have_text("Klippekort og saldi")
    page.get_by_role("link", name="Sælg klippekort").click()
    page.get_by_label("Kunde").select_option(label="Fjordsoft A/S")
    page.get_by_label("Antal klip").fill("20")
    page.get_by_label("Pris i kr. ekskl. moms").fill("7.600,00")
    expect(page.get_by_label("Fakturadato")).to_have_value(today.isoformat())
    page.get_by_role("button", name="Sælg og fakturér").click()
    expires = today + relativedelta(months=18)
    expect(page.get_by_role("status")).to_have_text(re.compile(
        rf"^Klippekort solgt: 20 klip, faktura \S+, udløber {expires:%d\.%m\.%Y}\.$"))

    # Last month's invoices: previewed per customer, then issued in one go.
    nav(page, "Månedens fakturering")
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Månedens fakturering {month:%m.%Y}")
    drafts = page.locator("table.run-drafts tbody tr")
    expect(drafts.first).to_be_visible()
    ready = drafts.count() - drafts.filter(has_text="mangler noget").count()
    assert ready > 0
    first = drafts.first.get_by_role("link").inner_text()
    drafts.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fakturaudkast for {first}, {month:%m.%Y}")
    expect(page.locator("table.list tbody tr").first).to_be_visible()
    page.get_by_role("link", name="Til månedens fakturering").click()
    issue = page.get_by_role("button", name=f"Udsted {ready} fakturaer")
    screenshots.take(page, "manager-invoice-preview")
    issue.click()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{ready} fakturaer udstedt for {month:%m\.%Y}"))
    issued = page.locator("section", has=page.get_by_role("heading", name="Allerede faktureret for måneden")
                          ).get_by_role("link")
    expect(issued).to_have_count(ready)
    expect(page.get_by_role("button", name=re.compile("^Udsted"))).to_have_count(0)
    screenshots.take(page, "journey-manager-invoice-run", docs=True)

    issued.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Faktura \S+$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    download.save_as(tmp_path / "faktura.pdf")
    assert (tmp_path / "faktura.pdf").read_bytes().startswith(b"%PDF-")

    # The reports: key figures with charts, and a report with its chart and table.
    nav(page, "Rapporter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.get_by_role("region", name="Rapporter", exact=True).get_by_role("link", name="Tid pr. klasse og takst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tid pr. klasse og takst")
    chart = page.locator("figure.chart-figure svg")
    expect(chart.first).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()
    expect(page.get_by_role("table").locator("caption")).to_be_visible()
    screenshots.take(page, "journey-manager-report", docs=True)

    # The account's language: saved, and the pages (and mails) follow it from the confirmation on.
    page.get_by_role("link", name="Lone Leder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din konto")
    page.get_by_label("Sprog").select_option(label="English")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_have_text("Your settings have been saved.")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_label("Language").locator("option:checked")).to_have_text("English")


def test_a_phone_call_from_the_first_key_press_to_a_running_timer(page, screenshots):
    """The phone desk: type, pick the customer, write who calls and why, submit; the timer runs (issue 11)."""
    sign_in(page, "vagt@hostkon.dk")
    page.goto("/desk/")
    started = time.monotonic()
    page.get_by_label("Søg kunde").press_sequentially("nordl")
    page.get_by_role("link", name="Nordlys ApS").click()
    page.get_by_label("Hvem ringer").fill("Karin Kunde")
    page.get_by_label("Emne").fill("Outlook viser ikke kalenderen")
    page.get_by_role("button", name="Opret sag og start tid").click()
    expect(page.get_by_text("er oprettet, og tidtagningen kører.")).to_be_visible()
    elapsed = time.monotonic() - started
    screenshots.take(page, "journey-phone-desk")
    print(f"phone desk: first key press to running timer in {elapsed:.1f} s")
    assert elapsed < 15


def item_rows(page) -> set[int]:
    """The vertical middles of the top bar's items (brand, menu entries, who is signed in), in whole pixels,
    once the stylesheet is in: laid out before it, the items stack."""
    page.wait_for_load_state()
    return set(page.locator(".topbar > *, .topbar nav > *").evaluate_all(
        "items => items.map(item => { const box = item.getBoundingClientRect(); "
        "return Math.round(box.top + box.height / 2); })"))


def test_the_managers_menu_is_one_line_at_1280_pixels_and_opens_by_keyboard(page):
    """Fourteen links wrapped the top bar onto two lines at 1280 px; grouped, it is one line in either language."""
    sign_in(page, "admin@hostkon.dk")   # the admin sees the most entries
    rows = item_rows(page)
    assert max(rows) - min(rows) <= 2, rows
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Cases", exact=True)).to_be_visible()
    rows = item_rows(page)
    assert max(rows) - min(rows) <= 2, rows

    menu = page.get_by_role("navigation", name="Main menu")
    finance = menu.locator("summary", has_text="Finance")
    invoicing = menu.get_by_role("link", name="Month's invoicing")
    expect(invoicing).to_be_hidden()
    finance.focus()
    page.keyboard.press("Enter")
    expect(invoicing).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Invoices", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(invoicing).to_be_hidden()
    expect(finance).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/invoices/run$"))
