"""Making the SQLAlchemy engine of a store URL: SQLite files (created owner-only, opened read-only when they
cannot be written, WAL, a busy timeout, BEGIN IMMEDIATE for writes) and PostgreSQL; a URL that cannot be used
is a `StoreUnavailable` with one line for the user."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from dashboard.store import faults
from dashboard.store.writes import MissingDatabase, StoreUnavailable


def _shown(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL that does not parse is shown as given
        return url


def make_engine(url: str, create: bool = True) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreUnavailable("store.fault.not_url", url=url, detail=exc) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreUnavailable("store.fault.scheme", url=_shown(url), detail=parsed.drivername)
    try:
        if parsed.get_backend_name() != "sqlite":
            return sa.create_engine(parsed, pool_pre_ping=True)
    except (sa.exc.NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreUnavailable("store.fault.scheme", url=_shown(url), detail=exc) from None
    connect_args, read_only = {"timeout": faults.timeout("DASHBOARD_SQLITE_BUSY_TIMEOUT")}, False
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        path = Path(parsed.database)
        if not create and not path.is_file():
            raise MissingDatabase("store.fault.missing", path=parsed.database)
        if path.is_dir():
            raise StoreUnavailable("store.fault.not_database", path=path, detail="a directory")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):  # another process was first
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # empty file: empty db
        elif not os.access(path, os.W_OK):
            read_only = True
    if read_only:  # the URL stays the one given (for messages); the connection opens the file read-only
        uri, seconds = f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro", connect_args["timeout"]
        engine = sa.create_engine(parsed, creator=lambda: sqlite3.connect(uri, uri=True, timeout=seconds,
                                                                          check_same_thread=False))
    else:
        engine = sa.create_engine(parsed, connect_args=connect_args)
    busy_ms = int(connect_args["timeout"] * 1000)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("dashboard_write") else "BEGIN")

    return engine
