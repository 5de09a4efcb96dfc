"""The `targets` column of `compute`: per indicator the list of its targets as dicts {year, value, op, verdict,
basis_year, basis_value}, kept as numpy columns (one entry per target, each row a range of them) and turned into
Python lists only when a row is read. Building 100,000 lists of dicts up front cost more than every formula of
the engine together; most callers read a handful of rows, or none.

A row reads as a plain list of plain dicts (ints, floats, strings, None), as a column of lists would give:

>>> col = TargetLists.from_columns({"year": np.array([2025.0, 2027.0, 2022.0]), "value": np.array([150.0, 200.0,
...                                 np.nan]), "op": np.array([0, 1, 5]), "verdict": np.array([0, 0, 2]),
...                                 "basis_year": np.array([np.nan, np.nan, 2021.0]),
...                                 "basis_value": np.array([np.nan, np.nan, 1.0])},
...                                np.array([0, 2]), np.array([2, 3]), (">=", ">", "<=", "<", "~", None),
...                                ("not_due", "achieved", "missed"))
>>> len(col), col[1]
(2, [{'year': 2022, 'value': None, 'op': None, 'verdict': 'missed', 'basis_year': 2021, 'basis_value': 1.0}])
>>> [len(x) for x in col], col[0][1]["op"], col.take([1, -1], allow_fill=True)[1]
([2, 1], '>', None)
>>> frame = pd.DataFrame({"id": ["a", "b"], "targets": col})
>>> frame.to_dict("records")[0]["targets"][0]["year"], frame.iloc[1]["targets"][0]["verdict"]
(2025, 'missed')
>>> pd.concat([frame, frame]).iloc[2:]["targets"].tolist() == frame["targets"].tolist()
True
>>> frame.explode("targets")["targets"].str["year"].tolist(), pa.Table.from_pandas(frame).column(1).to_pylist()[1]
([2025, 2027, 2022], [{'year': 2022, 'value': None, 'op': None, 'verdict': 'missed', 'basis_year': 2021, \
'basis_value': 1.0}])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.extensions import ExtensionArray, ExtensionDtype, take
from pandas.api.indexers import check_array_indexer
from pandas.api.types import is_integer

FIELDS = ("year", "value", "op", "verdict", "basis_year", "basis_value")
INTS = {"year", "basis_year"}  # floats with NaN in the columns, ints or None in the dicts
CODES = {"op", "verdict"}  # codes into the names given


class TargetListsDtype(ExtensionDtype):
    """The dtype of the `targets` column: Python lists of dicts, one list per indicator."""

    name = "targets"
    type = list
    kind = "O"
    na_value = None

    @classmethod
    def construct_array_type(cls) -> type[TargetLists]:
        return TargetLists


def _python(values: np.ndarray, as_int: bool) -> list:
    """Python ints/floats with None for NaN, as a list (no call per element)."""
    out = np.full(len(values), None, dtype=object)
    ok = ~np.isnan(values)
    out[ok] = values[ok].astype(np.int64 if as_int else float).astype(object)
    return out.tolist()


class TargetLists(ExtensionArray):
    """Rows [start, stop) of per-target columns (lazy), or, once written to or built from lists, the lists."""

    def __init__(self, columns: dict | None, start: np.ndarray | None, stop: np.ndarray | None, names: dict | None,
                 lists: np.ndarray | None = None):
        self._columns, self._start, self._stop, self._names, self._lists = columns, start, stop, names, lists

    @classmethod
    def from_columns(cls, columns: dict[str, np.ndarray], start: np.ndarray, stop: np.ndarray, ops, verdicts):
        """Row i holds the targets start[i] … stop[i] − 1 of `columns` (FIELDS; op and verdict as codes into
        `ops` and `verdicts`); start < 0: a missing row."""
        names = {"op": np.array(list(ops), dtype=object), "verdict": np.array(list(verdicts), dtype=object)}
        return cls(columns, np.asarray(start, dtype=np.int64), np.asarray(stop, dtype=np.int64), names)

    @classmethod
    def _from_lists(cls, lists: np.ndarray) -> TargetLists:
        return cls(None, None, None, None, lists)

    @classmethod
    def _from_sequence(cls, scalars, *, dtype=None, copy=False) -> TargetLists:
        items = list(scalars)
        return cls._from_lists(np.fromiter(items, dtype=object, count=len(items)))

    @classmethod
    def _from_factorized(cls, values, original) -> TargetLists:
        return cls._from_sequence(values)

    @classmethod
    def _concat_same_type(cls, to_concat) -> TargetLists:
        to_concat = list(to_concat)
        first = to_concat[0]
        if all(x._lists is None and x._columns is first._columns for x in to_concat):
            return cls(first._columns, np.concatenate([x._start for x in to_concat]),
                       np.concatenate([x._stop for x in to_concat]), first._names)
        return cls._from_lists(np.concatenate([x._materialize() for x in to_concat]))

    @property
    def dtype(self) -> TargetListsDtype:
        return TargetListsDtype()

    @property
    def nbytes(self) -> int:
        if self._lists is not None:
            return self._lists.nbytes
        return self._start.nbytes + self._stop.nbytes + sum(v.nbytes for v in self._columns.values())

    def __len__(self) -> int:
        return len(self._lists) if self._lists is not None else len(self._start)

    def _rows(self, start: np.ndarray, stop: np.ndarray) -> list:
        """The lists of rows [start, stop) (None where start < 0), built column-wise."""
        present = start >= 0
        counts = np.where(present, stop - start, 0)
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        idx = np.repeat(start - ends + counts, counts) + np.arange(total)
        y, v, o, s, b_y, b_v = (self._names[f][self._columns[f][idx]].tolist() if f in CODES
                                else _python(self._columns[f][idx].astype(float), f in INTS) for f in FIELDS)
        items = [{"year": a, "value": b, "op": c, "verdict": d, "basis_year": e, "basis_value": f}
                 for a, b, c, d, e, f in zip(y, v, o, s, b_y, b_v, strict=True)]
        if total == len(start) and present.all():  # one target each (the common case)
            return [[item] for item in items]
        ends = ends.tolist()
        return [items[e - c:e] if ok else None
                for e, c, ok in zip(ends, counts.tolist(), present.tolist(), strict=True)]

    def _materialize(self) -> np.ndarray:
        if self._lists is not None:
            return self._lists
        return np.fromiter(self._rows(self._start, self._stop), dtype=object, count=len(self._start))

    def __getitem__(self, key):
        if is_integer(key):
            n = len(self)
            i = int(key) + n if key < 0 else int(key)
            if not 0 <= i < n:
                raise IndexError(f"index {key} is out of bounds for a column of {n} rows")
            if self._lists is not None:
                return self._lists[i]
            return self._rows(self._start[i:i + 1], self._stop[i:i + 1])[0]
        if key is Ellipsis:
            return self.copy()
        key = check_array_indexer(self, key)
        if self._lists is not None:
            return self._from_lists(self._lists[key])
        return type(self)(self._columns, self._start[key], self._stop[key], self._names)

    def __setitem__(self, key, value) -> None:
        if self._lists is None:
            self._lists = self._materialize()
            self._columns = self._start = self._stop = self._names = None
        self._lists[check_array_indexer(self, key) if not is_integer(key) else key] = value

    def __iter__(self):
        return iter(self._lists.tolist() if self._lists is not None else self._rows(self._start, self._stop))

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        lists = self._materialize()
        return lists if dtype is None or np.dtype(dtype) == object else lists.astype(dtype)

    def __arrow_array__(self, type=None):
        """For pyarrow (st.dataframe, parquet): the lists, as a column of lists of dicts would convert."""
        return pa.array(list(self), type=type, from_pandas=True)

    def _explode(self) -> tuple[np.ndarray, np.ndarray]:
        """For Series.explode: one row per target (None for a missing row), as a column of lists explodes."""
        lists = list(self)
        counts = np.array([len(x) if x else 1 for x in lists], dtype=np.int64)
        flat = [item for x in lists for item in (x or [None])]
        return np.fromiter(flat, dtype=object, count=len(flat)), counts

    def __eq__(self, other):
        mine = self._materialize()
        if isinstance(other, TargetLists | pd.Series | np.ndarray):
            theirs = np.asarray(other, dtype=object)
            return np.array([a == b for a, b in zip(mine, theirs, strict=True)], dtype=bool)
        return np.array([a == other for a in mine], dtype=bool)

    def isna(self) -> np.ndarray:
        if self._lists is not None:
            return np.array([x is None for x in self._lists], dtype=bool)
        return self._start < 0

    def take(self, indices, allow_fill: bool = False, fill_value=None) -> TargetLists:
        if self._lists is not None:
            return self._from_lists(take(self._lists, indices, allow_fill=allow_fill, fill_value=fill_value))
        if allow_fill and fill_value is not None:
            return self._from_lists(take(self._materialize(), indices, allow_fill=True, fill_value=fill_value))
        start = take(self._start, indices, allow_fill=allow_fill, fill_value=-1)
        stop = take(self._stop, indices, allow_fill=allow_fill, fill_value=-1)
        return type(self)(self._columns, start, stop, self._names)

    def copy(self) -> TargetLists:
        if self._lists is not None:
            return self._from_lists(self._lists.copy())
        return type(self)(self._columns, self._start.copy(), self._stop.copy(), self._names)
