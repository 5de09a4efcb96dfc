"""Plotly figures for the app: pure functions from metrics results (and figures) to a `go.Figure`.

No Streamlit here: the page decides where a figure goes; tests check traces and labels directly.
Every number in a hover label is written by `dashboard.formatting`, so it reads the same as in
the tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.i18n import t

PLANNED_COLOUR = "#4a6fa5"
ACTUAL_COLOUR = "#222222"
PROJECTION_COLOUR = "#8c8c8c"
TARGET_COLOUR = "#c0392b"
FIGURE_STATUSES = ("preliminary", "final", "revised")
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def _unit(row: Mapping) -> str | None:
    unit = row.get("unit")
    return None if fmt.missing(unit) or unit == "" else str(unit)


def _hover(values, unit, lang) -> list[str]:
    return [fmt.value(v, unit, lang) for v in values]


def indicator_figure(row: Mapping, path: pd.DataFrame, actuals: pd.DataFrame, projection: pd.DataFrame,
                     lang: str = "zh") -> go.Figure:
    """The indicator chart: planned path (solid), actuals (final filled, preliminary hollow),
    projection at the observed pace (dashed) and the target (a red diamond at the target year).

    `row`: one row of `metrics.compute`; `path`: `metrics.path_frame` rows (year, planned);
    `actuals`: the current figures (year, value, figure_status); `projection`: `metrics.projection_frame`
    rows (year, projected). Hover labels carry the unit.

    >>> row = {"name": "服务业增加值", "unit": "亿元", "target_year": 2022, "target_value": 14000.0,
    ...        "baseline_year": 2018, "baseline_value": 10656.0, "status": "moderate"}
    >>> acts = pd.DataFrame({"year": [2019, 2020], "value": [11500.0, 12100.0],
    ...                      "figure_status": ["final", "preliminary"]})
    >>> fig = indicator_figure(row, pd.DataFrame({"year": [2018, 2022], "planned": [10656.0, 14000.0]}),
    ...                        acts, pd.DataFrame(columns=["year", "projected"]))
    >>> [tr.name for tr in fig.data]
    ['规划路径', '实际值（最终数/修订数）', '实际值（初步数）', '目标']
    >>> fig.data[2].marker.symbol, fig.data[2].customdata[0][0]
    ('circle-open', '12,100亿元')
    """
    unit = _unit(row)
    year_label = t("indicator.chart_year", lang)
    fig = go.Figure()
    if len(path):
        fig.add_trace(go.Scatter(
            x=path["year"].astype(int), y=path["planned"], name=t("indicator.chart_planned", lang),
            mode="lines+markers",
            line={"color": PLANNED_COLOUR, "width": 2}, marker={"size": 5, "color": PLANNED_COLOUR},
            customdata=[[v] for v in _hover(path["planned"], unit, lang)],
            hovertemplate=f"{year_label} %{{x}}<br>{t('indicator.chart_planned', lang)}: %{{customdata[0]}}"
                          "<extra></extra>"))
    if len(projection):
        fig.add_trace(go.Scatter(
            x=projection["year"].astype(int), y=projection["projected"], name=t("indicator.chart_projection", lang),
            mode="lines", line={"color": PROJECTION_COLOUR, "width": 2, "dash": "dash"},
            customdata=[[v] for v in _hover(projection["projected"], unit, lang)],
            hovertemplate=f"{year_label} %{{x}}<br>{t('indicator.chart_projection', lang)}: %{{customdata[0]}}"
                          "<extra></extra>"))
    acts = actuals.dropna(subset=["value"]) if len(actuals) else actuals
    if len(acts):
        status = (acts["figure_status"] if "figure_status" in acts else pd.Series("final", index=acts.index))
        status = status.astype("string").fillna("final")
        preliminary = (status == "preliminary").to_numpy(bool)
        for name_key, mask, symbol in (("indicator.chart_final", ~preliminary, "circle"),
                                       ("indicator.chart_preliminary", preliminary, "circle-open")):
            part = acts[mask]
            if not len(part):
                continue
            labels = [t(f"figure_status.{s}", lang) if s in FIGURE_STATUSES else "" for s in status[mask]]
            fig.add_trace(go.Scatter(
                x=part["year"].astype(int), y=part["value"], name=t(name_key, lang), mode="markers",
                marker={"size": 11, "symbol": symbol, "color": ACTUAL_COLOUR,
                        "line": {"width": 2, "color": ACTUAL_COLOUR}},
                customdata=list(zip(_hover(part["value"], unit, lang), labels, strict=True)),
                hovertemplate=f"{year_label} %{{x}}<br>%{{customdata[0]}} · %{{customdata[1]}}<extra></extra>"))
    if not fmt.missing(row.get("target_value")) and not fmt.missing(row.get("target_year")):
        target = fmt.value(row["target_value"], unit, lang)
        fig.add_trace(go.Scatter(
            x=[int(row["target_year"])], y=[row["target_value"]], name=t("indicator.chart_target", lang),
            mode="markers+text", text=[target], textposition="top center", textfont={"color": TARGET_COLOUR},
            marker={"size": 14, "symbol": "diamond", "color": TARGET_COLOUR},
            customdata=[[target]],
            hovertemplate=f"{t('indicator.chart_target', lang)} %{{x}}: %{{customdata[0]}}<extra></extra>"))
    fig.update_layout(
        font={"family": FONT, "size": 13}, height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, hovermode="closest",
        xaxis={"title": year_label, "dtick": 1, "tickformat": "d"},
        yaxis={"title": unit or "", "rangemode": "normal", "tickformat": ",~f"})
    return fig

