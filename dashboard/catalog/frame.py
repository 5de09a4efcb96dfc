"""The catalog as pandas: one row per indicator (the final target in its columns) and a long frame of
every target, for the vectorised engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when a frame is built, so `validate` does not pay for it
    import pandas as pd

COLUMNS = ["id", "plan", "name", "name_en", "group", "group_en", "unit", "kind", "direction", "hold", "tracks",
           "baseline_year", "baseline_value", "baseline_source", "target_year", "target_value", "target_op",
           "target_tolerance", "target_factor", "target_month", "interim_targets", "declared_rate",
           "declared_rate_unit", "declared_rate_basis", "declared_rate_tolerance", "owner", "owners", "source",
           "trend", "notes", "plan_base_year", "plan_target_year", "on_track", "moderate", "limited",
           "release_month", "release_day", "release_irregular"]


def release_of(ind, plan):
    """The indicator's due date: its own `release`, else its group's, else its plan's (None: not declared)."""
    if ind.release is not None:
        return ind.release
    if plan.group_release and ind.group in plan.group_release:
        return plan.group_release[ind.group]
    return plan.release


def targets_of(ind) -> list[tuple]:
    """(year, value, op, tolerance, factor, month) of every target in year order, `factor` resolved."""
    values = ind.target_values()
    return [(t.year, values[i], t.op, t.tolerance, t.factor, t.month) for i, t in enumerate(ind.all_targets)]


def indicator_frame(catalog) -> pd.DataFrame:
    """The indicators as a DataFrame (one row each, indexed by position), in catalog order.

    `target_*` describe the final target; `interim_targets` is None or a tuple of the earlier ones as
    (year, value, op, tolerance) — what `metrics.compute` reads."""
    import pandas as pd

    rows = []
    for ind in catalog.indicators.values():
        plan = catalog.plans[ind.plan]
        th = plan.thresholds
        targets = targets_of(ind)
        year, value, op, tol, factor, month = targets[-1]
        rate = ind.declared_rate
        release = release_of(ind, plan)
        rows.append({
            "id": ind.id, "plan": ind.plan, "name": ind.name, "name_en": ind.name_en, "group": ind.group,
            "group_en": ind.group_en, "unit": ind.unit, "kind": ind.kind, "direction": ind.direction,
            "hold": bool(ind.hold), "tracks": ind.tracks,
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "baseline_value": ind.baseline.value if ind.baseline else None,
            "baseline_source": ind.baseline.source if ind.baseline else None,
            "target_year": year, "target_value": value, "target_op": op, "target_tolerance": tol,
            "target_factor": factor, "target_month": month,
            "interim_targets": tuple(t[:4] for t in targets[:-1]) or None,
            "declared_rate": rate.value if rate else None, "declared_rate_unit": rate.unit if rate else None,
            "declared_rate_basis": rate.resolved_basis if rate else None,
            "declared_rate_tolerance": catalog.rate_tolerance.get(ind.id),
            "owner": ind.lead, "owners": "、".join(ind.owners) or None, "source": ind.source, "trend": ind.trend,
            "notes": ind.notes, "plan_base_year": plan.base_year, "plan_target_year": plan.target_year,
            "on_track": th.on_track if th else None, "moderate": th.moderate if th else None,
            "limited": th.limited if th else None,
            "release_month": None if release in (None, "irregular") else release.month,
            "release_day": None if release in (None, "irregular") else release.day,
            "release_irregular": release == "irregular",
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("baseline_year", "target_year", "target_month", "plan_base_year", "plan_target_year",
                "release_month", "release_day"):
        frame[col] = frame[col].astype("Int64")
    for col in ("baseline_value", "target_value", "target_tolerance", "target_factor", "declared_rate",
                "declared_rate_tolerance", "on_track", "moderate", "limited"):
        frame[col] = frame[col].astype("float64")
    frame["hold"] = frame["hold"].astype(bool)
    return frame
