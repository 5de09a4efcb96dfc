"""Small matplotlib charts (PNG) for the printed reports, one per non-milestone indicator.

Each chart: the planned path from baseline to target (none without a baseline), the projection at
the observed pace, the actuals (final/revised filled, preliminary hollow) in the status colour and
the target as a star. No title: the exporters print the name as text beside the image.
Rendered with the object API (no pyplot state), inside an rc_context, so the app is not affected.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from dashboard import formatting as fmt
from dashboard.i18n import STATUS_COLOURS, t
from dashboard.reports.fonts import matplotlib_font

DPI = 110
SIZE = (2.5, 1.55)  # inches: three charts side by side on A4 at about 61 mm each
PATH_COLOUR, PROJECTION_COLOUR, TARGET_COLOUR = "#444444", "#8c8c8c", "#222222"


def _rc() -> dict:
    return {"font.family": matplotlib_font(), "axes.unicode_minus": False, "font.size": 6.5,
            "axes.linewidth": 0.5, "xtick.major.width": 0.5, "ytick.major.width": 0.5,
            "axes.spines.top": False, "axes.spines.right": False}


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def indicator_chart(row, path: pd.DataFrame, projection: pd.DataFrame, figures: pd.DataFrame) -> bytes:
    """PNG of one indicator. `path`: year, planned; `projection`: year, projected;
    `figures`: year, value, figure_status (the actuals to draw)."""
    colour = STATUS_COLOURS.get(row["status"], "#000000")
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=SIZE)
        ax = fig.add_axes((0.2, 0.14, 0.76, 0.8))
        years = [int(row["target_year"])]
        if len(path):
            ax.plot(path["year"], path["planned"], color=PATH_COLOUR, linewidth=1.0, zorder=2)
            years += path["year"].tolist()
        if len(projection):
            ax.plot(projection["year"], projection["projected"], color=PROJECTION_COLOUR, linewidth=0.9,
                    linestyle=(0, (2, 1.5)), zorder=2)
        if len(figures):
            figures = figures.sort_values("year")
            ax.plot(figures["year"], figures["value"], color=colour, linewidth=0.8, zorder=3)
            hollow = figures["figure_status"].astype(object).eq("preliminary").to_numpy(bool)
            ax.scatter(figures["year"][~hollow], figures["value"][~hollow], s=16, color=colour, zorder=4,
                       linewidths=1.0)
            ax.scatter(figures["year"][hollow], figures["value"][hollow], s=16, facecolors="white",
                       edgecolors=colour, zorder=4, linewidths=1.0)
            years += figures["year"].tolist()
        if pd.notna(row.get("target_value")):
            ax.scatter([int(row["target_year"])], [row["target_value"]], marker="*", s=60, color=TARGET_COLOUR,
                       zorder=5, linewidths=0)
        low, high = min(years), max(years)
        ax.set_xlim(low - 0.4, high + 0.4 if high > low else low + 0.6)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.number(v)))
        ax.margins(y=0.15)
        ax.grid(axis="y", linewidth=0.3, color="#dddddd")
        return _png(fig)


def legend_chart(lang: str) -> bytes:
    """PNG strip explaining the chart symbols, printed once above each grid of charts."""
    grey = STATUS_COLOURS["on_track"]
    handles = [
        Line2D([], [], color=PATH_COLOUR, linewidth=1.2, label=t("report.legend.path", lang)),
        Line2D([], [], color=PROJECTION_COLOUR, linewidth=1.0, linestyle=(0, (2, 1.5)),
               label=t("report.legend.projection", lang)),
        Line2D([], [], color=grey, marker="o", markersize=4.5, linestyle="none", label=t("report.legend.final", lang)),
        Line2D([], [], color=grey, marker="o", markersize=4.5, markerfacecolor="white", linestyle="none",
               label=t("report.legend.preliminary", lang)),
        Line2D([], [], color=TARGET_COLOUR, marker="*", markersize=7, linestyle="none",
               label=t("report.legend.target", lang)),
    ]
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(7.4, 0.24))
        fig.legend(handles=handles, loc="center", ncol=5, frameon=False, fontsize=7, handlelength=2.2,
                   columnspacing=1.6)
        return _png(fig)


def render_charts(ctx, progress: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
    """PNG per chartable indicator of the report context, calling `progress(done, total)` after each."""
    ids = ctx.chart_ids()
    rows = ctx.results.set_index("id")
    paths = dict(tuple(ctx.paths.groupby("id")))
    projections = dict(tuple(ctx.projections.groupby("id")))
    figures = dict(tuple(ctx.actuals.groupby("indicator_id")))
    empty = pd.DataFrame(columns=["year", "value", "figure_status"])
    out = {}
    for done, ind in enumerate(ids, start=1):
        row = rows.loc[ind].to_dict()
        out[ind] = indicator_chart(row, paths.get(ind, empty.iloc[:0]), projections.get(ind, empty.iloc[:0]),
                                   figures.get(ind, empty))
        if progress:
            progress(done, len(ids))
    return out
