"""PostgreSQL-only behaviour: the URL from the environment, column types, the commands end to end.

The store's behaviour itself is tested on both databases in test_store.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import cli
from dashboard.store import ENV_URL, open_store
from tests.pg import postgres_database  # noqa: F401

pytestmark = pytest.mark.postgres
FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"


def test_the_module_database_starts_empty_and_the_env_url_is_used(postgres_database, monkeypatch):  # noqa: F811
    engine = sa.create_engine(postgres_database)
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    engine.dispose()
    monkeypatch.setenv(ENV_URL, postgres_database)
    store = open_store()
    assert store.engine.dialect.name == "postgresql" and store.url.endswith(sa.make_url(postgres_database).database)
    with store.engine.connect() as conn:
        types = dict(conn.execute(sa.text(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'figures'")).all())
        triggers = set(conn.execute(sa.text(
            "SELECT trigger_name FROM information_schema.triggers WHERE event_object_table = 'figures'")).scalars())
    assert types["entered_at"] == "timestamp with time zone" and types["value"] == "double precision"
    assert triggers == {"figures_append_only"}
    store.close()


def test_commands_end_to_end_on_postgresql(postgres_database, tmp_path, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_LANG", "en")
    file = tmp_path / "in.csv"
    with open(file, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["indicator_id", "year", "value", "note"], ["services-share", 2019, "53.2", "公报"],
                                 ["services-value-added", 2019, "11,500.5", ""]])
    args = ["--catalog", str(FIXTURE), "--database", postgres_database]
    assert cli.main(["import", str(file), "--by", "pg-user", *args]) == 0
    assert cli.main(["import", str(file), "--by", "pg-user", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "stored 0 figures as pg-user (0 new, 0 revised), 2 unchanged"
    out = tmp_path / "out.xlsx"
    assert cli.main(["export", "--out", str(out), "--database", postgres_database]) == 0
    store = open_store(postgres_database)
    current = store.current()
    assert current[["indicator_id", "value", "entered_by"]].values.tolist() == [
        ["services-share", 53.2, "pg-user"], ["services-value-added", 11500.5, "pg-user"]]
    assert str(current["entered_at"].dt.tz) == "UTC"
    store.close()
