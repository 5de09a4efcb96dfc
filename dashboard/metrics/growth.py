"""Growth indicators (methodology v2, "Status: growth indicators"): the unbroken chain of yearly rates from the
baseline year, its cumulative index, the rates and status it gives, each target's verdict, and the years missing."""

from __future__ import annotations

import numpy as np

from dashboard.metrics.engine import NAN, Context, S  # engine imports this module only inside compute
from dashboard.metrics.rates import meets


def growth_fields(c: Context, out: dict[str, np.ndarray]) -> np.ndarray | None:
    """Fill the growth rows of `out` (chain index, rates, status, per-target verdicts) in place; return the
    `missing_years` column (None for other kinds)."""
    g = np.flatnonzero(c.growth)
    if not len(g):
        return None
    f, tg = c.fig, c.tg
    By, Ty, r = c.By[g], c.Ty[g], c.T[g] / 100.0
    lo, hi = f.span(g, By, np.fmin(c.as_of[g], Ty))
    pq, pf = f.pairs(lo, hi)
    ok = f.year[pf] == By[pq] + 1 + (pf - lo[pq])  # the unbroken run from B_y + 1 (years are sorted, unique)
    length = np.bincount(pq[ok], minlength=len(g))
    # cumulative index I(t) along each chain, multiplied in year order: cum[j, k-1] = I(B_y + k)
    width = max(int(length.max()) if len(length) else 0, 1)
    cum = np.ones((len(g), width))
    cum[pq[ok], (pf - lo[pq])[ok]] = 1.0 + f.value[pf[ok]] / 100.0
    cum = np.cumprod(cum, axis=1)
    index = np.where(length > 0, cum[np.arange(len(g)), np.maximum(length - 1, 0)], 1.0)
    chain = length > 0
    a = By + length
    end = np.where(chain, lo + length - 1, -1)
    n = Ty - By
    with np.errstate(all="ignore"):
        observed = np.where(chain, np.power(index, 1.0 / (a - By)) - 1.0, NAN)
        full = np.power(1.0 + r, n)
        pace = np.where(chain, observed / r, NAN)
        fin = tg.final[g]
        reached_met = meets(observed, r, tg.op[fin], True, tg.tol[fin])
        before = c.as_of[g] < Ty
        th = {k: v[g] for k, v in c.th.items()}
        status = np.select(
            [~chain | np.isnan(c.as_of[g]), before & (pace >= th["on_track"]), before & (pace >= th["moderate"]),
             before & (pace >= th["limited"]), before, a >= Ty, True],
            [S["no_data"], S["on_track"], S["moderate"], S["limited"], S["deteriorating"],
             np.where(reached_met, S["achieved"], S["missed"]), S["awaiting"]])
        early = chain & (a < Ty)
        fields = {
            "status": status, "basis": end, "trend": np.full(len(g), -1), "rate_model": np.full(len(g), -1),
            "implied_rate": r, "observed_rate": observed, "path_rate": np.where(chain, r, NAN), "pace_ratio": pace,
            "required_rate": np.where(early, np.power(full / index, 1.0 / (Ty - a)) - 1.0, NAN),
            "projected_value": np.full(len(g), NAN),
            "progress": np.where(chain, (index - 1.0) / (full - 1.0), NAN),
            "elapsed": np.where(chain, (a - By) / n, NAN),
            "gap": np.where(chain, (observed - r) * 100.0, NAN),
            "expected_value": np.where(chain, np.power(1.0 + r, a - By), NAN),
            "expected_progress": np.where(chain, (np.power(1.0 + r, a - By) - 1.0) / (full - 1.0), NAN),
        }
    nxt = tg.first_from(g, a, strictly_after=True)
    fields["next_target_year"] = np.where(chain, tg.year[nxt], NAN)
    fields["next_target_value"] = np.where(chain, tg.value[nxt], NAN)
    for name, values in fields.items():
        out[name][g] = values
    _growth_targets(c, g, lo, length, cum, out)
    return _missing_years(c, g, pq, pf, lo)


def _missing_years(c: Context, g: np.ndarray, pq: np.ndarray, pf: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Per growth row, the years B_y+1 … min(as_of, T_y) without a figure (None for other kinds)."""
    f = c.fig
    By, upto = c.By[g], np.fmin(c.as_of[g], c.Ty[g])
    span = np.where(np.isnan(upto), 0, upto - By).astype(np.int64)
    width = max(int(span.max()) if len(span) else 0, 1)
    have = np.zeros((len(g), width), dtype=bool)
    have[pq, (f.year[pf] - By[pq] - 1).astype(np.int64)] = True
    row, col = np.nonzero(~have & (np.arange(width) < span[:, None]))  # row by row, in year order
    years = (By[row].astype(np.int64) + 1 + col).tolist()
    counts = np.bincount(row, minlength=len(g))
    lists = [years[end - k:end] for end, k in zip(np.cumsum(counts).tolist(), counts.tolist(), strict=True)]
    missing = np.full(c.m, None, dtype=object)
    missing[g] = np.fromiter(lists, dtype=object, count=len(g))
    return missing


def _growth_targets(c: Context, g: np.ndarray, lo: np.ndarray, length: np.ndarray, cum: np.ndarray, out) -> None:
    """Per-target verdicts of growth rows: the chain reaching the target's year decides, on the average rate
    of the chain up to that year."""
    tg = c.tg
    where = np.full(c.m, -1)
    where[g] = np.arange(len(g))
    t = np.flatnonzero(c.growth[tg.q])
    if not len(t):
        return
    j = where[tg.q[t]]
    i = tg.q[t]
    Y, r = tg.year[t], tg.value[t] / 100.0
    years = (Y - c.By[i]).astype(np.int64)
    reached = (length[j] > 0) & (length[j] >= years)
    with np.errstate(all="ignore"):
        index = np.where(reached, cum[j, np.clip(years - 1, 0, cum.shape[1] - 1)], NAN)
        observed = np.power(index, 1.0 / years) - 1.0
        met = meets(observed, r, tg.op[t], True, tg.tol[t])
        not_due = c.as_of[i] < Y
    no_chain = np.isnan(c.as_of[i]) | (length[j] == 0)
    out["verdict"][t] = np.select([not_due, no_chain, reached & met, reached], [S["not_due"], S["no_data"],
                                  S["achieved"], S["missed"]], default=S["awaiting"])
    out["vbasis"][t] = np.select([not_due | no_chain, reached], [-1, lo[j] + years - 1],
                                 default=lo[j] + length[j] - 1)
