"""The read-only SQLite path of `status` (store_light, sqlite3 alone) gives exactly what `Store.current()`
gives, leaves every case it cannot read to the full store, and keeps SQLAlchemy out of the command."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import catalog
from dashboard.figures import Figure
from dashboard.review import reviewer_actor
from dashboard.store import Actor, open_store
from dashboard.store import light as store_light

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "catalog" / "indicators.yaml"
ADMIN = Actor("admin-1", "admin")
STATS = Actor("王五", "manager", ("市统计局",))
IND = "services-value-added"


@pytest.fixture
def reviewed(tmp_path):
    """A store with accepted, submitted, returned and retracted figures."""
    cat = catalog.load(FIXTURE)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    db = open_store(url)
    others = [i for i in cat.indicators if i != IND and cat.indicators[i].kind == "level"][:2]
    db.add([Figure(i, 2020, "100") for i in others], ADMIN, cat, confirm_jumps=True)
    db.add([Figure(IND, 2019, "11000"), Figure(IND, 2020, "11500")], STATS, cat)
    db.return_figure(IND, 2019, "与统计公报不符", reviewer_actor("规划处"), cat)
    db.retract(others[0], 2020, "录入错误", ADMIN, cat)
    db.add([Figure(others[1], 2020, "101", note="改正")], ADMIN, cat, confirm_jumps=True)
    yield url, db, others
    db.close()


def test_the_light_read_equals_the_store_for_every_state(reviewed):
    url, db, others = reviewed
    light, full = store_light.current(url), db.current()
    pd.testing.assert_frame_equal(light, full)
    states = dict(zip(zip(full["indicator_id"], full["year"], strict=True), full["review_state"], strict=True))
    assert states[(IND, 2019)] == "returned" and states[(IND, 2020)] == "submitted"
    assert (others[0], 2020) not in states and states[(others[1], 2020)] == "accepted"


def test_what_the_light_path_cannot_read_goes_to_the_store(tmp_path, reviewed):
    url, _, _ = reviewed
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    old = tmp_path / "old.db"
    with sqlite3.connect(url.removeprefix("sqlite:///")) as src, sqlite3.connect(old) as conn:
        src.backup(conn)  # a copy of the store (WAL included) whose schema lacks the newest migration
        conn.execute("DELETE FROM schema_migrations WHERE name = '0006_owner_assignments'")
    for other in ("postgresql+psycopg://u:p@localhost/x", f"sqlite:///{tmp_path / 'missing.db'}",
                  f"sqlite:///{garbage}", f"sqlite:///{old}", f"{url}?timeout=5", "sqlite://", "sqlite:///:memory:"):
        assert store_light.current(other) is None, other


def test_status_reads_without_sqlalchemy_and_prints_what_the_store_gives(reviewed):
    url, _, _ = reviewed
    env = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_CATALOG": str(FIXTURE)}
    probe = ("import sys, runpy; sys.argv = ['dashboard', 'status', '--format', 'json']\n"
             "try:\n    runpy.run_module('dashboard', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'NONE', file=sys.stderr)")
    light = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert light.stderr.strip().splitlines()[-1] == "NONE", light.stderr
    full_env = {**env, "DASHBOARD_DATABASE_URL": url + "?timeout=5"}  # a URL with options: the full store
    full = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=full_env, capture_output=True, text=True)
    assert full.stderr.strip().splitlines()[-1] == "SQLALCHEMY", full.stderr
    light_rows, full_rows = json.loads(light.stdout), json.loads(full.stdout)
    assert light_rows == full_rows
    assert any(r.get("latest_value") == 11500.0 for r in light_rows)
