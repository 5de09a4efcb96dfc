"""Failures of the database, as messages: a driver's exception translated into a `StoreUnavailable`.

`translate(exc, url, path)` maps what SQLite and PostgreSQL raise when the database itself is the
problem - a damaged or foreign file, a read-only file or role, a lock not granted in time (SQLite's
busy timeout, PostgreSQL's ``lock_timeout`` / ``statement_timeout``), a server that cannot be
reached - to one line for the user; anything else (a bug) is left alone (None).

The timeouts come from the environment, in seconds: ``DASHBOARD_SQLITE_BUSY_TIMEOUT`` (default 30),
``DASHBOARD_PG_LOCK_TIMEOUT`` (default 10: how long a write waits for another writer's table lock)
and ``DASHBOARD_PG_STATEMENT_TIMEOUT`` (default 30: how long one write statement may run).
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from dashboard.store.writes import StoreBusy, StoreReadOnly, StoreUnavailable

TIMEOUTS = {"DASHBOARD_SQLITE_BUSY_TIMEOUT": 30.0, "DASHBOARD_PG_LOCK_TIMEOUT": 10.0,
            "DASHBOARD_PG_STATEMENT_TIMEOUT": 30.0}


def timeout(name: str) -> float:
    """A timeout in seconds from the environment (`TIMEOUTS` gives the defaults); a bad value is an error."""
    text = os.environ.get(name, "").strip()
    if not text:
        return TIMEOUTS[name]
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 86_400:
        raise StoreUnavailable("store.fault.bad_timeout", name=name, found=text)
    return seconds


def _seconds(x: float) -> str:
    return f"{x:g}"


def _detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def translate(exc: BaseException, url: str, path: str | None = None) -> StoreUnavailable | None:
    """The `StoreUnavailable` a driver error stands for, or None (not a fault of the database)."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    text = str(orig).lower()
    if state is not None:  # PostgreSQL (psycopg)
        if state == "55P03":
            return StoreBusy("store.fault.busy", url=url, seconds=_seconds(timeout("DASHBOARD_PG_LOCK_TIMEOUT")))
        if state == "57014":
            return StoreBusy("store.fault.timeout", url=url,
                             seconds=_seconds(timeout("DASHBOARD_PG_STATEMENT_TIMEOUT")))
        if state in ("42501", "25006"):
            return StoreReadOnly("store.fault.read_only", url=url)
        if state.startswith("08") or state.startswith("28") or state == "3D000":
            return StoreUnavailable("store.fault.unreachable", url=url, detail=_detail(exc))
        return None
    if isinstance(exc, sa.exc.OperationalError) and url.startswith("postgresql"):  # e.g. connection refused
        return StoreUnavailable("store.fault.unreachable", url=url, detail=_detail(exc))
    if "readonly database" in text or "read-only" in text:
        return StoreReadOnly("store.fault.read_only", url=url)
    if "database is locked" in text or "database table is locked" in text:
        return StoreBusy("store.fault.busy", url=url, seconds=_seconds(timeout("DASHBOARD_SQLITE_BUSY_TIMEOUT")))
    if "file is not a database" in text or "malformed" in text or "disk i/o error" in text:
        return StoreUnavailable("store.fault.not_database", path=path or url, detail=_detail(exc))
    if "unable to open database file" in text:
        return StoreUnavailable("store.fault.unreachable", url=url, detail=_detail(exc))
    return None
