"""Revised baselines (methodology v2, "Revised baselines (vintages)"): a baseline-year figure that differs from the
declared baseline flags the row, and the rules run again on the revised baseline with the targets moved."""

from __future__ import annotations

import numpy as np

from dashboard.metrics.arrays import at, blend
from dashboard.metrics.engine import NAN, VINTAGE, Context, level_share  # engine imports this inside compute


def vintage(c: Context, declared: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """vintage_break, revised_baseline and the rebased status and gap (methodology: revised baselines)."""
    f = c.fig
    at_base = f.newest(c.rows, c.By - 1, c.By)
    revised = at(f.value, at_base)
    with np.errstate(invalid="ignore"):
        allowed = blend(c.share, VINTAGE["share"], VINTAGE["level"] * np.abs(c.B))
        brk = c.valued & (c.level | c.share) & (at_base >= 0) & (np.abs(revised - c.B) > allowed)
    result = {"vintage_break": brk, "revised_baseline": np.where(brk, revised, NAN),
              "rebased_status": np.full(c.m, -1), "rebased_gap": np.full(c.m, NAN)}
    if brk.any():  # the rules again, on the revised baseline and moved targets, for those rows only
        rows = np.flatnonzero(brk)
        sub, keep = c.subset(rows)
        compound = (declared["trend"] == 0)[rows]
        q, value = sub.tg.q, sub.tg.value
        with np.errstate(invalid="ignore"):
            tv = np.where(compound[q], value * revised[rows][q] / sub.B[q], value + revised[rows][q] - sub.B[q])
        rebased = level_share(sub, revised[rows], tv)
        result["rebased_status"][rows] = rebased["status"]
        result["rebased_gap"][rows] = np.where(sub.hold, NAN, rebased["gap"])
    return result
