"""Low-level pieces every part of the store shares: the time of a write, query rows as typed frames,
the read of the current figures (one SQL text on any DB-API connection), and database faults translated
into `StoreUnavailable`. Nothing here imports SQLAlchemy, so a read-only command on SQLite
(`light`) reads through sqlite3 alone."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.cells import CONTROL

if TYPE_CHECKING:
    import sqlalchemy as sa

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "dashboard.db"
ENV_URL = "DASHBOARD_DATABASE_URL"
# The names of migrations.MIGRATIONS, in order: kept here so that a read without SQLAlchemy can tell the
# schema is current (migrations.py pairs each name with its step).
def default_url() -> str:
    return f"sqlite:///{DEFAULT_PATH}"


MIGRATION_NAMES = ("0001_figures", "0002_audit_events", "0003_append_only_triggers", "0004_time_indexes",
                   "0005_reviews_and_locks", "0006_owner_assignments")

CURRENT_COLUMNS = ["indicator_id", "year", "value", "figure_status", "source", "note", "entered_by", "entered_at",
                   "revision", "confirmed_jump", "review_state", "review_reason"]
STORED_CURRENT = CURRENT_COLUMNS[:-2]  # the columns of `figures` that current() reads


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_TEXT_COLUMNS = ("indicator_id", "figure_status", "source", "note", "entered_by", "action", "reason", "user")


def _frame(rows: list, columns: list[str], ints: str = "int64") -> pd.DataFrame:
    """Query rows as a DataFrame with fixed dtypes (`ints`: "Int64" where years may be missing), built
    column by column (much cheaper than a frame of objects converted afterwards)."""
    if len(rows) > 1000:
        return _big_frame(rows, columns, ints)
    cells = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {}
    for name, values in zip(columns, cells, strict=True):
        if name in ("entered_at", "at"):
            strings = bool(values) and isinstance(values[0], str)  # SQLite: text; PostgreSQL: datetimes
            data[name] = pd.to_datetime(pd.Series(values, dtype=object), utc=True,
                                        format="ISO8601" if strings else None)
        elif name in ("year", "revision"):
            data[name] = pd.array(values, dtype=ints) if ints != "int64" else np.array(values, dtype="int64")
        elif name in ("value", "old_value", "new_value"):
            data[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif name == "confirmed_jump":
            data[name] = np.array([bool(v) for v in values], dtype=bool)
        elif name in _TEXT_COLUMNS:
            texts = pd.Series(values, dtype=object)
            data[name] = (_without_control(texts) if name in ("source", "note", "reason") else texts).astype("str")
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame({c: pd.Series(v).reset_index(drop=True) if isinstance(v, pd.Series) else v
                         for c, v in data.items()}, columns=columns)


def _big_frame(rows: list, columns: list[str], ints: str) -> pd.DataFrame:
    """`_frame` for many rows: one frame of records converted column by column by pandas."""
    frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=False)
    for col in ("entered_at", "at"):
        if col in frame:
            strings = isinstance(frame[col].iloc[0], str)
            frame[col] = pd.to_datetime(frame[col], utc=True, format="ISO8601" if strings else None)
    for col in ("source", "note", "reason"):
        if col in frame:
            frame[col] = _without_control(frame[col])
    if "confirmed_jump" in frame:
        frame["confirmed_jump"] = frame["confirmed_jump"].fillna(False)
    types = {"year": ints, "revision": ints, "value": "float64", "old_value": "float64", "new_value": "float64",
             "confirmed_jump": "bool", **dict.fromkeys(_TEXT_COLUMNS, "str")}
    return frame.astype({c: t for c, t in types.items() if c in frame})


def _rows(conn: sa.Connection, query: sa.Select) -> list[tuple]:
    """The rows of `query` as the driver returns them (no per-row type processing: the frame converts
    whole columns at once, which is what keeps a read of a million rows fast)."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def _without_control(texts: pd.Series) -> pd.Series:
    """Texts with the control characters removed: rows stored before they were refused at entry must
    not break an output (openpyxl refuses them, PostgreSQL refuses NUL). Checked on the distinct
    values only, so a read of a million rows pays almost nothing."""
    distinct = pd.unique(texts.dropna())
    dirty = [v for v in distinct if CONTROL.search(v)]
    return texts.replace({v: CONTROL.sub("", v) for v in dirty}) if dirty else texts


def latest_sql(columns: list[str], n_ids: int | None, mark: str, enter_only: bool = False) -> str:
    """SQL of the newest row (of `columns`) of every (indicator, year) — of `n_ids` indicators given as
    parameters (`mark` is the driver's placeholder), or of all (None); `enter_only`: not retracted."""
    where = "" if n_ids is None else f" WHERE indicator_id IN ({', '.join([mark] * n_ids)})"
    return (f"SELECT {', '.join('figures.' + c for c in columns)} FROM figures JOIN "
            f"(SELECT indicator_id AS i, year AS y, max(revision) AS r FROM figures{where} "
            "GROUP BY indicator_id, year) AS newest "
            "ON figures.indicator_id = newest.i AND figures.year = newest.y AND figures.revision = newest.r"
            + (" WHERE figures.action = 'enter'" if enter_only else ""))


def fetch(dbapi_conn, sql: str, params: tuple = ()) -> list[tuple]:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


REVIEW_COLUMNS = ["indicator_id", "year", "revision", "state", "by", "at", "reason"]
FEW_IDS = 200  # current() of more indicators than this reads them all and filters (a frame filter is cheap there)
MAX_PARAMS = 30_000  # parameters one statement may carry (SQLite allows 32,766, PostgreSQL 65,535)


def read_current(dbapi_conn, mark: str, indicator_ids=None) -> pd.DataFrame:
    """The current figure of every (indicator, year) — its newest revision, unless retracted — with its
    review state (CURRENT_COLUMNS), read with two statements on a DB-API connection."""
    ids = None if indicator_ids is None else sorted(set(indicator_ids))
    if ids is not None and not ids:
        return _frame([], STORED_CURRENT).assign(review_state=pd.Series(dtype=object),
                                                 review_reason=pd.Series(dtype=object))
    asked = ids if ids is not None and len(ids) <= FEW_IDS else None
    rows = fetch(dbapi_conn, latest_sql(STORED_CURRENT, None if asked is None else len(asked), mark, True),
                 tuple(asked or ()))
    frame = _frame(rows, STORED_CURRENT)
    if ids is not None and asked is None:
        frame = frame[frame["indicator_id"].isin(ids)]
    frame = frame.sort_values(["indicator_id", "year"], ignore_index=True)
    if not len(frame):
        return with_reviews(frame, pd.DataFrame(columns=REVIEW_COLUMNS))
    where = "" if asked is None else f" WHERE indicator_id IN ({', '.join([mark] * len(asked))})"
    states = fetch(dbapi_conn, f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews{where} ORDER BY id",
                   tuple(asked or ()))
    return with_reviews(frame, newest_reviews(states))


def newest_reviews(rows: list) -> pd.DataFrame:
    """The newest review row (REVIEW_COLUMNS) of every reviewed revision, from rows in the order written."""
    frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    return frame.drop_duplicates(["indicator_id", "year", "revision"], keep="last", ignore_index=True)


def with_reviews(frame: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """`frame` with review_state (no review row: accepted) and review_reason (of a returned figure)."""
    if states.empty:
        # object columns built from one array: a str column of a million values costs ~0.3 s
        accepted = np.full(len(frame), "accepted", dtype=object)
        return frame.assign(review_state=pd.Series(accepted, index=frame.index),
                            review_reason=pd.Series(None, index=frame.index, dtype=object))
    keys = ["indicator_id", "year", "revision"]
    states = states.astype({"year": "int64", "revision": "int64"})
    states = states[[*keys, "state", "reason"]].rename(columns={"state": "_state", "reason": "_reason"})
    merged = frame[keys].merge(states, on=keys, how="left")
    state = merged["_state"].fillna("accepted").astype("str")
    reason = [r if s == "returned" and isinstance(r, str) else None
              for s, r in zip(state.tolist(), merged["_reason"].tolist(), strict=True)]
    return frame.assign(review_state=pd.Series(state.to_numpy(dtype=object), dtype=object, index=frame.index),
                        review_reason=pd.Series(reason, dtype=object, index=frame.index))


def _faulty(method):
    """Run a Store method with database faults translated into `StoreUnavailable`."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._faults():
            return method(self, *args, **kwargs)
    return run
