"""Low-level pieces every part of the store shares: the time of a write, query rows as typed frames,
and database faults translated into `StoreUnavailable`."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd
import sqlalchemy as sa

from dashboard.cells import CONTROL

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


def _faulty(method):
    """Run a Store method with database faults translated into `StoreUnavailable`."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._faults():
            return method(self, *args, **kwargs)
    return run
