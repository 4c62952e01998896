"""Numbers, money and dates through Babel: Danish as the pages have always shown them, English for English readers."""

from datetime import date, datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st

from helpdesk import formatting

WINTER_AFTERNOON = datetime(2026, 11, 21, 13, 30, tzinfo=timezone.utc)   # 14:30 in Copenhagen
SUMMER_NIGHT = datetime(2026, 6, 30, 22, 5, tzinfo=timezone.utc)       # 00:05 on 1 July in Copenhagen


@pytest.mark.parametrize(("locale", "expected"), [
    ("da", ["1.234,50 kr.", "-0,75 kr.", "1.000.000,00 kr.", "21.11.2026", "21.11.2026 14:30", "01.07.2026", "00:05",
            "11.2026", "100.000"]),
    ("en_GB", ["1,234.50 DKK", "-0.75 DKK", "1,000,000.00 DKK", "21/11/2026", "21/11/2026 14:30", "01/07/2026",
               "00:05", "11/2026", "100,000"]),
])
def test_each_locale_writes_its_own_formats(locale, expected):
    assert [
        formatting.money(Decimal("1234.5"), locale), formatting.money(Decimal("-0.75"), locale),
        formatting.money(Decimal("1000000"), locale), formatting.danish_date(date(2026, 11, 21), locale),
        formatting.local_datetime(WINTER_AFTERNOON, locale), formatting.local_date(SUMMER_NIGHT, locale),
        formatting.local_time(SUMMER_NIGHT, locale), formatting.month_year(date(2026, 11, 21), locale),
        formatting.number(100_000, locale=locale),
    ] == expected


@pytest.mark.parametrize(("locale", "expected"), [("da", ["12,3 kB", "1.500,0 kB"]), ("en_GB", ["12.3 kB", "1,500.0 kB"])])
def test_file_sizes_are_kilobytes_to_one_decimal(locale, expected):
    assert [formatting.kilobytes(12595, locale), formatting.kilobytes(1500 * 1024, locale)] == expected


def test_python_callers_get_danish_and_nothing_shows_as_a_dash():
    assert formatting.money(Decimal("1234.5")) == "1.234,50 kr."
    assert [formatting.money(None), formatting.danish_date(None), formatting.local_datetime(None)] == ["—"] * 3


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2))
def test_danish_money_is_what_the_pages_always_showed(amount):
    whole, _, ore = f"{amount:,.2f}".partition(".")
    assert formatting.money(amount) == f"{whole.replace(',', '.')},{ore} kr."


@given(st.one_of(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False),
                 st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False),
                 st.integers(min_value=-10**12, max_value=10**12)),
       st.sampled_from(["da", "en_GB", "en"]))
def test_money_is_written_as_babel_writes_it(amount, locale):
    """The money filter writes amounts itself, for speed; it must write exactly what Babel would."""
    assert formatting.money(amount, locale) == format_currency(amount, "DKK", formatting.MONEY_PATTERN, locale=locale)


def test_negative_zero_and_half_ore_are_written_as_babel_writes_them():
    for amount in (Decimal("-0.00"), Decimal("-0.004"), Decimal("0.005"), Decimal("0.015"), Decimal("-1234.565")):
        for locale in ("da", "en_GB"):
            assert formatting.money(amount, locale) == format_currency(amount, "DKK", formatting.MONEY_PATTERN,
                                                                       locale=locale)


@pytest.mark.parametrize(("locale", "expected"), [("da", "1.234,50 kr. 21.11.2026"),
                                                  ("en_GB", "1,234.50 DKK 21/11/2026")])
def test_the_template_filters_follow_the_locale(app, locale, expected):
    template = app.jinja_env.from_string("{{ amount|money }} {{ day|danish_date }}")
    with app.test_request_context(), force_locale(locale):
        assert template.render(amount=Decimal("1234.5"), day=date(2026, 11, 21)) == expected


@pytest.mark.parametrize(("locale", "expected"), [("da", ["1.234,50", "-1.234.567", "0,5"]),
                                                  ("en_GB", ["1,234.50", "-1,234,567", "0.5"])])
def test_numbers_in_each_locale(locale, expected):
    assert [formatting.number(Decimal("1234.5"), 2, locale), formatting.number(-1234567, 0, locale),
            formatting.number(Decimal("0.5"), 1, locale)] == expected


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3), st.integers(min_value=0, max_value=2))
def test_danish_numbers_are_what_the_reports_always_showed(value, decimals):
    by_hand = f"{value:,.{decimals}f}".replace(",", "·").replace(".", ",").replace("·", ".")
    assert formatting.number(value, decimals) == by_hand


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=st.just(timezone.utc)),
       st.sampled_from(["da", "en_GB", "en"]))
def test_times_and_days_are_written_as_babel_writes_them(moment, locale):
    """The clock is written without Babel and each day once, for speed; they must be what Babel would write."""
    local = moment.astimezone(ZoneInfo("Europe/Copenhagen"))
    assert formatting.local_time(moment, locale) == format_datetime(local, formatting.TIME_PATTERN, locale=locale)
    pattern = formatting.DATE_PATTERNS.get(locale[:2]) or Locale.parse(locale).date_formats["short"].pattern
    assert formatting.local_date(moment, locale) == format_date(local.date(), pattern, locale=locale)


@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from(["da", "en_GB"]))
def test_whole_numbers_are_written_as_babel_writes_them(value, locale):
    assert formatting.number(value, 0, locale) == format_decimal(value, "#,##0", locale=locale)


@pytest.mark.parametrize(("locale", "expected"), [("da", ["310", "1,5", "2 %", "1,5 %", "25 %"]),
                                                  ("en_GB", ["310", "1.5", "2%", "1.5%", "25%"])])
def test_figures_and_percentages_keep_only_the_decimals_they_have(locale, expected):
    assert [formatting.number(Decimal("310.00"), None, locale), formatting.number(Decimal("1.50"), None, locale),
            formatting.percent(Decimal("0.02"), locale), formatting.percent(Decimal("0.015"), locale),
            formatting.percent(Decimal("0.25"), locale)] == expected
