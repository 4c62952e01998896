"""A report as a file: CSV for Danish spreadsheets, and Excel with real numbers and dates.

CSV: semicolons, UTF-8 with a byte order mark (so Excel reads æøå), decimal commas (through Babel), dates as
dd.mm.yyyy, whatever the reader's language.
Excel: numbers and dates in real cells with Danish-looking formats (Excel shows the separators of the
reader's locale), the header row bold and frozen, and a bold total row.
The headings and labels are in the reader's language.
"""

import csv
import io

from babel.numbers import format_decimal
from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from helpdesk.formatting import DANISH, danish_date, reader_locale
from helpdesk.reports.catalogue import COUNT, DAY, HOURS, ID, MONEY, MONTH, Column, Report

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {COUNT: "0", ID: "0", HOURS: "#,##0.00", MONEY: "#,##0.00", DAY: "DD-MM-YYYY", MONTH: "MM-YYYY"}
# A spreadsheet takes text starting with these for a formula; such text is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 50
BOLD = Font(bold=True)
CSV_DECIMAL = "0.00"  # a decimal comma and no thousands separator, as Danish spreadsheets read a number


def filename(report: Report, extension: str) -> str:
    """rapport-time-2026-01-01-2026-11-30.csv in Danish, report-… in English."""
    return gettext("rapport-%(name)s-%(first)s-%(last)s.%(extension)s", name=report.kind.name,
                   first=report.filters.first, last=report.filters.last, extension=extension)


def _csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind in (COUNT, ID):
        return str(value)
    if column.kind in (HOURS, MONEY):
        return format_decimal(value, CSV_DECIMAL, locale=DANISH)
    if column.kind == DAY:
        return danish_date(value)
    if column.kind == MONTH:
        return f"{value:%Y-%m}"
    text = column.show(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(report: Report) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.label) for column in report.columns])
    for row in report.rows:
        writer.writerow([_csv_value(column, row[column.key]) for column in report.columns])
    return ("\ufeff" + output.getvalue()).encode()


def _cell_value(column: Column, value):
    """Numbers and dates stay numbers and dates; labels become their text in the reader's language."""
    if value is None or column.numeric or column.kind in (ID, DAY, MONTH):
        return value
    return column.show(value)


def _write_row(sheet, report: Report, values: dict, bold: bool = False) -> None:
    cells = []
    for column in report.columns:
        cell = WriteOnlyCell(sheet, value=_cell_value(column, values.get(column.key)))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.number_format = NUMBER_FORMATS.get(column.kind, "General")
        if bold:   # a font per cell, even the default one, was two thirds of a 12,000-row export
            cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _width(column: Column, report: Report) -> int:
    locale = reader_locale()
    shown = [len(column.label)] + [len(column.show(row[column.key], locale)) for row in report.rows]
    return min(MAX_WIDTH, max(shown) + 2)


def to_xlsx(report: Report) -> bytes:
    """The report as an Excel workbook, its rows streamed (openpyxl's write-only mode: a year of a thousand
    customers' clips is 12,000 rows, and a workbook held whole took 2.1 s where streaming takes 1.5-1.7)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(report.kind.title[:31])
    workbook.properties.title = f"{report.kind.title} {report.filters.first:%d-%m-%Y}–{report.filters.last:%d-%m-%Y}"
    for index, column in enumerate(report.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column, report)
    sheet.freeze_panes = "A2"
    header = [WriteOnlyCell(sheet, value=str(column.label)) for column in report.columns]
    for cell in header:
        cell.font = BOLD
    sheet.append(header)
    for row in report.rows:
        _write_row(sheet, report, row)
    if report.totals:
        first_key = report.columns[0].key
        _write_row(sheet, report, {first_key: gettext("I alt"), **report.totals}, bold=True)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

