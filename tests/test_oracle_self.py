"""The oracle of tests/oracle_v2.py against every worked example of methodology.md, to its printed precision."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.oracle_v2 import FIELDS, evaluate, meets

PLAN = {"id": "p", "title": "示例", "base_year": 2018, "target_year": 2022}
SERVICES = {"id": "va", "plan": "p", "name": "服务业增加值", "kind": "level", "direction": "increase", "unit": "亿元",
            "baseline": {"year": 2018, "value": 10656}, "target": {"year": 2022, "value": 14000}}
INTERIM = {"id": "moto", "plan": "q", "name": "摩托车", "kind": "level", "direction": "increase", "unit": "万辆",
           "baseline": {"year": 2022, "value": 100},
           "targets": [{"year": 2025, "value": 150}, {"year": 2027, "value": 200}]}
GROWTH = {"id": "va-real", "plan": "p", "name": "服务业增加值增速（可比价）", "kind": "growth", "direction": "increase",
          "unit": "%", "baseline": {"year": 2018}, "target": {"year": 2022, "value": 7}}
MILESTONE = {"id": "m", "plan": "p", "name": "携号转网", "kind": "milestone", "target": {"year": 2019, "month": 9}}


def one(indicator: dict, figures: dict[int, float], as_of: int | None, plans=(PLAN,)) -> dict:
    """The oracle's row for one indicator with figures {year: value}."""
    catalog = {"version": 1, "plans": list(plans), "indicators": [indicator]}
    rows = [{"indicator_id": indicator["id"], "year": y, "value": v} for y, v in figures.items()]
    (row,) = evaluate(catalog, rows, as_of)
    assert set(row) == {"id", *FIELDS}
    return row


def printed(value: float | None, text: str) -> bool:
    """`value` agrees with the printed `text` to its last printed digit (half a unit either way)."""
    digits = -Decimal(text).as_tuple().exponent
    return value is not None and abs(value - float(text)) <= 0.5 * 10 ** -digits


def check(row: dict, **expected: str) -> None:
    wrong = {k: (row[k], v) for k, v in expected.items() if not printed(row[k], v)}
    assert not wrong, wrong


SERVICES_2020 = {2019: 11500, 2020: 12100}


def test_services_as_of_2020_is_moderate_with_every_printed_number():
    row = one(SERVICES, SERVICES_2020, 2020)
    assert (row["status"], row["basis_year"], row["basis_value"]) == ("moderate", 2020, 12100)
    check(row, implied_rate="0.07062", expected_value="12214.1", gap="-114.1", observed_rate="0.06560",
          path_rate="0.07062", pace_ratio="0.929", required_rate="0.07565", projected_value="13739.7",
          progress="0.432", elapsed="0.5", expected_progress="0.466")
    assert row["trend"] == row["rate_model"] == "compound"
    assert (row["next_target_year"], row["next_target_value"]) == (2022, 14000)


def test_services_missed_in_the_target_year_then_met_is_achieved_late_off_the_path():
    row = one(SERVICES, {**SERVICES_2020, 2022: 13900, 2023: 14100}, 2023)
    assert (row["status"], row["basis_year"], row["basis_value"]) == ("achieved_late", 2023, 14100)
    assert row["expected_value"] is None and row["path_rate"] is None and row["pace_ratio"] is None
    assert row["elapsed"] == 1.0
    assert row["targets"] == [{"year": 2022, "value": 14000, "op": ">=", "verdict": "achieved_late",
                               "basis_year": 2023, "basis_value": 14100}]


def test_services_without_a_target_year_figure_late_or_awaiting():
    assert one(SERVICES, {**SERVICES_2020, 2023: 14100}, 2023)["status"] == "achieved_late"
    row = one(SERVICES, {2020: 12100}, 2023)
    assert (row["status"], row["basis_year"], row["basis_value"]) == ("awaiting", 2020, 12100)


def test_interim_target_on_track_along_the_whole_path():
    row = one(INTERIM, {2024: 130}, 2024, plans=({"id": "q", "title": "行动计划", "base_year": 2022,
                                                  "target_year": 2027},))
    assert row["status"] == "on_track"
    check(row, expected_value="131.04", path_rate="0.1447", observed_rate="0.1402", pace_ratio="0.969",
          required_rate="0.1538")
    assert abs(100 * 1.5 ** (2 / 3) - row["expected_value"]) < 1e-9
    assert (row["next_target_year"], row["next_target_value"]) == (2025, 150)
    assert [(t["year"], t["verdict"], t["basis_year"]) for t in row["targets"]] == [(2025, "not_due", None),
                                                                                    (2027, "not_due", None)]


REAL_GROWTH = {2019: 6.1, 2020: 2.9, 2021: 9.0, 2022: 1.9}


def test_real_growth_chain_misses_the_7_percent_while_the_nominal_level_is_met():
    row = one(GROWTH, REAL_GROWTH, 2022)
    check(row, observed_rate="0.0494", pace_ratio="0.705")
    assert printed((1 + row["observed_rate"]) ** 4, "1.2126")
    assert (row["status"], row["basis_year"], row["basis_value"]) == ("missed", 2022, 1.9)
    assert row["missing_years"] == [] and row["trend"] is None and row["rate_model"] is None
    level = one(SERVICES, {**SERVICES_2020, 2022: 14100}, 2022)
    assert level["status"] == "achieved"


def test_milestone_nobody_reported_is_no_data_and_a_late_one_is_achieved_late():
    assert one(MILESTONE, {}, 2024)["status"] == "no_data"
    row = one(MILESTONE, {2020: 1}, 2024)
    assert (row["status"], row["basis_year"], row["next_target_year"], row["next_target_value"]) == \
        ("achieved_late", 2020, 2019, None)


@pytest.mark.parametrize(("figure", "status"), [(59, "on_track"), (52, "moderate"), (40, "limited"),
                                                (39.5, "deteriorating")])
def test_pace_thresholds_include_their_lower_bound(figure, status):
    share = {"id": "s", "plan": "p", "name": "比重", "kind": "share", "direction": "increase", "unit": "%",
             "baseline": {"year": 2018, "value": 40}, "target": {"year": 2022, "value": 80}}
    assert one(share, {2020: figure}, 2020)["status"] == status



# --- fine print: decided rules, read the same way as the worked examples ---

def test_hold_rows_null_the_path_fields_and_a_breach_misses_before_the_deadline():
    hold = {**SERVICES, "id": "h", "hold": True, "baseline": {"year": 2018, "value": 310},
            "target": {"year": 2022, "value": 300}}
    row = one(hold, {2019: 305, 2020: 295, 2021: 320}, 2021)
    assert (row["status"], row["basis_year"]) == ("missed", 2020)
    assert all(row[f] is None for f in ("pace_ratio", "required_rate", "path_rate", "expected_value", "gap",
                                        "expected_progress", "rebased_gap"))
    assert all(row[f] is not None for f in ("implied_rate", "observed_rate", "progress", "elapsed",
                                            "next_target_year", "projected_value"))
    assert row["targets"][0]["verdict"] == "not_due"
    assert one(hold, {2019: 305, 2022: 301, 2023: 250}, 2024)["status"] == "achieved"
    assert one(hold, {2019: 305, 2021: 301}, 2024)["status"] == "awaiting"


@pytest.mark.parametrize(("kind", "baseline", "revised", "breaks"), [
    ("level", 1000, 1006, True), ("level", 1000, 1004, False), ("share", 40, 40.1, True), ("share", 40, 40.04, False)])
def test_a_vintage_break_needs_more_than_the_threshold_and_is_checked_whatever_the_as_of(kind, baseline, revised,
                                                                                          breaks):
    ind = {**SERVICES, "kind": kind, "baseline": {"year": 2018, "value": baseline},
           "target": {"year": 2022, "value": baseline * 1.2}}
    row = one(ind, {2018: revised, 2020: baseline * 1.1}, 2017)
    assert row["status"] == "no_data" and row["vintage_break"] is breaks
    assert (row["revised_baseline"] == revised) is breaks and (row["rebased_status"] == "no_data") is breaks


def test_rebasing_scales_compound_targets_and_shifts_linear_ones():
    level = one(SERVICES, {2018: 10800, 2022: 14100}, 2022)
    assert (level["status"], level["rebased_status"]) == ("achieved", "missed")
    assert abs(level["rebased_gap"] - (14100 - 14000 * 10800 / 10656)) < 1e-9
    share = {**SERVICES, "kind": "share", "baseline": {"year": 2018, "value": 52.3}, "target": {"year": 2022,
                                                                                                "value": 54}}
    row = one(share, {2018: 52.5, 2022: 54.1}, 2022)
    assert row["rebased_status"] == "missed" and abs(row["rebased_gap"] - (54.1 - 54.2)) < 1e-9


def test_a_growth_chain_stops_at_the_first_missing_year_and_latest_may_lie_past_it():
    row = one(GROWTH, {2019: 7.5, 2021: 7.2, 2023: 3.0}, 2023)
    assert (row["status"], row["basis_year"], row["latest_year"]) == ("awaiting", 2019, 2023)
    assert row["missing_years"] == [2020, 2022] and row["projected_value"] is None
    assert one(GROWTH, {}, 2020)["missing_years"] == [2019, 2020]


def test_milestone_zeros_are_pending_awaiting_or_missed_by_the_newest_zero():
    due_2021 = {**MILESTONE, "target": {"year": 2021}}
    assert one(due_2021, {2019: 0}, 2020)["status"] == "pending"
    assert one(due_2021, {2019: 0}, 2022)["status"] == "awaiting"
    assert one(due_2021, {2019: 0, 2021: 0}, 2022)["status"] == "missed"
    assert one(due_2021, {2019: 0, 2021: 1}, 2020)["targets"][0]["verdict"] == "not_due"


def test_default_as_of_is_per_plan_and_counts_baseline_year_figures():
    other = {"id": "q", "title": "其他", "base_year": 2018, "target_year": 2022}
    silent = {**SERVICES, "id": "silent", "plan": "q"}
    catalog = {"plans": [PLAN, other], "indicators": [SERVICES, {**SERVICES, "id": "b"}, silent]}
    rows = evaluate(catalog, [{"indicator_id": "b", "year": 2018, "value": 10656},
                              {"indicator_id": "va", "year": 2017, "value": 1}], None)
    assert [(r["as_of"], r["status"]) for r in rows] == [(2018, "no_data"), (2018, "no_data"), (None, "no_data")]
    assert rows[2]["targets"][0]["verdict"] == "no_data"


def test_ops_and_factor():
    approx = {**SERVICES, "target": {"year": 2022, "value": 14000, "op": "~", "tolerance": 0.05}}
    assert one(approx, {2022: 13400}, 2022)["status"] == "achieved"
    assert one({**approx, "target": {"year": 2022, "value": 14000, "op": "~"}}, {2022: 13400}, 2022)["status"] == \
        "missed"
    above = {**SERVICES, "target": {"year": 2022, "value": 14000, "op": ">"}}
    assert one(above, {2022: 14000}, 2022)["status"] == "missed"
    double = one({**SERVICES, "target": {"year": 2022, "factor": 2}}, {2020: 12100}, 2020)
    assert double["next_target_value"] == 21312 and double["targets"][0]["value"] == 21312


# --- the fixture tests/fixtures/catalog-v2 itself: within product.md's rules, and exercising every rule ---

FIXTURE = Path(__file__).parent / "fixtures" / "catalog-v2"
PLAN_KEYS = {"id", "title", "title_en", "document", "issued", "base_year", "target_year", "thresholds", "notes"}
INDICATOR_KEYS = {"id", "plan", "name", "name_en", "group", "group_en", "unit", "kind", "direction", "baseline",
                  "target", "targets", "declared_rate", "owner", "source", "trend", "hold", "tracks", "notes"}
TARGET_KEYS = {"year", "value", "factor", "op", "tolerance", "month"}


def fixture() -> tuple[dict, list[dict]]:
    catalog = yaml.safe_load((FIXTURE / "indicators.yaml").read_text(encoding="utf-8"))
    with (FIXTURE / "actuals.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    return catalog, figures


def catalog_problems(catalog: dict) -> list[str]:
    """The product.md rules a catalog breaks (a second reading of them, for the fixture only)."""
    plans, problems = {p["id"]: p for p in catalog["plans"]}, []
    for p in catalog["plans"]:
        problems += [f"plan {p['id']}: unknown {k}" for k in set(p) - PLAN_KEYS]
    for ind in catalog["indicators"]:
        where, kind, plan = ind["id"], ind["kind"], plans.get(ind["plan"])
        problems += [f"{where}: unknown {k}" for k in set(ind) - INDICATOR_KEYS]
        if plan is None or not ind.get("name") or ("target" in ind) == ("targets" in ind):
            problems.append(f"{where}: plan, name and exactly one of target/targets are required")
            continue
        if kind != "milestone" and (ind.get("direction") not in ("increase", "decrease") or not ind.get("unit")):
            problems.append(f"{where}: direction and unit are required")
        d = -1 if ind.get("direction") == "decrease" else 1
        base = ind.get("baseline") or {}
        targets = ind.get("targets") or [ind["target"]]
        prev_year, prev_value = base.get("year", plan["base_year"] - 1), base.get("value")
        for t in targets:
            problems += [f"{where}: unknown target key {k}" for k in set(t) - TARGET_KEYS]
            value = t["factor"] * base["value"] if "factor" in t and "value" in base else t.get("value")
            if not plan["base_year"] <= t["year"] <= plan["target_year"] or t["year"] <= prev_year:
                problems.append(f"{where}: target {t['year']} outside the plan, not after the baseline or out of order")
            if kind == "milestone":
                continue
            op = t.get("op") or (">=" if d > 0 else "<=")
            if (op in (">=", ">") and d < 0) or (op in ("<=", "<") and d > 0) or value is None:
                problems.append(f"{where}: op {op} against direction, or no value")
            elif prev_value is not None and d * (value - prev_value) < 0 and not (ind.get("hold") and t is targets[0]):
                problems.append(f"{where}: target {t['year']} is not as far in the direction as the one before")
            elif prev_value is not None and t is targets[0] and not ind.get("hold") and \
                    meets(float(prev_value), {**t, "value": value, "op": op}, d):
                problems.append(f"{where}: the baseline already meets the {t['year']} target and it is not a hold")
            prev_year, prev_value = t["year"], value
        if kind == "growth" and (set(base) != {"year"} or d < 0 or targets[-1]["value"] <= 0):
            problems.append(f"{where}: a growth indicator is increase, has a baseline year only and a rate > 0")
    return problems


def test_the_fixture_catalog_keeps_product_md_rules():
    catalog, _ = fixture()
    assert catalog["version"] == 1
    assert len(catalog["indicators"]) >= 30 and len({i["plan"] for i in catalog["indicators"]}) >= 2
    assert len({i["id"] for i in catalog["indicators"]}) == len(catalog["indicators"])
    assert catalog_problems(catalog) == []


def test_the_fixture_figures_pass_the_import_rules():
    catalog, figures = fixture()
    plans = {p["id"]: p for p in catalog["plans"]}
    inds = {i["id"]: i for i in catalog["indicators"]}
    keys = [(f["indicator_id"], int(f["year"])) for f in figures]
    assert len(set(keys)) == len(keys) and {f["figure_status"] for f in figures} == {"final"}
    for f in figures:
        ind, year, value = inds[f["indicator_id"]], int(f["year"]), float(f["value"])
        plan = plans[ind["plan"]]
        assert plan["base_year"] <= year <= plan["target_year"] + 3, f
        assert value in (0, 1) if ind["kind"] == "milestone" else 0 <= value <= (100 if ind["unit"] == "%" else 1e12)


def test_the_fixture_exercises_every_status_rule():
    catalog, figures = fixture()
    inds = {i["id"]: i for i in catalog["indicators"]}
    seen = set()
    for as_of in (2020, 2022, 2024, None):
        for row in evaluate(catalog, figures, as_of):
            ind = inds[row["id"]]
            final = (ind.get("targets") or [ind["target"]])[-1]["year"]
            phase = "at/after" if row["as_of"] is not None and row["as_of"] >= final else "before"
            tag = "hold" if ind.get("hold") else ind["kind"]
            seen.add((tag, phase, row["status"]))
            seen |= {(tag, "target", t["verdict"]) for t in row["targets"]}
            if row["vintage_break"]:
                seen.add((ind["kind"], "vintage", row["status"] != row["rebased_status"]))
            if row["rate_model"] == "linear" and row["trend"] == "compound":
                seen.add(("level", "A<=0", row["status"]))
    for kind in ("level", "share"):
        for status in ("achieved", "pending", "on_track", "moderate", "limited", "deteriorating", "no_data"):
            assert (kind, "before", status) in seen
        for status in ("achieved", "achieved_late", "missed", "awaiting", "no_data"):
            assert (kind, "at/after", status) in seen
        assert {(kind, "vintage", True)} <= seen
    assert {("hold", "before", "on_track"), ("hold", "before", "missed"), ("hold", "at/after", "achieved"),
            ("hold", "at/after", "awaiting"), ("level", "A<=0", "deteriorating")} <= seen
    for status in ("on_track", "moderate", "achieved", "missed", "awaiting"):
        assert ("growth", "before" if status in ("on_track", "moderate") else "at/after", status) in seen
    for status in ("achieved", "achieved_late", "missed", "pending", "awaiting", "no_data"):
        assert any(s == ("milestone", p, status) for s in seen for p in ("before", "at/after"))
    for verdict in ("not_due", "achieved", "achieved_late", "missed", "awaiting", "no_data"):
        assert ("level", "target", verdict) in seen
