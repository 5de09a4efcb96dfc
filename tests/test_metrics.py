"""The metrics engine against docs/methodology.md: worked example, the plan's own table, edge cases,
status boundaries, paths and the one-sentence explanation."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import catalog, metrics
from dashboard.i18n import STATUS_ORDER

FIXTURES = Path(__file__).parent / "fixtures"

# 专栏1 of 重庆市现代服务业发展计划（2019—2022年）: name, baseline 2018, target 2022, declared rate, unit, basis.
ZHUANLAN1 = [
    ("服务业增加值", 10656, 14000, 7, "%", "real"),
    ("规模以上服务业营业收入", 3582, 6000, 14, "%", "nominal"),
    ("服务业劳动生产率", 12.7, 15.6, 5.3, "%", "nominal"),
    ("服务业增加值占生产总值的比重", 52.3, 54, 0.4, "pp", "nominal"),
    ("现代服务业占服务业增加值的比重", 61, 63, 0.5, "pp", "nominal"),
    ("服务业占全社会从业人员的比重", 46.9, 52, 1.3, "pp", "nominal"),
    ("服务业对全市税收的贡献率", 64.9, 67, 0.5, "pp", "nominal"),
    ("服务贸易进出口总额", 244.1, 340, 10, "%", "nominal"),
    ("中国服务业企业500强", 19, 23, 5, "%", "nominal"),
    ("金融业增加值", 1942, 2500, 6.5, "%", "real"),
    ("交通运输、仓储和邮政业增加值", 995, 1400, 7, "%", "real"),
    ("电子商务交易额", 11013, 18000, 13, "%", "nominal"),
    ("规模以上科技服务业营业收入", 332, 600, 16, "%", "nominal"),
    ("数字经济服务业增加值", 1733, 2700, 14, "%", "real"),
    ("规模以上商务服务业营业收入", 950, 1500, 12, "%", "nominal"),
    ("服务外包离岸执行额", 21.3, 30, 10, "%", "nominal"),
    ("商业增加值", 2167, 3000, 7, "%", "real"),
    ("旅游业总收入", 4344, 7500, 14.6, "%", "nominal"),
    ("文化产业增加值", 601, 850, 9, "%", "real"),
    ("大健康服务业增加值", 1050, 1500, 10, "%", "real"),
]


def make_frame(*rows: dict) -> pd.DataFrame:
    """A catalog frame (Catalog.frame() columns) from a few fields per row."""
    defaults = {"plan": "p", "name": "指标", "unit": "亿元", "kind": "level", "direction": "increase",
                "baseline_year": 2018, "baseline_value": 100.0, "target_year": 2022, "target_value": 200.0}
    records = []
    for i, row in enumerate(rows):
        rec = {c: None for c in catalog.COLUMNS}
        rec.update(defaults, id=f"i{i}", **row)
        records.append(rec)
    frame = pd.DataFrame(records, columns=catalog.COLUMNS)
    for col in ("baseline_year", "target_year"):
        frame[col] = frame[col].astype("Int64")
    for col in ("baseline_value", "target_value", "declared_rate", "declared_rate_tolerance", "on_track", "moderate",
                "limited"):
        frame[col] = frame[col].astype("float64")
    return frame


def acts(*triples) -> pd.DataFrame:
    return pd.DataFrame(list(triples), columns=["indicator_id", "year", "value"])


def one(row: dict, *figures, as_of=None) -> pd.Series:
    """Compute a single indicator `i0` with figures (year, value)."""
    return metrics.compute(make_frame(row), acts(*[("i0", y, v) for y, v in figures]), as_of=as_of).iloc[0]


SVA = {"baseline_value": 10656.0, "target_value": 14000.0}


# ---------------------------------------------------------------- the worked example


def test_worked_example_to_its_printed_precision():
    r = one(SVA, (2019, 11500), (2020, 12100))
    assert r.trend == "compound"
    assert round(r.implied_rate, 5) == 0.07062
    assert (r.latest_year, r.latest_value, r.as_of) == (2020, 12100, 2020)
    assert round(r.expected_value, 1) == 12214.1
    assert round(r.gap, 1) == -114.1
    assert round(r.observed_rate, 5) == 0.06560
    assert round(r.pace_ratio, 3) == 0.929
    assert r.status == "moderate"
    assert round(r.required_rate, 5) == 0.07565
    assert round(r.projected_value, 1) == 13739.7
    assert round(r.progress, 3) == 0.432
    assert r.elapsed == 0.5
    assert round(r.expected_progress, 3) == 0.466


def test_worked_example_from_the_fixture_catalog_keeps_catalog_order_and_columns():
    frame = catalog.load(FIXTURES / "catalog" / "indicators.yaml").frame()
    res = metrics.compute(frame, acts(("services-value-added", 2019, 11500), ("services-value-added", 2020, 12100)))
    assert res["id"].tolist() == frame["id"].tolist()
    assert set(catalog.COLUMNS) <= set(res.columns)
    assert set(metrics.RESULT_COLUMNS) <= set(res.columns)
    assert res.set_index("id").loc["services-value-added", "status"] == "moderate"
    assert res.set_index("id").loc["services-share", "status"] == "no_data"


@pytest.mark.parametrize("name,b,t,rate,unit,basis", ZHUANLAN1, ids=[r[0] for r in ZHUANLAN1])
def test_implied_rates_of_zhuanlan1(name, b, t, rate, unit, basis):
    # Independent: math.pow per row; "pp" rows are shares (linear), the others levels (compound).
    expected = (t - b) / 4 if unit == "pp" else math.pow(t / b, 1 / 4) - 1
    r = one({"kind": "share" if unit == "pp" else "level", "unit": "%" if unit == "pp" else "亿元",
             "baseline_value": float(b), "target_value": float(t)})
    assert r.trend == ("linear" if unit == "pp" else "compound")
    assert r.implied_rate == pytest.approx(expected, rel=1e-12)


def test_all_zhuanlan1_rows_at_once_match_a_plain_loop():
    frame = make_frame(*[{"kind": "share" if u == "pp" else "level", "baseline_value": float(b),
                          "target_value": float(t)} for _, b, t, _, u, _ in ZHUANLAN1])
    res = metrics.compute(frame, acts())
    loop = [(t - b) / 4 if u == "pp" else (t / b) ** 0.25 - 1 for _, b, t, _, u, _ in ZHUANLAN1]
    np.testing.assert_allclose(res["implied_rate"].to_numpy(), loop, rtol=1e-12)
    assert set(res["status"]) == {"no_data"}


# ---------------------------------------------------------------- trend model and edge cases


def test_share_and_forced_linear_use_the_linear_path():
    share = one({"kind": "share", "unit": "%", "baseline_value": 52.3, "target_value": 54.0}, (2020, 53.1))
    assert share.trend == "linear" and share.implied_rate == pytest.approx(0.425)
    assert share.expected_value == pytest.approx(53.15)
    forced = one({**SVA, "trend": "linear"}, (2020, 12100))
    assert forced.trend == "linear" and forced.implied_rate == pytest.approx((14000 - 10656) / 4)
    assert forced.expected_value == pytest.approx(10656 + 2 * 836)


@pytest.mark.parametrize("b,t", [(0.0, 100.0), (-20.0, 40.0)])
def test_level_with_baseline_not_positive_is_linear(b, t):
    r = one({"baseline_value": b, "target_value": t}, (2020, b + (t - b) / 2))
    assert r.trend == "linear"
    assert r.implied_rate == pytest.approx((t - b) / 4)
    assert r.pace_ratio == pytest.approx(1.0) and r.status == "on_track"


def test_compound_with_latest_actual_not_positive_falls_back_to_linear_rates():
    r = one({"baseline_value": 100.0, "target_value": 200.0}, (2020, -10.0))
    assert r.trend == "compound" and r.rate_model == "linear"
    assert r.implied_rate == pytest.approx(2 ** 0.25 - 1)  # the plan's own rate stays compound
    assert r.expected_value == pytest.approx(100 * 2 ** 0.5)  # and so does its path
    assert r.observed_rate == pytest.approx((-10 - 100) / 2)
    assert r.pace_ratio == pytest.approx(-55 / 25)  # against (T - B)/n = 25
    assert r.required_rate == pytest.approx((200 + 10) / 2)
    assert r.projected_value == pytest.approx(-10 - 55 * 2)
    assert r.status == "deteriorating"


def test_no_baseline_has_no_trend_and_only_the_four_plain_statuses():
    row = {"baseline_year": None, "baseline_value": None, "target_value": 10.0}
    pending = one(row, (2018, 2.0), (2020, 6.0))
    assert pending.status == "pending" and pd.isna(pending.trend)
    assert (pending.latest_year, pending.latest_value) == (2020, 6.0)  # any year counts without a baseline
    for field in ("implied_rate", "expected_value", "gap", "progress", "elapsed", "pace_ratio", "required_rate"):
        assert pd.isna(pending[field]), field
    assert one(row, (2021, 10.0)).status == "achieved"
    assert one(row, (2022, 9.0)).status == "missed"
    assert one(row).status == "no_data"


def test_target_equal_to_baseline():
    row = {"baseline_value": 50.0, "target_value": 50.0}
    behind = one(row, (2020, 49.0))
    assert behind.implied_rate == 0 and pd.isna(behind.progress) and pd.isna(behind.expected_progress)
    assert pd.isna(behind.pace_ratio) and behind.status == "deteriorating"
    assert one(row, (2020, 50.0)).status == "achieved"
    assert one(row, (2022, 49.0)).status == "missed"


def test_target_already_met_before_the_deadline_is_achieved():
    r = one(SVA, (2020, 14500.0))
    assert r.status == "achieved" and r.progress > 1


def test_missed_when_the_target_year_has_passed_unmet():
    r = one(SVA, (2022, 13900.0))
    assert r.status == "missed"
    assert pd.isna(r.required_rate) and pd.isna(r.projected_value)
    assert one(SVA, (2023, 13900.0)).status == "missed"


def test_no_actual_after_the_baseline_year_is_no_data():
    r = one(SVA, (2018, 10656.0), (2017, 10000.0))
    assert r.status == "no_data" and pd.isna(r.latest_year)
    assert one(SVA).status == "no_data"


def test_actual_after_as_of_is_ignored_and_as_of_defaults_to_the_latest_year_in_the_data():
    frame = make_frame(SVA, SVA)
    data = acts(("i0", 2019, 11500), ("i0", 2020, 12100), ("i1", 2021, 13000))
    res = metrics.compute(frame, data)
    assert res["as_of"].tolist() == [2021, 2021]
    assert res["latest_year"].tolist() == [2020, 2021]
    earlier = metrics.compute(frame, data, as_of=2019)
    assert earlier["latest_year"].iat[0] == 2019 and pd.isna(earlier["latest_year"].iat[1])
    assert earlier["status"].tolist()[1] == "no_data"
    assert earlier["latest_value"].iat[0] == 11500


def test_the_last_row_of_a_repeated_year_is_the_current_figure():
    data = pd.DataFrame({"indicator_id": ["i0", "i0", "i0"], "year": [2020, 2020, 2019], "value": [11000.0, 12100.0,
                                                                                                     11500.0],
                         "figure_status": ["preliminary", "revised", "final"]})
    r = metrics.compute(make_frame(SVA), data).iloc[0]
    assert (r.latest_year, r.latest_value, r.latest_figure_status) == (2020, 12100.0, "revised")


def test_rows_without_a_value_are_not_figures():
    data = pd.DataFrame({"indicator_id": ["i0", "i0"], "year": [2019, 2020], "value": [11500.0, None]})
    r = metrics.compute(make_frame(SVA), data).iloc[0]
    assert (r.latest_year, r.latest_value, r.as_of) == (2019, 11500.0, 2019)


def test_figures_for_unknown_ids_are_ignored():
    r = metrics.compute(make_frame(SVA), acts(("zzz", 2020, 1.0), ("i0", 2019, 11500.0))).iloc[0]
    assert r.latest_year == 2019


def test_empty_actuals():
    frame = make_frame(SVA, {"kind": "milestone", "unit": None, "baseline_year": None, "baseline_value": None,
                             "target_year": 2019, "target_value": None})
    res = metrics.compute(frame, acts())
    assert res["status"].tolist() == ["no_data", "no_data"]
    assert res["as_of"].isna().all()
    assert metrics.compute(frame, pd.DataFrame())["status"].tolist() == ["no_data", "no_data"]  # not even columns
    # v2: a milestone nobody reported is never missed, whatever the date
    assert metrics.compute(frame, acts(), as_of=2019)["status"].tolist() == ["no_data", "no_data"]
    assert metrics.compute(frame, acts(), as_of=2024)["status"].tolist() == ["no_data", "no_data"]


# ---------------------------------------------------------------- direction decrease


DAYS = {"unit": "工作日", "baseline_value": 12.0, "target_value": 7.0, "target_year": 2020, "direction": "decrease"}


def test_decrease_12_to_7_days_pace_is_positive_when_moving_the_right_way():
    r = one(DAYS, (2019, 10.0))
    implied = math.sqrt(7 / 12) - 1
    assert r.trend == "compound" and r.implied_rate == pytest.approx(implied) and r.implied_rate < 0
    assert r.observed_rate == pytest.approx(10 / 12 - 1)
    assert r.pace_ratio == pytest.approx((10 / 12 - 1) / implied)  # 0.706
    assert r.status == "moderate"
    assert r.gap == pytest.approx(10 - 12 * math.sqrt(7 / 12))  # above the path: behind
    assert r.required_rate == pytest.approx(7 / 10 - 1)
    assert r.progress == pytest.approx(0.4) and r.elapsed == 0.5


@pytest.mark.parametrize("actual,status", [(9.2, "on_track"), (10.0, "moderate"), (11.0, "limited"),
                                           (12.5, "deteriorating"), (7.0, "achieved"), (6.5, "achieved")])
def test_decrease_statuses(actual, status):
    assert one(DAYS, (2019, actual)).status == status


def test_decrease_linear():
    r = one({**DAYS, "trend": "linear"}, (2019, 10.0))
    assert r.implied_rate == -2.5 and r.observed_rate == -2.0
    assert r.pace_ratio == pytest.approx(0.8) and r.status == "moderate"


# ---------------------------------------------------------------- status boundaries (exact)

# Linear share 50 -> 150 over 2010..2020: implied 10 a year; the actual in 2012 sets observed = (A - 50)/2.
EXACT = {"kind": "share", "unit": "%", "baseline_year": 2010, "baseline_value": 50.0, "target_year": 2020,
         "target_value": 150.0}


@pytest.mark.parametrize("actual,pace,status", [
    (69.0, 0.95, "on_track"), (68.98, 0.949, "moderate"),
    (62.0, 0.60, "moderate"), (61.98, 0.599, "limited"),
    (50.0, 0.0, "limited"), (49.98, -0.001, "deteriorating"),
])
def test_status_boundaries(actual, pace, status):
    r = one(EXACT, (2012, actual))
    if pace in (0.95, 0.60, 0.0):
        assert r.pace_ratio == pace  # exactly at the boundary
    else:
        assert r.pace_ratio == pytest.approx(pace)
    assert r.status == status


def test_thresholds_are_defined_once_and_follow_the_status_order():
    assert metrics.THRESHOLDS == {"on_track": 0.95, "moderate": 0.60, "limited": 0.0}
    assert metrics.STATUSES == STATUS_ORDER


def test_per_plan_thresholds_override_the_defaults():
    strict = {**EXACT, "on_track": 0.99, "moderate": 0.8, "limited": 0.1}
    assert one(strict, (2012, 69.0)).status == "moderate"  # 0.95 < 0.99
    assert one(strict, (2012, 62.0)).status == "limited"  # 0.60 < 0.8
    assert one(strict, (2012, 50.0)).status == "deteriorating"  # 0 < 0.1
    assert one({**EXACT, "on_track": 0.9}, (2012, 68.0)).status == "on_track"  # 0.9; others default


# ---------------------------------------------------------------- milestones

MILESTONE = {"kind": "milestone", "unit": None, "baseline_year": None, "baseline_value": None, "target_year": 2019,
             "target_value": None}


@pytest.mark.parametrize("figures,as_of,status", [
    ([(2019, 1)], 2019, "achieved"),
    ([(2020, 1)], 2020, "achieved_late"),  # done after the deadline year
    ([(2019, 0)], 2019, "missed"),  # a 0 reported for the deadline year
    ([(2019, 0)], 2020, "missed"),
    ([(2018, 0)], 2018, "pending"),  # not done yet, before the deadline
    ([(2018, 0)], 2020, "awaiting"),  # deadline passed, the deadline year not reported
    ([], 2019, "no_data"),
    ([], 2024, "no_data"),  # nobody reported: never missed
    ([(2019, 1), (2020, 0)], 2020, "achieved"),  # once done, a later 0 does not undo it
    ([(2020, 1)], 2019, "no_data"),  # a figure after as_of is not seen
])
def test_milestones(figures, as_of, status):
    r = one(MILESTONE, *figures, as_of=as_of)
    assert r.status == status
    assert pd.isna(r.trend) and pd.isna(r.pace_ratio)


# ---------------------------------------------------------------- paths


def test_path_frame_runs_from_baseline_to_target_through_the_worked_example():
    res = metrics.compute(make_frame(SVA, EXACT, MILESTONE), acts(("i0", 2020, 12100)))
    path = metrics.path_frame(res)
    sva = path[path.id == "i0"]
    assert sva.year.tolist() == [2018, 2019, 2020, 2021, 2022]
    assert sva.planned.iat[0] == pytest.approx(10656) and sva.planned.iat[-1] == pytest.approx(14000)
    assert round(sva.planned.iat[2], 1) == 12214.1
    share = path[path.id == "i1"]
    assert len(share) == 11 and share.planned.tolist()[:3] == pytest.approx([50, 60, 70])
    assert "i2" not in set(path.id)  # milestones have no path
    assert metrics.path_frame(res, ids=["i1"]).id.unique().tolist() == ["i1"]


def test_projection_frame_continues_the_observed_pace_to_the_target_year():
    res = metrics.compute(make_frame(SVA, EXACT), acts(("i0", 2020, 12100), ("i1", 2012, 69.0)))
    proj = metrics.projection_frame(res)
    sva = proj[proj.id == "i0"]
    assert sva.year.tolist() == [2020, 2021, 2022]
    assert sva.projected.iat[0] == 12100 and round(sva.projected.iat[-1], 1) == 13739.7
    share = proj[proj.id == "i1"]
    assert share.year.tolist() == list(range(2012, 2021)) and share.projected.iat[-1] == pytest.approx(69 + 8 * 9.5)


# ---------------------------------------------------------------- the sentence


def test_sentence_of_the_worked_example():
    r = one({**SVA, "unit": "亿元"}, (2019, 11500), (2020, 12100))
    assert metrics.status_sentence(r) == ("2020年实际12,100亿元，按规划路径应达12,214亿元，差114亿元；"
                                          "按当前增速2022年预计13,740亿元，需年均增长7.57%方可如期完成")
    assert metrics.status_sentence(r, "en").startswith(
        "2020 actual 12,100 100 million yuan; the planned path expects 12,214 100 million yuan (114 100 million yuan "
        "behind)")


def test_sentence_for_a_decrease_says_fall():
    text = metrics.status_sentence(one(DAYS, (2019, 10.0)))
    assert "应降至9.2工作日" in text and "高出0.8工作日" in text and "需年均下降30.00%" in text
    linear = metrics.status_sentence(one({**DAYS, "trend": "linear"}, (2019, 10.0)), "en")
    assert "needs a cut of 3.00 working days a year" in linear


def test_sentence_for_a_share_gives_the_gap_in_points():
    text = metrics.status_sentence(one(EXACT, (2012, 62.0)))
    assert "差8个百分点" in text and "需每年提高11.00个百分点" in text


@pytest.mark.parametrize("row,figures,as_of,zh,en", [
    (SVA, [(2021, 14500)], None, "2021年实际14,500亿元，已提前达到2022年目标14,000亿元",
     "14,000 100 million yuan is met early"),
    (SVA, [(2022, 13900)], None, "2022年实际13,900亿元，未达到2022年目标14,000亿元", "was not met"),
    (SVA, [], None, "暂无2018年以后的实际数据", "No actual after 2018 yet"),
    ({"baseline_year": None, "baseline_value": None}, [(2020, 6)], None, "规划未给出基期值", "no baseline"),
    (MILESTONE, [(2019, 1)], 2019, "已完成（2019年完成，完成时限：2019年）", "Done (2019; deadline 2019)"),
    (MILESTONE, [(2020, 1)], 2020, "逾期完成（2020年完成，完成时限：2019年）", "Done late (2020; deadline 2019)"),
    (MILESTONE, [(2019, 0)], 2020, "未完成（2019年报告尚未完成，完成时限：2019年）", "reported not done in 2019"),
    (MILESTONE, [(2018, 0)], 2018, "尚未完成，完成时限：2019年", "Not done yet"),
    (MILESTONE, [(2018, 0)], 2020, "完成时限2019年已到，尚待报告是否完成", "still to be reported"),
    (MILESTONE, [], 2019, "暂无数据，完成时限：2019年", "No report yet"),
    ({**MILESTONE, "target_month": 9}, [], 2019, "完成时限：2019年9月底前", "by the end of September 2019"),
])
def test_sentence_per_status(row, figures, as_of, zh, en):
    r = one(row, *figures, as_of=as_of)
    assert zh in metrics.status_sentence(r, "zh")
    assert en in metrics.status_sentence(r, "en")


def test_figures_for_unknown_ids_do_not_move_the_default_as_of():
    frame = make_frame(SVA, {"kind": "milestone", "unit": None, "baseline_year": None, "baseline_value": None,
                             "target_year": 2021, "target_value": None})
    res = metrics.compute(frame, acts(("i0", 2020, 12100.0), ("removed-indicator", 2031, 5.0)))
    assert res["as_of"].tolist() == [2020, 2020]
    assert res["status"].tolist() == ["moderate", "no_data"]  # the milestone has no report either way


def test_rate_model_is_null_without_an_actual_to_compute_rates_from():
    res = metrics.compute(make_frame(SVA, SVA), acts(("i0", 2020, 12100.0)))
    assert res["rate_model"].tolist()[0] == "compound"
    assert pd.isna(res["rate_model"].tolist()[1])
    assert res["trend"].tolist() == ["compound", "compound"]


def test_sentence_after_the_deadline_without_a_target_year_figure_asks_for_no_rate():
    row = one(SVA, (2020, 12100.0), as_of=2023)
    assert row.status == "awaiting"  # v2: the deadline has passed and the target-year figure is not in
    sentence = metrics.status_sentence(row)
    assert sentence == "2022年目标期已到，尚无2022年实际数据；最新为2020年实际12,100亿元，按规划路径应达12,214亿元"
    assert "方可如期完成" not in sentence
    assert metrics.status_sentence(row, "en").startswith("The 2022 deadline has passed and no 2022 figure is in yet; "
                                                         "latest: 2020 actual 12,100 100 million yuan")
    assert metrics.status_sentence(one(SVA, (2020, 12100.0), as_of=2020)).endswith("需年均增长7.57%方可如期完成")
