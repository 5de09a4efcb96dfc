"""A catalog read before comes back from the cache only while its files and the code are unchanged: an edited
file, a new file in a globbed folder, other code or a folder others may write all mean reading it again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import catalog
from dashboard.catalog import cache

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A catalog that includes plans/*.yaml (one plan file), and a private cache folder."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    (root / "plans").mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8").replace("version: 1\n", "version: 1\ninclude: [plans/*.yaml]\n", 1)
    (root / "indicators.yaml").write_text(text, encoding="utf-8")
    (root / "plans" / "a.yaml").write_text(_plan("a", "甲规划"), encoding="utf-8")
    return root


def _plan(pid: str, title: str) -> str:
    return (f"plans:\n  - {{id: {pid}, title: {title}, base_year: 2020, target_year: 2025}}\nindicators:\n"
            f"  - {{id: {pid}-x, plan: {pid}, name: {title}指标, unit: 家, kind: level, direction: increase,\n"
            "     target: {year: 2025, value: 10}}\n")


def _reads(monkeypatch) -> list:
    """Count the reads of catalog files (a cache hit reads none)."""
    calls, real = [], catalog._read
    monkeypatch.setattr(catalog, "_read", lambda path: calls.append(path) or real(path))
    return calls


def test_an_unchanged_catalog_comes_from_the_cache_and_equals_a_fresh_read(folder, monkeypatch):
    first = catalog.load(folder / "indicators.yaml")
    reads = _reads(monkeypatch)
    again = catalog.load(folder / "indicators.yaml")
    assert reads == [] and again.frame().equals(first.frame()) and again.plans == first.plans


def test_an_edited_file_or_a_new_file_in_a_globbed_folder_is_read_again(folder, monkeypatch):
    catalog.load(folder / "indicators.yaml")
    reads = _reads(monkeypatch)
    (folder / "plans" / "a.yaml").write_text(_plan("a", "乙规划"), encoding="utf-8")
    assert catalog.load(folder / "indicators.yaml").plans["a"].title == "乙规划" and len(reads) == 1
    (folder / "plans" / "b.yaml").write_text(_plan("b", "丙规划"), encoding="utf-8")
    assert "b" in catalog.load(folder / "indicators.yaml").plans and len(reads) == 2
    (folder / "plans" / "b.yaml").unlink()
    assert "b" not in catalog.load(folder / "indicators.yaml").plans and len(reads) == 3


def test_other_code_an_untrusted_folder_or_a_broken_file_means_a_fresh_read(folder, monkeypatch, tmp_path):
    catalog.load(folder / "indicators.yaml")
    reads = _reads(monkeypatch)
    monkeypatch.setattr(catalog, "_CODE", b"other code")
    catalog.load(folder / "indicators.yaml")
    assert len(reads) == 1
    os.chmod(cache.folder("loaded"), 0o777)  # others could have written it: not trusted
    catalog.load(folder / "indicators.yaml")
    catalog.load(folder / "indicators.yaml")
    assert len(reads) == 3
    (folder / "plans" / "a.yaml").write_text("plans: [", encoding="utf-8")
    for _ in range(2):  # a refused catalog is never kept
        with pytest.raises(catalog.CatalogError):
            catalog.load(folder / "indicators.yaml")
    assert len(reads) == 5


def test_the_cache_keeps_only_the_newest_files(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    for i in range(cache.KEEP + 5):
        cache.put("test", f"k{i}", i)
    kept = list(cache.folder("test").glob("*.pickle"))
    assert len(kept) == cache.KEEP and cache.get("test", f"k{cache.KEEP + 4}") == cache.KEEP + 4
    assert oct(cache.folder("test").stat().st_mode & 0o777) == "0o700"
