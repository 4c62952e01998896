"""The SVG charts: valid XML, described for screen readers, and readable without colour."""

from decimal import Decimal
from xml.etree import ElementTree

from flask_babel import force_locale

from helpdesk.reports.charts import BarChart, Series, render

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: BarChart) -> ElementTree.Element:
    return ElementTree.fromstring(str(render(chart)))


def texts(svg: ElementTree.Element) -> list[str]:
    return ["".join(node.itertext()) for node in svg.iter(f"{SVG}text")]


GROUPED = BarChart("test", "Klip pr. måned", "Søjler for solgt og forbrugt.", "Klip", "Måned",
                   ("sep. 2026", "okt. 2026"), (Series("Solgt", (20, 0)), Series("Forbrugt", (4, 12))))


def test_a_chart_has_a_title_a_description_and_an_accessible_name():
    svg = parse(GROUPED)
    assert svg.get("role") == "img" and svg.get("aria-label") == "Klip pr. måned"
    assert svg.get("aria-labelledby") == "test-title test-desc"
    assert svg.find(f"{SVG}title").text == "Klip pr. måned"
    assert svg.find(f"{SVG}desc").text == "Søjler for solgt og forbrugt."


def test_each_series_has_a_pattern_of_its_own_and_a_legend_entry():
    svg = parse(GROUPED)
    patterns = svg.findall(f"{SVG}defs/{SVG}pattern")
    assert [p.get("id") for p in patterns] == ["test-fill-0", "test-fill-1"]
    assert len(list(patterns[1])) > len(list(patterns[0]))  # the second is hatched, the first plain
    assert {"Solgt", "Forbrugt", "Klip", "Måned"} <= set(texts(svg))


def test_bars_carry_their_values_as_text_and_as_tooltips():
    svg = parse(GROUPED)
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert [bar.find(f"{SVG}title").text for bar in bars] == [
        "sep. 2026 · Solgt: 20 Klip", "sep. 2026 · Forbrugt: 4 Klip", "okt. 2026 · Forbrugt: 12 Klip"]
    assert {"20", "4", "12"} <= set(texts(svg))


def test_negative_values_go_below_zero():
    chart = BarChart("neg", "Saldi", "Negative saldi.", "Klip", "Kunde", ("Alfa ApS", "Beta ApS"),
                     (Series("Saldo", (-2, -10)),), horizontal=True)
    svg = parse(chart)
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    # The longer bar (−10) starts further left; both end at zero.
    assert float(bars[1].get("x")) < float(bars[0].get("x"))
    ends = {round(float(bar.get("x")) + float(bar.get("width"))) for bar in bars}
    assert len(ends) == 1
    assert {"-2", "-10", "Alfa ApS"} <= set(texts(svg))


def test_stacked_bars_pile_up():
    chart = BarChart("stack", "Timer", "Stablet.", "Timer", "Måned", ("okt. 2026",),
                     (Series("Fakturerbar", (Decimal("1.5"),)), Series("Gratis", (Decimal("0.5"),))),
                     stacked=True, decimals=1)
    bars = [rect for rect in parse(chart).iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    lower, upper = bars
    assert abs(float(upper.get("y")) + float(upper.get("height")) - float(lower.get("y"))) < 0.2
    assert float(lower.get("height")) == 3 * float(upper.get("height"))


def test_text_is_escaped():
    chart = BarChart("esc", "A & B <c>", "d", "kr.", "Kunde", ("<script>",), (Series("S&P", (1,)),))
    svg = parse(chart)
    assert "<script>" in texts(svg)


def test_a_chart_writes_its_numbers_in_the_readers_locale(app):
    chart = BarChart("revenue", "Omsætning", "Søjler.", "kr.", "Måned", ("okt. 2026",),
                     (Series("Netto", (Decimal("1234.5"),)),), decimals=1)
    assert "1.234,5" in texts(parse(chart))
    with app.test_request_context(), force_locale("en_GB"):
        assert "1,234.5" in texts(parse(chart))
