"""Pure builders for the indicator page's v2 parts: the table of every target with its verdict, and the
revised-baseline reading. No Streamlit here, so they are tested as plain functions."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import formatting as fmt
from dashboard.app_pages.tables import _get
from dashboard.i18n import t
from dashboard.metrics.sentence import deadline_text


def target_text(target: Mapping, unit: str | None, lang: str) -> str:
    """'不低于150万辆' / 'about 11,000 亿元'; a milestone's target is its deadline."""
    if target.get("value") is None:
        return "—"
    value = fmt.value(target["value"], unit, lang)
    op = target.get("op")
    word = t(f"op.{op}", lang) if op else ""
    if op == "~":
        return f"{value}{word}" if lang == "zh" else f"{word} {value}"
    return f"{word}{value}" if lang == "zh" else f"{word} {value}"


def targets_table(row: Mapping, lang: str) -> pd.DataFrame:
    """One row per target: which (interim / final), deadline, target, verdict (code and label) and the figure
    it was judged on.

    >>> row = {"unit": "万辆", "kind": "level", "target_month": None, "targets": [
    ...     {"year": 2025, "value": 150.0, "op": ">=", "verdict": "missed", "basis_year": 2025, "basis_value": 140.0},
    ...     {"year": 2027, "value": 200.0, "op": ">", "verdict": "not_due", "basis_year": None, "basis_value": None}]}
    >>> table = targets_table(row, "zh")[["which", "deadline", "target", "verdict", "basis"]].values.tolist()
    >>> table[0]
    ['阶段目标', '2025年', '不低于150万辆', '未完成', '140万辆（2025）']
    >>> table[1]
    ['最终目标', '2027年', '高于200万辆', '未到期', '—']
    """
    unit = _get(row, "unit")
    targets = row.get("targets") or []
    out = []
    for i, target in enumerate(targets):
        final = i == len(targets) - 1
        month = _get(row, "target_month") if final else None
        basis = "—"
        if target.get("basis_year") is not None:
            shown = fmt.value(target["basis_value"], unit, lang) if row.get("kind") != "milestone" else \
                t("milestone.done" if target["basis_value"] == 1 else "milestone.not_done", lang)
            basis = t("overview.latest_with_year", lang).format(value=shown, year=int(target["basis_year"]))
        out.append({
            "which": t("indicator.final_target" if final else "indicator.interim_target", lang),
            "deadline": deadline_text(int(target["year"]), month, lang),
            "target": target_text(target, unit, lang), "verdict_code": target["verdict"],
            "verdict": t(f"status.{target['verdict']}", lang), "basis": basis,
        })
    return pd.DataFrame(out, columns=["which", "deadline", "target", "verdict_code", "verdict", "basis"])


def vintage_text(row: Mapping, lang: str) -> str | None:
    """The rebased reading of a row whose baseline was revised, or None.

    >>> vintage_text({"vintage_break": True, "baseline_year": 2018, "baseline_value": 21.3, "revised_baseline": 21.5,
    ...               "unit": "亿美元", "status": "awaiting", "rebased_status": "awaiting"}, "zh")
    '统计部门已将2018年基期值修订为21.5亿美元（规划为21.3亿美元）。按规划口径：到期待报；按修订后基期（目标同比例调整）：到期待报。'
    """
    if not _get(row, "vintage_break"):
        return None
    unit = _get(row, "unit")
    return t("indicator.vintage_text", lang).format(
        year=int(row["baseline_year"]), revised=fmt.value(row["revised_baseline"], unit, lang),
        declared=fmt.value(row["baseline_value"], unit, lang), status=t(f"status.{row['status']}", lang),
        rebased=t(f"status.{row['rebased_status']}", lang))
