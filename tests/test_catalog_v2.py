"""Catalog format v2: new fields, new located problems with hints, includes, folders and id collisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import catalog
from dashboard.cli import main

HEAD = """version: 1
plans:
  - id: demo-plan
    title: 示例规划
    base_year: 2022
    target_year: 2027
indicators:
"""


def problems(body: str) -> list[str]:
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(HEAD + body, "x.yaml")
    return [str(p) for p in caught.value.problems]


def indicator(**fields) -> str:
    base = {"id": "motorcycles", "plan": "demo-plan", "name": "摩托车产量", "unit": "万辆", "kind": "level",
            "direction": "increase", "baseline": "{year: 2022, value: 100}"}
    base.update(fields)
    lines = [f"  - id: {base.pop('id')}"] + [f"    {k}: {v}" for k, v in base.items() if v is not None]
    return "\n".join(lines) + "\n"


def test_every_v2_field_loads():
    text = HEAD + indicator(targets="\n      - {year: 2025, value: 150}\n      - {year: 2027, value: 200, op: \">\"}",
                            group_en="Industry", owner="[市经济信息委, 市商务委]", source="一(一)") + """\
  - id: retail
    plan: demo-plan
    name: 社会消费品零售总额
    unit: 亿元
    kind: level
    direction: increase
    baseline: {year: 2022, value: 14000, source: 2022年统计公报}
    target: {year: 2027, value: 18000, op: "~", tolerance: 0.03}
  - id: green-days
    plan: demo-plan
    name: 空气质量优良天数
    unit: 天
    kind: level
    direction: increase
    hold: true
    baseline: {year: 2022, value: 320}
    target: {year: 2027, value: 300}
  - id: credit
    plan: demo-plan
    name: 信贷
    unit: 亿元
    kind: level
    direction: increase
    baseline: {year: 2022, value: 150}
    target: {year: 2027, factor: 2}
  - id: motorcycles-growth
    plan: demo-plan
    name: 摩托车产量增速
    unit: "%"
    kind: growth
    direction: increase
    baseline: {year: 2022}
    target: {year: 2027, value: 7}
    tracks: motorcycles
  - id: portability
    plan: demo-plan
    name: 携号转网
    kind: milestone
    target: {year: 2023, month: 9}
"""
    cat = catalog.parse(text)
    frame = cat.frame().set_index("id")
    assert frame.loc["motorcycles", "target_value"] == 200 and frame.loc["motorcycles", "target_op"] == ">"
    assert frame.loc["motorcycles", "interim_targets"] == ((2025, 150.0, None, None),)
    assert frame.loc["motorcycles", "owner"] == "市经济信息委"
    assert frame.loc["motorcycles", "owners"] == "市经济信息委、市商务委"
    assert cat.indicators["motorcycles"].owners == ("市经济信息委", "市商务委")
    assert frame.loc["retail", "target_tolerance"] == 0.03
    assert frame.loc["retail", "baseline_source"] == "2022年统计公报"
    assert bool(frame.loc["green-days", "hold"]) and frame.loc["credit", "target_value"] == 300
    assert frame.loc["motorcycles-growth", "tracks"] == "motorcycles" and frame.loc["portability", "target_month"] == 9


@pytest.mark.parametrize("fields,expected", [
    ({"target": "{year: 2028, value: 200}"},
     "x.yaml:15 motorcycles.target.year: expected a year within the plan's years (2023–2027 of demo-plan), found 2028"),
    ({"target": "{year: 2022, value: 200}"},
     "x.yaml:15 motorcycles.target.year: expected a year after the baseline year 2022, found 2022"),
    ({"targets": "\n      - {year: 2026, value: 150}\n      - {year: 2025, value: 200}"},
     "x.yaml:17 motorcycles.targets.1.year: expected targets in increasing year order: a year after 2026, found 2025"),
    ({"targets": "\n      - {year: 2025, value: 150}\n      - {year: 2027, value: 140}"},
     "x.yaml:17 motorcycles.targets.1.value: expected a target at least as far in the direction (increase) as the "
     "2025 target 150, found 140 — targets may not go back against the direction"),
    ({"target": '{year: 2027, value: 200, op: "<="}'},
     'x.yaml:15 motorcycles.target.op: expected an op that fits direction increase (">=", ">" or "~"), found "<="'),
    ({"baseline": None, "target": "{year: 2027, factor: 2}"},
     "x.yaml:14 motorcycles.target.factor: expected a baseline value for a factor target (T = factor × baseline), "
     "found no baseline — give baseline: {year, value} or write value:"),
    ({"target": "{year: 2027, value: [150, 200]}"},
     'x.yaml:15 motorcycles.target.value: expected a number, found a list — a range is written as its lower bound '
     'with op, e.g. value: 80 with op: ">="'),
    ({"target": "{year: 2027, value: 200, tolerance: 0.1}"},
     'x.yaml:15 motorcycles.target.tolerance: expected tolerance only with op "~", found op "(default)"'),
    ({"target": "{year: 2027, value: 90}"},
     "x.yaml:13 motorcycles.direction: expected decrease since the target 90 is below the baseline 100, found "
     "increase"),
])
def test_new_problems_are_located_with_a_hint(fields, expected):
    assert problems(indicator(**fields)) == [expected]


def test_a_bare_percent_sign_says_to_quote_it():
    found = problems(indicator(unit="%", target="{year: 2027, value: 60}", kind="share"))
    assert len(found) == 1
    assert found[0].startswith("x.yaml:11 (yaml): syntax error") and found[0].endswith('(write "%" in quotes: a bare % '
                                                                                        'cannot start a YAML value)')


def test_milestones_take_no_direction_unit_or_value():
    base = {"kind": "milestone", "unit": None, "baseline": None, "target": "{year: 2023, month: 9}"}
    assert problems(indicator(**base)) == ['x.yaml:12 motorcycles.direction: expected no direction for a milestone '
                                           '(done or not done), found "increase"']
    assert problems(indicator(**{**base, "direction": None, "unit": "个"})) == [
        'x.yaml:11 motorcycles.unit: expected no unit for a milestone (done or not done), found "个"']
    assert problems(indicator(**{**base, "direction": None, "target": "{year: 2023, month: 13}"})) == [
        "x.yaml:12 motorcycles.target.month: expected a month from 1 to 12, found 13"]


def test_a_growth_indicator_counts_from_a_year_and_tracks_a_level():
    body = indicator(id="g", kind="growth", unit='"%"', baseline="{year: 2022, value: 5}",
                     target="{year: 2027, value: 7}")
    assert problems(body) == ["x.yaml:14 g.baseline.value: expected no value for a growth indicator (year only), "
                              "found 5"]
    body = indicator(id="g", kind="growth", unit='"%"', baseline="{year: 2022}", target="{year: 2027, value: 7}",
                     tracks="nothing-here")
    assert problems(body) == ['x.yaml:16 g.tracks: unknown indicator — expected the id of a level or share indicator, '
                              'found "nothing-here"']


def test_a_target_the_baseline_already_meets_is_kept_only_by_a_hold():
    cat = catalog.parse(HEAD + indicator(target="{year: 2027, value: 90}", hold="true"))  # 保持在90以上: no problem
    assert cat.indicators["motorcycles"].hold


def test_owner_must_be_text_or_a_list_of_text():
    assert problems(indicator(target="{year: 2027, value: 200}", owner="[市商务委, 3]")) == [
        "x.yaml:16 motorcycles.owner: expected a department, or a list of departments (lead first), found a list "
        "with something other than text"]


def test_the_shipped_catalog_is_v2_and_loads():
    cat = catalog.load()
    assert not any(i.direction for i in cat.indicators.values() if i.kind == "milestone")


# ---------------------------------------------------------------- files


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PLAN_FILE = """plans:
  - {{id: {plan}, title: 规划{plan}, base_year: 2022, target_year: 2027}}
indicators:
  - {{id: {ind}, plan: {plan}, name: 指标{ind}, unit: 个, kind: level, direction: increase,
     target: {{year: 2027, value: 10}}}}
"""


def test_includes_and_globs_load_in_order(tmp_path):
    write(tmp_path / "plans" / "b.yaml", PLAN_FILE.format(plan="pb", ind="ib"))
    write(tmp_path / "plans" / "a.yaml", PLAN_FILE.format(plan="pa", ind="ia"))
    write(tmp_path / "extra.yaml", PLAN_FILE.format(plan="px", ind="ix"))
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [extra.yaml, plans/*.yaml]\n"
                  + PLAN_FILE.format(plan="p0", ind="i0"))
    cat = catalog.load(entry)
    assert list(cat.indicators) == ["i0", "ix", "ia", "ib"]  # own first, then each include, a glob sorted
    assert list(cat.files) == ["indicators.yaml", "extra.yaml", "plans/a.yaml", "plans/b.yaml"]
    assert catalog.load(tmp_path).files == cat.files  # a folder with an indicators.yaml: that file
    folder = tmp_path / "plans"
    assert list(catalog.load(folder).indicators) == ["ia", "ib"]  # a folder without one: every *.yaml


def test_an_id_used_in_two_files_names_both(tmp_path):
    write(tmp_path / "plans" / "a.yaml", PLAN_FILE.format(plan="pa", ind="same"))
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [plans/a.yaml]\n"
                  + PLAN_FILE.format(plan="p0", ind="same"))
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.load(entry)
    assert [str(p) for p in caught.value.problems] == [
        'plans/a.yaml:4 same.id: duplicate indicator id — expected each id once, found "same" again '
        "(first at indicators.yaml:6)"]


def test_problems_in_included_files_carry_their_file(tmp_path):
    write(tmp_path / "plans" / "a.yaml", PLAN_FILE.format(plan="pa", ind="ia").replace("value: 10", "value: 十"))
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [plans/*.yaml, missing.yaml, none/*.yaml]\n"
                  "plans: []\nindicators: []\n")
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.load(entry)
    found = [str(p) for p in caught.value.problems]
    assert 'indicators.yaml:2 include: file not found — expected a catalog YAML file, found no "missing.yaml"' in found
    assert ('indicators.yaml:2 include: no file matches — expected files for "none/*.yaml" next to indicators.yaml, '
            "found no folder none") in found
    assert any(p.startswith("plans/a.yaml:5 ia.target.value: expected a number") for p in found)


def test_a_glob_over_an_empty_folder_includes_nothing(tmp_path):
    (tmp_path / "plans").mkdir()
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [plans/*.yaml]\n" + PLAN_FILE.format(
        plan="p0", ind="i0"))
    assert list(catalog.load(entry).indicators) == ["i0"]  # new plans go there; none yet is no problem


def test_the_app_and_commands_read_dashboard_catalog(tmp_path, monkeypatch, capsys):
    write(tmp_path / "indicators.yaml", "version: 1\n" + PLAN_FILE.format(plan="p0", ind="i0"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(tmp_path))
    assert list(catalog.load().indicators) == ["i0"]
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.splitlines() == ["indicators.yaml: 1 plan(s), 1 indicator(s) — p0 1",
                                                    "OK: 1 plans, 1 indicators"]


def test_the_fingerprint_moves_when_an_included_file_changes(tmp_path):
    import os

    included = write(tmp_path / "plans" / "a.yaml", PLAN_FILE.format(plan="pa", ind="ia"))
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [plans/*.yaml]\nplans: []\nindicators: []\n")
    before = catalog.load(entry).fingerprint()
    os.utime(included, ns=(1, 1))
    assert catalog.load(entry).fingerprint() != before


def test_the_running_app_picks_up_a_plan_file_added_to_plans(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    (tmp_path / "plans").mkdir()
    entry = write(tmp_path / "indicators.yaml", "version: 1\ninclude: [plans/*.yaml]\n" + PLAN_FILE.format(
        plan="p0", ind="i0"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(entry))
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert any("1 / 1" in c.value for c in at.caption)
    write(tmp_path / "plans" / "new.yaml", PLAN_FILE.format(plan="pn", ind="in"))
    at.run()
    assert any("2 / 2" in c.value for c in at.caption)  # no restart, no cache to clear by hand
