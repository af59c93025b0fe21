"""Charts drawn on the server as SVG: no script, readable by screen readers through their title and
description, and always shown beside a table of the same figures (the table is the accessible form).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# GOV.UK colours with enough contrast on white, and a distinct dash per series so colour is never
# the only way to tell lines apart.
COLOURS = ("#1d70b8", "#505a5f", "#d4351c", "#00703c", "#6f72af")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per x label; None leaves a gap


def line_chart(
    title: str,
    x_labels: list[str],
    series: list[Series],
    unit: str = "",
    width: int = 640,
    height: int = 300,
    chart_id: str = "chart",
) -> str:
    """An SVG line chart. `title` is read out; the description lists the latest value per series.
    The y axis is the series' own (from 0 to just above the highest value), so give series of
    different sizes their own charts (`panels`). `chart_id` keeps ids unique on a page."""
    left, right, top, bottom = 56, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    low = min([0.0, *values])
    high = max(values) if values else 1.0
    if high <= low:
        high = low + 1.0
    high = _nice_ceiling(high)

    def x(i: int) -> float:
        return left + (plot_w * (i / (len(x_labels) - 1)) if len(x_labels) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    latest = "; ".join(
        f"{s.label}: {_fmt(next((v for v in reversed(s.values) if v is not None), None))}{unit}"
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sightline-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-title '
        f'{chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">Latest values: {escape(latest)}. The table beside the chart gives '
        "every value.</desc>",
    ]
    for step in range(5):  # grid lines and y labels
        v = low + (high - low) * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#0b0c0c">{escape(_fmt(v))}</text>'
        )
    every = max(1, -(-len(x_labels) // 8))  # at most 8 labels under the axis, so they never overlap
    for i, label in enumerate(x_labels):
        if i % every and i != len(x_labels) - 1:
            continue
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
    for n, s in enumerate(series):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="3" '
                f'stroke-dasharray="{dash}" points="{path}"/>'
            )
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>')
        legend_x = left + n * 150
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{height - 12}" y2="{height - 12}" '
            f'stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/>'
            f'<text x="{legend_x + 30}" y="{height - 8}" font-size="12" fill="#0b0c0c">'
            f"{escape(s.label[:20])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _nice_ceiling(value: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value * 1.1


def _fmt(value: float | None) -> str:
    if value is None:
        return "no data"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Panel:
    title: str
    svg: str


def panels(
    title: str,
    x_labels: list[str],
    own: list[Series],
    others: list[Series],
    unit: str = "",
    same_scale: bool = True,
    chart_id: str = "chart",
) -> list[Panel]:
    """The council's chart, with England and the neighbours on it when they are on the same
    scale (rates, percentages, days), or each on a panel of its own when they are not (counts:
    England's 700,000 referrals would flatten a council's 3,000 onto the axis)."""
    if same_scale:
        return [Panel(title, line_chart(title, x_labels, own + others, unit, chart_id=chart_id))]
    found = [Panel(title, line_chart(title, x_labels, own, unit, chart_id=chart_id))]
    for n, series in enumerate(others, start=1):
        name = f"{title}: {series.label}"
        found.append(
            Panel(name, line_chart(name, x_labels, [series], unit, 420, 240, f"{chart_id}-{n}"))
        )
    return found
