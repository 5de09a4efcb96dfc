"""Rates, path values and the `meets` test of methodology.md (version 2), on numpy arrays."""

from __future__ import annotations

import numpy as np

from dashboard.metrics.arrays import blend

OPS = (">=", ">", "<=", "<", "~")
OP_CODE = {op: i for i, op in enumerate(OPS)}
DEFAULT_TOLERANCE = 0.02


def annual_rate(start, end, years, compound):
    """Annual rate from `start` to `end` over `years`: (end/start)^(1/years) - 1 if `compound`,
    else (end - start)/years. Used for implied (B->T), observed (B->A), path (B->P(a)) and required (A->N) rates.

    >>> round(float(annual_rate(10656, 14000, 4, True)), 5), round(float(annual_rate(52.3, 54, 4, False)), 6)
    (0.07062, 0.425)
    """
    start, end, years = (np.asarray(x, dtype=float) for x in (start, end, years))
    with np.errstate(all="ignore"):
        return blend(compound, np.power(end / start, 1.0 / years) - 1.0, (end - start) / years)


def path_value(start, rate, years, compound):
    """Value `years` after `start` at `rate`: start(1+rate)^years if `compound`, else start + rate*years.
    Gives the projection at the observed pace.

    >>> round(float(path_value(10656, 0.0706153, 2, True)), 1), float(path_value(52.3, 0.425, 2, False))
    (12214.1, 53.15)
    """
    start, rate, years = (np.asarray(x, dtype=float) for x in (start, rate, years))
    with np.errstate(all="ignore"):
        return blend(compound, start * np.power(1.0 + rate, years), start + rate * years)


def segment_value(y0, v0, y1, v1, t, compound):
    """The planned path between (y0, v0) and (y1, v1) at year t: v0·(v1/v0)^((t−y0)/(y1−y0)) if `compound`,
    else v0 + (v1−v0)·(t−y0)/(y1−y0).

    >>> float(segment_value(2022, 100, 2025, 150, 2024, True)).__round__(2)
    131.04
    """
    y0, v0, y1, v1, t = (np.asarray(x, dtype=float) for x in (y0, v0, y1, v1, t))
    with np.errstate(all="ignore"):
        share = (t - y0) / (y1 - y0)
        return blend(compound, v0 * np.power(v1 / v0, share), v0 + (v1 - v0) * share)


def meets(x, target, op, increase, tolerance):
    """Whether x meets the target with comparator `op` (codes of OPS; -1 = the direction's default).

    `~` is met when d·(x − T) ≥ −tolerance·|T| (d = +1 increase, −1 decrease; tolerance default 0.02).

    >>> meets(np.array([14000.0, 10999, 10800, 10700]), 11000.0, np.array([0, 0, 4, 4]), True, np.nan).tolist()
    [True, False, True, False]
    """
    x, target, op = np.asarray(x, dtype=float), np.asarray(target, dtype=float), np.asarray(op)
    increase = np.asarray(increase, dtype=bool)
    if (op < 0).any():
        op = np.where(op < 0, np.where(increase, 0, 2), op)
    # one signed difference s·(x − T) serves every comparator, exactly: x ≥ T ⇔ x − T ≥ 0, x ≤ T ⇔ −(x − T) ≥ 0,
    # x > T ⇔ x − T > 0; `~` as documented
    approx = op == 4
    with np.errstate(invalid="ignore", over="ignore"):
        diff = x - target
        down = (approx & ~increase) | (~approx & (op > 1))
        signed = diff * (1.0 - 2.0 * down)  # ·±1: exact
        if approx.any():
            tol = np.where(np.isnan(np.asarray(tolerance, dtype=float)), DEFAULT_TOLERANCE, tolerance)
            met = signed >= blend(approx, -tol * np.abs(target), 0.0)
        else:
            met = signed >= 0
        strict = _STRICT[op]
        if strict.any():
            met &= ~strict | (signed > 0)
        return met


_STRICT = np.array([False, True, False, True, False])  # per comparator code: > and <
