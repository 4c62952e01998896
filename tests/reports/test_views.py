"""The report pages: for managers only, each with charts, a table, a filter and its files."""

import io

import pytest
from openpyxl import load_workbook

from helpdesk.reports.catalogue import REPORTS
from tests.reports.conftest import TODAY
from tests.reports.test_exports import read_csv, read_xlsx

PERIOD = {"start": "2026-09-01", "end": "2026-11-30"}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("helpdesk.reports.views.local_today", lambda: TODAY)


@pytest.fixture
def manager(make, auth):
    user = make.user("manager")
    auth.login(user)
    return user


def test_the_dashboard_shows_the_key_figures_and_their_charts(client, dataset, auth, today):
    auth.login(dataset.manager)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Klip forbrugt" in page and "<strong>18</strong>" in page and "Hele okt. 2026: 3" in page
    assert "<strong>0,50 t</strong>" in page and "1.500,00 kr." in page and "5.545,00 kr." in page
    assert "1 kunde, -2 klip" in page and "<strong>1 kort</strong>" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 3
    for kind in REPORTS.values():
        assert f'href="/reports/{kind.name}"' in page


def test_the_dashboard_for_one_customer(client, dataset, auth, today):
    auth.login(dataset.manager)
    page = client.get(f"/reports/?customer={dataset.beta.id}").get_data(as_text=True)
    assert f'<option selected value="{dataset.beta.id}">Beta ApS</option>' in page
    assert f'href="/reports/clips?customer={dataset.beta.id}"' in page


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_has_charts_and_a_table(client, dataset, auth, today, name):
    auth.login(dataset.manager)
    response = client.get(f"/reports/{name}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"<h1>{REPORTS[name].title}</h1>" in page
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert '<table class="list report-table">' in page
    assert f'href="/reports/{name}/export.csv' in page and f'href="/reports/{name}/export.xlsx' in page


def test_the_time_report_filtered_by_period(client, dataset, auth, today):
    auth.login(dataset.manager)
    page = client.get("/reports/time", query_string=PERIOD).get_data(as_text=True)
    assert 'value="2026-09-01"' in page and 'value="2026-11-30"' in page
    assert "<td>okt. 2026</td><td>Fakturerbar</td>" in page and '<td class="num">1,67</td>' in page
    assert "Timer pr. måned fordelt på klasse" in page and "Kvarterer pr. måned fordelt på takst" in page


def test_a_long_table_comes_a_page_at_a_time_with_totals_over_all_rows(client, dataset, auth, today, monkeypatch):
    monkeypatch.setattr("helpdesk.reports.views.ROWS_PER_PAGE", 2)
    auth.login(dataset.manager)
    first = client.get("/reports/time", query_string=PERIOD).get_data(as_text=True)
    second = client.get("/reports/time", query_string=PERIOD | {"page": 2}).get_data(as_text=True)
    rows = [page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") for page in (first, second)]
    assert rows[0] == 2 and rows[1] >= 1
    assert "Side 1 af" in first and 'href="/reports/time?start=2026-09-01&amp;end=2026-11-30&amp;page=2"' in first
    totals = [page.split("<tfoot>")[1].split("</tfoot>")[0] for page in (first, second)]
    assert totals[0] == totals[1]                                         # the totals cover every row
    beyond = client.get("/reports/time", query_string=PERIOD | {"page": 99}).get_data(as_text=True)
    assert "Side 99 er efter den sidste" in beyond and "Intet at vise for perioden." not in beyond
    assert 'href="/reports/time?start=2026-09-01&amp;end=2026-11-30">Til første side</a>' in beyond


def test_an_as_of_report_asks_for_one_day(client, dataset, auth, today):
    auth.login(dataset.manager)
    page = client.get("/reports/negative-saldi").get_data(as_text=True)
    assert "Pr. dato" in page and 'name="start"' not in page
    assert "<td>Alfa ApS</td>" in page and "pr. 20.11.2026</caption>" in page


def test_a_period_ending_before_it_begins_is_refused(client, manager, today):
    response = client.get("/reports/revenue", query_string={"start": "2026-11-01", "end": "2026-10-01"})
    assert response.status_code == 422
    assert "Til-datoen må ikke ligge før fra-datoen." in response.get_data(as_text=True)
    assert "<svg" not in response.get_data(as_text=True)


def test_a_monthly_report_spans_at_most_24_months(client, manager, today):
    response = client.get("/reports/clips", query_string={"start": "2020-01-01", "end": "2026-11-30"})
    assert response.status_code == 422
    assert "højst 24 måneder" in response.get_data(as_text=True)
    export = client.get("/reports/clips/export.csv", query_string={"start": "2020-01-01", "end": "2026-11-30"})
    assert export.status_code == 302 and export.location.startswith("/reports/clips?")


def test_a_day_off_the_calendar_is_named_on_the_form(client, manager, today):
    """A period from 0001-01-01 to 9999-12-31 was a 500."""
    response = client.get("/reports/time", query_string={"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 422
    assert "Datoen skal ligge mellem 01.01.1900 og 31.12.2999." in response.get_data(as_text=True)


def test_a_customer_filter_that_is_no_number_is_ignored(client, manager, today):
    """"²".isdigit() is true, but int("²") fails: this was a 500."""
    assert client.get("/reports/time", query_string={"customer": "²"}).status_code == 200


def test_a_malformed_date_is_shown_and_the_default_used(client, manager, today):
    response = client.get("/reports/time", query_string={"start": "1. september"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in page and 'value="1. september"' in page


def test_the_files_download(client, dataset, auth, today):
    auth.login(dataset.manager)
    csv_file = client.get("/reports/revenue/export.csv", query_string=PERIOD)
    assert csv_file.mimetype == "text/csv"
    assert csv_file.headers["Content-Disposition"] == (
        "attachment; filename=rapport-revenue-2026-09-01-2026-11-30.csv")
    assert csv_file.data.decode("utf-8-sig").splitlines()[1] == "2026-09;Klippekort;4000,00;0,00;4000,00"
    excel = client.get("/reports/revenue/export.xlsx", query_string=PERIOD)
    assert excel.headers["Content-Disposition"].endswith(".xlsx")
    assert load_workbook(io.BytesIO(excel.data)).active["E2"].value == 4000


HEADINGS = {"da": ["Måned", "Linjetype", "Faktureret ekskl. moms", "Krediteret ekskl. moms", "Omsætning ekskl. moms"],
            "en": ["Month", "Line type", "Invoiced excl. VAT", "Credited excl. VAT", "Revenue excl. VAT"]}
LABELS = {"da": ("Klippekort", "I alt"), "en": ("Clip cards", "Total")}
FILE_WORD = {"da": "rapport", "en": "report"}


def test_an_english_manager_reads_the_dashboard_in_english(client, dataset, auth, make, today):
    auth.login(make.user("manager", language="en"))
    page = client.get("/reports/").get_data(as_text=True)
    assert "<h1>Reports</h1>" in page and "Clips consumed" in page and "All of Oct 2026: 3" in page
    assert "<strong>0.50 h</strong>" in page and "1,500.00 DKK" in page and "1 customer, -2 clips" in page
    assert "<strong>1 card</strong>" in page and "Klip forbrugt" not in page


def test_an_english_manager_reads_a_report_in_english(client, dataset, auth, make, today):
    auth.login(make.user("manager", language="en"))
    page = client.get("/reports/revenue", query_string=PERIOD).get_data(as_text=True)
    assert "<h1>Revenue by line type</h1>" in page and "Download as Excel" in page
    assert '<th scope="col">Line type</th>' in page and "Revenue per month by line type" in page
    assert '<td>Oct 2026</td><td>Clip cards</td><td class="num">0.00 DKK</td><td class="num">500.00 DKK</td>' in page
    assert "Linjetype" not in page and "Omsætning" not in page


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_files_have_their_headings_and_labels_in_the_managers_language(client, dataset, auth, make, today,
                                                                             language):
    auth.login(make.user("manager", language=language))
    csv_file = client.get("/reports/revenue/export.csv", query_string=PERIOD)
    lines = read_csv(csv_file.data)
    sheet = read_xlsx(client.get("/reports/revenue/export.xlsx", query_string=PERIOD).data)
    assert csv_file.headers["Content-Disposition"] == (
        f"attachment; filename={FILE_WORD[language]}-revenue-2026-09-01-2026-11-30.csv")
    assert lines[0] == HEADINGS[language] and [cell.value for cell in sheet[1]] == HEADINGS[language]
    assert (lines[5][1], sheet["A8"].value) == LABELS[language] and sheet["B6"].value == LABELS[language][0]
    assert lines[5][2:] == ["0,00", "500,00", "-500,00"]            # the CSV's numbers stay Danish
    assert [cell.value for cell in sheet[6][2:]] == [0, 500, -500]


def test_an_unknown_report_is_not_found(client, manager):
    assert client.get("/reports/profit").status_code == 404
    assert client.get("/reports/profit/export.csv").status_code == 404
    assert client.get("/reports/time/export.pdf").status_code == 404


@pytest.mark.parametrize("path", ["/reports/", "/reports/clips", "/reports/clips/export.xlsx"])
def test_only_managers_see_reports(client, make, auth, path):
    assert client.get(path).status_code == 302
    auth.login(make.user("technician"))
    assert client.get(path).status_code == 403
    auth.logout()
    auth.login(make.user("customer", customer=make.customer()))
    assert client.get(path).status_code == 403


def test_managers_find_the_reports_in_the_menu(client, manager):
    assert '<a href="/reports/">Rapporter</a>' in client.get("/reports/").get_data(as_text=True)
