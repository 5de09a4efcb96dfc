"""A PostgreSQL server for tests: start the Debian cluster, make a fresh database per test module.

Use the fixtures by importing them into a test module::

    from tests.pg import postgres_database, store_url  # noqa: F401

`postgres_database` (module scope) yields the URL of a new, empty database that is dropped
afterwards. `store_url` (per test, parametrised) yields a fresh SQLite file or a fresh schema
in that PostgreSQL database, so every store test runs against both. Without PostgreSQL the
PostgreSQL cases skip with the reason on a laptop and fail under CI=true (`tests.tools`).

Set DASHBOARD_TEST_POSTGRES_URL (a role allowed to CREATE DATABASE, e.g.
``postgresql+psycopg://me:pw@localhost/postgres``) to use a server of your own instead.
"""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from tests.tools import in_ci, require_tool

ROLE = PASSWORD = "dashboard_test"
ENV_URL = "DASHBOARD_TEST_POSTGRES_URL"


def _fail_or_skip(message: str):
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def _as_postgres(sql: str, port: str) -> str:
    out = subprocess.run(["su", "postgres", "-c", f'psql -p {port} -tAc "{sql}"'], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"psql as postgres failed: {out.stderr.strip()}")
    return out.stdout.strip()


def ensure_cluster() -> str:
    """Start the Debian cluster if needed, make sure the test role exists; return an admin URL."""
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    require_tool("pg_ctlcluster", "the PostgreSQL store tests need a PostgreSQL server")
    if os.geteuid() != 0:
        _fail_or_skip(f"starting the PostgreSQL cluster needs root (or set {ENV_URL})")
    clusters = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True)
    lines = [line.split() for line in clusters.stdout.splitlines() if line.strip()]
    if not lines:
        _fail_or_skip("pg_lsclusters lists no PostgreSQL cluster (create one with pg_createcluster)")
    version, name, port, status = lines[0][:4]
    if status != "online":
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True, capture_output=True)
    if _as_postgres(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'", port) != "1":
        _as_postgres(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'", port)
    return f"postgresql+psycopg://{ROLE}:{PASSWORD}@localhost:{port}/postgres"


def _admin(admin_url: str, sql: str) -> None:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def create_database(admin_url: str, prefix: str = "dash_test") -> str:
    """A new empty database; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    _admin(admin_url, f"CREATE DATABASE {name}")
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    _admin(admin_url, f"DROP DATABASE IF EXISTS {sa.make_url(url).database} WITH (FORCE)")


def fresh_schema(url: str) -> str:
    """A new empty schema in the database at `url`; returns a URL whose search_path is that schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    finally:
        engine.dispose()
    return sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


@pytest.fixture(scope="module")
def postgres_database():
    """URL of a fresh PostgreSQL database for the test module, dropped afterwards."""
    admin_url = ensure_cluster()
    url = create_database(admin_url)
    yield url
    drop_database(admin_url, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty database URL: a SQLite file in tmp_path, or a new schema in PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dashboard.db'}"
    return fresh_schema(request.getfixturevalue("postgres_database"))
