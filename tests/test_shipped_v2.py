"""The shipped catalog and figures under methodology v2: what a leader reads must not mislead."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import catalog, metrics
from dashboard.audit import audit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    cat = catalog.load(ROOT / "indicators.yaml")
    actuals = pd.read_csv(ROOT / "data" / "actuals.csv")
    return cat, metrics.compute(cat.frame(), actuals)


def test_no_milestone_is_missed_without_a_reported_zero(shipped):
    cat, res = shipped
    actuals = pd.read_csv(ROOT / "data" / "actuals.csv")
    zeros = set(actuals.loc[actuals["value"] == 0, "indicator_id"])
    missed = res[(res["kind"] == "milestone") & (res["status"] == "missed")]
    assert set(missed["id"]) <= zeros


def test_no_expected_value_after_the_final_target(shipped):
    _, res = shipped
    after = res[res["basis_year"].notna() & (res["basis_year"] > res["target_year"])]
    assert after["expected_value"].isna().all() and after["gap"].isna().all()


def test_each_plan_has_its_own_as_of(shipped):
    _, res = shipped
    per_plan = res.groupby("plan")["as_of"].first()
    assert per_plan["modern-services-2019-2022"] >= 2023
    assert res.groupby("plan")["as_of"].nunique().max() == 1  # one as_of per plan


def test_services_real_growth_is_missed_on_the_2019_2022_chain(shipped):
    cat, res = shipped
    growth = [i for i in cat.indicators.values() if i.kind == "growth" and i.tracks == "services-value-added"]
    assert len(growth) == 1
    row = res.set_index("id").loc[growth[0].id]
    assert row["status"] == "missed" and row["basis_year"] == 2022 and row["missing_years"] == []
    assert round(row["observed_rate"], 4) == 0.0494  # 6.1, 2.9, 9.0, 1.9 % a year
    level = res.set_index("id").loc["services-value-added"]
    assert level["status"] in ("achieved", "achieved_late")  # while the nominal level target is met


def test_every_real_rate_of_zhuanlan1_has_a_growth_companion(shipped):
    cat, _ = shipped
    real = {i.id for i in cat.indicators.values() if i.declared_rate and i.declared_rate.resolved_basis == "real"}
    tracked = {i.tracks for i in cat.indicators.values() if i.kind == "growth"}
    assert real and real <= tracked


def test_audit_of_zhuanlan1(shipped):
    cat, _ = shipped
    res = audit(cat.frame())
    rows = res[res["id"].isin([i.id for i in cat.indicators.values() if (i.source or "").startswith("专栏1")])]
    assert sorted(rows.loc[rows["check"] == "disagrees", "name"]) == ["服务外包离岸执行额", "服务贸易进出口总额"]
    assert (rows["check"] == "basis_differs").sum() == 4
    shares = rows[rows["declared_rate_unit"] == "pp"]
    assert len(shares) and set(shares["basis"]) == {"pp"}
