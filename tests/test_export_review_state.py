"""The current export carries each figure's review state, and reads back as it is: an import reads past the
column (a review state is the store's, never the file's)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard import catalog, cli
from dashboard.figures import Figure
from dashboard.store import Actor, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
IND = "services-value-added"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_current_export_has_the_review_state_and_imports_back_unchanged(tmp_path, capsys, fmt):
    cat = catalog.load(FIXTURE)
    url = f"sqlite:///{tmp_path / 'e.db'}"
    store = open_store(url)
    store.add([Figure(IND, 2019, "11000")], Actor("admin", "admin"), cat)
    store.add([Figure(IND, 2020, "11500")], Actor("li", "manager", ["市统计局"]), cat)
    out = tmp_path / f"current.{fmt}"
    assert cli.main(["export", "--format", fmt, "--out", str(out), "--database", url]) == 0
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert [(r["year"], r["review_state"]) for r in rows] == [("2019", "accepted"), ("2020", "submitted")]
    capsys.readouterr()
    assert cli.main(["import", str(out), "--by", "admin", "--catalog", str(FIXTURE), "--database", url]) == 0
    assert "保存 0 个数据（新增 0，修订 0），不变 2" in capsys.readouterr().out  # the file read back as it is
    assert store.count() == 2
    assert store.current()["review_state"].tolist() == ["accepted", "submitted"]  # a file cannot accept a figure
    store.close()
