"""The store: every yearly figure in a database (SQLite file or PostgreSQL), append-only, with its review
state and the audit trail. Modules:

- `database` — `Store` and `open_store` (SQLAlchemy): writes under one lock, reads, reviews, locks, audit;
- `engine` — the SQLAlchemy engine of a URL (SQLite files and PostgreSQL), its faults as one line;
- `rows` — the typed frames of query rows and the current-figures read (no SQLAlchemy);
- `reviews` — review states and locked periods, a part of `Store`;
- `migrations` — the tables and their ordered migrations; `faults` — database errors as one-line messages;
- `writes` — the store's public types: `Actor`, `WriteResult` and the refusals;
- `light` — the current figures of a SQLite file through sqlite3 alone (read-only commands).

`from dashboard.store import open_store, Actor, …` works as before: the names load on first use, so that
importing `dashboard.store.light` (or `writes`) does not import SQLAlchemy.
"""

from __future__ import annotations

import importlib

_WRITES = {"Actor", "Conflict", "MissingDatabase", "PermissionDenied", "Role", "StaleFigures", "StoreBusy",
           "StoreReadOnly", "StoreUnavailable", "WriteResult", "named_as_in", "plain"}


_MODULES = {"database", "engine", "rows", "reviews", "migrations", "faults", "writes", "light"}


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name in _MODULES:  # `from dashboard.store import light`: that module alone
        return importlib.import_module(f"dashboard.store.{name}")
    module = importlib.import_module("dashboard.store.writes" if name in _WRITES else "dashboard.store.database")
    try:
        value = getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'dashboard.store' has no attribute {name!r}") from None
    globals()[name] = value
    return value
