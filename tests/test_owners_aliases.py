"""`departments:` aliases: an old department name means the new one; mistakes are located catalog errors."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import assignments, catalog

BASE = """version: 1
plans:
  - {id: p, title: 规划, base_year: 2020, target_year: 2025}
indicators:
  - id: a
    plan: p
    name: 指标甲
    kind: level
    unit: 项
    baseline: {year: 2020, value: 1}
    target: {year: 2025, value: 2}
    direction: increase
    owner: [市科委, 市统计局]
"""


def test_an_old_name_in_an_owner_means_the_new_one():
    cat = catalog.parse(BASE + "departments:\n  - {name: 市科技局, aliases: [市科委]}\n")
    assert cat.indicators["a"].owners == ("市科技局", "市统计局")
    assert cat.department("市科委") == "市科技局" and cat.department("市统计局") == "市统计局"
    row = assignments.Assignment("a", "override", "市科委", (), "管理员", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "r")
    assert assignments.effective_owners(cat, [row]).indicators["a"].owners == ("市科技局",)
    assert catalog.parse(BASE).indicators["a"].owners == ("市科委", "市统计局")  # no table: names as written


def test_an_unknown_target_is_a_located_error_with_a_hint():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.parse(BASE + "departments:\n  - {name: 市统计厅, aliases: [市统计处]}\n")
    text = "\n".join(str(p) for p in err.value.problems)
    assert "indicators.yaml:15 departments[0].name: unknown department" in text and '"市统计局"' in text


def test_an_alias_listed_twice_is_a_located_error():
    with pytest.raises(catalog.CatalogError) as err:
        catalog.parse(BASE + "departments:\n  - {name: 市科技局, aliases: [市科委]}\n"
                             "  - {name: 市统计局, aliases: [市科委]}\n")
    assert [p.path for p in err.value.problems] == ["departments[1].aliases"]
    assert "alias listed twice" in err.value.problems[0].message


def test_a_manager_registered_under_the_old_name_writes_the_new_departments_figures(tmp_path):
    from dashboard.figures import Figure
    from dashboard.store import Actor, PermissionDenied, open_store

    cat = catalog.parse(BASE.replace("owner: [市科委, 市统计局]", "owner: 市科委")
                        + "departments:\n  - {name: 市科技局, aliases: [市科委]}\n")
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    result = store.add([Figure("a", 2021, "1.5")], Actor("王五", "manager", ["市科委"]), cat)
    assert result.added == 1 and store.current()["entered_by"].tolist() == ["王五"]
    with pytest.raises(PermissionDenied):
        store.add([Figure("a", 2022, "1.6")], Actor("赵六", "manager", ["市统计局"]), cat)
    assert store.count() == 1
    store.close()
