"""The planned path year by year (piecewise through every target, ending at the final one) and the
projection at the observed pace, as long frames for charts and reports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.metrics.figures import floats
from dashboard.metrics.rates import path_value, segment_value


def _points(row) -> list[tuple[int, float]]:
    targets = row.get("targets")
    if isinstance(targets, list) and targets:
        return [(int(t["year"]), float(t["value"])) for t in targets if t.get("value") is not None]
    return [(int(row["target_year"]), float(row["target_value"]))]


def _segment_compound(row, v0: float, v1: float) -> bool:
    if row.get("kind") != "level" or row.get("trend") is None:
        return False
    if row["trend"] == "compound":
        return True
    b, t = float(row["baseline_value"]), float(row["target_value"])
    return not (b > 0 and t > 0) and v0 > 0 and v1 > 0  # linear only because an end is <= 0: segment by segment


def path_frame(results: pd.DataFrame, ids=None) -> pd.DataFrame:
    """The planned path P(t) for every year from the baseline to the final target: columns id, year, planned.
    Each segment (baseline → first target → … → final) is compound or linear on its own two ends.

    >>> r = pd.DataFrame({"id": ["x"], "kind": ["level"], "trend": ["compound"], "baseline_year": [2022],
    ...                   "baseline_value": [100.0], "target_year": [2027], "target_value": [200.0],
    ...                   "targets": [[{"year": 2025, "value": 150.0}, {"year": 2027, "value": 200.0}]]})
    >>> path_frame(r).planned.round(2).tolist()
    [100.0, 114.47, 131.04, 150.0, 173.21, 200.0]
    """
    r = results[results["trend"].notna()]
    if ids is not None:
        r = r[r["id"].isin(list(ids))]
    out_id, out_year, out_value = [], [], []
    for row in r.to_dict("records"):
        y0, v0 = int(row["baseline_year"]), float(row["baseline_value"])
        out_id.append(row["id"])
        out_year.append(y0)
        out_value.append(v0)
        for y1, v1 in _points(row):
            years = np.arange(y0 + 1, y1 + 1)
            values = np.atleast_1d(segment_value(y0, v0, y1, v1, years, _segment_compound(row, v0, v1))).tolist()
            if values:  # a segment ends at its target itself (v0·(v1/v0)^1 can round, or overflow for tiny v0)
                values[-1] = v1
            out_id += [row["id"]] * len(years)
            out_year += years.tolist()
            out_value += values
            y0, v0 = y1, v1
    return pd.DataFrame({"id": out_id, "year": pd.array(out_year, dtype="int64"),
                         "planned": pd.array(out_value, dtype="float64")})


def projection_frame(results: pd.DataFrame, ids=None) -> pd.DataFrame:
    """The projection at the observed pace from the basis year to the next target's year: id, year, projected.

    >>> r = pd.DataFrame({"id": ["x"], "rate_model": ["compound"], "observed_rate": [0.1], "basis_year": [2020],
    ...                   "basis_value": [100.0], "next_target_year": [2022], "target_year": [2022]})
    >>> projection_frame(r).projected.round(2).tolist()
    [100.0, 110.0, 121.0]
    """
    start_col = "basis_year" if "basis_year" in results else "latest_year"
    value_col = "basis_value" if "basis_value" in results else "latest_value"
    end_col = "next_target_year" if "next_target_year" in results else "target_year"
    ay, ny, ty = floats(results, start_col), floats(results, end_col), floats(results, "target_year")
    obs = floats(results, "observed_rate")
    with np.errstate(invalid="ignore"):
        keep = ~np.isnan(obs) & (ay < ty) & ~np.isnan(ny) & results.get("rate_model", results["id"]).notna().to_numpy()
    if ids is not None:
        keep &= results["id"].isin(list(ids)).to_numpy()
    r = results[keep]
    ay, ny = ay[keep].astype(int), ny[keep].astype(int)
    counts = ny - ay + 1
    row = np.repeat(np.arange(len(r)), counts)
    step = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    model = r["rate_model"] if "rate_model" in r else r["trend"]
    compound = model.eq("compound").to_numpy(bool, na_value=False)
    projected = path_value(floats(r, value_col)[row], obs[keep][row], step, compound[row])
    return pd.DataFrame({"id": r["id"].to_numpy()[row], "year": ay[row] + step, "projected": projected})
