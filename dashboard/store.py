"""The actuals store: append-only yearly figures with revisions, retractions and an audit trail.

All SQL of the project lives here and in `dashboard/migrations.py` (the schema). SQLAlchemy
Core, parameterised queries only. The default database is the SQLite file
``data/dashboard.db`` (WAL journal, 30 s busy timeout); any SQLAlchemy URL can be given, or set
in the environment variable ``DASHBOARD_DATABASE_URL`` (PostgreSQL:
``postgresql+psycopg://user:password@host/db``).

Every write is one transaction that takes the write lock before it reads anything (SQLite:
BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE), so two writers
never compute the same revision number and no write is lost; readers are never blocked.

A figure is never changed or deleted: a correction adds revision n+1 of its (indicator, year);
a retraction adds a row with action 'retract' and a reason. `current()` shows, per (indicator,
year), the newest revision unless that is a retraction. Who may write is decided here too
(`Actor`, with the other plain types of a write in `dashboard/writes.py`): admins anything,
managers the indicators their departments own, viewers nothing; a
refused attempt raises `PermissionDenied` and is recorded in `audit_events`.

Lost updates: a writer that shows figures before changing them (the entry page) passes, per
figure, the revision it showed in a `base_revision` column (0: no figure was shown). Inside the
write transaction, after taking the lock, `add` compares it with the current revision and refuses
the whole write with `StaleFigures` when another writer got there first. Without the column (an
import) nothing is compared.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from dashboard import migrations
from dashboard.figures import FigureError, InvalidFigures, as_frame, text_or_none, validate
from dashboard.migrations import audit_events, figures
from dashboard.writes import (  # noqa: F401 - the store's public types live there
    Actor,
    Conflict,
    MissingDatabase,
    PermissionDenied,
    Role,
    StaleFigures,
    WriteResult,
    plain,
)

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "dashboard.db"
ENV_URL = "DASHBOARD_DATABASE_URL"
CHUNK = 500

CURRENT_COLUMNS = ["indicator_id", "year", "value", "figure_status", "source", "note", "entered_by", "entered_at",
                   "revision", "confirmed_jump"]
HISTORY_COLUMNS = ["indicator_id", "year", "revision", "action", "value", "figure_status", "source", "note",
                   "reason", "confirmed_jump", "entered_by", "entered_at"]
AUDIT_COLUMNS = ["at", "user", "action", "indicator_id", "year", "revision", "old_value", "new_value",
                 "figure_status", "reason", "note"]
CHANGE_COLUMNS = ["row", "indicator_id", "year", "change", "old_value", "value", "figure_status", "confirmed_jump"]


def default_url() -> str:
    return f"sqlite:///{DEFAULT_PATH}"


def open_store(url: str | None = None, create: bool = True) -> Store:
    """Open (and migrate) the store at `url`, else $DASHBOARD_DATABASE_URL, else data/dashboard.db.

    `create=False` (read-only commands): a SQLite file that does not exist raises
    `MissingDatabase` instead of being created empty (a mistyped path would show "no data").
    """
    url = url or os.environ.get(ENV_URL) or default_url()
    engine = make_engine(url, create)
    store = Store(engine)
    store.migrations_applied = migrations.migrate(engine)
    return store


def make_engine(url: str, create: bool = True) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        if not create and not Path(parsed.database).is_file():
            raise MissingDatabase(f"no database at {parsed.database}: run `python -m dashboard init-db` (or `make run`)"
                                  " first, or check --database / DASHBOARD_DATABASE_URL")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("dashboard_write") else "BEGIN")

    return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _frame(rows: list, columns: list[str], ints: str = "int64") -> pd.DataFrame:
    """Query rows as a DataFrame with fixed dtypes (`ints`: "Int64" where years may be missing)."""
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    types = {"year": ints, "revision": ints, "value": "float64", "old_value": "float64",
             "new_value": "float64", "confirmed_jump": "bool"}
    for col in ("entered_at", "at"):
        if col in frame:
            frame[col] = pd.to_datetime(frame[col], utc=True)
    for col in ("indicator_id", "figure_status", "source", "note", "entered_by", "action", "reason", "user"):
        if col in frame:
            frame[col] = frame[col].astype("str")
    return frame.astype({c: t for c, t in types.items() if c in frame})


def _same(old: dict, new: dict) -> bool:
    return (math.isclose(old["value"], new["value"], rel_tol=1e-12, abs_tol=0.0)
            and all(text_or_none(old[c]) == text_or_none(new[c]) for c in ("figure_status", "source", "note")))


class Store:
    """Yearly figures in a database (see the module docstring); build it with `open_store`."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.migrations_applied: list[str] = []

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One write transaction holding the write lock from its first statement."""
        with self.engine.connect() as conn:
            conn.execution_options(dashboard_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE")
                yield conn

    # ------------------------------------------------------------------ reads

    @staticmethod
    def _latest_query(indicator_ids, columns: list[str]) -> sa.Select:
        """The newest row (any action) of every (indicator, year)."""
        f = figures.c
        newest = sa.select(f.indicator_id, f.year, sa.func.max(f.revision).label("revision"))
        if indicator_ids is not None:
            newest = newest.where(f.indicator_id.in_(list(indicator_ids)))
        newest = newest.group_by(f.indicator_id, f.year).subquery()
        return sa.select(*(f[c] for c in columns)).join(
            newest, sa.and_(f.indicator_id == newest.c.indicator_id, f.year == newest.c.year,
                            f.revision == newest.c.revision))

    def _latest(self, conn: sa.Connection, indicator_ids=None) -> list[dict]:
        rows = conn.execute(self._latest_query(indicator_ids, HISTORY_COLUMNS))
        return [dict(zip(HISTORY_COLUMNS, r, strict=True)) for r in rows]

    def current(self, indicator_ids=None) -> pd.DataFrame:
        """The current figure of every (indicator, year): its newest revision, unless retracted."""
        if indicator_ids is not None and len(indicator_ids) == 0:
            return _frame([], CURRENT_COLUMNS)
        query = self._latest_query(indicator_ids, CURRENT_COLUMNS).where(figures.c.action == "enter")
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return _frame(rows, CURRENT_COLUMNS).sort_values(["indicator_id", "year"], ignore_index=True)

    def history(self, indicator_id: str | None = None, year: int | None = None) -> pd.DataFrame:
        """Every revision of an indicator's figures (of one year, if given; of all, if None), retractions
        included, oldest first (by year, then revision)."""
        query = sa.select(*(figures.c[c] for c in HISTORY_COLUMNS))
        if indicator_id is not None:
            query = query.where(figures.c.indicator_id == indicator_id)
        if year is not None:
            query = query.where(figures.c.year == int(year))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return _frame(rows, HISTORY_COLUMNS).sort_values(["indicator_id", "year", "revision"], ignore_index=True)

    def count(self) -> int:
        """Number of figure rows (revisions and retractions): it only ever grows."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(figures)).scalar_one()

    def audit_log(self, indicator_id: str | None = None, user: str | None = None,
                  since: dt.datetime | None = None) -> pd.DataFrame:
        """Every write and refused attempt, newest first: who, when, what, old value → new value."""
        f, a = figures.c, audit_events.c
        old = sa.func.lag(f.value).over(partition_by=(f.indicator_id, f.year), order_by=f.revision)
        writes = sa.select(f.entered_at.label("at"), f.entered_by.label("user"), f.action, f.indicator_id, f.year,
                           f.revision, old.label("old_value"), f.value.label("new_value"), f.figure_status,
                           f.reason, f.note)
        none = sa.null()
        denied = sa.select(a.at, a.actor.label("user"), a.event.label("action"), a.indicator_id, a.year,
                           none.label("revision"), none.label("old_value"), none.label("new_value"),
                           none.label("figure_status"), a.detail.label("reason"), none.label("note"))
        for col_f, col_a, wanted in ((f.indicator_id, a.indicator_id, indicator_id), (f.entered_by, a.actor, user)):
            if wanted is not None:
                writes, denied = writes.where(col_f == wanted), denied.where(col_a == wanted)
        with self.engine.connect() as conn:
            rows = conn.execute(writes).all() + conn.execute(denied).all()
        log = _frame(rows, AUDIT_COLUMNS, ints="Int64")
        if since is not None:
            ts = pd.Timestamp(since)
            log = log[log["at"] >= (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC"))]
        return log.sort_values("at", ascending=False, ignore_index=True, kind="stable")

    # ------------------------------------------------------------------ permission

    def authorise(self, frame: pd.DataFrame, user: Actor, catalog) -> None:
        """Raise PermissionDenied (after logging the attempt) unless `user` may write every figure."""
        ids = frame["indicator_id"].map(text_or_none) if "indicator_id" in frame else pd.Series(dtype="str")
        years: dict[str, list] = {}
        for ind_id, year in zip(ids, frame.get("year", pd.Series([None] * len(frame))), strict=True):
            if ind_id is not None:
                years.setdefault(ind_id, []).append(year)
        if user.role == "viewer":
            refused = list(years)
            message = f"permission denied: {user.describe()} may not write figures — viewers only read"
        else:
            refused = [i for i in years if i in catalog.indicators and not user.may_write(catalog.indicators[i].owner)]
            owners = [f"{i} (owner {catalog.indicators[i].owner or 'none: admins only'})" for i in refused]
            shown = ", ".join(owners[:5]) + (f" and {len(owners) - 5} more" if len(owners) > 5 else "")
            message = (f"permission denied: {user.describe()} may not write figures of {shown} — a manager writes "
                       "only indicators owned by one of their departments")
        if not refused and user.role != "viewer":
            return
        self._log_denied(user, refused or [None], years, message)
        raise PermissionDenied(message)

    def _log_denied(self, user: Actor, refused: list, years: dict, message: str) -> None:
        rows = []
        for ind_id in refused:
            ys = sorted({str(y) for y in years.get(ind_id, [])})
            one = int(ys[0]) if len(ys) == 1 and ys[0].isdigit() else None
            rows.append({"at": _now(), "actor": user.name, "role": user.role,
                         "departments": ", ".join(user.departments), "event": "access_denied",
                         "indicator_id": ind_id, "year": one,
                         "detail": f"{message} (years: {', '.join(ys) or '—'})"})
        with self._writing() as conn:
            conn.execute(sa.insert(audit_events), rows)

    # ------------------------------------------------------------------ writes

    @staticmethod
    def _conflicts(frame: pd.DataFrame, by_key: dict) -> list[Conflict]:
        """Rows whose `base_revision` is not the current figure's revision (0: none)."""
        if "base_revision" not in frame:
            return []
        numbers = frame["row"].tolist() if "row" in frame else list(range(2, len(frame) + 2))
        out = []
        for rownum, ind_id, year, base in zip(numbers, frame["indicator_id"].map(text_or_none), frame["year"],
                                              frame["base_revision"], strict=True):
            try:
                key, expected = (ind_id, int(year)), int(base)
            except (TypeError, ValueError):  # no check asked (NA), or a year validation refuses anyway
                continue
            prev = by_key.get(key)
            now = prev["revision"] if prev is not None and prev["action"] == "enter" else 0
            if prev is not None and now != expected:
                out.append(Conflict(int(rownum), ind_id, key[1], expected, now, prev["action"], prev["value"],
                                    prev["entered_by"], prev["entered_at"]))
        return out

    def _plan(self, conn, frame: pd.DataFrame, catalog, confirm_jumps) -> tuple[pd.DataFrame, list, list[dict]]:
        """Validate against the stored figures; return (change rows, problems, rows to insert).

        Raises StaleFigures when a `base_revision` (see the module docstring) is out of date.
        """
        ids = {i for i in frame.get("indicator_id", pd.Series(dtype="str")).map(text_or_none) if i}
        latest = self._latest(conn, ids) if ids else []
        conflicts = self._conflicts(frame, {(r["indicator_id"], r["year"]): r for r in latest})
        if conflicts:
            raise StaleFigures(conflicts)
        live = [r for r in latest if r["action"] == "enter"]
        current = pd.DataFrame({c: [r[c] for r in live] for c in ("indicator_id", "year", "value")})
        valid, problems = validate(frame, catalog, current, confirm_jumps)
        by_key = {(r["indicator_id"], r["year"]): r for r in latest}
        changes, inserts = [], []
        columns = [valid[c].tolist() for c in valid.columns]
        for fig in (dict(zip(valid.columns, cells, strict=True)) for cells in zip(*columns, strict=True)):
            fig.update({c: text_or_none(fig[c]) for c in ("source", "note")})
            prev = by_key.get((fig["indicator_id"], fig["year"]))
            is_live = prev is not None and prev["action"] == "enter"
            change = "unchanged" if is_live and _same(prev, fig) else ("revised" if is_live else "new")
            changes.append({**fig, "change": change, "old_value": prev["value"] if is_live else math.nan})
            if change != "unchanged":
                inserts.append({k: fig[k] for k in ("indicator_id", "year", "value", "figure_status", "source",
                                                    "note", "confirmed_jump")}
                               | {"action": "enter", "revision": (prev["revision"] + 1) if prev else 1})
        return pd.DataFrame(changes, columns=CHANGE_COLUMNS), problems, inserts

    def check(self, figures_in, catalog, *, confirm_jumps: bool | set = False) -> tuple[pd.DataFrame, list]:
        """What `add` would do, storing nothing: (one change row per valid figure, problems).

        Raises StaleFigures as `add` does.
        """
        with self.engine.connect() as conn:
            changes, problems, _ = self._plan(conn, as_frame(figures_in), catalog, confirm_jumps)
        return changes, problems

    def add(self, figures_in, user: Actor, catalog, *, confirm_jumps: bool | set = False) -> WriteResult:
        """Validate and store figures, all or nothing; an identical figure is not stored again.

        Raises PermissionDenied (logged), StaleFigures (a `base_revision` is out of date: checked
        after taking the write lock) or InvalidFigures (every problem); nothing is stored then.
        """
        frame = as_frame(figures_in)
        self.authorise(frame, user, catalog)
        with self._writing() as conn:
            changes, problems, inserts = self._plan(conn, frame, catalog, confirm_jumps)
            if problems:
                raise InvalidFigures(problems)
            at = _now()
            rows = [r | {"entered_by": user.name, "entered_at": at, "reason": None} for r in inserts]
            for start in range(0, len(rows), CHUNK):
                self._insert(conn, rows[start:start + CHUNK])
        counts = changes["change"].value_counts()
        return WriteResult(len(inserts), int(counts.get("unchanged", 0)), int(counts.get("new", 0)),
                           int(counts.get("revised", 0)), changes)

    def _insert(self, conn: sa.Connection, rows: list[dict]) -> None:
        conn.execute(sa.insert(figures), rows)

    def retract(self, indicator_id: str, year: int, reason: str, user: Actor, catalog) -> int:
        """Withdraw the current figure of (indicator, year) with a reason; return the retraction's revision."""
        reason = text_or_none(reason)
        if reason is None:
            raise FigureError("a retraction needs a reason — expected text saying why the figure is withdrawn "
                              '(e.g. "entered for the wrong year"), found nothing')
        if indicator_id not in catalog.indicators:
            raise FigureError(f'unknown indicator "{indicator_id}" — expected an indicator id from the catalog')
        self.authorise(pd.DataFrame({"indicator_id": [indicator_id], "year": [year]}), user, catalog)
        with self._writing() as conn:
            row = next((r for r in self._latest(conn, [indicator_id]) if r["year"] == int(year)), None)
            if row is None or row["action"] != "enter":
                raise FigureError(f"nothing to retract — expected a current figure for {indicator_id} {year}, "
                                  "found none (never entered, or already retracted)")
            revision = row["revision"] + 1
            self._insert(conn, [{"indicator_id": indicator_id, "year": int(year), "revision": revision,
                                 "action": "retract", "value": None, "figure_status": None, "source": None,
                                 "note": None, "reason": reason, "confirmed_jump": False, "entered_by": user.name,
                                 "entered_at": _now()}])
        return revision

    def log_event(self, action: str, user: str | None, detail: str, client: str | None = None) -> None:
        """Record an account event (sign-in, throttling, user changes) in the audit trail: who (`user`),
        when (now), from where (`client`: an address, or "CLI"; kept in the detail text)."""
        where = f" (from {client})" if client else ""
        row = {"at": _now(), "actor": (user or "—")[:200], "role": "", "departments": "", "event": action,
               "indicator_id": None, "year": None, "detail": f"{detail}{where}"}
        with self._writing() as conn:
            conn.execute(sa.insert(audit_events), [row])
