"""Bar charts drawn on the server as inline SVG: no JavaScript, nothing fetched from elsewhere.

Each chart has a <title> and <desc> (and an aria-label) for screen readers, named axes, a legend, and each
series filled with a pattern of its own as well as a colour, so it reads without colour; bars carry their
value as text where there is room, and every bar tells its exact value as a tooltip. Numbers are written in the
reader's locale.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from helpdesk.formatting import number, reader_locale

COLOURS = ("#0b5cad", "#d55e00", "#009e73", "#8e44ad", "#b8860b", "#56b4e9", "#5b6776", "#cc79a7", "#003f5c")
# The overlay that tells each series apart without colour: (SVG drawn on a 8×8 tile, or "" for a plain fill).
PATTERNS = (
    "",
    '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="2"/>',
    '<circle cx="4" cy="4" r="1.8" fill="#fff"/>',
    '<path d="M0,4 h8" stroke="#fff" stroke-width="2"/>',
    '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.5"/>',
    '<path d="M4,0 v8" stroke="#fff" stroke-width="2"/>',
    '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#fff" stroke-width="2"/>',
    '<path d="M0,4 h8 M4,0 v8" stroke="#fff" stroke-width="1.5"/>',
    '<rect x="2" y="2" width="4" height="4" fill="#fff"/>',
)
FONT = 12
CHAR_WIDTH = 6.6  # an estimate of one character's width at the chart's font size, for laying out labels


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple


@dataclass(frozen=True)
class BarChart:
    """Bars per category, one per series side by side, or stacked (negative values stack below zero)."""

    key: str
    title: str
    description: str
    unit: str
    category_axis: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    horizontal: bool = False
    decimals: int = 0
    width: int = 760


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts the span into about five parts."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)


def _extent(chart: BarChart) -> tuple[float, float]:
    """The lowest and highest value the axis must show, zero included."""
    if chart.stacked:
        columns = list(zip(*(series.values for series in chart.series), strict=True))
        highs = [sum(float(v) for v in column if v > 0) for column in columns]
        lows = [sum(float(v) for v in column if v < 0) for column in columns]
    else:
        highs = lows = [float(v) for series in chart.series for v in series.values]
    return min([0.0, *lows]), max([0.0, *highs])


@dataclass(frozen=True)
class _Scale:
    """Maps values onto pixels along the value axis."""

    low: float
    high: float
    start: float
    length: float
    step: float

    @classmethod
    def of(cls, chart: BarChart, start: float, length: float) -> "_Scale":
        low, high = _extent(chart)
        step = _nice_step((high - low) or 1)
        low, high = math.floor(low / step) * step, math.ceil(high / step) * step
        return cls(low, high if high > low else low + step, start, length, step)

    def at(self, value: float) -> float:
        return self.start + (float(value) - self.low) / (self.high - self.low) * self.length

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + index * self.step for index in range(count + 1)]


def _pattern_defs(chart: BarChart) -> str:
    tiles = []
    for index, _ in enumerate(chart.series):
        overlay = PATTERNS[index % len(PATTERNS)]
        tiles.append(f'<pattern id="{chart.key}-fill-{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
                     f'<rect width="8" height="8" fill="{COLOURS[index % len(COLOURS)]}"/>{overlay}</pattern>')
    return f"<defs>{''.join(tiles)}</defs>"


def _legend(chart: BarChart, top: float) -> tuple[str, float]:
    """The legend in rows across the chart; returns it and the height it takes."""
    parts, x, y = [], 10.0, top
    for index, series in enumerate(chart.series):
        width = 26 + len(series.name) * CHAR_WIDTH
        if x + width > chart.width - 10 and x > 10:
            x, y = 10.0, y + 20
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="16" height="12" fill="url(#{chart.key}-fill-{index})" '
                     f'stroke="#1d2733" stroke-width="0.5"/>'
                     f'<text x="{x + 21:.1f}" y="{y + 10.5:.1f}">{escape(series.name)}</text>')
        x += width + 14
    return f'<g class="legend">{"".join(parts)}</g>', y + 20 - top


@dataclass(frozen=True)
class _Bar:
    series: int
    category: int
    value: object
    low: float   # the bar's extent in value units along the value axis
    high: float


def _bars(chart: BarChart) -> list[_Bar]:
    """Every bar with where it starts and ends; stacked bars pile up from zero, positive up and negative down."""
    bars = []
    for category in range(len(chart.categories)):
        above = below = 0.0
        for index, series in enumerate(chart.series):
            value = float(series.values[category])
            if not chart.stacked:
                bars.append(_Bar(index, category, series.values[category], min(0.0, value), max(0.0, value)))
            elif value >= 0:
                bars.append(_Bar(index, category, series.values[category], above, above + value))
                above += value
            else:
                bars.append(_Bar(index, category, series.values[category], below + value, below))
                below += value
    return bars


def _value_text(chart: BarChart, value) -> str:
    return number(value, chart.decimals, reader_locale())


def _tooltip(chart: BarChart, bar: _Bar) -> str:
    name = chart.series[bar.series].name
    return escape(f"{chart.categories[bar.category]} · {name}: {_value_text(chart, bar.value)} {chart.unit}")


def _vertical(chart: BarChart, top: float) -> tuple[str, float]:
    """Categories along the bottom, values up the left."""
    left, height, bottom = 78.0, 230.0, top + 230.0
    plot_width = chart.width - left - 16
    scale = _Scale.of(chart, bottom, -height)
    band = plot_width / max(1, len(chart.categories))
    parts = [_grid(chart, scale, left, chart.width - 16, vertical=True)]
    slots = 1 if chart.stacked else len(chart.series)
    bar_width = band * (0.6 if chart.stacked else 0.8) / slots
    for bar in _bars(chart):
        if bar.high == bar.low:
            continue
        x = left + band * bar.category + (band - bar_width * slots) / 2 + (0 if chart.stacked else bar.series
                                                                         * bar_width)
        y_top, y_bottom = scale.at(bar.high), scale.at(bar.low)
        parts.append(_rect(chart, bar, x, y_top, bar_width, y_bottom - y_top))
        parts.append(_label_vertical(chart, bar, x + bar_width / 2, y_top, y_bottom, bar_width))
    for index, name in enumerate(chart.categories):
        parts.append(_category_label(left + band * (index + 0.5), bottom + 16, name))
    parts.append(f'<line x1="{left}" y1="{scale.at(0):.1f}" x2="{chart.width - 16}" y2="{scale.at(0):.1f}" '
                 f'stroke="#1d2733"/>')
    parts.append(f'<text class="axis-title" x="{left + plot_width / 2:.1f}" y="{bottom + 50:.1f}" '
                 f'text-anchor="middle">{escape(chart.category_axis)}</text>')
    parts.append(f'<text class="axis-title" transform="translate(14 {top + height / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{escape(chart.unit)}</text>')
    return "".join(parts), height + 60


def _horizontal(chart: BarChart, top: float) -> tuple[str, float]:
    """Categories down the left (room for names), values along the bottom."""
    left, right = 210.0, chart.width - 24
    slots = 1 if chart.stacked else len(chart.series)
    band = max(30.0, slots * 16.0 + 12)
    height = band * max(1, len(chart.categories))
    scale = _Scale.of(chart, left, right - left)
    bar_height = band * (0.6 if chart.stacked else 0.8) / slots
    parts = [_grid(chart, scale, top, top + height, vertical=False)]
    for bar in _bars(chart):
        if bar.high == bar.low:
            continue
        y = top + band * bar.category + (band - bar_height * slots) / 2 + (0 if chart.stacked else bar.series
                                                                          * bar_height)
        x_low, x_high = scale.at(bar.low), scale.at(bar.high)
        parts.append(_rect(chart, bar, x_low, y, x_high - x_low, bar_height))
        parts.append(_label_horizontal(chart, bar, x_low, x_high, y + bar_height / 2, bar_height))
    for index, name in enumerate(chart.categories):
        parts.append(f'<text x="{left - 8}" y="{top + band * (index + 0.5) + 4:.1f}" text-anchor="end">'
                     f'{_shortened(name)}</text>')
    parts.append(f'<line x1="{scale.at(0):.1f}" y1="{top}" x2="{scale.at(0):.1f}" y2="{top + height:.1f}" '
                 f'stroke="#1d2733"/>')
    parts.append(f'<text class="axis-title" x="{(left + right) / 2:.1f}" y="{top + height + 36:.1f}" '
                 f'text-anchor="middle">{escape(chart.unit)}</text>')
    parts.append(f'<text class="axis-title" x="10" y="{top - 8:.1f}">{escape(chart.category_axis)}</text>')
    return "".join(parts), height + 44


def _grid(chart: BarChart, scale: _Scale, start: float, end: float, vertical: bool) -> str:
    """Grid lines and value labels at round steps."""
    parts = []
    decimals = 0 if scale.step >= 1 else 1
    for tick in scale.ticks():
        at = scale.at(tick)
        text = escape(number(Decimal(str(round(tick, 6))), decimals, reader_locale()))
        if vertical:
            parts.append(f'<line x1="{start}" y1="{at:.1f}" x2="{end}" y2="{at:.1f}" class="grid"/>'
                         f'<text x="{start - 6}" y="{at + 4:.1f}" text-anchor="end">{text}</text>')
        else:
            parts.append(f'<line x1="{at:.1f}" y1="{start}" x2="{at:.1f}" y2="{end}" class="grid"/>'
                         f'<text x="{at:.1f}" y="{end + 16:.1f}" text-anchor="middle">{text}</text>')
    return "".join(parts)


def _rect(chart: BarChart, bar: _Bar, x: float, y: float, width: float, height: float) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.5):.1f}" height="{max(height, 0.5):.1f}" '
            f'fill="url(#{chart.key}-fill-{bar.series})" stroke="#1d2733" stroke-width="0.5">'
            f'<title>{_tooltip(chart, bar)}</title></rect>')


def _label_vertical(chart: BarChart, bar: _Bar, centre: float, y_top: float, y_bottom: float, width: float) -> str:
    """The value above a side-by-side bar (below a negative one), or inside a stacked piece tall enough."""
    text = _value_text(chart, bar.value)
    if len(text) * CHAR_WIDTH * 0.85 > width + 8:
        return ""
    if chart.stacked:
        if y_bottom - y_top < FONT + 4:
            return ""
        return (f'<text class="value inside" x="{centre:.1f}" y="{(y_top + y_bottom) / 2 + 4:.1f}" '
                f'text-anchor="middle">{escape(text)}</text>')
    y = y_top - 4 if float(bar.value) >= 0 else y_bottom + FONT
    return f'<text class="value" x="{centre:.1f}" y="{y:.1f}" text-anchor="middle">{escape(text)}</text>'


def _label_horizontal(chart: BarChart, bar: _Bar, x_low: float, x_high: float, middle: float, height: float) -> str:
    """The value beside a side-by-side bar, or inside a stacked piece long enough."""
    text = _value_text(chart, bar.value)
    if height < FONT - 2:
        return ""
    if chart.stacked:
        if x_high - x_low < len(text) * CHAR_WIDTH + 6:
            return ""
        return (f'<text class="value inside" x="{(x_low + x_high) / 2:.1f}" y="{middle + 4:.1f}" '
                f'text-anchor="middle">{escape(text)}</text>')
    if float(bar.value) >= 0:
        return f'<text class="value" x="{x_high + 4:.1f}" y="{middle + 4:.1f}">{escape(text)}</text>'
    return (f'<text class="value" x="{x_low - 4:.1f}" y="{middle + 4:.1f}" text-anchor="end">'
            f'{escape(text)}</text>')


def _shortened(name: str, room: int = 30) -> str:
    """A name that fits beside the bars; a shortened one keeps the whole name as its tooltip."""
    if len(name) <= room:
        return escape(name)
    return f"<title>{escape(name)}</title>{escape(name[:room - 1])}…"


def _category_label(centre: float, y: float, name: str) -> str:
    """A category's name under its bars, a word a line (so "okt. 2026" takes two short lines)."""
    lines = "".join(f'<tspan x="{centre:.1f}" dy="{0 if index == 0 else 13}">{escape(word)}</tspan>'
                    for index, word in enumerate(name.split(" ", 1)))
    return f'<text x="{centre:.1f}" y="{y:.1f}" text-anchor="middle">{lines}</text>'


def render(chart: BarChart) -> Markup:
    """The chart as an inline <svg> element."""
    legend, legend_height = _legend(chart, 10)
    draw = _horizontal if chart.horizontal else _vertical
    body, body_height = draw(chart, 10 + legend_height + 22)
    height = 10 + legend_height + 22 + body_height
    title_id, desc_id = f"{chart.key}-title", f"{chart.key}-desc"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {chart.width} {height:.0f}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" aria-label="{escape(chart.title)}" font-size="{FONT}">'
        f'<title id="{title_id}">{escape(chart.title)}</title><desc id="{desc_id}">{escape(chart.description)}</desc>'
        f"{_pattern_defs(chart)}{legend}{body}</svg>"
    )
