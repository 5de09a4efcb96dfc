"""The catalog: the shipped file against the source document, and every problem message."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import catalog
from dashboard.cli import main

HERE = Path(__file__).parent
PROBLEMS = HERE / "fixtures" / "catalog-with-problems"
VALID = HERE / "fixtures" / "catalog" / "indicators.yaml"

# 专栏1 重庆市现代服务业主要发展目标, typed from shared/seeds/000_…txt lines 99-350:
# (序号, 指标名称, 单位, 2018年基数, 2022年目标, 年均增速 as printed)
ZHUANLAN1 = [
    (1, "服务业增加值", "亿元", 10656, 14000, "7%"),
    (2, "规模以上服务业营业收入", "亿元", 3582, 6000, "14%"),
    (3, "服务业劳动生产率", "万元/人", 12.7, 15.6, "5.3%"),
    (4, "服务业增加值占生产总值的比重", "%", 52.3, 54, "0.4个百分点"),
    (5, "现代服务业占服务业增加值的比重", "%", 61, 63, "0.5个百分点"),
    (6, "服务业占全社会从业人员的比重", "%", 46.9, 52, "1.3个百分点"),
    (7, "服务业对全市税收的贡献率", "%", 64.9, 67, "0.5个百分点"),
    (8, "服务贸易进出口总额", "亿美元", 244.1, 340, "10%"),
    (9, "中国服务业企业500强", None, 19, 23, "5%"),  # the unit cell is blank in the table
    (10, "金融业增加值", "亿元", 1942, 2500, "6.5%"),
    (11, "交通运输、仓储和邮政业增加值", "亿元", 995, 1400, "7%"),
    (12, "电子商务交易额", "亿元", 11013, 18000, "13%"),
    (13, "规模以上科技服务业营业收入", "亿元", 332, 600, "16%"),
    (14, "数字经济服务业增加值", "亿元", 1733, 2700, "14%"),
    (15, "规模以上商务服务业营业收入", "亿元", 950, 1500, "12%"),
    (16, "服务外包离岸执行额", "亿美元", 21.3, 30, "10%"),
    (17, "商业增加值", "亿元", 2167, 3000, "7%"),
    (18, "旅游业总收入", "亿元", 4344, 7500, "14.6%"),
    (19, "文化产业增加值", "亿元", 601, 850, "9%"),
    (20, "大健康服务业增加值", "亿元", 1050, 1500, "10%"),
]


@pytest.fixture(scope="module")
def shipped() -> catalog.Catalog:
    return catalog.load()


def test_zhuanlan1_rows_match_the_document(shipped):
    rows = {ind.source: ind for ind in shipped.indicators.values()
            if ind.source and ind.source.startswith("专栏1") and ind.kind != "growth"}  # growth: the real rates
    assert len(rows) == 20
    for number, name, unit, base, target, printed_rate in ZHUANLAN1:
        ind = rows[f"专栏1 第{number}项"]
        assert ind.plan == "modern-services-2019-2022"
        assert ind.name == name
        if unit is not None:
            assert ind.unit == unit
        assert (ind.baseline.year, ind.baseline.value) == (2018, base)
        assert (ind.target.year, ind.target.value) == (2022, target)
        rate_unit = "pp" if printed_rate.endswith("个百分点") else "%"
        assert ind.declared_rate.unit == rate_unit
        assert ind.declared_rate.value == float(printed_rate.removesuffix("个百分点").removesuffix("%"))
        # the table's note: value-added growth is at comparable prices, the rest nominal; shares move in points
        expected = "pp" if rate_unit == "pp" else ("real" if name.endswith("增加值") else "nominal")
        assert ind.declared_rate.resolved_basis == expected
        assert ind.kind == ("share" if unit == "%" else "level")


def test_declared_rate_tolerance_follows_the_printed_digits(shipped):
    frame = shipped.frame().set_index("source")
    assert frame.loc["专栏1 第1项", "declared_rate_tolerance"] == pytest.approx(0.5)  # "7%"
    assert frame.loc["专栏1 第10项", "declared_rate_tolerance"] == pytest.approx(0.05)  # "6.5%"
    assert frame.loc["专栏1 第4项", "declared_rate_tolerance"] == pytest.approx(0.05)  # "0.4个百分点"


def test_every_shipped_indicator_says_where_it_came_from(shipped):
    assert all(ind.source for ind in shipped.indicators.values())


def test_shipped_catalog_has_the_three_plans(shipped):
    assert set(shipped.plans) == {"modern-services-2019-2022", "business-environment-2019",
                                  "services-opening-pilot-2021"}
    plan = shipped.plans["modern-services-2019-2022"]
    assert (plan.document, str(plan.issued), plan.base_year, plan.target_year) == (
        "渝府发〔2019〕32号", "2019-11-25", 2018, 2022)
    kinds = {ind.kind for ind in shipped.indicators.values() if ind.plan == "business-environment-2019"}
    assert kinds == {"level", "share", "milestone"}


def test_frame_has_one_typed_row_per_indicator(shipped):
    frame = shipped.frame()
    assert len(frame) == len(shipped.indicators)
    assert frame["id"].is_unique
    assert str(frame["target_year"].dtype) == "Int64"
    row = frame.set_index("id").loc["services-value-added"]
    assert (row["baseline_value"], row["target_value"], row["declared_rate_basis"]) == (10656.0, 14000.0, "real")


EXPECTED = {
    "non-numeric-value": 'non-numeric-value.yaml:15 services-value-added.target.value: expected a number, '
                         'found "340亿" — write the number only; the unit goes in unit:',
    "unknown-key": 'unknown-key.yaml:16 services-value-added.tagret: unknown key — expected one of the known '
                   'fields, found "tagret" (did you mean "target"?)',
    "duplicate-id": 'duplicate-id.yaml:16 services-value-added.id: duplicate indicator id — expected each id '
                    'once, found "services-value-added" again (first at line 8)',
    "target-before-baseline": "target-before-baseline.yaml:15 services-value-added.target.year: expected a year "
                              "after the baseline year 2018, found 2017",
    "direction-contradicts": "direction-contradicts.yaml:13 services-value-added.direction: expected decrease "
                             "since the target 9000 is below the baseline 10656, found increase",
    "unknown-kind": 'unknown-kind.yaml:12 services-value-added.kind: expected one of level, share, growth or '
                    'milestone, found "levels"',
    "unknown-plan": 'unknown-plan.yaml:9 services-value-added.plan: unknown plan — expected the id of a plan in '
                    'plans:, found "demo-plans" (did you mean "demo-plan"?)',
    "missing-name": "missing-name.yaml:8 services-value-added.name: required field missing — expected a value, "
                    "found nothing",
    "yaml-syntax": "yaml-syntax.yaml:16 (yaml): syntax error at column 1: expected ',' or '}', but got "
                   "'<stream end>' (while parsing a flow mapping that starts at line 15 column 13) — expected "
                   "valid YAML (check indentation, colons, quotes and brackets)",
    "plan-years": "plan-years.yaml:6 demo-plan.target_year: expected a year after base_year 2018, found 2018",
    "bad-basis": 'bad-basis.yaml:16 services-value-added.declared_rate.basis: expected one of real, nominal or pp, '
                 'found "reel"',
    "level-without-target-value": "level-without-target-value.yaml:15 services-value-added.target.value: "
                                  "expected a number for a level indicator, found nothing",
}


def test_every_broken_fixture_has_an_expected_message():
    assert {p.stem for p in PROBLEMS.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_catalog_reports_exact_message(name):
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.load(PROBLEMS / f"{name}.yaml")
    assert [str(p) for p in caught.value.problems] == [EXPECTED[name]]


def test_all_problems_are_reported_at_once():
    text = (PROBLEMS / "non-numeric-value.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: level", "kind: levels").replace("plan: demo-plan\n", "plan: nowhere\n")
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(text, "x.yaml")
    paths = [p.path for p in caught.value.problems]
    assert paths == ["services-value-added.plan", "services-value-added.kind", "services-value-added.target.value"]


def test_duplicate_yaml_keys_are_not_silently_merged():
    text = VALID.read_text(encoding="utf-8").replace("    unit: 亿元\n", "    unit: 亿元\n    unit: 万元\n", 1)
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(text)
    assert "duplicate key" in caught.value.problems[0].message
    assert caught.value.problems[0].path == "indicators.0.unit"


def test_unsafe_yaml_tags_are_refused():
    text = "version: 1\nplans: !!python/object/apply:os.system ['echo hacked']\nindicators: []\n"
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(text)
    assert caught.value.problems[0].line == 2


def test_quoted_numbers_are_not_numbers():
    text = VALID.read_text(encoding="utf-8").replace("value: 14000}", 'value: "14000"}')
    with pytest.raises(catalog.CatalogError, match='expected a number, found "14000"'):
        catalog.parse(text)


def test_validate_command_ok(capsys):
    assert main(["validate", "--catalog", str(VALID)]) == 0
    assert capsys.readouterr().out.strip().splitlines() == [
        "indicators.yaml: 2 plan(s), 5 indicator(s) — demo-plan 3, demo-strict 2", "OK: 2 plans, 5 indicators"]


def test_validate_command_shipped(capsys, shipped):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == f"OK: 3 plans, {len(shipped.indicators)} indicators"


def test_validate_command_reports_problems_and_exits_1(capsys):
    assert main(["validate", "--catalog", str(PROBLEMS / "unknown-kind.yaml")]) == 1
    err = capsys.readouterr().err
    assert EXPECTED["unknown-kind"] in err
    assert "Traceback" not in err


def test_missing_file_is_a_message(capsys, tmp_path):
    assert main(["validate", "--catalog", str(tmp_path / "nope.yaml")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_readme_documents_every_catalog_field(capsys):
    assert main(["schema"]) == 0
    table = capsys.readouterr().out.strip()
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    assert table in readme, "README.md's field table is stale: paste `python -m dashboard schema` into it"


def test_non_finite_numbers_are_refused():
    text = VALID.read_text(encoding="utf-8").replace("value: 14000}", "value: .inf}")
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(text, "x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:26 services-value-added.target.value: expected a finite number, found inf — write the number "
        "only; the unit goes in unit:"]


def test_thresholds_must_keep_their_order():
    text = VALID.read_text(encoding="utf-8").replace("{on_track: 0.99, moderate: 0.8, limited: 0.1}",
                                                     "{on_track: 0.5, moderate: 0.9}")
    with pytest.raises(catalog.CatalogError) as caught:
        catalog.parse(text, "x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:15 demo-strict.thresholds.moderate: expected a value below on_track (0.5), found 0.9 — a status "
        "between them could never be reached"]
