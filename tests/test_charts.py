"""The indicator chart built from real metrics results: what each trace shows and how it looks."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts, metrics

CATALOG = pd.DataFrame([
    {"id": "sva", "name": "服务业增加值", "name_en": "Services value added", "unit": "亿元", "kind": "level",
     "direction": "increase", "baseline_year": 2018, "baseline_value": 10656.0, "target_year": 2022,
     "target_value": 14000.0},
    {"id": "share", "name": "服务业比重", "name_en": "Services share", "unit": "%", "kind": "share",
     "direction": "increase", "baseline_year": 2018, "baseline_value": 52.3, "target_year": 2022,
     "target_value": 54.0},
    {"id": "stations", "name": "5G基站", "name_en": "5G base stations", "unit": "万个", "kind": "level",
     "direction": "increase", "baseline_year": None, "baseline_value": None, "target_year": 2022,
     "target_value": 10.0},
])
ACTUALS = pd.DataFrame({
    "indicator_id": ["sva", "sva", "share", "stations"],
    "year": [2019, 2020, 2019, 2020],
    "value": [11500.0, 12100.0, 52.8, 7.0],
    "figure_status": ["final", "preliminary", "revised", "final"],
})


def figure_for(indicator_id: str, lang: str = "zh"):
    results = metrics.compute(CATALOG, ACTUALS)
    mine = results[results["id"] == indicator_id]
    row = mine.iloc[0].to_dict()
    acts = ACTUALS[ACTUALS["indicator_id"] == indicator_id]
    return charts.indicator_figure(row, metrics.path_frame(mine), acts, metrics.projection_frame(mine), lang), row


def trace(fig, name):
    found = [tr for tr in fig.data if tr.name == name]
    assert len(found) == 1, [tr.name for tr in fig.data]
    return found[0]


def test_the_planned_path_runs_from_baseline_to_target():
    fig, _ = figure_for("sva")
    path = trace(fig, "规划路径")
    assert list(path.x) == [2018, 2019, 2020, 2021, 2022]
    assert path.y[0] == pytest.approx(10656.0) and path.y[-1] == pytest.approx(14000.0)
    assert path.y[2] == pytest.approx(12214.1, abs=0.1)  # methodology.md worked example
    assert path.customdata[2][0] == "12,214.09亿元"


def test_preliminary_figures_are_hollow_and_final_ones_filled():
    fig, _ = figure_for("sva")
    final, preliminary = trace(fig, "实际值（最终数/修订数）"), trace(fig, "实际值（初步数）")
    assert (list(final.x), list(final.y), final.marker.symbol) == ([2019], [11500.0], "circle")
    assert (list(preliminary.x), list(preliminary.y), preliminary.marker.symbol) == ([2020], [12100.0], "circle-open")
    assert list(preliminary.customdata[0]) == ["12,100亿元", "初步数"]
    assert final.showlegend is not False and preliminary.showlegend is not False


def test_the_projection_is_dashed_from_the_latest_actual_to_the_target_year():
    fig, row = figure_for("sva")
    projection = trace(fig, "按当前增速预计")
    assert projection.line.dash == "dash"
    assert list(projection.x) == [2020, 2021, 2022]
    assert projection.y[0] == pytest.approx(12100.0)
    assert projection.y[-1] == pytest.approx(row["projected_value"])
    assert projection.y[-1] == pytest.approx(13739.7, abs=0.1)


def test_the_target_is_marked_with_its_value_and_unit():
    fig, _ = figure_for("sva")
    target = trace(fig, "目标")
    assert (list(target.x), list(target.y), target.marker.symbol) == ([2022], [14000.0], "diamond")
    assert list(target.text) == ["14,000亿元"]
    assert fig.layout.yaxis.title.text == "亿元"


def test_a_share_hovers_in_percent_and_a_revised_figure_counts_as_final():
    fig, _ = figure_for("share")
    final = trace(fig, "实际值（最终数/修订数）")
    assert list(final.customdata[0]) == ["52.8%", "修订数"]
    assert "实际值（初步数）" not in [tr.name for tr in fig.data]
    assert trace(fig, "规划路径").y[-1] == pytest.approx(54.0)


def test_without_a_baseline_there_is_no_path_or_projection():
    fig, _ = figure_for("stations")
    assert [tr.name for tr in fig.data] == ["实际值（最终数/修订数）", "目标"]


def test_english_labels():
    fig, _ = figure_for("sva", "en")
    assert [tr.name for tr in fig.data] == ["Planned path", "Projection at the observed pace",
                                            "Actual (final / revised)", "Actual (preliminary)", "Target"]
    assert trace(fig, "Target").text == ("14,000 100 million yuan",)
    assert fig.layout.xaxis.title.text == "Year"


def test_no_actuals_leaves_path_and_target_only():
    results = metrics.compute(CATALOG, ACTUALS.iloc[0:0])
    mine = results[results["id"] == "sva"]
    fig = charts.indicator_figure(mine.iloc[0].to_dict(), metrics.path_frame(mine), ACTUALS.iloc[0:0],
                                  metrics.projection_frame(mine))
    assert [tr.name for tr in fig.data] == ["规划路径", "目标"]


# ---------------------------------------------------------------- the report charts (vectors, no matplotlib)


def report_chart(indicator_id: str, catalog_frame: pd.DataFrame = CATALOG, actuals: pd.DataFrame = ACTUALS,
                 plan_years=(2018, 2022)):
    from dashboard.reports import charts as vector

    results = metrics.compute(catalog_frame, actuals)
    mine = results[results["id"] == indicator_id]
    figures = actuals[actuals["indicator_id"] == indicator_id]
    chart = vector.layout(mine.iloc[0].to_dict(), metrics.path_frame(mine), metrics.projection_frame(mine), figures,
                          plan_years, width=250, font=10)
    return chart, vector


def labels(chart, anchor: str) -> list[str]:
    return [s.text for s in chart.shapes if s.kind == "text" and s.anchor == anchor]


def test_a_report_chart_shows_path_projection_final_and_preliminary_markers_and_the_target():
    chart, vector = report_chart("sva")
    lines = [s for s in chart.shapes if s.kind == "line" and s.colour in (vector.PATH_COLOUR, vector.PROJECTION_COLOUR)]
    assert [s.dash is not None for s in lines] == [False, True]  # the projection is dashed
    dots = [s for s in chart.shapes if s.kind == "dot"]
    assert [d.filled for d in dots] == [True, False]  # 2019 final, 2020 preliminary
    assert sum(s.kind == "star" for s in chart.shapes) == 1
    assert labels(chart, "middle") == ["2018", "2019", "2020", "2021", "2022"]
    svg = vector.svg(chart, "服务业增加值")
    assert svg.startswith("<svg") and "stroke-dasharray" in svg and svg.count("<circle") == 2


def test_a_target_only_indicator_gets_whole_year_ticks_over_the_plan_and_a_count_whole_number_ticks():
    frame = pd.DataFrame([{"id": "firms", "name": "本土物流企业", "unit": "家", "kind": "level",
                           "direction": "increase",
                           "baseline_year": None, "baseline_value": None, "target_year": 2022, "target_value": 3.0}])
    chart, _ = report_chart("firms", frame, ACTUALS.iloc[:0])
    assert labels(chart, "middle") == ["2018", "2019", "2020", "2021", "2022"]
    values = labels(chart, "end")
    assert values and all(v.lstrip("-").isdigit() for v in values), values


@pytest.mark.parametrize(("low", "high", "whole", "expected"), [
    (3.6, 4.4, True, [4.0]),
    (2.55, 3.45, True, [3.0]),
    (0.5, 2.5, False, [0.5, 1.0, 1.5, 2.0, 2.5]),
    (10000, 16500, False, [10000.0, 12000.0, 14000.0, 16000.0]),
])
def test_nice_ticks(low, high, whole, expected):
    from dashboard.reports.charts import nice_ticks

    assert nice_ticks(low, high, whole=whole) == expected
