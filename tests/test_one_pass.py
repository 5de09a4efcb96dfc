"""One pass over a file gives every problem at once - values, ids, years, duplicates, jumps and
permissions - with the counts; all or nothing, or exactly the valid rows; on both databases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import catalog, cli
from dashboard.figures import Figure, InvalidFigures
from dashboard.store import Actor, PermissionDenied, open_store
from tests.pg import postgres_database, store_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
STATS = Actor("王五", "manager", ("市统计局",))
FILE = pd.DataFrame([
    (2, "services-value-added", 2019, "11500"),   # new
    (3, "services-share", 2019, "53.5"),          # revised (53 stored)
    (4, "services-share", 2020, "53"),            # unchanged
    (5, "approval-days", 2019, "10"),             # another department's indicator
    (6, "services-value-added", 2020, "12,3"),    # bad value
    (7, "base-stations", 2019, "5"),              # another department's, and a bad year below
    (8, "services-share", 2031, "54"),            # year out of range
    (9, "services-value-added", 2021, "12100"),   # duplicate of row 10
    (10, "services-value-added", 2021, "12200"),
    (11, "services-share", 2022, "5"),            # a 10x jump down from 2020
], columns=["row", "indicator_id", "year", "value"])
EXPECTED = [(5, "indicator_id"), (6, "value"), (7, "indicator_id"), (8, "year"), (9, "year"), (10, "year"),
            (11, "value")]


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


@pytest.fixture
def db(store_url, cat):  # noqa: F811
    s = open_store(store_url)
    s.add([Figure("services-share", 2019, "53"), Figure("services-share", 2020, "53")], Actor("a", "admin"), cat)
    yield s
    s.close()


def test_check_names_every_problem_and_counts_what_would_happen(db, cat):
    changes, problems = db.check(FILE, cat, user=STATS)
    assert [(p.row, p.column) for p in problems] == EXPECTED
    assert dict(zip(changes["row"], changes["change"], strict=True)) == {2: "new", 3: "revised", 4: "unchanged"}
    assert "approval" not in " ".join(p.text("zh") for p in problems)


def test_a_refused_file_stores_nothing_and_lists_the_same_problems(db, cat):
    before = db.count()
    with pytest.raises(PermissionDenied) as err:
        db.add(FILE, STATS, cat)
    assert [(p.row, p.column) for p in err.value.problems] == EXPECTED
    assert db.count() == before
    assert sorted(db.audit_log(user="王五")["indicator_id"]) == ["approval-days", "base-stations"]
    with pytest.raises(InvalidFigures) as err:  # an admin may write them all; the other problems remain
        db.add(FILE, Actor("a", "admin"), cat)
    assert [p.row for p in err.value.problems] == [6, 8, 9, 10, 11]
    assert db.count() == before


def test_skip_invalid_stores_exactly_the_valid_rows(db, cat):
    result = db.add(FILE, STATS, cat, skip_invalid=True)
    assert (result.new, result.revised, result.unchanged, result.refused) == (1, 1, 1, 7)
    current = db.current()
    assert list(zip(current["indicator_id"], current["year"], current["value"], strict=True)) == [
        ("services-share", 2019, 53.5), ("services-share", 2020, 53.0), ("services-value-added", 2019, 11500.0)]


def test_dry_run_prints_the_same_list_as_the_import(tmp_path, cat, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    file = tmp_path / "f.csv"
    FILE.drop(columns="row").to_csv(file, index=False)
    args = ["import", str(file), "--catalog", str(FIXTURE), "--database", url, "--lang", "en"]
    assert cli.main([*args, "--dry-run"]) == 1
    dry = capsys.readouterr().out.splitlines()
    assert cli.main(args) == 1
    real = capsys.readouterr().out.splitlines()
    problems = [line for line in dry if line.startswith("  row ") and "," in line.split(":")[0]]
    assert len(problems) == 5 and problems == real[1:6]  # the admin: no permission problems
    assert dry[-1] == "dry run, nothing stored: 5 new, 0 revised, 0 unchanged, 5 refused"
    assert real[-1] == "nothing stored: fix the rows above, or use --skip-invalid to store the 5 valid rows"
    assert open_store(url).count() == 0
