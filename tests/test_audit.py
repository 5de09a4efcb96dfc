"""Plan consistency audit: the plan's printed rates against the rates its own numbers imply."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard import catalog
from dashboard.audit import AUDIT_COLUMNS, audit
from tests.test_metrics import ZHUANLAN1, make_frame

FIXTURES = Path(__file__).parent / "fixtures"

# Worked by hand, n = 4 (2018 -> 2022); implied % = ((T/B)^(1/4) - 1) x 100, pp = (T - B)/4:
#   服务贸易进出口总额 244.1 -> 340: (1.39287)^0.25 = 1.08637 -> 8.64 %; |10 - 8.64| = 1.36 > 0.5, flag (nominal)
#   交通运输、仓储和邮政业增加值 995 -> 1400: (1.40704)^0.25 = 1.08912 -> 8.91 %; |7 - 8.91| = 1.91 > 0.5, flag (real)
#   数字经济服务业增加值 1733 -> 2700: (1.55799)^0.25 = 1.11723 -> 11.72 %; |14 - 11.72| = 2.28 > 0.5, flag (real)
#   服务外包离岸执行额 21.3 -> 30: (1.40845)^0.25 = 1.08940 -> 8.94 %; |10 - 8.94| = 1.06 > 0.5, flag (nominal)
#   商业增加值 2167 -> 3000: (1.38440)^0.25 = 1.08471 -> 8.47 %; |7 - 8.47| = 1.47 > 0.5, flag (real)
#   大健康服务业增加值 1050 -> 1500: (1.42857)^0.25 = 1.09327 -> 9.33 %; |10 - 9.33| = 0.67 > 0.5, flag (real)
# and the closest calls that pass:
#   规模以上服务业营业收入       3582 -> 6000: 13.76 %; |14 - 13.76| = 0.24 <= 0.5
#   服务业劳动生产率           12.7 -> 15.6: 5.28 %;  |5.3 - 5.28| = 0.024 <= 0.05
#   金融业增加值              1942 -> 2500: 6.52 %;  |6.5 - 6.52| = 0.018 <= 0.05
#   旅游业总收入              4344 -> 7500: 14.63 %; |14.6 - 14.63| = 0.029 <= 0.05
#   服务业增加值占生产总值的比重 52.3 -> 54: 0.425 pp; |0.4 - 0.425| = 0.025 <= 0.05
#   现代服务业占服务业增加值的比重 61 -> 63: 0.5 pp exactly
# Outside the tolerance: two on the same (nominal) basis disagree; four print a real rate beside a nominal level.
DISAGREES = ["服务贸易进出口总额", "服务外包离岸执行额"]
BASIS_DIFFERS = ["交通运输、仓储和邮政业增加值", "数字经济服务业增加值", "商业增加值", "大健康服务业增加值"]


def zhuanlan1_frame() -> pd.DataFrame:
    rows = []
    for name, b, t, rate, unit, basis in ZHUANLAN1:
        decimals = len(str(rate).split(".")[1]) if "." in str(rate) else 0  # "6.5" -> 1 -> tolerance 0.05
        share = unit == "pp"
        rows.append({"name": name, "kind": "share" if share else "level", "unit": "%" if share else "亿元",
                     "baseline_value": float(b), "target_value": float(t), "declared_rate": float(rate),
                     "declared_rate_unit": unit, "declared_rate_basis": basis,
                     "declared_rate_tolerance": 0.5 * 10 ** -decimals})
    return make_frame(*rows)


def test_zhuanlan1_flags_exactly_the_rows_worked_out_by_hand():
    res = audit(zhuanlan1_frame())
    assert res.loc[res["check"] == "disagrees", "name"].tolist() == DISAGREES
    assert res.loc[res["check"] == "basis_differs", "name"].tolist() == BASIS_DIFFERS
    assert res.loc[res["flag"], "name"].tolist() == DISAGREES  # the summary counts only disagreements
    assert len(res) == 20 and list(res.columns) == AUDIT_COLUMNS


def test_share_rates_are_percentage_points_never_nominal():
    res = audit(zhuanlan1_frame()).set_index("name")
    assert res.loc["服务业增加值占生产总值的比重", "basis"] == "pp"
    assert set(res.loc[res["declared_rate_unit"] == "pp", "basis"]) == {"pp"}


def test_zhuanlan1_implied_rates_are_comparable_with_the_declared_ones():
    res = audit(zhuanlan1_frame()).set_index("name")
    for name, b, t, rate, unit, _ in ZHUANLAN1:
        expected = (t - b) / 4 if unit == "pp" else (math.pow(t / b, 0.25) - 1) * 100
        assert res.loc[name, "implied_rate"] == pytest.approx(expected, rel=1e-12)
        assert res.loc[name, "difference"] == pytest.approx(rate - expected, abs=1e-12)
    assert res.loc["服务业增加值", "tolerance"] == 0.5 and res.loc["金融业增加值", "tolerance"] == 0.05


def test_a_flagged_real_rate_explains_the_price_basis_and_does_not_blame_the_plan():
    res = audit(zhuanlan1_frame(), lang="zh").set_index("name")
    text = res.loc["数字经济服务业增加值", "explanation"]
    for part in ("可比价", "现价", "并非规划有误", "11.72%", "2.28个百分点"):
        assert part in text
    en = res.loc["数字经济服务业增加值", "explanation_en"]
    assert "real growth at comparable prices" in en and "nominal" in en and "not an error in the plan" in en


def test_a_flagged_nominal_rate_says_how_far_apart_the_rates_are():
    res = audit(zhuanlan1_frame(), lang="en").set_index("name")
    assert res.loc["服务贸易进出口总额", "explanation"] == ("the printed rate 10% and the rate implied by "
                                                       "baseline→target (8.64%) disagree by 1.36 pp")
    assert res.loc["服务贸易进出口总额", "explanation_zh"] == (
        "规划所列年均增速10%与按基期值和目标值推算的年均增速8.64%不一致，相差1.36个百分点")


def test_rows_within_the_tolerance_are_consistent():
    res = audit(zhuanlan1_frame(), lang="en")
    assert set(res.loc[res["check"] == "ok", "explanation"]) == {"consistent"}
    assert set(res.loc[res["check"] == "ok", "explanation_zh"]) == {"一致"}


@pytest.mark.parametrize("declared,flag", [(0.45, False), (0.55, False), (0.56, True), (0.44, True)])
def test_pp_tolerance_boundary(declared, flag):
    # 61 -> 63 over 4 years: 0.5 pp a year; tolerance 0.05 (the difference at 0.45 / 0.55 is exactly 0.05 up to floats)
    row = {"kind": "share", "unit": "%", "baseline_value": 61.0, "target_value": 63.0, "declared_rate": declared,
           "declared_rate_unit": "pp", "declared_rate_basis": "nominal", "declared_rate_tolerance": 0.05}
    r = audit(make_frame(row)).iloc[0]
    assert r.implied_rate == 0.5 and bool(r.flag) is flag
    if flag:
        assert r.explanation_en.startswith(f"the printed {declared:g} pp a year and the 0.50 pp a year implied")


def test_rows_without_a_declared_rate_are_left_out_and_without_baseline_cannot_be_checked():
    frame = make_frame({"declared_rate": None},
                       {"baseline_year": None, "baseline_value": None, "declared_rate": 10.0, "declared_rate_unit": "%",
                        "declared_rate_basis": "nominal", "declared_rate_tolerance": 0.5},
                       {"baseline_value": -5.0, "declared_rate": 10.0, "declared_rate_unit": "%",
                        "declared_rate_basis": "nominal", "declared_rate_tolerance": 0.5})
    res = audit(frame, lang="en")
    assert res["id"].tolist() == ["i1", "i2"]
    assert res["flag"].tolist() == [False, False]
    assert res["explanation"].tolist() == ["no baseline in the plan: cannot be checked",
                                           "baseline or target not positive: no compound rate to compare with"]


def test_missing_tolerance_is_derived_from_the_declared_value():
    row = {"declared_rate": 6.5, "declared_rate_unit": "%", "declared_rate_basis": "nominal",
           "baseline_value": 100.0, "target_value": 100 * 1.0656 ** 4}  # 6.56 %: just outside 6.5 +- 0.05
    r = audit(make_frame(row)).iloc[0]
    assert r.tolerance == 0.05 and bool(r.flag)


def test_audit_of_the_fixture_catalog():
    res = audit(catalog.load(FIXTURES / "catalog" / "indicators.yaml").frame(), lang="zh")
    assert res["id"].tolist() == ["services-value-added", "services-share"]
    assert not res["flag"].any()


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        audit(zhuanlan1_frame(), lang="fr")
