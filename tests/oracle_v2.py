"""A second, independent reading of methodology v2 (shared/docs/methodology.md), for cross-checks.

Written from the contract alone, without the engine: plain Python, loops, no numpy. Where the
text leaves a choice open, the reading taken is marked `Reading:` in a comment.

>>> cat = {"plans": [{"id": "p", "base_year": 2018, "target_year": 2022}], "indicators": [
...     {"id": "va", "plan": "p", "kind": "level", "direction": "increase",
...      "baseline": {"year": 2018, "value": 10656}, "target": {"year": 2022, "value": 14000}}]}
>>> row = evaluate(cat, [{"indicator_id": "va", "year": 2020, "value": 12100}], None)[0]
>>> row["status"], round(row["pace_ratio"], 3), row["as_of"]
('moderate', 0.929, 2020)
"""

from __future__ import annotations

FIELDS = ("as_of", "status", "latest_year", "latest_value", "basis_year", "basis_value", "trend", "rate_model",
          "implied_rate", "expected_value", "gap", "observed_rate", "path_rate", "pace_ratio", "required_rate",
          "projected_value", "progress", "elapsed", "expected_progress", "next_target_year", "next_target_value",
          "missing_years", "targets", "vintage_break", "revised_baseline", "rebased_status", "rebased_gap")
METRICS = ("rate_model", "expected_value", "gap", "observed_rate", "path_rate", "pace_ratio", "required_rate",
           "projected_value", "progress", "elapsed", "expected_progress", "next_target_year", "next_target_value")
HOLD_NULLS = ("pace_ratio", "required_rate", "path_rate", "expected_value", "gap", "expected_progress")
THRESHOLDS = {"on_track": 0.95, "moderate": 0.60, "limited": 0.0}


def meets(x: float, tgt: dict, d: int) -> bool:
    """`meets(x, target)` of the table; `~`: d·(x − T) ≥ −tolerance·|T|.

    >>> meets(13.9, {"value": 14, "op": "~"}, +1), meets(13.0, {"value": 14, "op": "~", "tolerance": 0.1}, +1)
    (True, True)
    """
    t, op = tgt["value"], tgt.get("op") or (">=" if d > 0 else "<=")
    if op == "~":
        tol = tgt.get("tolerance")
        return d * (x - t) >= -(0.02 if tol is None else tol) * abs(t)
    return {">=": x >= t, ">": x > t, "<=": x <= t, "<": x < t}[op]


def _targets(ind: dict, base: float | None) -> list[dict]:
    """The targets in year order, each {year, value, op, tolerance}; `factor` becomes factor·B."""
    d = -1 if ind.get("direction") == "decrease" else 1
    out = []
    for raw in ind.get("targets") or [ind["target"]]:
        value = raw.get("value")
        if raw.get("factor") is not None:
            value = raw["factor"] * base if base is not None else None
        op = None if ind["kind"] == "milestone" else raw.get("op") or (">=" if d > 0 else "<=")
        out.append({"year": int(raw["year"]), "value": None if value is None else float(value), "op": op,
                    "tolerance": raw.get("tolerance")})
    return out


def _pace_status(pace: float | None, th: dict) -> str:
    for name in ("on_track", "moderate", "limited"):
        if pace is not None and pace >= th[name]:
            return name
    return "deteriorating"


def _entry(t: dict, verdict: str, basis: int | None, figs: dict) -> dict:
    return {"year": t["year"], "value": t["value"], "op": t["op"], "verdict": verdict, "basis_year": basis,
            "basis_value": None if basis is None else figs[basis]}


class _LevelShare:
    """Rules for one level or share indicator on a given baseline (B_y, B) and targets."""

    def __init__(self, ind: dict, base_year, base, targets, figs: dict, as_of, th: dict):
        self.kind, self.hold, self.figs, self.as_of, self.th = ind["kind"], bool(ind.get("hold")), figs, as_of, th
        self.d = -1 if ind["direction"] == "decrease" else 1
        self.forced_linear = ind.get("trend") == "linear"
        self.by, self.b, self.targets, self.final = base_year, base, targets, targets[-1]
        self.years = sorted(figs)
        self.trend = None
        if base is not None:
            compound = self.kind == "level" and not self.forced_linear and base > 0 and self.final["value"] > 0
            self.trend = "compound" if compound else "linear"

    def _after_base(self, hi: int) -> list[int]:
        return [y for y in self.years if (self.by is None or y > self.by) and y <= hi]

    def path(self, t: int, all_linear: bool = False) -> float | None:
        """P(t) on baseline → T1 → … → final; each segment compound or linear on its own two ends."""
        points = [(self.by, self.b)] + [(x["year"], x["value"]) for x in self.targets]
        for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
            if y0 <= t <= y1:
                frac = (t - y0) / (y1 - y0)
                if not all_linear and self.kind == "level" and not self.forced_linear and v0 > 0 and v1 > 0:
                    return v0 * (v1 / v0) ** frac
                return v0 + (v1 - v0) * frac
        return None

    def deadline(self, tgt: dict) -> tuple[str, int | None]:
        """Rule 3 with tgt's year as the deadline (as_of ≥ that year)."""
        ty, figs = tgt["year"], self.figs
        before = self._after_base(ty)
        late = [y for y in self.years if ty < y <= self.as_of]
        b = before[-1] if before else None
        if b is not None and meets(figs[b], tgt, self.d):
            return "achieved", b
        first_late = next((y for y in late if meets(figs[y], tgt, self.d)), None)
        if b == ty:
            # Reading: the target-year figure that misses, with nothing later meeting, stays the basis.
            return ("achieved_late", first_late) if first_late is not None else ("missed", b)
        if first_late is not None:
            return "achieved_late", first_late
        if late:
            return "missed", late[-1]
        return ("awaiting", b) if b is not None else ("no_data", None)

    def held(self, tgt: dict) -> tuple[str, int | None]:
        """Rule 4: every figure B_y < year ≤ min(as_of, tgt year) meets tgt."""
        checked = self._after_base(min(self.as_of, tgt["year"]))
        for y in checked:
            if not meets(self.figs[y], tgt, self.d):
                return "missed", y
        if self.as_of < tgt["year"]:
            return ("on_track", checked[-1]) if checked else ("no_data", None)
        if tgt["year"] in checked:
            return "achieved", tgt["year"]
        # Reading: with nothing up to the deadline, awaiting rests on no figure.
        return ("awaiting", checked[-1] if checked else None) if self._after_base(self.as_of) else ("no_data", None)

    def metrics(self, a: int | None) -> dict:
        m = dict.fromkeys(METRICS)
        if a is None:
            return m
        nxt = next((x for x in self.targets if x["year"] > a), self.final)
        m["next_target_year"], m["next_target_value"] = nxt["year"], nxt["value"]
        if self.b is None:
            return m
        big_a, b, by, ty, tv = self.figs[a], self.b, self.by, self.final["year"], self.final["value"]
        compound = self.trend == "compound" and big_a > 0
        m["rate_model"] = "compound" if compound else "linear"
        k, n = a - by, ty - by
        observed = (big_a / b) ** (1 / k) - 1 if compound else (big_a - b) / k
        m["observed_rate"] = observed
        m["progress"] = (big_a - b) / (tv - b) if tv != b else None
        m["elapsed"] = (min(a, ty) - by) / n
        pa = self.path(a) if a <= ty else None
        if pa is not None:
            m["expected_value"], m["gap"] = pa, big_a - pa
            if compound:
                path_rate = (pa / b) ** (1 / k) - 1
            else:
                # A compound indicator with A ≤ 0: the straight-line path through the same points.
                straight = self.path(a, all_linear=True) if self.trend == "compound" else pa
                path_rate = (straight - b) / k
            m["path_rate"] = path_rate
            m["pace_ratio"] = observed / path_rate if path_rate != 0 else None
            m["expected_progress"] = (pa - b) / (tv - b) if tv != b else None
        if a < ty:
            ny, nv = nxt["year"], nxt["value"]
            m["projected_value"] = big_a * (1 + observed) ** (ny - a) if compound else big_a + observed * (ny - a)
            if not meets(big_a, nxt, self.d):
                m["required_rate"] = (nv / big_a) ** (1 / (ny - a)) - 1 if compound else (nv - big_a) / (ny - a)
        if self.hold:
            m.update(dict.fromkeys(HOLD_NULLS))
        return m

    def evaluate(self) -> dict:
        out = {"trend": self.trend, "implied_rate": None, "missing_years": None}
        if self.b is not None:
            n, tv = self.final["year"] - self.by, self.final["value"]
            out["implied_rate"] = (tv / self.b) ** (1 / n) - 1 if self.trend == "compound" else (tv - self.b) / n
        seen = self._after_base(self.as_of) if self.as_of is not None else []
        latest = seen[-1] if seen else None
        out["latest_year"], out["latest_value"] = latest, None if latest is None else self.figs[latest]
        if latest is None:
            status, basis = "no_data", None
        elif self.hold:
            status, basis = self.held(self.final)
        elif self.as_of >= self.final["year"]:
            status, basis = self.deadline(self.final)
        else:
            status, basis = None, latest
        out.update(self.metrics(basis))
        if status is None:
            if meets(self.figs[latest], self.final, self.d):
                status = "achieved"
            elif self.b is None:
                status = "pending"
            else:
                status = _pace_status(out["pace_ratio"], self.th)
        out["status"], out["basis_year"] = status, basis
        out["basis_value"] = None if basis is None else self.figs[basis]
        out["targets"] = [_entry(t, *self.verdict(t), self.figs) for t in self.targets]
        return out

    def verdict(self, tgt: dict) -> tuple[str, int | None]:
        """A target's own verdict: rule 3 (rule 4 for a hold) with its year as the deadline."""
        if self.as_of is None:
            return "no_data", None
        if self.as_of < tgt["year"]:
            return "not_due", None
        return self.held(tgt) if self.hold else self.deadline(tgt)


def _level_share(ind: dict, figs: dict, as_of, th: dict) -> dict:
    base = ind.get("baseline") or {}
    by, b = base.get("year"), base.get("value")
    b = None if b is None else float(b)
    targets = _targets(ind, b)
    rules = _LevelShare(ind, by, b, targets, figs, as_of, th)
    out = rules.evaluate()
    out.update(vintage_break=False, revised_baseline=None, rebased_status=None, rebased_gap=None)
    revised = figs.get(by) if b is not None else None
    if revised is not None and abs(revised - b) > (0.005 * abs(b) if ind["kind"] == "level" else 0.05):
        # Reading: the indicator's trend (baseline → final target) decides scale or shift for every target.
        moved = [dict(t, value=t["value"] * revised / b if rules.trend == "compound" else t["value"] + revised - b)
                 for t in targets]
        rebased = _LevelShare(ind, by, revised, moved, figs, as_of, th).evaluate()
        out.update(vintage_break=True, revised_baseline=revised, rebased_status=rebased["status"],
                   rebased_gap=rebased["gap"])
    return out


def _chain(figs: dict, by: int, hi: int) -> tuple[int | None, float]:
    """The last year of the unbroken run from B_y+1 up to hi, and its index Π(1 + g/100)."""
    a, index, y = None, 1.0, by + 1
    while y <= hi and y in figs:
        index *= 1 + figs[y] / 100
        a, y = y, y + 1
    return a, index


def _growth(ind: dict, figs: dict, as_of, th: dict) -> dict:
    by, targets = int(ind["baseline"]["year"]), _targets(ind, None)
    final = targets[-1]
    ty, r = final["year"], final["value"] / 100
    n = ty - by
    out = dict.fromkeys(METRICS)
    out.update(trend=None, implied_rate=r, vintage_break=False, revised_baseline=None, rebased_status=None,
               rebased_gap=None)
    hi = None if as_of is None else min(as_of, ty)
    out["missing_years"] = [] if hi is None else [y for y in range(by + 1, hi + 1) if y not in figs]
    seen = [y for y in sorted(figs) if as_of is not None and by < y <= as_of]
    out["latest_year"] = seen[-1] if seen else None
    out["latest_value"] = figs[seen[-1]] if seen else None
    a, index = _chain(figs, by, hi) if hi is not None else (None, 1.0)
    out["basis_year"], out["basis_value"] = a, None if a is None else figs[a]
    if a is None:
        out["status"] = "no_data"
    else:
        k, whole = a - by, (1 + r) ** n
        observed = index ** (1 / k) - 1
        nxt = next((x for x in targets if x["year"] > a), final)
        out.update(observed_rate=observed, pace_ratio=observed / r, path_rate=r, gap=(observed - r) * 100,
                   progress=(index - 1) / (whole - 1), elapsed=k / n, expected_value=(1 + r) ** k,
                   expected_progress=((1 + r) ** k - 1) / (whole - 1), next_target_year=nxt["year"],
                   next_target_value=nxt["value"])
        if a < ty:
            # Reading: a growth row's required rate is given whenever the chain ends before T_y.
            out["required_rate"] = (whole / index) ** (1 / (ty - a)) - 1
        if as_of < ty:
            out["status"] = _pace_status(out["pace_ratio"], th)
        else:
            out["status"] = _growth_verdict(final, figs, by, as_of)[0]
    out["targets"] = []
    for t in targets:
        if as_of is None:
            out["targets"].append(_entry(t, "no_data", None, figs))
        elif as_of < t["year"]:
            out["targets"].append(_entry(t, "not_due", None, figs))
        else:
            out["targets"].append(_entry(t, *_growth_verdict(t, figs, by, as_of), figs))
    return out


def _growth_verdict(tgt: dict, figs: dict, by: int, as_of: int) -> tuple[str, int | None]:
    a, index = _chain(figs, by, min(as_of, tgt["year"]))
    if a is None:
        return "no_data", None
    if a < tgt["year"]:
        return "awaiting", a
    observed = index ** (1 / (a - by)) - 1
    rate = dict(tgt, value=tgt["value"] / 100)
    return ("achieved" if meets(observed, rate, +1) else "missed"), a


def _milestone_verdict(figs: dict, as_of: int, due: int) -> tuple[str, int | None]:
    seen = [y for y in sorted(figs) if y <= as_of]
    done = [y for y in seen if figs[y] == 1]
    if done:
        return ("achieved" if done[0] <= due else "achieved_late"), done[0]
    if not seen:
        return "no_data", None
    if seen[-1] >= due:
        return "missed", seen[-1]
    return ("pending" if as_of < due else "awaiting"), seen[-1]


def _milestone(ind: dict, figs: dict, as_of, th: dict) -> dict:
    targets = _targets(ind, None)
    final = targets[-1]
    out = dict.fromkeys(METRICS)
    out.update(trend=None, implied_rate=None, missing_years=None, vintage_break=False, revised_baseline=None,
               rebased_status=None, rebased_gap=None)
    seen = [y for y in sorted(figs) if as_of is not None and y <= as_of]
    out["latest_year"] = seen[-1] if seen else None
    out["latest_value"] = figs[seen[-1]] if seen else None
    status, basis = _milestone_verdict(figs, as_of, final["year"]) if as_of is not None else ("no_data", None)
    out.update(status=status, basis_year=basis, basis_value=None if basis is None else figs[basis])
    if basis is not None:
        out["next_target_year"] = next((x["year"] for x in targets if x["year"] > basis), final["year"])
    out["targets"] = [
        _entry(t, "no_data", None, figs) if as_of is None else
        _entry(t, "not_due", None, figs) if as_of < t["year"] else
        _entry(t, *_milestone_verdict(figs, as_of, t["year"]), figs) for t in targets]
    return out


RULES = {"level": _level_share, "share": _level_share, "growth": _growth, "milestone": _milestone}


def evaluate(catalog: dict, figures: list[dict], as_of: int | None) -> list[dict]:
    """One row per indicator (catalog order) with `id` and every field of methodology v2.

    `as_of` None: per plan, the latest year with any figure of the plan's indicators (baseline-year
    figures and milestone 0/1 included); a plan without figures gets as_of None and `no_data`.
    """
    by_id: dict[str, dict[int, float]] = {}
    for f in figures:
        by_id.setdefault(f["indicator_id"], {})[int(f["year"])] = float(f["value"])
    plans = {p["id"]: p for p in catalog.get("plans") or []}
    indicators = catalog.get("indicators") or []
    plan_as_of: dict[str, int] = {}
    for ind in indicators:
        for y in by_id.get(ind["id"], {}):
            plan_as_of[ind["plan"]] = max(plan_as_of.get(ind["plan"], y), y)
    rows = []
    for ind in indicators:
        year = as_of if as_of is not None else plan_as_of.get(ind["plan"])
        th = {**THRESHOLDS, **(plans.get(ind["plan"], {}).get("thresholds") or {})}
        figs = by_id.get(ind["id"], {})
        targets = _targets(ind, (ind.get("baseline") or {}).get("value"))
        if any(t["value"] is None for t in targets) and ind["kind"] != "milestone":
            row = _factor_without_baseline(ind, targets)
        else:
            row = RULES[ind["kind"]](ind, figs, year, th)
        row["as_of"] = year
        rows.append({"id": ind["id"], **{f: row.get(f) for f in FIELDS}})
    return rows


def _factor_without_baseline(ind: dict, targets: list[dict]) -> dict:
    """A `factor` target without a baseline value: the row is `no_data` (the catalog refuses it anyway)."""
    return {"status": "no_data", "vintage_break": False, "missing_years": [] if ind["kind"] == "growth" else None,
            "targets": [_entry(t, "no_data", None, {}) for t in targets]}
