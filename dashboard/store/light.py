"""The current figures of a SQLite store read through sqlite3 alone, for read-only commands (`status`):
importing SQLAlchemy and building the store's tables costs more (~0.15 s) than the whole read.

Only a plain file URL whose schema is current is read here; anything else — PostgreSQL, a URL with
options, a missing, damaged, locked or older database — gives None, and the caller opens the full
`Store`, which migrates, waits or says what is wrong exactly as before. The read itself is the store's
own (`rows.read_current`), so both give the same frame.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pandas as pd

from dashboard.store.rows import ENV_URL, MIGRATION_NAMES, default_url, read_current


def current(url: str | None = None) -> pd.DataFrame | None:
    """`Store.current()` of the SQLite file at `url` (else $DASHBOARD_DATABASE_URL, else data/dashboard.db),
    or None when it is not such a store that this module can read as it stands."""
    url = url or os.environ.get(ENV_URL) or default_url()
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url == prefix or url.endswith(":memory:"):
        return None
    path = Path(url[len(prefix):])
    if not path.is_file():
        return None
    uri = f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        if names != set(MIGRATION_NAMES):
            return None
        conn.execute("BEGIN")  # both statements read one snapshot
        try:
            return read_current(conn, "?")
        finally:
            conn.rollback()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
