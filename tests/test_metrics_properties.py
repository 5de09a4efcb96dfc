"""Properties of the metrics engine (Hypothesis) and an independent cross-check of compound rates."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dashboard import metrics
from tests.test_metrics import make_frame

# Best first; `missed` only occurs at or after the target year, where the only other statuses are achieved
# (the target-year figure meets) and achieved_late (a later one does).
RANK = {"achieved": 0, "achieved_late": 0.5, "on_track": 1, "moderate": 2, "limited": 3, "deteriorating": 4,
        "missed": 5}

values = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3))
positive = st.floats(min_value=1e-2, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def indicators(draw, direction=None):
    """A level or share indicator with a baseline; direction follows from baseline vs target."""
    b, t = draw(values), draw(values)
    direction = direction or ("increase" if t >= b else "decrease")
    if direction == "increase":
        b, t = min(b, t), max(b, t)
    else:
        b, t = max(b, t), min(b, t)
    by = draw(st.integers(2000, 2030))
    n = draw(st.integers(1, 20))
    return {"kind": draw(st.sampled_from(["level", "share"])), "trend": draw(st.sampled_from([None, "linear"])),
            "direction": direction, "baseline_year": by, "baseline_value": b, "target_year": by + n,
            "target_value": t}


def actuals_for(*pairs):
    return pd.DataFrame([(f"i{i}", y, v) for i, (y, v) in enumerate(pairs)], columns=["indicator_id", "year", "value"])


@settings(max_examples=200, deadline=None)
@given(indicators())
def test_the_planned_path_passes_through_baseline_and_target(row):
    res = metrics.compute(make_frame(row), actuals_for())
    path = metrics.path_frame(res)
    assert path["year"].tolist() == list(range(row["baseline_year"], row["target_year"] + 1))
    assert path["planned"].iat[0] == pytest.approx(row["baseline_value"], rel=1e-9, abs=1e-9)
    assert path["planned"].iat[-1] == pytest.approx(row["target_value"], rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(indicators(), values, st.integers(1, 25))
def test_achieved_if_and_only_if_the_target_is_met(row, actual, after):
    year = row["baseline_year"] + after
    status = metrics.compute(make_frame(row), actuals_for((year, actual))).iloc[0]["status"]
    met = actual >= row["target_value"] if row["direction"] == "increase" else actual <= row["target_value"]
    assert (status in ("achieved", "achieved_late")) == met
    assert (status == "achieved_late") == (met and year > row["target_year"])  # met only after the deadline


@settings(max_examples=200, deadline=None)
@given(indicators(direction="increase"), values, values, st.integers(1, 25))
def test_for_increase_indicators_a_higher_actual_never_makes_the_status_worse(row, a1, a2, after):
    low, high = min(a1, a2), max(a1, a2)
    year = row["baseline_year"] + after
    res = metrics.compute(make_frame(row, row), actuals_for((year, low), (year, high)))
    worse, better = res["status"].tolist()
    assert RANK[better] <= RANK[worse], (worse, better, res[["pace_ratio"]].to_dict("list"))


@settings(max_examples=200, deadline=None)
@given(indicators(direction="decrease"), values, values, st.integers(1, 25))
def test_for_decrease_indicators_a_lower_actual_never_makes_the_status_worse(row, a1, a2, after):
    low, high = min(a1, a2), max(a1, a2)
    year = row["baseline_year"] + after
    better, worse = metrics.compute(make_frame(row, row), actuals_for((year, low), (year, high)))["status"].tolist()
    assert RANK[better] <= RANK[worse]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(indicators(), values, st.integers(1, 25)), min_size=1, max_size=8))
def test_indicators_are_computed_independently_of_each_other(cases):
    rows = [{**row, "plan": f"plan-{i}"} for i, (row, _, _) in enumerate(cases)]  # as_of is per plan
    together = metrics.compute(make_frame(*rows), actuals_for(*[(r["baseline_year"] + k, a) for r, a, k in cases]))
    for i, (row, actual, after) in enumerate(cases):
        alone = metrics.compute(make_frame(rows[i]), actuals_for((row["baseline_year"] + after, actual))).iloc[0]
        assert together["status"].iat[i] == alone["status"]
        assert together["pace_ratio"].iat[i] == pytest.approx(alone["pace_ratio"], nan_ok=True)


def bisect_rate(b: float, t: float, n: int) -> float:
    """Solve b(1+r)^n = t for r by bisection (no closed form used)."""
    lo, hi = -1.0 + 1e-15, 1.0
    while b * (1 + hi) ** n < t:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if b * (1 + mid) ** n < t:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@settings(max_examples=200, deadline=None)
@given(positive, positive, st.integers(1, 30))
def test_compound_implied_rate_matches_bisection(b, t, n):
    assume(abs(t / b - 1) > 1e-9)
    row = {"baseline_year": 2000, "baseline_value": b, "target_year": 2000 + n, "target_value": t,
           "direction": "increase" if t >= b else "decrease"}
    r = metrics.compute(make_frame(row), actuals_for()).iloc[0]
    assert r["trend"] == "compound"
    assert r["implied_rate"] == pytest.approx(bisect_rate(b, t, n), rel=1e-9, abs=1e-12)


def test_bisection_reproduces_the_worked_example():
    assert round(bisect_rate(10656, 14000, 4), 5) == 0.07062


# ---------------------------------------------------------------- version 2 properties


@st.composite
def with_interim_targets(draw):
    """A level or share indicator with 1-3 targets moving monotonically from the baseline."""
    row = draw(indicators())
    by, ty, b, t = row["baseline_year"], row["target_year"], row["baseline_value"], row["target_value"]
    assume(ty - by >= 2)
    years = sorted(draw(st.sets(st.integers(by + 1, ty - 1), max_size=2)))
    # interim values between the baseline and the final target, in the direction of travel
    fractions = sorted(draw(st.lists(st.floats(0, 1), min_size=len(years), max_size=len(years))))
    interim = tuple((y, b + (t - b) * f, None, None) for y, f in zip(years, fractions, strict=True))
    return {**row, "interim_targets": interim or None}


@settings(max_examples=200, deadline=None)
@given(with_interim_targets())
def test_the_planned_path_passes_through_every_target(row):
    res = metrics.compute(make_frame(row), actuals_for())
    path = metrics.path_frame(res).set_index("year")["planned"]
    assert path.index.tolist() == list(range(row["baseline_year"], row["target_year"] + 1))  # ends at the final one
    points = [(row["baseline_year"], row["baseline_value"]), *[(y, v) for y, v, _, _ in row["interim_targets"] or ()],
              (row["target_year"], row["target_value"])]
    for year, value in points:
        assert path[year] == pytest.approx(value, rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(with_interim_targets(), values, st.integers(1, 30))
def test_no_expected_value_after_the_final_target(row, actual, after):
    year = row["baseline_year"] + after
    r = metrics.compute(make_frame(row), actuals_for((year, actual)), as_of=year).iloc[0]
    if r["basis_year"] > row["target_year"]:
        assert pd.isna(r["expected_value"]) and pd.isna(r["gap"]) and pd.isna(r["pace_ratio"])
        assert r["elapsed"] == 1.0


V1_SAME = ["implied_rate", "latest_year", "latest_value", "expected_value", "gap", "progress", "elapsed",
           "expected_progress", "observed_rate", "pace_ratio", "projected_value"]


@settings(max_examples=300, deadline=None)
@given(indicators(), st.lists(st.tuples(st.integers(1, 25), values), max_size=4))
def test_a_single_target_before_its_deadline_gives_version_1_numbers(row, figures):
    """Version 2 changed the rules at and after the deadline, for milestones and for a met target's
    required rate (null now); before the deadline every other field is version 1's."""
    from tests import reference_v1

    data = actuals_for()
    if figures:
        data = pd.DataFrame([("i0", row["baseline_year"] + k, v) for k, v in figures],
                            columns=["indicator_id", "year", "value"])
    as_of = row["target_year"] - 1
    assume(as_of > row["baseline_year"])
    v1 = reference_v1.compute(make_frame(row), data, as_of).iloc[0]
    v2 = metrics.compute(make_frame(row), data, as_of).iloc[0]
    def num(x):
        return float("nan") if pd.isna(x) else float(x)

    for field in V1_SAME:
        assert num(v2[field]) == pytest.approx(num(v1[field]), rel=1e-12, abs=1e-12, nan_ok=True), field
    assert v2["status"] == v1["status"]
    met = v2["status"] == "achieved"
    assert num(v2["required_rate"]) == pytest.approx(float("nan") if met else num(v1["required_rate"]), nan_ok=True)
    if not pd.isna(v2["latest_year"]):  # with one target, path_rate is the implied rate (linear: (T - B)/n)
        linear = (row["target_value"] - row["baseline_value"]) / (row["target_year"] - row["baseline_year"])
        expected = num(v1["implied_rate"]) if v1["rate_model"] == "compound" else linear
        assert num(v2["path_rate"]) == pytest.approx(expected, rel=1e-9, abs=1e-12)
