"""Every target of every indicator (the final one of `Catalog.frame()` and its `interim_targets`) as one long
array sorted by (indicator, year), with the look-ups of the piecewise path."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.metrics.figures import WIDTH, Y0, floats
from dashboard.metrics.rates import OPS


def codes(values, names) -> np.ndarray:
    """Position of each of `values` (a column or a sequence) in `names`, -1 where missing or not among them.

    >>> codes(pd.Series([">", None, "~", ">"]), OPS).tolist(), codes([">=", "x"], OPS).tolist()
    ([1, -1, 4, 1], [0, -1])
    """
    found, uniques = pd.factorize(values if isinstance(values, pd.Series) else np.array(list(values), dtype=object))
    position = {name: i for i, name in enumerate(names)}
    return np.array([position.get(u, -1) for u in uniques] + [-1], dtype=np.int64)[found]


def _op_codes(ops) -> np.ndarray:
    """Codes of OPS for a column or list of ops (-1: none given, the direction's default)."""
    return codes(ops, OPS)


class Targets:
    """Every target of every indicator, sorted by (indicator, year); `final[i]` indexes indicator i's last."""

    def __init__(self, ind: pd.DataFrame):
        m = len(ind)
        q, year = [np.arange(m)], [floats(ind, "target_year")]
        value, tol = [floats(ind, "target_value")], [floats(ind, "target_tolerance")]
        op = [_op_codes(ind["target_op"]) if "target_op" in ind else np.full(m, -1)]
        if "interim_targets" in ind:  # a tuple of (year, value, op, tolerance) per target, None where none
            column = ind["interim_targets"]
            given = np.flatnonzero(column.notna().to_numpy())
            lists = column.iloc[given].tolist()
            extra = [t for ts in lists for t in ts]
            if extra:
                q.append(np.repeat(given, [len(ts) for ts in lists]))
                years, values, ops, tols = list(zip(*extra, strict=True))[:4]
                year.append(np.array(years, dtype=float))
                value.append(np.array(values, dtype=float))  # None -> NaN
                op.append(_op_codes(ops))
                tol.append(np.array(tols, dtype=float))
        q, year, value, op, tol = (np.concatenate(x) for x in (q, year, value, op, tol))
        self.key = q * WIDTH + (np.nan_to_num(year, nan=Y0).astype(np.int64) - Y0)
        order = np.argsort(self.key, kind="stable")
        self.key, self.q, self.year, self.value = self.key[order], q[order], year[order], value[order]
        self.op, self.tol = op[order], tol[order]
        counts = np.bincount(self.q, minlength=m)
        self.final = np.cumsum(counts) - 1
        self.start = self.final + 1 - counts

    def subset(self, rows: np.ndarray) -> tuple[Targets, np.ndarray]:
        """The targets of indicator rows `rows` (ascending), renumbered; and the indices of those kept."""
        counts = self.final[rows] + 1 - self.start[rows]
        total = int(counts.sum())
        keep = np.repeat(self.start[rows] - np.cumsum(counts) + counts, counts) + np.arange(total)
        new = object.__new__(Targets)
        new.q = np.repeat(np.arange(len(rows)), counts)
        new.year, new.value, new.op, new.tol = self.year[keep], self.value[keep], self.op[keep], self.tol[keep]
        new.key = new.q * WIDTH + (np.nan_to_num(new.year, nan=Y0).astype(np.int64) - Y0)
        new.final = np.cumsum(counts) - 1
        new.start = new.final + 1 - counts
        return new, keep

    def first_from(self, rows: np.ndarray, year: np.ndarray, strictly_after: bool) -> np.ndarray:
        """Index of indicator row's first target with year > `year` (or ≥), the final one if none."""
        out = self.final[rows]
        many = np.flatnonzero(self.start[rows] != out)  # one target: it is the final one
        if len(many):
            r, y = rows[many], np.asarray(year)[many]
            y = np.clip(np.nan_to_num(y, nan=Y0).astype(np.int64) - Y0, 0, WIDTH - 1)
            idx = np.searchsorted(self.key, r * WIDTH + y, "right" if strictly_after else "left")
            out[many] = np.minimum(idx, out[many])
        return out
