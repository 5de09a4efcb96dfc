"""The yearly figures of every indicator, deduplicated and sorted once, with vectorised look-ups:
the newest figure in a year range, the first one, and every figure of a range as (query, figure) pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from dashboard.metrics.arrays import pick

Y0, WIDTH = 1800, 600  # years are keyed as position·WIDTH + (year − Y0); the catalog and store allow 1900–2200


def floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    if pd.api.types.is_numeric_dtype(frame[column].dtype) and not pd.api.types.is_bool_dtype(frame[column].dtype):
        return frame[column].to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _years(actuals: pd.DataFrame) -> np.ndarray:
    """The year column: as it is when it holds plain integers (no copy), else as floats with NaN."""
    column = actuals["year"] if "year" in actuals else None
    if column is not None and isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.to_numpy(np.int64)
    return floats(actuals, "year")


def row_positions(ids: pd.Series, actuals: pd.DataFrame) -> np.ndarray:
    """For each row of `actuals`, the position of its indicator in `ids` (-1: not in the catalog).

    >>> row_positions(pd.Series(["a", "b"]), pd.DataFrame({"indicator_id": ["b", "zzz", "a", "b"]})).tolist()
    [1, -1, 0, 1]
    >>> row_positions(pd.Series(["a", "b"]), pd.DataFrame({"indicator_id": pd.array(["b"] * 5 + ["a"] * 4 + ["x"],
    ...                                                                              dtype="str")})).tolist()
    [1, 1, 1, 1, 1, 0, 0, 0, 0, -1]
    >>> row_positions(pd.Series(["a", "b"], dtype=object), pd.DataFrame({"indicator_id": ["b", None, "a"]})).tolist()
    [1, -1, 0]
    """
    if len(actuals) == 0 or "indicator_id" not in actuals:
        return np.full(len(actuals), -1, dtype=np.int64)
    values, catalog = _arrow(actuals["indicator_id"]), _arrow(ids)
    if values is None or catalog is None:
        codes, uniques = pd.factorize(actuals["indicator_id"])
        return np.where(codes >= 0, pd.Index(ids).get_indexer(uniques)[codes], -1)
    change = pc.indices_nonzero(pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))).to_numpy()
    if 4 * (len(change) + 1) > len(values):  # no long runs of one indicator: look every row up
        return _lookup(catalog, values)
    starts = np.concatenate([[0], change.astype(np.int64) + 1])  # look up the first row of each run only
    return np.repeat(_lookup(catalog, values.take(starts)), np.diff(np.append(starts, len(values))))


def _lookup(catalog, values) -> np.ndarray:
    """Position in `catalog` of each of `values` (Arrow arrays), -1 where absent.

    >>> import pyarrow as pa
    >>> _lookup(pa.array(["a", "b"]), pa.array(["a", "b", "x", "a"])).tolist(), \\
    ...     _lookup(pa.array(["a", "b"]), pa.array(["b", "a", "b"])).tolist()
    ([0, 1, -1, 0], [1, 0, 1])
    """
    m, start = len(catalog), 0
    if len(values) >= m and values.slice(0, m).equals(catalog):  # the catalog in order first (then maybe others)
        start = m
    found = pc.fill_null(pc.index_in(values.slice(start), value_set=catalog), -1).to_numpy(zero_copy_only=False)
    return np.concatenate([np.arange(start), found.astype(np.int64)])


def _arrow(column: pd.Series):
    """The column as one Arrow array when it holds Arrow strings without nulls, else None."""
    if not isinstance(column.array, pd.arrays.ArrowStringArray):
        return None
    chunks = column.array.__arrow_array__()
    array = chunks.combine_chunks() if chunks.num_chunks != 1 else chunks.chunk(0)
    return array if array.null_count == 0 else None


class Figures:
    """Current figures (the last row of each indicator and year wins), sorted by (indicator, year).

    >>> act = pd.DataFrame({"indicator_id": ["a", "a", "b", "a"], "year": [2021, 2020, 2022, 2021],
    ...                     "value": [2.0, 1.0, 4.0, 3.0]})
    >>> f = Figures(pd.Series(["a", "b"]), act)
    >>> f.year.tolist(), f.value.tolist(), f.row.tolist()
    ([2020, 2021, 2022], [1.0, 3.0, 4.0], [1, 3, 2])
    >>> f.newest(np.array([0, 1]), np.array([np.nan, np.nan]), np.array([2021, 2021])).tolist()
    [1, -1]
    """

    def __init__(self, ids: pd.Series, actuals: pd.DataFrame):
        self.m = m = len(ids)
        pos = row_positions(ids, actuals)
        year, value = _years(actuals), floats(actuals, "value")
        # a million rows: every temporary costs (the page faults of fresh memory as much as the arithmetic), so
        # masks and keys are built in place and checks that cannot fail are skipped
        bad = ~np.isfinite(value)
        if len(pos) and pos.min() < 0:
            bad |= pos < 0
        if len(year) and not (year.min() > Y0 and year.max() < Y0 + WIDTH):  # NaN fails both
            with np.errstate(invalid="ignore"):
                bad |= ~((year > Y0) & (year < Y0 + WIDTH))
        # key = position·WIDTH + (year − Y0); rows left out get a key past every indicator, so that they sort to
        # the end and are cut off
        key = pos * WIDTH
        with np.errstate(invalid="ignore"):
            key += year.astype(np.int64) if year.dtype.kind == "f" else year
        key -= Y0
        n = len(key) - int(np.count_nonzero(bad))
        if n < len(key):
            key[bad] = m * WIDTH
        order = np.argsort(key, kind="stable")[:n]
        key = key[order]
        last = np.ones(n, dtype=bool)  # of several rows for one indicator and year, the last is current
        np.not_equal(key[1:], key[:-1], out=last[:-1])
        if not last.all():
            key, order = key[last], order[last]
        self.key, self.row = key, order
        self.value = value[order]
        pos = key // WIDTH
        self.year = pos * -WIDTH
        self.year += key
        self.year += Y0
        self._grid = self._year_grid(pos)  # takes pos over
        if self._grid is not None:
            first, width, grid = self._grid
            self.start, self.end = grid[0::width + 1][:m].astype(np.int64), grid[width::width + 1].astype(np.int64)
        else:
            counts = np.bincount(pos, minlength=m) if len(key) else np.zeros(m, dtype=np.int64)
            self.end = np.cumsum(counts)
            self.start = self.end - counts

    def _year_grid(self, pos: np.ndarray) -> tuple | None:
        """(`pos`, the figures' indicator positions, is overwritten.) When the years span few columns: (first year,
        width, grid) with grid[p·(width + 1) + j] the index just
        past indicator p's figures up to year first + j − 1, so that a look-up is one gather, not a binary search
        of all figures. None when the grid would be much larger than the figures."""
        if len(self.year) == 0:
            return None
        first, width = int(self.year.min()), int(self.year.max() - self.year.min()) + 1
        size = self.m * (width + 1)
        if size > 4 * len(self.year) + 4096:
            return None
        grid = np.zeros(size, dtype=np.int32 if len(self.year) < 2**31 else np.int64)
        pos *= width + 1  # in place: pos becomes each figure's cell
        pos += self.year
        pos -= first - 1
        grid[pos] = 1
        return first, width, np.cumsum(grid, out=grid)

    def _upto(self, q: np.ndarray, year: np.ndarray) -> np.ndarray:
        """Index just past the figures of indicator q with year ≤ `year` (NaN: none, the start of q's figures)."""
        if self._grid is None:
            return np.searchsorted(self.key, self._key(q, year), "right")
        first, width, grid = self._grid
        if year.dtype.kind == "f":
            year = np.clip(np.where(np.isnan(year), first - 1, year), first - 1, first + width - 1)
        j = np.clip(year.astype(np.int64) - (first - 1), 0, width)
        return grid[q * (width + 1) + j]

    def subset(self, rows: np.ndarray) -> Figures:
        """The figures of indicator rows `rows` (ascending), renumbered 0 … len(rows) − 1."""
        counts = self.end[rows] - self.start[rows]
        pos, keep = self.pairs(self.start[rows], self.end[rows])
        new = object.__new__(Figures)
        new.m = len(rows)
        new.year, new.value, new.row = self.year[keep], self.value[keep], self.row[keep]
        new.key = pos * WIDTH + (new.year - Y0)
        new.end = np.cumsum(counts)
        new.start = new.end - counts
        new._grid = None  # a few rows: binary searches are cheap
        return new

    def latest_year(self) -> np.ndarray:
        """Per indicator, the year of its newest figure (NaN: none)."""
        has = self.end > self.start
        return np.where(has, self.year[np.maximum(self.end - 1, 0)] if len(self.year) else 0, np.nan)

    def _key(self, q: np.ndarray, year: np.ndarray) -> np.ndarray:
        y = np.where(np.isnan(year), -1.0, year) if year.dtype.kind == "f" else year
        return q * WIDTH + np.clip(y.astype(np.int64) - Y0, 0, WIDTH - 1)

    def newest(self, q: np.ndarray, after: np.ndarray, upto: np.ndarray) -> np.ndarray:
        """Index of the newest figure of indicator q with after < year ≤ upto (NaN after: no lower bound;
        NaN upto: none), -1 where there is none."""
        upto = np.asarray(upto, dtype=float)
        if len(self.key) == 0:
            return np.full(len(q), -1, dtype=np.int64)
        idx = self._upto(q, upto) - 1
        ok = ~np.isnan(upto) & (upto > Y0) & (idx >= self.start[q])
        idx = pick([ok], [idx], -1)
        with np.errstate(invalid="ignore"):
            low = ~np.isnan(after) & (self.year[np.maximum(idx, 0)] <= after)
        return pick([ok & ~low], [idx], -1)

    def span(self, q: np.ndarray, after: np.ndarray, upto: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """[lo, hi) indices of the figures of indicator q with after < year ≤ upto (NaN after: no lower bound)."""
        upto = np.asarray(upto, dtype=float)
        after = np.asarray(after, dtype=float)
        if len(self.key) == 0:
            return np.zeros(len(q), dtype=np.int64), np.zeros(len(q), dtype=np.int64)
        lo = np.where(np.isnan(after), self.start[q], self._upto(q, after))
        lo = np.maximum(lo, self.start[q])
        hi = np.where(np.isnan(upto) | (upto <= Y0), lo, self._upto(q, upto))
        return lo, np.maximum(hi, lo)

    @staticmethod
    def pairs(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (query, figure index) with lo[query] ≤ figure < hi[query], query-major."""
        counts = hi - lo
        query = np.repeat(np.arange(len(lo)), counts)
        offset = np.arange(len(query)) - np.repeat(np.cumsum(counts) - counts, counts)
        return query, lo[query] + offset

    @staticmethod
    def first_where(query: np.ndarray, fig: np.ndarray, hit: np.ndarray, n: int) -> np.ndarray:
        """Per query, the first figure index of its pairs where `hit` (pairs in order), -1 where none."""
        out = np.full(n, -1, dtype=np.int64)
        if len(query):  # the least of each query's figure indices, a miss marked by bit 62 (no branch per pair)
            marked = (~np.asarray(hit)).astype(np.int64) << 62
            marked |= fig
            starts = np.flatnonzero(np.concatenate([[True], query[1:] != query[:-1]]))
            least = np.minimum.reduceat(marked, starts)
            out[query[starts]] = pick([least < (1 << 62)], [least], -1)
        return out
