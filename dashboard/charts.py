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
LATE_COLOUR = "#7a5195"
MISSING_COLOUR = "#b0b0b0"
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
    deadline = None if fmt.missing(row.get("target_year")) else int(row["target_year"])
    late = acts[acts["year"].astype(int) > deadline] if len(acts) and deadline is not None else acts.iloc[0:0]
    acts = acts.drop(late.index) if len(late) else acts
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
    if len(late):  # figures after the final deadline: judged by the deadline rules, drawn apart
        name = t("indicator.chart_after_deadline", lang)
        fig.add_trace(go.Scatter(
            x=late["year"].astype(int), y=late["value"], name=name, mode="markers",
            marker={"size": 11, "symbol": "square", "color": LATE_COLOUR},
            customdata=[[v] for v in _hover(late["value"], unit, lang)],
            hovertemplate=f"{year_label} %{{x}}<br>%{{customdata[0]}} · {name}<extra></extra>"))
    targets = [tg for tg in (row.get("targets") or []) if tg.get("value") is not None]
    if not targets and not fmt.missing(row.get("target_value")) and not fmt.missing(row.get("target_year")):
        targets = [{"year": int(row["target_year"]), "value": float(row["target_value"])}]
    for i, target_point in enumerate(targets):
        final = i == len(targets) - 1
        text = fmt.value(target_point["value"], unit, lang)
        name = t("indicator.chart_target" if final else "indicator.chart_interim_target", lang)
        fig.add_trace(go.Scatter(
            x=[int(target_point["year"])], y=[target_point["value"]], name=name, showlegend=final or i == 0,
            legendgroup=name, mode="markers+text", text=[text], textposition="top center",
            textfont={"color": TARGET_COLOUR},
            marker={"size": 14 if final else 12, "symbol": "diamond" if final else "diamond-open",
                    "color": TARGET_COLOUR, "line": {"width": 2, "color": TARGET_COLOUR}},
            customdata=[[text]], hovertemplate=f"{name} %{{x}}: %{{customdata[0]}}<extra></extra>"))
    fig.update_layout(
        font={"family": FONT, "size": 13}, height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, hovermode="closest",
        xaxis={"title": year_label, "dtick": 1, "tickformat": "d", **_year_range(row, fig)},
        yaxis={"title": unit or "", "rangemode": "normal", "tickformat": ",~f", **_count_ticks(fig)})
    return fig


def _year_range(row: Mapping, fig: go.Figure) -> dict:
    """Whole years over the plan's years (and any figure outside them): no 2026.6 ticks on a chart with one point."""
    years = [int(x) for trace in fig.data for x in (() if trace.x is None else trace.x)]
    first = [int(row[k]) for k in ("plan_base_year", "baseline_year") if not fmt.missing(row.get(k))]
    last = [int(row[k]) for k in ("plan_target_year", "target_year") if not fmt.missing(row.get(k))]
    low, high = min(years + first[:1] or [0]), max(years + last[:1] or [0])
    if not years and not first:
        return {}
    return {"range": [low - 0.5, high + 0.5], "tickmode": "linear", "tick0": low}


def _count_ticks(fig: go.Figure) -> dict:
    """Integer ticks when every value drawn is a whole number and the span is small (3 家, not 3.9 家)."""
    values = [float(y) for trace in fig.data for y in (() if trace.y is None else trace.y) if y is not None and y == y]
    if not values or any(v != int(v) for v in values):
        return {}
    span = max(values) - min(values)
    return {"dtick": max(1, round(span / 6)), "tickformat": ",d"} if span <= 60 else {"tickformat": ",d"}


def growth_figure(row: Mapping, actuals: pd.DataFrame, lang: str = "zh"):
    """A growth indicator: yearly growth (bars) against the target rate (a line), and the cumulative index
    against the index the target rate asks for; years missing from the chain are marked.

    >>> row = {"baseline_year": 2018, "target_year": 2022, "target_value": 7.0, "missing_years": [2020]}
    >>> fig = growth_figure(row, pd.DataFrame({"year": [2019, 2021], "value": [6.1, 9.0]}))
    >>> [tr.name for tr in fig.data]
    ['年度增速', '目标年均增速', '缺数年份', '累计指数', '目标要求的累计指数']
    >>> list(fig.data[3].y), round(fig.data[4].y[-1], 4)
    ([1.0, 1.061], 1.3108)
    """
    from plotly.subplots import make_subplots

    by, ty, rate = int(row["baseline_year"]), int(row["target_year"]), float(row["target_value"])
    acts = actuals.dropna(subset=["value"]).sort_values("year") if len(actuals) else actuals
    acts = acts[(acts["year"] > by)] if len(acts) else acts
    year_label = t("indicator.chart_year", lang)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.55, 0.45])
    yearly = t("indicator.chart_growth_yearly", lang)
    fig.add_trace(go.Bar(x=acts["year"].astype(int) if len(acts) else [], y=acts["value"] if len(acts) else [],
                         name=yearly, marker={"color": PLANNED_COLOUR},
                         hovertemplate=f"{year_label} %{{x}}<br>{yearly}: %{{y:.1f}}%<extra></extra>"), row=1, col=1)
    target_name = t("indicator.chart_growth_target", lang)
    fig.add_trace(go.Scatter(x=[by + 1, ty], y=[rate, rate], name=target_name, mode="lines",
                             line={"color": TARGET_COLOUR, "dash": "dash"},
                             hovertemplate=f"{target_name}: {fmt.number(rate)}%<extra></extra>"), row=1, col=1)
    missing = list(row.get("missing_years") or [])
    fig.add_trace(go.Scatter(x=missing, y=[0] * len(missing), name=t("indicator.chart_growth_missing", lang),
                             mode="markers", marker={"symbol": "x", "size": 12, "color": MISSING_COLOUR},
                             meta="mark"),  # a marker at 0, not a value: left out of chart_table
                  row=1, col=1)
    chain_years, index, level = [by], [1.0], 1.0
    for year, value in zip(acts["year"].astype(int) if len(acts) else [], acts["value"] if len(acts) else [],
                           strict=True):
        if year != chain_years[-1] + 1:
            break  # the chain stops at the first missing year
        level *= 1 + float(value) / 100
        chain_years.append(year)
        index.append(level)
    fig.add_trace(go.Scatter(x=chain_years, y=index, name=t("indicator.chart_growth_index", lang),
                             mode="lines+markers", line={"color": ACTUAL_COLOUR}), row=2, col=1)
    required = [(1 + rate / 100) ** (y - by) for y in range(by, ty + 1)]
    fig.add_trace(go.Scatter(x=list(range(by, ty + 1)), y=required, name=t("indicator.chart_growth_required", lang),
                             mode="lines", line={"color": TARGET_COLOUR}), row=2, col=1)
    fig.update_layout(font={"family": FONT, "size": 13}, height=520, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, hovermode="closest")
    fig.update_xaxes(dtick=1, tickformat="d", range=[by - 0.5, ty + 0.5])
    fig.update_yaxes(title_text="%", row=1, col=1)
    fig.update_yaxes(title_text=t("indicator.chart_growth_index_axis", lang).format(year=by), row=2, col=1)
    return fig



def chart_table(fig: go.Figure, lang: str = "zh") -> pd.DataFrame:
    """What a chart shows, as a table for screen readers and copying: a row per year, a column per drawn series
    (its legend name), values as every screen rounds them (empty: the series has no point that year).

    >>> fig = go.Figure([go.Scatter(x=[2019, 2020], y=[1095.4451, 1200.0], name="规划路径"),
    ...                  go.Scatter(x=[2020], y=[1150.0], name="实际值")])
    >>> chart_table(fig).values.tolist()
    [[2019, '1,095.45', ''], [2020, '1,200', '1,150']]
    """
    columns: dict[str, pd.Series] = {}
    for trace in fig.data:
        if trace.meta == "mark" or trace.x is None or trace.y is None or not len(trace.x):
            continue
        series = pd.Series(list(trace.y), index=[int(x) for x in trace.x], dtype=float)
        name = trace.name or str(len(columns) + 1)
        while name in columns:
            name += " "
        columns[name] = series[~series.index.duplicated(keep="last")]
    year = t("indicator.chart_year", lang)
    if not columns:
        return pd.DataFrame(columns=[year])
    frame = pd.DataFrame(columns).sort_index()
    shown = frame.apply(lambda col: [fmt.number(v) if pd.notna(v) else "" for v in col])
    return shown.rename_axis(year).reset_index()
