"""`draft` on the three shipped seeds, compared with the shipped catalog; plain text, HTML and JSON inputs
validate; the command's own checks. Recall and false-entry share are printed per seed (run with -s)."""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dashboard import catalog, cli
from dashboard.drafting import service
from dashboard.drafting.build import draft, normalised

FIXTURES = Path(__file__).parent / "fixtures" / "drafting"
SHIPPED = Path(__file__).resolve().parent.parent / "indicators.yaml"
SEEDS = {
    "000_38d853d575b6585a.txt": "modern-services-2019-2022",
    "004_6ff53bfee281a0bb.txt": "business-environment-2019",
    "003_8745ddecfa6d881b.txt": "services-opening-pilot-2021",
}


def shipped_targets(plan: str) -> list[dict]:
    """(year, value or None, name, source) of every target of the plan in the shipped catalog (read as data)."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    out = []
    for ind in data["indicators"]:
        if ind["plan"] != plan:
            continue
        for tg in ind.get("targets") or [ind["target"]]:
            out.append({"year": tg["year"], "value": tg.get("value"), "unit": ind.get("unit"),
                        "name": ind["name"], "source": ind.get("source", "")})
    return out


def same_value(value, unit, shipped, shipped_unit) -> bool:
    """The same number once each is written without its magnitude word (1.1 万亿元 = 11000 亿元): the draft
    keeps the printed unit, the shipped catalog sometimes converts."""
    a, unit_a = normalised(Decimal(str(value)), unit)
    b, unit_b = normalised(Decimal(str(shipped)), shipped_unit)
    return a == b and (unit_a == unit_b or None in (unit, shipped_unit))


def score(result, truth: list[dict]) -> tuple[int, int, list[str]]:
    """Shipped targets matched one-to-one with draft entries, and the entries matching none.

    A pair matches on target year and value in the same unit (a milestone: on year and a phrase of at least
    four characters shared with its source); pairs are taken best first (name or sentence similarity), each
    entry once."""
    pairs = []
    for i, tg in enumerate(truth):
        for entry in result.entries:
            for c in entry.targets:
                if c.year != tg["year"]:
                    continue
                if tg["value"] is None:
                    if c.kind != "milestone":
                        continue
                    size = difflib.SequenceMatcher(None, c.sentence, tg["source"]).find_longest_match().size
                    if size >= 4:
                        pairs.append((size / max(1, len(tg["source"])), i, entry.id))
                elif c.value is not None and same_value(c.value, c.unit, tg["value"], tg["unit"]):
                    pairs.append((difflib.SequenceMatcher(None, c.name, tg["name"]).ratio(), i, entry.id))
    matched_truth: set[int] = set()
    hit: set[str] = set()
    for _, i, entry_id in sorted(pairs, reverse=True):
        if i not in matched_truth and entry_id not in hit:
            matched_truth.add(i)
            hit.add(entry_id)
    return len(matched_truth), len(truth), [e.head.name for e in result.entries if e.id not in hit]


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_draft_recovers_the_shipped_targets_of_each_seed(seed):
    result = draft((FIXTURES / seed).read_bytes())
    matched, total, false = score(result, shipped_targets(SEEDS[seed]))
    recall, false_share = matched / total, len(false) / len(result.entries)
    print(f"\n{seed} ({SEEDS[seed]}): recall {matched}/{total} = {recall:.0%}, "
          f"not real targets {len(false)}/{len(result.entries)} = {false_share:.0%}")
    assert recall >= 0.90
    assert false_share <= 0.30


@pytest.mark.parametrize("name, title, base, target", [
    ("000_38d853d575b6585a.txt", "重庆市现代服务业发展计划（2019—2022年）", 2018, 2022),
    ("004_6ff53bfee281a0bb.txt", "重庆市营商环境优化提升工作方案", 2018, 2022),
    ("003_8745ddecfa6d881b.txt", "重庆市服务业扩大开放综合试点工作方案", 2020, 2024),
    ("003_services_opening.html", "重庆市服务业扩大开放综合试点工作方案", 2020, 2024),
    ("003_services_opening.json", "重庆市服务业扩大开放综合试点工作方案", 2020, 2024),
])
def test_plain_html_and_json_drafts_validate_as_written(name, title, base, target, tmp_path):
    out = tmp_path / "draft.yaml"
    assert cli.main(["draft", str(FIXTURES / name), "--out", str(out), "--catalog", str(SHIPPED)]) == 0
    loaded = catalog.load(out)  # raises CatalogError on any problem
    (plan,) = loaded.plans.values()
    assert (plan.title, plan.base_year, plan.target_year) == (title, base, target)
    assert loaded.indicators
    shipped_ids = {i["id"] for i in yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["indicators"]}
    assert not set(loaded.indicators) & shipped_ids


def test_the_first_seed_plan_block_and_junk():
    result = draft((FIXTURES / "000_38d853d575b6585a.txt").read_bytes())
    plan = result.plan
    assert (plan.document, str(plan.issued)) == ("渝府发〔2019〕32号", "2019-11-25")
    sources = " ".join(c.sentence for e in result.entries for c in e.targets)
    assert "博金" not in sources and "证照分离" not in sources  # site junk and the next document are cut


def test_table_rows_carry_baseline_rate_and_group():
    result = draft((FIXTURES / "000_38d853d575b6585a.txt").read_bytes())
    first = next(e.head for e in result.entries if e.head.section == "专栏1 第1项")
    assert (first.name, first.unit, first.baseline, first.value, first.group) == (
        "服务业增加值", "亿元", (2018, 10656), 14000, "总量规模")
    assert first.rate == (7, "%", "real")
    share = next(e.head for e in result.entries if e.head.section == "专栏1 第4项")
    assert share.kind == "share" and share.rate == (Decimal("0.4"), "pp", "pp")


def test_ids_avoid_the_loaded_catalog(tmp_path):
    loaded = tmp_path / "indicators.yaml"
    loaded.write_text("version: 1\nplans:\n  - {id: plan-2019-32, title: X, base_year: 2018, target_year: 2022}\n"
                      "indicators:\n  - {id: plan-2019-32-2-t01, plan: plan-2019-32, name: Y, kind: milestone, "
                      "target: {year: 2020}}\n", encoding="utf-8")
    result = service.make((FIXTURES / "000_38d853d575b6585a.txt").read_bytes(), catalog_path=loaded)
    assert result.draft.plan.id == "plan-2019-32-2"
    assert result.draft.entries[0].id == "plan-2019-32-2-t02"
    assert result.problems == []


def test_an_existing_out_file_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "plan.yaml"
    out.write_text("keep me", encoding="utf-8")
    code = cli.main(["draft", str(FIXTURES / "003_8745ddecfa6d881b.txt"), "--out", str(out), "--lang", "en"])
    assert code == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert f"{out} exists: choose another --out, or add --force" in capsys.readouterr().err


def test_an_empty_file_gets_a_message(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert cli.main(["draft", str(empty), "--out", str(tmp_path / "x.yaml"), "--lang", "en"]) == 1
    assert "holds no readable text" in capsys.readouterr().err


@pytest.mark.parametrize("plan_id, message", [
    ("Bad Id", "A plan ID has lowercase letters, digits and hyphens only, e.g. plan-2019-32"),
    ("other-plan", "The plan ID other-plan is already in the catalog: choose another --plan-id"),
])
def test_an_unusable_plan_id_is_refused_before_anything_is_written(plan_id, message, tmp_path, capsys):
    loaded = tmp_path / "indicators.yaml"
    loaded.write_text("version: 1\nplans:\n  - {id: other-plan, title: X, base_year: 2018, target_year: 2022}\n",
                      encoding="utf-8")
    out = tmp_path / "draft.yaml"
    code = cli.main(["draft", str(FIXTURES / "003_8745ddecfa6d881b.txt"), "--plan-id", plan_id, "--out", str(out),
                     "--catalog", str(loaded), "--lang", "en"])
    assert code == 1 and not out.exists()
    assert capsys.readouterr().err.strip() == f"error: {message}"
