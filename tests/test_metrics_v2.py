"""Methodology version 2, rule by rule: each rule and each worked example of docs/methodology.md has a test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard import metrics
from tests.test_metrics import make_frame

SVA = {"baseline_year": 2018, "baseline_value": 10656.0, "target_year": 2022, "target_value": 14000.0}
INTERIM = {"baseline_year": 2022, "baseline_value": 100.0, "target_year": 2027, "target_value": 200.0,
           "interim_targets": ((2025, 150.0, None, None),)}
GROWTH = {"kind": "growth", "unit": "%", "baseline_year": 2018, "baseline_value": None, "target_year": 2022,
          "target_value": 7.0}
MILESTONE = {"kind": "milestone", "unit": None, "direction": None, "baseline_year": None, "baseline_value": None,
             "target_year": 2019, "target_value": None}


def acts(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["indicator_id", "year", "value"])


def one(row: dict, *figures, as_of=None) -> pd.Series:
    return metrics.compute(make_frame(row), acts(*[("i0", y, float(v)) for y, v in figures]), as_of).iloc[0]


def num(x) -> float:
    return float("nan") if pd.isna(x) else float(x)


# ---------------------------------------------------------------- worked examples, to their printed precision


def test_worked_example_before_the_deadline():
    r = one(SVA, (2019, 11500), (2020, 12100), as_of=2020)
    assert r.status == "moderate" and r.basis_year == 2020
    assert round(r.implied_rate, 5) == 0.07062 and round(r.expected_value, 1) == 12214.1 and round(r.gap, 1) == -114.1
    assert round(r.observed_rate, 5) == 0.06560 and round(r.path_rate, 5) == 0.07062 and round(r.pace_ratio, 3) == 0.929
    assert round(r.required_rate, 5) == 0.07565 and round(r.projected_value, 1) == 13739.7
    assert (round(r.progress, 3), r.elapsed, round(r.expected_progress, 3)) == (0.432, 0.5, 0.466)


def test_worked_example_met_late():
    r = one(SVA, (2019, 11500), (2020, 12100), (2022, 13900), (2023, 14100), as_of=2023)
    assert (r.status, r.basis_year, r.basis_value) == ("achieved_late", 2023, 14100.0)
    assert pd.isna(r.expected_value) and r.elapsed == 1.0  # after the path
    assert r.targets == [{"year": 2022, "value": 14000.0, "op": ">=", "verdict": "achieved_late", "basis_year": 2023,
                          "basis_value": 14100.0}]


def test_worked_example_met_late_without_a_target_year_figure_and_awaiting():
    assert one(SVA, (2020, 12100), (2023, 14100), as_of=2023).status == "achieved_late"
    r = one(SVA, (2020, 12100), as_of=2023)
    assert (r.status, r.basis_year) == ("awaiting", 2020)


def test_worked_example_interim_target():
    r = one(INTERIM, (2024, 130), as_of=2024)
    assert round(r.expected_value, 2) == 131.04 and round(r.path_rate, 4) == 0.1447
    assert round(r.observed_rate, 4) == 0.1402 and round(r.pace_ratio, 3) == 0.969 and r.status == "on_track"
    assert (r.next_target_year, r.next_target_value) == (2025, 150.0) and round(r.required_rate, 4) == 0.1538
    assert [(t["year"], t["verdict"]) for t in r.targets] == [(2025, "not_due"), (2027, "not_due")]


def test_worked_example_real_growth():
    r = one(GROWTH, (2019, 6.1), (2020, 2.9), (2021, 9.0), (2022, 1.9), as_of=2022)
    index = 1.061 * 1.029 * 1.09 * 1.019
    assert round(index, 4) == 1.2126 and round(r.expected_value, 4) == round(1.07 ** 4, 4)
    assert round(r.observed_rate, 4) == 0.0494 and round(r.pace_ratio, 3) == 0.705
    assert r.status == "missed" and r.missing_years == [] and (r.basis_year, r.basis_value) == (2022, 1.9)
    assert pd.isna(r.trend) and pd.isna(r.rate_model) and pd.isna(r.projected_value)


def test_worked_example_milestones():
    assert one(MILESTONE, as_of=2024).status == "no_data"
    assert one(MILESTONE, (2020, 1), as_of=2024).status == "achieved_late"


# ---------------------------------------------------------------- which figure is judged


def test_a_baseline_year_figure_is_shown_never_used_as_the_latest():
    r = one(SVA, (2018, 10700), as_of=2018)
    assert r.status == "no_data" and pd.isna(r.latest_year)


def test_as_of_is_per_plan():
    frame = make_frame({**SVA, "plan": "a"}, {**SVA, "plan": "b"})
    res = metrics.compute(frame, acts(("i0", 2020, 12100.0), ("i1", 2024, 13000.0)))
    assert res["as_of"].tolist() == [2020, 2024]
    res = metrics.compute(frame, acts(("i0", 2020, 12100.0), ("i1", 2024, 13000.0)), as_of=2021)
    assert res["as_of"].tolist() == [2021, 2021]  # a chosen year applies to every plan


def test_a_plan_without_figures_is_no_data_with_no_as_of():
    frame = make_frame({**SVA, "plan": "a"}, {**SVA, "plan": "b"})
    res = metrics.compute(frame, acts(("i0", 2020, 12100.0)))
    assert pd.isna(res["as_of"].iat[1]) and res["status"].iat[1] == "no_data"
    assert res["targets"].iat[1][0]["verdict"] == "no_data"


def test_baseline_year_figures_and_milestone_reports_count_for_the_default_as_of():
    frame = make_frame({**SVA, "plan": "a"}, {**MILESTONE, "plan": "a"})
    assert metrics.compute(frame, acts(("i0", 2018, 10700.0))).as_of.tolist() == [2018, 2018]
    assert metrics.compute(frame, acts(("i1", 2021, 0.0))).as_of.tolist() == [2021, 2021]


def test_an_as_of_before_the_baseline_year_is_no_data_with_every_target_not_due():
    r = one(INTERIM, (2024, 130), as_of=2020)
    assert r.status == "no_data" and [t["verdict"] for t in r.targets] == ["not_due", "not_due"]


# ---------------------------------------------------------------- deadline verdicts (rule 3)


@pytest.mark.parametrize("figures,as_of,status,basis", [
    ([(2021, 14100)], 2021, "achieved", 2021),  # met early, before the deadline
    ([(2021, 14100)], 2023, "achieved", 2021),  # met early, the target-year figure not in: provisional
    ([(2021, 14100), (2022, 13900)], 2022, "missed", 2022),  # the target-year figure decides
    ([(2022, 14000)], 2022, "achieved", 2022),
    ([(2022, 13900)], 2024, "missed", 2022),
    ([(2022, 13900), (2023, 13950), (2024, 14200)], 2024, "achieved_late", 2024),  # the first later figure that meets
    ([(2022, 14000), (2023, 13000)], 2023, "achieved", 2022),  # a later dip does not undo a met target
    ([(2020, 12000), (2023, 13000)], 2023, "missed", 2023),  # no target-year figure, later ones miss
    ([(2020, 12000)], 2022, "awaiting", 2020),
])
def test_deadline_verdicts(figures, as_of, status, basis):
    r = one(SVA, *figures, as_of=as_of)
    assert (r.status, r.basis_year) == (status, basis)
    assert r.targets[0]["verdict"] == (status if as_of >= 2022 else "not_due")  # a target is judged from its year


def test_the_path_ends_at_the_final_target():
    r = one(SVA, (2024, 14100), as_of=2024)
    assert pd.isna(r.expected_value) and pd.isna(r.gap) and pd.isna(r.path_rate) and pd.isna(r.pace_ratio)
    assert r.elapsed == 1.0 and pd.isna(r.required_rate) and pd.isna(r.projected_value)
    path = metrics.path_frame(metrics.compute(make_frame(SVA), acts(("i0", 2024, 14100.0))))
    assert path.year.max() == 2022


# ---------------------------------------------------------------- comparators, factor, tolerance


@pytest.mark.parametrize("op,tolerance,value,met", [
    (">=", None, 14000, True), (">", None, 14000, False), (">", None, 14000.5, True),
    ("~", None, 13720, True), ("~", None, 13719, False),  # within 2 % of 14000 = 280
    ("~", 0.05, 13300, True), ("~", 0.05, 13299, False),
])
def test_comparators_on_an_increase(op, tolerance, value, met):
    row = {**SVA, "target_op": op, "target_tolerance": tolerance}
    assert (one(row, (2022, value), as_of=2022).status == "achieved") == met


@pytest.mark.parametrize("op,value,met", [("<=", 7, True), ("<", 7, False), ("<", 6.9, True), ("~", 7.14, True),
                                          ("~", 7.15, False)])
def test_comparators_on_a_decrease(op, value, met):
    row = {"direction": "decrease", "unit": "工作日", "baseline_year": 2018, "baseline_value": 12.0,
           "target_year": 2020, "target_value": 7.0, "target_op": op}
    assert (one(row, (2020, value), as_of=2020).status == "achieved") == met


def test_a_factor_target_is_resolved_by_the_catalog(tmp_path):
    from dashboard import catalog

    text = """version: 1
plans: [{id: p, title: 规划, base_year: 2022, target_year: 2027}]
indicators:
  - {id: credit, plan: p, name: 信贷, unit: 亿元, kind: level, direction: increase,
     baseline: {year: 2022, value: 150}, target: {year: 2027, factor: 2}}
"""
    frame = catalog.parse(text).frame()
    assert frame["target_value"].iat[0] == 300.0 and frame["target_factor"].iat[0] == 2.0
    r = metrics.compute(frame, acts(("credit", 2027, 300.0))).iloc[0]
    assert r.status == "achieved"


# ---------------------------------------------------------------- interim targets


def test_interim_targets_get_their_own_verdicts_and_do_not_change_the_headline_before_the_deadline():
    r = one(INTERIM, (2024, 130), (2025, 140), (2026, 175), as_of=2026)
    assert r.status in ("on_track", "moderate", "limited")  # by the pace along the whole path
    # 140 in 2025 misses 150; 175 in 2026 meets it late
    assert [(t["year"], t["verdict"], t["basis_year"]) for t in r.targets] == [(2025, "achieved_late", 2026),
                                                                                (2027, "not_due", None)]
    r = one(INTERIM, (2024, 130), (2025, 140), as_of=2025)
    assert r.targets[0]["verdict"] == "missed" and r.targets[0]["basis_year"] == 2025
    assert (r.next_target_year, r.next_target_value) == (2027, 200.0)


def test_the_path_passes_through_each_target_and_is_piecewise():
    path = metrics.path_frame(metrics.compute(make_frame(INTERIM), acts())).set_index("year")["planned"]
    assert path[2022] == 100 and path[2025] == pytest.approx(150) and path[2027] == pytest.approx(200)
    assert path[2026] == pytest.approx(150 * (200 / 150) ** 0.5)  # compound on the second segment


def test_a_met_next_target_asks_for_no_required_rate():
    r = one(INTERIM, (2024, 155), as_of=2024)
    assert r.next_target_year == 2025 and pd.isna(r.required_rate) and not pd.isna(r.projected_value)


def test_projection_runs_to_the_next_target_year():
    r = metrics.compute(make_frame(INTERIM), acts(("i0", 2024, 130.0)), 2024)
    proj = metrics.projection_frame(r)
    assert proj.year.tolist() == [2024, 2025]


# ---------------------------------------------------------------- hold targets (rule 4)

HOLD = {"unit": "天", "baseline_year": 2018, "baseline_value": 310.0, "target_year": 2021, "target_value": 300.0,
        "hold": True}


@pytest.mark.parametrize("figures,as_of,status,basis", [
    ([(2019, 305), (2020, 301)], 2020, "on_track", 2020),
    ([(2019, 299), (2020, 320)], 2020, "missed", 2019),  # a floor broken in any year, even before the deadline
    ([(2019, 305), (2020, 301), (2021, 300)], 2021, "achieved", 2021),
    ([(2019, 305), (2020, 301)], 2022, "awaiting", 2020),
    ([(2019, 305), (2021, 302), (2022, 250)], 2022, "achieved", 2021),  # years after the deadline are not checked
])
def test_hold_targets(figures, as_of, status, basis):
    r = one(HOLD, *figures, as_of=as_of)
    assert (r.status, r.basis_year) == (status, basis)
    for field in ("pace_ratio", "required_rate", "path_rate", "expected_value", "gap", "expected_progress"):
        assert pd.isna(r[field]), field
    assert not pd.isna(r.observed_rate) and not pd.isna(r.elapsed)


def test_a_hold_breach_before_its_year_leaves_the_target_not_due():
    r = one(HOLD, (2019, 299), as_of=2020)
    assert r.status == "missed" and r.targets[0]["verdict"] == "not_due"


# ---------------------------------------------------------------- growth chains


def test_a_growth_chain_stops_at_the_first_missing_year():
    r = one(GROWTH, (2019, 6.1), (2021, 9.0), (2022, 1.9), as_of=2022)
    assert r.missing_years == [2020] and r.basis_year == 2019 and r.status == "awaiting"
    assert r.latest_year == 2022  # the newest figure, past the gap
    assert r.elapsed == 0.25 and round(r.observed_rate, 3) == 0.061


def test_a_growth_chain_needs_the_first_year():
    r = one(GROWTH, (2020, 6.0), as_of=2020)
    assert r.status == "no_data" and r.missing_years == [2019]


def test_growth_before_the_deadline_follows_the_pace_and_says_what_is_still_needed():
    r = one(GROWTH, (2019, 7.5), (2020, 7.0), as_of=2020)
    assert r.status == "on_track" and r.next_target_value == 7.0
    assert r.required_rate == pytest.approx((1.07 ** 4 / (1.075 * 1.07)) ** 0.5 - 1)
    assert r.gap == pytest.approx(((1.075 * 1.07) ** 0.5 - 1 - 0.07) * 100)


def test_growth_met_at_the_deadline():
    r = one(GROWTH, (2019, 7.0), (2020, 7.1), (2021, 7.0), (2022, 7.2), as_of=2024)
    assert r.status == "achieved" and r.basis_year == 2022 and r.missing_years == []


# ---------------------------------------------------------------- milestones


@pytest.mark.parametrize("figures,as_of,status", [
    ([(2019, 1)], 2019, "achieved"), ([(2020, 1)], 2020, "achieved_late"), ([(2018, 0)], 2018, "pending"),
    ([(2018, 0)], 2021, "awaiting"), ([(2019, 0)], 2019, "missed"), ([], 2030, "no_data"),
])
def test_milestone_statuses(figures, as_of, status):
    r = one(MILESTONE, *figures, as_of=as_of)
    assert r.status == status and pd.isna(r.next_target_value)


# ---------------------------------------------------------------- revised baselines


def test_a_revised_baseline_is_flagged_and_read_both_ways():
    r = one({**SVA, "target_value": 14000.0}, (2018, 11000), (2022, 14000), as_of=2022)
    assert r.vintage_break and r.revised_baseline == 11000.0
    assert r.status == "achieved"  # on the declared basis
    assert r.rebased_status == "missed"  # 14000 × 11000/10656 = 14451.9 not reached
    assert "已修订为11,000" in metrics.status_sentence(r) and "未完成" in metrics.status_sentence(r)


@pytest.mark.parametrize("kind,base,revised,brk", [("level", 10656.0, 10656 * 1.005, False),
                                                   ("level", 10656.0, 10656 * 1.0051, True),
                                                   ("share", 52.3, 52.349, False), ("share", 52.3, 52.351, True)])
def test_vintage_thresholds(kind, base, revised, brk):
    row = {**SVA, "kind": kind, "baseline_value": base, "target_value": base + 5}
    r = one(row, (2018, revised), as_of=2020)
    assert bool(r.vintage_break) is brk
    assert pd.isna(r.revised_baseline) != brk and pd.isna(r.rebased_status) != brk


def test_rebasing_shifts_linear_targets():
    row = {**SVA, "kind": "share", "unit": "%", "baseline_value": 52.3, "target_value": 54.0}
    r = one(row, (2018, 52.0), (2020, 53.0), as_of=2020)
    # rebased: B' = 52, T' = 53.7; P'(2020) = 52.85, gap 0.15
    assert r.rebased_gap == pytest.approx(53.0 - 52.85)


# ---------------------------------------------------------------- properties at scale


def test_compute_is_vectorised_over_many_indicators_and_agrees_row_by_row():
    rng = np.random.default_rng(1)
    rows = [{**SVA, "target_value": float(v)} for v in rng.uniform(11000, 20000, 40)]
    frame = make_frame(*rows)
    data = acts(*[(f"i{i}", y, float(rng.uniform(10000, 20000))) for i in range(40) for y in (2019, 2021, 2023)])
    together = metrics.compute(frame, data, 2023)
    for i in range(0, 40, 7):
        alone = metrics.compute(make_frame(rows[i]), data[data.indicator_id == f"i{i}"].replace(f"i{i}", "i0"), 2023)
        assert together.status.iat[i] == alone.status.iat[0]
        assert num(together.progress.iat[i]) == pytest.approx(num(alone.progress.iat[0]), nan_ok=True)
        assert math.isclose(num(together.observed_rate.iat[i]), num(alone.observed_rate.iat[0]))


# ---------------------------------------------------------------- the sentence for every new case

SVA_YUAN = {**SVA, "unit": "亿元"}


@pytest.mark.parametrize("row,figures,as_of,zh,en", [
    (SVA_YUAN, [(2021, 14100)], 2023,
     "2021年实际14,100亿元，已提前达到2022年目标14,000亿元；2022年实际数据待报，届时以其为准",
     "is met early; the 2022 figure, when in, decides"),
    (SVA_YUAN, [(2022, 13900), (2023, 14100)], 2023,
     "2022年目标14,000亿元未如期完成，2023年实际14,100亿元已达到（逾期完成）",
     "was not met on time; 2023 actual 14,100 100 million yuan meets it (achieved late)"),
    (SVA_YUAN, [(2022, 13900)], 2022, "2022年实际13,900亿元，未达到2022年目标14,000亿元", "was not met"),
    (SVA_YUAN, [(2020, 12100)], 2023,
     "2022年目标期已到，尚无2022年实际数据；最新为2020年实际12,100亿元，按规划路径应达12,214亿元",
     "no 2022 figure is in yet; latest: 2020 actual 12,100 100 million yuan (the planned path expects 12,214 100 "
     "million yuan)"),
    (HOLD, [(2019, 299), (2020, 320)], 2020, "2019年实际299天，未保持在目标300天（2021年前每年须达到）",
     "2019: 299 days, below the level of 300 days to be kept every year to 2021"),
    (GROWTH, [(2019, 6.1), (2020, 2.9), (2021, 9.0), (2022, 1.9)], 2022,
     "2019—2022年实际年均增长4.94%，目标年均7%，未完成",
     "2019–2022: 4.94% a year against a target of 7% a year, missed"),
    (GROWTH, [(2019, 6.1), (2021, 9.0)], 2021,
     "余下年份需年均增长7.30%（需补录2020年增速）", "(growth for 2020 to be entered)"),
    ({**INTERIM, "unit": "万辆"}, [(2024, 130)], 2024, "需年均增长15.38%方可实现2025年阶段目标150万辆",
     "needs growth of 15.38% a year to reach the 2025 interim target of 150 10,000 vehicles"),
    (SVA_YUAN, [(2018, 11000), (2022, 14000)], 2022,
     "注：2018年基期值已修订为11,000（规划为10,656），按修订后基期为“未完成”",
     "the 2018 baseline has been revised to 11,000 (the plan says 10,656); on the revised baseline: Missed"),
])
def test_sentence_of_each_v2_case(row, figures, as_of, zh, en):
    r = one(row, *figures, as_of=as_of)
    assert zh in metrics.status_sentence(r, "zh")
    assert en in metrics.status_sentence(r, "en")
