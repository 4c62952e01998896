"""The CSV and Excel files of a report read back with the same figures."""

import csv
import io
import tempfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from helpdesk.reports.exports import filename, to_csv, to_xlsx
from tests.reports.test_reports import report


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_csv_has_danish_decimals_dates_and_labels(dataset):
    lines = read_csv(to_csv(report("time")))
    assert lines[0] == ["Måned", "Klasse", "Registreringer", "Minutter", "Timer", "Kvarterer 1×", "Kvarterer 2×",
                        "Kvarterer 3×", "Klip (beregnet)"]
    assert lines[2] == ["2026-10", "Fakturerbar", "2", "100", "1,67", "3", "0", "4", "15"]
    assert len(lines) == 1 + 5
    revenue = read_csv(to_csv(report("revenue")))
    assert revenue[5] == ["2026-10", "Klippekort", "0,00", "500,00", "-500,00"]
    cards = read_csv(to_csv(report("expiring-cards", first=None, last=None)))
    assert cards[1][3:] == ["10.06.2025", "10.12.2026", "20", "10", "6"]


def test_text_that_a_spreadsheet_would_take_for_a_formula_stays_text(dataset):
    dataset.beta.name = "=HYPERLINK(\"http://example.com\")"
    lines = read_csv(to_csv(report("clips")))
    sheet = read_xlsx(to_xlsx(report("clips")))
    assert {line[2] for line in lines[1:]} == {"Alfa ApS", "'" + dataset.beta.name}
    names = {sheet.cell(row=row, column=3).value for row in range(2, sheet.max_row)}
    assert dataset.beta.name in names
    assert all(sheet.cell(row=row, column=3).data_type == "s" for row in range(2, sheet.max_row))


def test_the_excel_file_holds_real_numbers_and_dates_with_danish_formats(dataset):
    sheet = read_xlsx(to_xlsx(report("revenue")))
    header = [cell for cell in sheet[1]]
    assert [cell.value for cell in header] == ["Måned", "Linjetype", "Faktureret ekskl. moms",
                                               "Krediteret ekskl. moms", "Omsætning ekskl. moms"]
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    october = sheet[6]
    assert october[0].value == datetime(2026, 10, 1) and october[0].number_format == "MM-YYYY"
    assert october[1].value == "Klippekort"
    assert [cell.value for cell in october[2:]] == [0, 500, -500]
    assert all(cell.number_format == "#,##0.00" for cell in october[2:])
    total = sheet[8]
    assert total[0].value == "I alt" and total[0].font.bold
    assert Decimal(str(total[4].value)) == Decimal("5510.00")
    assert sheet.column_dimensions["C"].width >= len("Faktureret ekskl. moms")


def test_counts_and_dates_in_excel(dataset):
    sheet = read_xlsx(to_xlsx(report("expiring-cards", first=None, last=None)))
    row = sheet[2]
    assert row[0].value == dataset.card2.id and row[0].number_format == "0"
    assert row[4].value == datetime(2026, 12, 10) and row[4].number_format == "DD-MM-YYYY"
    assert [cell.value for cell in row[5:]] == [20, 10, 6]


@pytest.mark.parametrize("name", ["clips", "time", "technicians", "expiring-cards", "negative-saldi", "revenue",
                                  "receivables", "agreements"])
def test_every_report_exports_its_rows_and_totals(dataset, name):
    result = report(name, first=None if name in ("negative-saldi", "receivables") else date(2026, 9, 1),
                    last=date(2026, 11, 30) if name not in ("expiring-cards", "agreements") else None)
    lines = read_csv(to_csv(result))
    sheet = read_xlsx(to_xlsx(result))
    assert len(lines) == 1 + len(result.rows)
    assert sheet.max_row == 1 + len(result.rows) + (1 if result.totals else 0)
    numeric = [index for index, column in enumerate(result.columns) if column.numeric]
    for row, values in zip(result.rows, sheet.iter_rows(min_row=2, max_row=1 + len(result.rows), values_only=True),
                           strict=True):
        for index in numeric:
            assert Decimal(str(values[index])) == row[result.columns[index].key]
    assert filename(result, "csv").startswith(f"rapport-{name}-")


def test_an_excel_export_that_fails_leaves_none_of_its_rows_on_disk(dataset, monkeypatch, tmp_path):
    """XlsxWriter streams the rows through a temporary file: a failure halfway must not leave customers' figures
    lying in the server's temporary directory."""
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))

    def broken_row(*args):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("helpdesk.reports.exports._write_row", broken_row)
    with pytest.raises(RuntimeError):
        to_xlsx(report("clips"))
    assert list(temporary.iterdir()) == []
