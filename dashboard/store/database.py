"""The actuals store: append-only yearly figures with revisions, retractions and an audit trail.

All SQL of the project lives here and in `dashboard/migrations.py` (the schema). SQLAlchemy
Core, parameterised queries only. The default database is the SQLite file
``data/dashboard.db`` (WAL journal, created with mode 0600, busy timeout 30 s or
$DASHBOARD_SQLITE_BUSY_TIMEOUT); any SQLAlchemy URL can be given, or set in the environment
variable ``DASHBOARD_DATABASE_URL`` (PostgreSQL: ``postgresql+psycopg://user:password@host/db``).
A SQLite file this process may not write is opened read-only: reads work, a write says so.

Every write is one transaction that takes the write lock before it reads anything (SQLite:
BEGIN IMMEDIATE; PostgreSQL: LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE, waiting at most
$DASHBOARD_PG_LOCK_TIMEOUT s, each statement at most $DASHBOARD_PG_STATEMENT_TIMEOUT s), so two
writers never compute the same revision number and no write is lost; readers are never blocked.
A failure of the database itself (damaged file, read-only, busy, unreachable: `dashboard.store.faults`)
leaves every method as a `StoreUnavailable` with one line for the user.

A figure is never changed or deleted: a correction adds revision n+1 of its (indicator, year);
a retraction adds a row with action 'retract' and a reason. `current()` shows, per (indicator,
year), the newest revision unless that is a retraction. Who may write is decided here too
(`Actor`, with the other plain types of a write in `dashboard/writes.py`): admins anything,
managers the indicators their departments own, viewers nothing. A write validates every row once,
inside the write lock, and names every problem - values, years, duplicates, jumps and permission -
at once; it stores all rows or none, or with ``skip_invalid`` exactly the valid ones. A refused
permission is recorded in `audit_events`.

Lost updates: a writer that shows figures before changing them (the entry page) passes, per
figure, the revision it showed in a `base_revision` column (0: no figure was shown). Inside the
write transaction, after taking the lock, `add` compares it with the current revision and refuses
the whole write with `StaleFigures` when another writer got there first. Without the column (an
import) nothing is compared.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from dashboard import review
from dashboard.cells import CONTROL, text_problem
from dashboard.figures import FigureError, InvalidFigures, as_frame, name_of, text_or_none, validate
from dashboard.messages import Msg
from dashboard.store import faults, migrations
from dashboard.store.engine import make_engine
from dashboard.store.migrations import audit_events, figures, reviews
from dashboard.store.reviews import ReviewsAndLocks
from dashboard.store.rows import (  # noqa: F401
    _TEXT_COLUMNS,
    CURRENT_COLUMNS,
    DEFAULT_PATH,
    ENV_URL,
    MAX_PARAMS,
    STORED_CURRENT,
    _faulty,
    _frame,
    _now,
    _rows,
    _without_control,
    default_url,
    fetch,
    latest_sql,
    read_current,
)
from dashboard.store.writes import (  # noqa: F401 - the store's public types live there
    Actor,
    Conflict,
    MissingDatabase,
    PermissionDenied,
    Role,
    StaleFigures,
    StoreBusy,
    StoreReadOnly,
    StoreUnavailable,
    WriteResult,
    named_as_in,
    plain,
)

CHUNK = 5000
PERMISSION_KEYS = ("store.permission.row", "store.permission.viewer_row")

HISTORY_COLUMNS = ["indicator_id", "year", "revision", "action", "value", "figure_status", "source", "note",
                   "reason", "confirmed_jump", "entered_by", "entered_at"]
AUDIT_COLUMNS = ["at", "user", "action", "indicator_id", "year", "revision", "old_value", "new_value",
                 "figure_status", "reason", "note", "confirmed_jump"]
CHANGE_COLUMNS = ["row", "indicator_id", "year", "change", "old_value", "value", "figure_status", "confirmed_jump"]
INSERT_COLUMNS = ["indicator_id", "year", "revision", "action", "value", "figure_status", "source", "note", "reason",
                  "confirmed_jump", "entered_by", "entered_at"]


def open_store(url: str | None = None, create: bool = True) -> Store:
    """Open (and migrate) the store at `url`, else $DASHBOARD_DATABASE_URL, else data/dashboard.db.

    `create=False` (read-only commands): a SQLite file that does not exist raises
    `MissingDatabase` instead of being created empty (a mistyped path would show "no data").
    Raises `StoreUnavailable` (one line) when the database cannot be used.
    """
    url = url or os.environ.get(ENV_URL) or default_url()
    engine = make_engine(url, create)
    store = Store(engine)
    with store._faults():
        store.migrations_applied = migrations.migrate(engine)
    return store


@dataclass(frozen=True)
class _Inserts:
    """The figures a save stores: the valid rows that change something, and the revision each one gets."""

    rows: pd.DataFrame
    revisions: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)


def _mark(conn: sa.Connection) -> str:
    """The driver's parameter placeholder."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


class Store(ReviewsAndLocks):
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
    def _faults(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.DBAPIError as exc:
            fault = faults.translate(exc, self.url, self.engine.url.database)
            if fault is None:
                raise
            raise fault from None

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One write transaction holding the write lock from its first statement."""
        with self.engine.connect() as conn:
            conn.execution_options(dashboard_write=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    lock = faults.timeout("DASHBOARD_PG_LOCK_TIMEOUT")
                    statement = faults.timeout("DASHBOARD_PG_STATEMENT_TIMEOUT")
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock * 1000)}; SET LOCAL statement_timeout = "
                                         f"{int(statement * 1000)}; LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE")
                yield conn

    # ------------------------------------------------------------------ reads

    def _latest_rows(self, conn: sa.Connection, indicator_ids) -> list[tuple]:
        """The newest row (tuples of HISTORY_COLUMNS, as the driver gives them) of every (indicator, year) of
        these indicators (None: of all). One fixed SQL text with a parameter per id (building and compiling a
        query costs more than running it for a one-figure save); more ids than a statement may carry are read
        whole and filtered."""
        dbapi, mark = conn.connection.dbapi_connection, _mark(conn)
        if indicator_ids is None or len(indicator_ids) > MAX_PARAMS:
            rows = fetch(dbapi, latest_sql(HISTORY_COLUMNS, None, mark))
            return rows if indicator_ids is None else [r for r in rows if r[0] in indicator_ids]
        ids = tuple(indicator_ids)
        return fetch(dbapi, latest_sql(HISTORY_COLUMNS, len(ids), mark), ids) if ids else []

    def _latest(self, conn: sa.Connection, indicator_ids=None) -> pd.DataFrame:
        """The newest row of every (indicator, year) of these indicators, as a frame of HISTORY_COLUMNS."""
        ids = None if indicator_ids is None else set(indicator_ids)
        return _frame(self._latest_rows(conn, ids), HISTORY_COLUMNS)

    @_faulty
    def current(self, indicator_ids=None) -> pd.DataFrame:
        """The current figure of every (indicator, year): its newest revision, unless retracted."""
        with self.engine.connect() as conn:
            return read_current(conn.connection.dbapi_connection, _mark(conn), indicator_ids)

    @_faulty
    def history(self, indicator_id: str | None = None, year: int | None = None) -> pd.DataFrame:
        """Every revision of an indicator's figures (of one year, if given; of all, if None), retractions
        included, oldest first (by year, then revision)."""
        query = sa.select(*(figures.c[c] for c in HISTORY_COLUMNS))
        if indicator_id is not None:
            query = query.where(figures.c.indicator_id == indicator_id)
        if year is not None:
            query = query.where(figures.c.year == int(year))
        with self.engine.connect() as conn:
            rows = _rows(conn, query)
            frame = _frame(rows, HISTORY_COLUMNS).sort_values(["indicator_id", "year", "revision"], ignore_index=True)
            out = self._with_reviews(conn, frame, None if indicator_id is None else [indicator_id])
        return out.drop(columns="review_reason")

    @_faulty
    def count(self) -> int:
        """Number of figure rows (revisions and retractions): it only ever grows."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(figures)).scalar_one()

    @_faulty
    def audit_log(self, indicator_id: str | None = None, user: str | None = None,
                  since: dt.datetime | None = None) -> pd.DataFrame:
        """Every write, refused attempt and export, newest first: who, when, what, old value → new value."""
        f, a = figures.c, audit_events.c
        old = sa.func.lag(f.value).over(partition_by=(f.indicator_id, f.year), order_by=f.revision)
        writes = sa.select(f.entered_at.label("at"), f.entered_by.label("user"), f.action, f.indicator_id, f.year,
                           f.revision, old.label("old_value"), f.value.label("new_value"), f.figure_status,
                           f.reason, f.note, f.confirmed_jump)
        none = sa.null()
        events = sa.select(a.at, a.actor.label("user"), a.event.label("action"), a.indicator_id, a.year,
                           none.label("revision"), none.label("old_value"), none.label("new_value"),
                           none.label("figure_status"), a.detail.label("reason"), none.label("note"),
                           sa.false().label("confirmed_jump"))
        for col_f, col_a, wanted in ((f.indicator_id, a.indicator_id, indicator_id), (f.entered_by, a.actor, user)):
            if wanted is not None:
                writes, events = writes.where(col_f == wanted), events.where(col_a == wanted)
        with self.engine.connect() as conn:
            rows = conn.execute(writes).all() + conn.execute(events).all()
        log = _frame(rows, AUDIT_COLUMNS, ints="Int64")
        if since is not None:
            ts = pd.Timestamp(since)
            log = log[log["at"] >= (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC"))]
        return log.sort_values("at", ascending=False, ignore_index=True, kind="stable")

    # ------------------------------------------------------------------ events

    @_faulty
    def record_export(self, user: str, what: str, rows: int) -> None:
        """Record in the audit trail that `user` exported the store (`what`: current or history)."""
        with self._writing() as conn:
            conn.execute(sa.insert(audit_events), [{"at": _now(), "actor": user, "role": "", "departments": "",
                                                    "event": "export", "indicator_id": None, "year": None,
                                                    "detail": f"{what}: {rows} rows"}])

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
        else:
            refused = [i for i in years if i in catalog.indicators and not user.may_write(catalog.indicators[i].owner)]
        if refused or user.role == "viewer":
            raise self._refuse(user, refused, years, catalog)

    def _refuse(self, user: Actor, refused: list, years: dict, catalog, problems=()) -> PermissionDenied:
        """Log a refused write of these indicators; return the PermissionDenied to raise."""
        if user.role == "viewer":
            msg = Msg.of("store.permission.viewer", who=user.describe())
        else:
            owned = [Msg.of("store.permission.owned", name=name_of(catalog.indicators[i]),
                            owner="、".join(catalog.indicators[i].owners) or Msg.of("store.owner.none"))
                   for i in refused]
            shown = owned if len(owned) <= 5 else Msg.of("store.permission.more", shown=owned[:5], n=len(owned),
                                                         more=len(owned) - 5)
            msg = Msg.of("store.permission.denied", who=user.describe(), names=shown)
        self._log_denied(user, refused or [None], years, msg)
        error = PermissionDenied(msg)
        error.problems = list(problems)
        return error

    @_faulty
    def _log_denied(self, user: Actor, refused: list, years: dict, msg: Msg) -> None:
        rows = []
        for ind_id in refused:
            ys = sorted({str(y) for y in years.get(ind_id, [])})
            one = int(ys[0]) if len(ys) == 1 and ys[0].isdigit() else None
            rows.append({"at": _now(), "actor": user.name, "role": user.role,
                         "departments": ", ".join(user.departments), "event": "access_denied",
                         "indicator_id": ind_id, "year": one,
                         "detail": f"{msg.render('zh')}（年份：{'、'.join(ys) or '—'}）"})
        with self._writing() as conn:
            conn.execute(sa.insert(audit_events), rows)

    # ------------------------------------------------------------------ writes

    @staticmethod
    def _conflicts(frame: pd.DataFrame, by_key: dict, catalog) -> list[Conflict]:
        """Rows whose `base_revision` is not the current figure's revision (0: none); `by_key` holds the
        newest stored row (a tuple of HISTORY_COLUMNS) of every (indicator, year)."""
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
            if key not in by_key:
                continue
            prev = _frame([by_key[key]], HISTORY_COLUMNS).iloc[0]  # typed as every read types it
            now = prev["revision"] if prev["action"] == "enter" else 0
            if now != expected:
                ind = catalog.indicators.get(ind_id)
                out.append(Conflict(int(rownum), ind_id, key[1], expected, now, prev["action"], prev["value"],
                                    prev["entered_by"], prev["entered_at"], name_of(ind) if ind else None))
        return out

    def _plan(self, conn, frame: pd.DataFrame, catalog, confirm_jumps, user: Actor | None):
        """Validate against the stored figures; return (change rows, problems, rows to insert).

        The stored rows stay the driver's tuples (a typed frame of them costs more than the rest of a
        one-figure save). Raises StaleFigures when a `base_revision` (see the module docstring) is out of date.
        """
        given = frame["indicator_id"] if "indicator_id" in frame else pd.Series(dtype="str")
        ids = {i for i in map(text_or_none, pd.unique(given.astype(object))) if i}
        rows = self._latest_rows(conn, ids)
        stored = dict(zip(HISTORY_COLUMNS, map(list, zip(*rows, strict=True)), strict=True)) if rows else {
            c: [] for c in HISTORY_COLUMNS}
        keys = list(zip(stored["indicator_id"], stored["year"], strict=True))
        index = dict(zip(keys, range(len(keys)), strict=True))
        conflicts = self._conflicts(frame, dict(zip(keys, rows, strict=True)), catalog)
        if conflicts:
            raise StaleFigures(conflicts)
        action = np.array(stored["action"], dtype=object)
        enter = action == "enter"
        live = pd.DataFrame({"indicator_id": pd.Series(stored["indicator_id"], dtype="str")[enter],
                             "year": np.array(stored["year"], dtype="int64")[enter],
                             "value": np.array(stored["value"], dtype="float64")[enter]}).reset_index(drop=True)
        allowed = user.refusal if user is not None and user.role != "admin" else None
        valid, problems = validate(frame, catalog, live, confirm_jumps, allowed)
        where = np.array([index.get(k, -1) for k in zip(valid["indicator_id"].tolist(), valid["year"].tolist(),
                                                              strict=True)], dtype="int64")

        def prev(col: str) -> np.ndarray:  # the newest stored row's `col` for each valid row (None: no row)
            values = stored[col]
            if col in ("source", "note"):  # as every read shows them (control characters of old rows dropped)
                values = [v if v is None or not CONTROL.search(v) else CONTROL.sub("", v) for v in values]
            return np.array(values + [None], dtype=object)[where]

        is_live = prev("action") == "enter"
        old = np.array([np.nan if v is None else v for v in prev("value")], dtype=float)
        same = is_live & (old == valid["value"].to_numpy())
        for c in ("figure_status", "source", "note"):
            same &= prev(c) == valid[c].to_numpy(dtype=object, na_value=None)
        change = np.where(same, "unchanged", np.where(is_live, "revised", "new"))
        changes = pd.DataFrame({"row": valid["row"], "indicator_id": valid["indicator_id"], "year": valid["year"],
                                "change": change, "old_value": np.where(is_live, old, np.nan),
                                "value": valid["value"], "figure_status": valid["figure_status"],
                                "confirmed_jump": valid["confirmed_jump"]}, columns=CHANGE_COLUMNS)
        keep = change != "unchanged"
        revisions = np.array([0 if v is None else int(v) for v in prev("revision")], dtype="int64")
        return changes, problems, _Inserts(valid[keep], revisions[keep] + 1)

    @_faulty
    def check(self, figures_in, catalog, *, confirm_jumps: bool | set = False,
              user: Actor | None = None) -> tuple[pd.DataFrame, list]:
        """What `add` would do, storing nothing: (one change row per valid figure, every problem).

        With `user`, rows the user may not write are problems too. Raises StaleFigures as `add` does.
        """
        user = user if user is None else named_as_in(user, catalog)  # a department's old name means its new one
        with self.engine.connect() as conn:
            changes, problems, _ = self._plan(conn, as_frame(figures_in), catalog, confirm_jumps, user)
        return changes, problems

    @_faulty
    def add(self, figures_in, user: Actor, catalog, *, confirm_jumps: bool | set = False,
            skip_invalid: bool = False) -> WriteResult:
        """Validate (once, inside the write lock) and store figures; an identical figure is not stored again.

        All or nothing: any problem raises InvalidFigures with every problem, or PermissionDenied
        (logged) when rows the user may not write are among them; StaleFigures when a
        `base_revision` is out of date. Nothing is stored then. With `skip_invalid`, exactly the
        valid rows are stored and the result lists the problems of the others.
        """
        user = user if user is None else named_as_in(user, catalog)  # a department's old name means its new one
        frame = as_frame(figures_in)
        if user.role == "viewer":
            self.authorise(frame, user, catalog)
        with self._writing() as conn:
            changes, problems, inserts = self._plan(conn, frame, catalog, confirm_jumps, user)
            if skip_invalid or not problems:
                self._refuse_locked(conn, lambda: set(zip(inserts.rows["indicator_id"], inserts.rows["year"],
                                                          strict=True)), catalog)
                at = _now()
                records = _tuples(inserts.rows, at, conn, action="enter", reason=None, revision=inserts.revisions,
                                  entered_by=user.name)
                for start in range(0, len(records), CHUNK):
                    self._insert(conn, records[start:start + CHUNK])
                if records and review.written_state(user) == "submitted":
                    conn.execute(sa.insert(reviews), [{"indicator_id": r[0], "year": r[1], "revision": r[2],
                                                       "state": "submitted", "by": user.name, "at": at,
                                                       "reason": None} for r in records])
        denied = {p.row for p in problems if p.msg.key in PERMISSION_KEYS}
        if denied:
            mine = frame[frame["row"].isin(denied)] if "row" in frame else frame.iloc[[r - 2 for r in denied]]
            years: dict[str, list] = {}
            for ind_id, year in zip(mine["indicator_id"].map(text_or_none), mine["year"], strict=True):
                years.setdefault(ind_id, []).append(year)
            refusal = self._refuse(user, list(years), years, catalog, problems)
            if not skip_invalid:
                raise refusal
        if problems and not skip_invalid:
            raise InvalidFigures(problems)
        counts = changes["change"].value_counts()
        return WriteResult(len(inserts), int(counts.get("unchanged", 0)), int(counts.get("new", 0)),
                           int(counts.get("revised", 0)), changes, len({p.row for p in problems}), problems)

    def _insert(self, conn: sa.Connection, rows: list[tuple]) -> None:
        """Insert figure rows (tuples of INSERT_COLUMNS, as `_tuples` makes them) with one executemany."""
        mark = _mark(conn)
        sql = f"INSERT INTO figures ({', '.join(INSERT_COLUMNS)}) VALUES ({', '.join([mark] * len(INSERT_COLUMNS))})"
        conn.exec_driver_sql(sql, rows[0] if len(rows) == 1 else rows)  # one row: no executemany set-up

    @_faulty
    def retract(self, indicator_id: str, year: int, reason: str, user: Actor, catalog) -> int:
        """Withdraw the current figure of (indicator, year) with a reason; return the retraction's revision."""
        user = user if user is None else named_as_in(user, catalog)  # a department's old name means its new one
        reason = text_or_none(reason)
        if reason is None:
            raise FigureError("store.retract.reason")
        if (why := text_problem(reason)) is not None:
            raise FigureError(why)
        if indicator_id not in catalog.indicators:
            raise FigureError("store.indicator.unknown", found=indicator_id, hint="")
        ind = catalog.indicators[indicator_id]
        self.authorise(pd.DataFrame({"indicator_id": [indicator_id], "year": [year]}), user, catalog)
        with self._writing() as conn:
            self._refuse_locked(conn, lambda: [(indicator_id, year)], catalog)
            latest = self._latest(conn, [indicator_id])
            row = latest[latest["year"] == int(year)]
            if row.empty or row["action"].iloc[0] != "enter":
                raise FigureError("store.retract.nothing", name=name_of(ind), year=year)
            revision = int(row["revision"].iloc[0]) + 1
            retraction = pd.DataFrame([{"indicator_id": indicator_id, "year": int(year), "revision": revision,
                                        "action": "retract", "value": None, "figure_status": None, "source": None,
                                        "note": None, "reason": reason, "confirmed_jump": False,
                                        "entered_by": user.name, "entered_at": None}])
            self._insert(conn, _tuples(retraction, _now(), conn))
        return revision

    def log_event(self, action: str, user: str | None, detail: str, client: str | None = None) -> None:
        """Record an account event (sign-in, throttling, user changes) in the audit trail: who (`user`),
        when (now), from where (`client`: an address, or "CLI"; kept in the detail text)."""
        where = f" (from {client})" if client else ""
        row = {"at": _now(), "actor": (user or "—")[:200], "role": "", "departments": "", "event": action,
               "indicator_id": None, "year": None, "detail": f"{detail}{where}"}
        with self._writing() as conn:
            conn.execute(sa.insert(audit_events), [row])

def _tuples(rows: pd.DataFrame, at: dt.datetime, conn: sa.Connection, **given) -> list[tuple]:
    """Rows as tuples of INSERT_COLUMNS for the driver: missing values None, `at` as the time of every
    row, bound the way the column type binds it for this database (SQLite stores text). `given` sets
    columns `rows` lacks: a value for every row, or a sequence of one per row."""
    stamp = figures.c.entered_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    at = stamp(at) if stamp else at
    n = len(rows)
    columns = []
    for c in INSERT_COLUMNS:
        if c == "entered_at":
            columns.append([at] * n)
            continue
        if c in given and (given[c] is None or isinstance(given[c], str)):
            columns.append([given[c]] * n)
            continue
        cells = given[c] if c in given else rows[c].to_numpy(dtype=object)
        if c in ("year", "revision"):
            columns.append([int(v) for v in cells])
        elif c == "value":
            columns.append([None if v is None or v is pd.NA or v != v else float(v) for v in cells])
        elif c == "confirmed_jump":
            columns.append([bool(v) for v in cells])
        else:
            columns.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
                            for v in cells])
    return list(zip(*columns, strict=True))
