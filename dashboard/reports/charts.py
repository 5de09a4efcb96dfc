"""Small vector charts for the printed reports, one per non-milestone indicator, without matplotlib.

`layout` turns one indicator's series into a list of drawing primitives on a box of any size (lines,
dashed lines, dots, a star, tick labels); `svg` writes them as inline SVG for the HTML report and
`dashboard.reports.pdf` draws the same primitives with fpdf2. Each chart shows the planned path from
baseline to target (none without a baseline), the projection at the observed pace (dashed), the
actuals in the status colour (final/revised filled, preliminary hollow) and the target as a star.
Ticks: whole years on the x axis (over the plan's years when only a target is known), round numbers
on the y axis, whole numbers only when every value is a whole number (counts: 3 家, not 3.9 家).
No title: the exporters print the name beside the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import pandas as pd

from dashboard import formatting as fmt
from dashboard.i18n import STATUS_COLOURS, t

SIZE = (2.5, 1.55)  # width : height of a chart (three side by side on A4 at about 61 mm each)
PATH_COLOUR, PROJECTION_COLOUR, TARGET_COLOUR, GRID_COLOUR, AXIS_COLOUR = (
    "#444444", "#8c8c8c", "#222222", "#dddddd", "#555555")
MISSING_COLOUR = "#000000"


@dataclass
class Shape:
    """One drawing primitive in box coordinates (origin top left, y down)."""

    kind: str  # "line" (points, dash), "dot" (centre, radius, filled), "star" (centre, radius), "text"
    points: list[tuple[float, float]]
    colour: str
    width: float = 0.0  # line width, or radius of a dot / star
    dash: tuple[float, float] | None = None
    filled: bool = True
    text: str = ""
    anchor: str = "start"  # text: start | middle | end


@dataclass
class Chart:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)


def nice_ticks(low: float, high: float, count: int = 4, whole: bool = False) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten (never a
    fraction when `whole`).

    >>> nice_ticks(10656, 14000), nice_ticks(2.6, 4.4, whole=True), nice_ticks(-0.4, 0.6)
    ([11000.0, 12000.0, 13000.0, 14000.0], [3.0, 4.0], [-0.25, 0.0, 0.25, 0.5])
    """
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    digits = max(0, -math.floor(math.log10(step)) + 1)
    first = math.ceil(low / step - 1e-9)
    ticks = []
    k = first
    while k * step <= high + step * 1e-9:
        ticks.append(round(k * step, digits) + 0.0)
        k += 1
    return ticks


def year_ticks(low: int, high: int) -> list[int]:
    """Whole years from `low` to `high`, every year up to 6 of them, else every 2nd, 3rd … year.

    >>> year_ticks(2018, 2022), year_ticks(2019, 2035)[:3]
    ([2018, 2019, 2020, 2021, 2022], [2019, 2022, 2025])
    """
    step = max(1, math.ceil((high - low + 1) / 6))
    return list(range(low, high + 1, step))


def _whole(values: list[float]) -> bool:
    return bool(values) and all(float(v).is_integer() for v in values)


def layout(row, path: pd.DataFrame, projection: pd.DataFrame, figures: pd.DataFrame,
           plan_years: tuple[int, int] | None = None, width: float = 250.0, font: float = 6.5) -> Chart:
    """The chart of one indicator on a box `width` wide (SIZE's proportions), text `font` units high.
    `path`: year, planned; `projection`: year, projected; `figures`: year, value, figure_status;
    `plan_years`: the plan's base and target year (the x axis when only a target is known)."""
    height = width * SIZE[1] / SIZE[0]
    colour = STATUS_COLOURS.get(row.get("status"), MISSING_COLOUR)
    figures = figures.sort_values("year") if len(figures) else figures
    target_year = int(row["target_year"])
    target = row.get("target_value")
    target = None if fmt.missing(target) or target is pd.NA else float(target)
    years = [target_year, *path["year"].tolist(), *projection["year"].tolist(), *figures["year"].tolist()]
    values = [*path["planned"].tolist(), *projection["projected"].tolist(), *figures["value"].tolist(),
              *([target] if target is not None else [])]
    values = [float(v) for v in values if not fmt.missing(v) and v is not pd.NA]
    low_year, high_year = int(min(years)), int(max(years))
    if plan_years and low_year == high_year:  # only a target: span the plan's years
        low_year, high_year = min(plan_years[0], low_year), max(plan_years[1], high_year)
    whole = _whole(values)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.15 if high > low else max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    if whole and high - low < 2:
        low, high = math.floor(low), math.ceil(high)

    left, right, top, bottom = font * 5.2, width - font * 0.6, font * 0.6, height - font * 2.0
    x0, x1 = low_year - 0.4, high_year + 0.4

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + (x - x0) / (x1 - x0) * (right - left), bottom - (y - low) / (high - low) * (bottom - top))

    shapes: list[Shape] = []
    for tick in nice_ticks(low, high, whole=whole):
        y = at(x0, tick)[1]
        shapes.append(Shape("line", [(left, y), (right, y)], GRID_COLOUR, font * 0.05))
        shapes.append(Shape("text", [(left - font * 0.4, y + font * 0.35)], AXIS_COLOUR, text=fmt.number(tick),
                            anchor="end", width=font))
    shapes.append(Shape("line", [(left, top), (left, bottom), (right, bottom)], AXIS_COLOUR, font * 0.08))
    for year in year_ticks(low_year, high_year):
        x = at(year, low)[0]
        shapes.append(Shape("line", [(x, bottom), (x, bottom + font * 0.35)], AXIS_COLOUR, font * 0.08))
        shapes.append(Shape("text", [(x, bottom + font * 1.4)], AXIS_COLOUR, text=str(year), anchor="middle",
                            width=font))

    def series(frame: pd.DataFrame, column: str) -> list[tuple[float, float]]:
        return [at(float(x), float(y)) for x, y in zip(frame["year"], frame[column], strict=True)
                if not fmt.missing(y) and y is not pd.NA]

    if len(path):
        shapes.append(Shape("line", series(path, "planned"), PATH_COLOUR, font * 0.15))
    if len(projection):
        shapes.append(Shape("line", series(projection, "projected"), PROJECTION_COLOUR, font * 0.14,
                            dash=(font * 0.3, font * 0.22)))
    if len(figures):
        points = series(figures, "value")
        if len(points) > 1:
            shapes.append(Shape("line", points, colour, font * 0.12))
        hollow = figures["figure_status"].astype(object).eq("preliminary").tolist()
        for (x, y), empty in zip(points, hollow, strict=True):
            shapes.append(Shape("dot", [(x, y)], colour, font * 0.3, filled=not empty))
    if target is not None:
        shapes.append(Shape("star", [at(target_year, target)], TARGET_COLOUR, font * 0.55))
    return Chart(width, height, shapes)


def legend(lang: str, width: float = 740.0, font: float = 7.0) -> Chart:
    """The strip explaining the symbols, printed once above each grid of charts."""
    grey = STATUS_COLOURS.get("on_track", PATH_COLOUR)
    y = font
    shapes: list[Shape] = []
    entries = ("path", "projection", "final", "preliminary", "target")
    slot = width / len(entries)
    for k, entry in enumerate(entries):
        x = k * slot + font
        if entry == "path":
            shapes.append(Shape("line", [(x, y), (x + font * 2.2, y)], PATH_COLOUR, font * 0.17))
        elif entry == "projection":
            shapes.append(Shape("line", [(x, y), (x + font * 2.2, y)], PROJECTION_COLOUR, font * 0.15,
                                dash=(font * 0.3, font * 0.22)))
        elif entry == "target":
            shapes.append(Shape("star", [(x + font * 1.1, y)], TARGET_COLOUR, font * 0.6))
        else:
            shapes.append(Shape("dot", [(x + font * 1.1, y)], grey, font * 0.32, filled=entry == "final"))
        shapes.append(Shape("text", [(x + font * 2.8, y + font * 0.35)], "#222222",
                            text=t(f"report.legend.{entry}", lang), width=font))
    return Chart(width, font * 2, shapes)


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, point up."""
    return [(cx + r * math.sin(math.pi * k / 5), cy - r * math.cos(math.pi * k / 5))
            for k, r in enumerate([radius, radius * 0.42] * 5)]


def _pts(points) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def svg(chart: Chart, label: str = "", cls: str = "chart") -> str:
    """The chart as an inline `<svg>` element (scales with its container; text in the page's font)."""
    out = [f'<svg class="{cls}" viewBox="0 0 {chart.width:.0f} {chart.height:.0f}" role="img" '
           f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">']
    for s in chart.shapes:
        if s.kind == "line":
            dash = f' stroke-dasharray="{s.dash[0]:.1f} {s.dash[1]:.1f}"' if s.dash else ""
            out.append(f'<polyline points="{_pts(s.points)}" fill="none" stroke="{s.colour}" '
                       f'stroke-width="{s.width:.2f}"{dash}/>')
        elif s.kind == "dot":
            (x, y), fill = s.points[0], s.colour if s.filled else "#ffffff"
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s.width:.1f}" fill="{fill}" stroke="{s.colour}" '
                       f'stroke-width="{s.width * 0.45:.2f}"/>')
        elif s.kind == "star":
            out.append(f'<polygon points="{_pts(star_points(*s.points[0], s.width))}" fill="{s.colour}"/>')
        else:
            (x, y) = s.points[0]
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{s.width:.1f}" fill="{s.colour}" '
                       f'text-anchor="{s.anchor}">{escape(s.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def chart_layouts(ctx, width: float, font: float,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Chart]:
    """The chart of every chartable indicator of the report context, calling `progress(done, total)`
    after each."""
    ids = ctx.chart_ids()
    rows = ctx.results.set_index("id")
    plans = {p.id: (int(p.base_year), int(p.target_year)) for p in ctx.plans}
    paths = dict(tuple(ctx.paths.groupby("id")))
    projections = dict(tuple(ctx.projections.groupby("id")))
    figures = dict(tuple(ctx.actuals.groupby("indicator_id")))
    empty_path = pd.DataFrame({"year": [], "planned": []})
    empty_projection = pd.DataFrame({"year": [], "projected": []})
    empty_figures = pd.DataFrame({"year": [], "value": [], "figure_status": []})
    out = {}
    for done, ind in enumerate(ids, start=1):
        row = rows.loc[ind].to_dict()
        out[ind] = layout(row, paths.get(ind, empty_path), projections.get(ind, empty_projection),
                          figures.get(ind, empty_figures), plans.get(row.get("plan")), width, font)
        if progress:
            progress(done, len(ids))
    return out
