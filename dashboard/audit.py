"""Plan consistency audit (docs/methodology.md): the rate a plan prints beside a target vs the rate
its own baseline and target imply.

Pure: a catalog frame in, a frame out. A declared "%" rate is compared with the compound implied
rate x 100, a declared "pp" rate with the linear one (T - B)/n; the tolerance is half a unit of the
last printed digit (catalog column declared_rate_tolerance). Each row gets `check`: `ok` (within the
tolerance), `basis_differs` (outside it, but the printed rate is real growth at comparable prices while
the level target is nominal: the two need not agree) or `disagrees` (same basis, outside the tolerance);
`flag` is `check == "disagrees"`. Share rates are percentage points (basis pp), neither real nor nominal.
Decided edge cases:
- no baseline, or a "%" rate with a baseline or target <= 0: nothing to compare; not flagged,
  the explanation says why.
- a missing tolerance (a frame not built by the catalog) is derived from the declared value as
  written by Python (7.0 -> 0.5, 6.5 -> 0.05).
- rates are compared with their signs as transcribed: a fall must be written as a negative rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import formatting as fmt
from dashboard.metrics import annual_rate

AUDIT_COLUMNS = ["id", "name", "name_en", "unit", "declared_rate", "declared_rate_unit", "basis", "implied_rate",
                 "difference", "tolerance", "check", "flag", "explanation_zh", "explanation_en"]
CHECKS = ("ok", "basis_differs", "disagrees")
EPSILON = 1e-9  # a difference equal to the tolerance (up to float noise) is consistent


def _tolerance(declared: float) -> float:
    """Half a unit of the last digit of `declared` as Python writes it.

    >>> _tolerance(7.0), _tolerance(6.5), _tolerance(0.25)
    (0.5, 0.05, 0.005)
    """
    text = f"{declared:.10g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0 ** -decimals


def _explain(row: dict) -> tuple[str, str]:
    """(zh, en) explanation of one audit row."""
    pct = row["declared_rate_unit"] == "%"
    if np.isnan(row["implied_rate"]):
        if row["no_baseline"]:
            return "规划未给出基期值，无法核对", "no baseline in the plan: cannot be checked"
        return ("基期值或目标值不为正，无法推算年均增长率，无法核对",
                "baseline or target not positive: no compound rate to compare with")
    if row["check"] == "ok":
        return "一致", "consistent"
    d, i, x = fmt.number(row["declared_rate"]), fmt.fixed(row["implied_rate"], 2), fmt.fixed(abs(row["difference"]), 2)
    if row["check"] == "basis_differs":
        return (f"规划年均增速{d}%按可比价计算（实际增长），而目标值为现价总量；"
                f"按基期值和目标值推算的现价年均增速为{i}%，相差{x}个百分点。两者口径不同，不必一致，并非规划有误",
                f"the declared {d}% is real growth at comparable prices while the level target is nominal "
                f"(implied nominal rate {i}%, {x} pp apart): the two need not match — not an error in the plan")
    if pct:
        return (f"规划所列年均增速{d}%与按基期值和目标值推算的年均增速{i}%不一致，相差{x}个百分点",
                f"the printed rate {d}% and the rate implied by baseline→target ({i}%) disagree by {x} pp")
    return (f"规划所列每年提高{d}个百分点与按基期值和目标值推算的每年{i}个百分点不一致，相差{x}个百分点",
            f"the printed {d} pp a year and the {i} pp a year implied by baseline→target disagree by {x} pp")


def audit(indicators: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """One row per indicator with a declared rate: declared vs implied, difference, tolerance, flag.

    implied_rate = ((T/B)^(1/n) - 1) x 100 for a "%" rate, (T - B)/n for a "pp" rate;
    difference = declared - implied; flag = |difference| > tolerance. With `lang` ("zh"/"en") an
    `explanation` column in that language is added.

    >>> cat = pd.DataFrame({"id": ["sva"], "name": ["服务业增加值"], "unit": ["亿元"], "baseline_year": [2018],
    ...     "baseline_value": [10656.0], "target_year": [2022], "target_value": [14000.0], "declared_rate": [7.0],
    ...     "declared_rate_unit": ["%"], "declared_rate_basis": ["real"], "declared_rate_tolerance": [0.5]})
    >>> r = audit(cat, "en").iloc[0]
    >>> round(float(r.implied_rate), 2), r.check, bool(r.flag), r.explanation
    (7.06, 'ok', False, 'consistent')
    """
    if lang not in (None, "zh", "en"):
        raise ValueError(f"unknown language {lang!r}: expected zh or en")
    d = indicators[indicators["declared_rate"].notna()].reset_index(drop=True)
    B, T = d["baseline_value"].to_numpy(float, na_value=np.nan), d["target_value"].to_numpy(float, na_value=np.nan)
    n = (d["target_year"].astype("Float64") - d["baseline_year"].astype("Float64")).to_numpy(float, na_value=np.nan)
    declared = d["declared_rate"].to_numpy(float)
    pct = (d["declared_rate_unit"] == "%").to_numpy(bool, na_value=False)
    with np.errstate(all="ignore"):
        compound_ok = (B > 0) & (T > 0)
        implied = np.where(pct, np.where(compound_ok, annual_rate(B, T, n, True) * 100, np.nan),
                           annual_rate(B, T, n, False))
        implied = np.where(n > 0, implied, np.nan)
    tolerance = (d["declared_rate_tolerance"].to_numpy(float, na_value=np.nan) if "declared_rate_tolerance" in d
                 else np.full(len(d), np.nan))
    tolerance = np.where(np.isnan(tolerance), [_tolerance(v) for v in declared], tolerance)
    difference = declared - implied
    with np.errstate(invalid="ignore"):
        outside = np.abs(difference) > tolerance + EPSILON
    basis = d["declared_rate_basis"] if "declared_rate_basis" in d else pd.Series([None] * len(d))
    basis = basis.where(basis.notna(), np.where(pct, "nominal", "pp")).to_numpy(dtype=object)
    basis = np.where(pct, basis, "pp")  # a share's rate is in percentage points whatever was written
    real = basis == "real"
    check = np.where(outside & real, "basis_differs", np.where(outside, "disagrees", "ok"))
    out = pd.DataFrame({
        "id": d["id"], "name": d["name"], "name_en": d["name_en"] if "name_en" in d else None, "unit": d["unit"],
        "declared_rate": declared,
        "declared_rate_unit": d["declared_rate_unit"], "basis": basis,
        "implied_rate": implied, "difference": difference, "tolerance": tolerance, "check": check,
        "flag": check == "disagrees",
    })
    extra = out.assign(no_baseline=np.isnan(B) | np.isnan(n))
    texts = [_explain(row) for row in extra.to_dict("records")]
    out["explanation_zh"] = [zh for zh, _ in texts]
    out["explanation_en"] = [en for _, en in texts]
    if lang is not None:
        out["explanation"] = out[f"explanation_{lang}"]
    return out[AUDIT_COLUMNS + (["explanation"] if lang is not None else [])]
