"""The one translation table (zh default, en) and the status vocabulary (order, colours, labels).

`t(key, lang)` returns the label; an unknown key raises KeyError so a missing label is a test
failure, not a silent fallback. Report-only labels live in `dashboard/reports/labels.py` and are
merged into the same table.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# Status codes in the order of methodology.md, with their colour (used by app, PDF, HTML, Excel).
STATUS_ORDER = ("achieved", "on_track", "moderate", "limited", "deteriorating", "missed", "pending", "no_data")
STATUS_COLOURS = {
    "achieved": "#1b7837",
    "on_track": "#5aae61",
    "moderate": "#f1a340",
    "limited": "#d6604d",
    "deteriorating": "#b2182b",
    "missed": "#67001f",
    "pending": "#4393c3",
    "no_data": "#9e9e9e",
}

TABLE: dict[str, tuple[str, str]] = {
    # statuses (zh as in methodology.md)
    "status.no_data": ("暂无数据", "No data"),
    "status.achieved": ("已完成", "Achieved"),
    "status.missed": ("未完成", "Missed"),
    "status.pending": ("进行中", "Pending"),
    "status.on_track": ("符合进度", "On track"),
    "status.moderate": ("略有滞后", "Moderately behind"),
    "status.limited": ("明显滞后", "Well behind"),
    "status.deteriorating": ("反向变动", "Moving away"),
    # fields of the status output
    "field.id": ("编号", "ID"),
    "field.plan": ("规划", "Plan"),
    "field.name": ("指标", "Indicator"),
    "field.group": ("类别", "Group"),
    "field.unit": ("单位", "Unit"),
    "field.owner": ("责任单位", "Owner"),
    "field.kind": ("类型", "Kind"),
    "field.direction": ("方向", "Direction"),
    "field.trend": ("趋势模型", "Trend"),
    "field.baseline_year": ("基期年份", "Baseline year"),
    "field.baseline_value": ("基期值", "Baseline"),
    "field.target_year": ("目标年份", "Target year"),
    "field.target_value": ("目标值", "Target"),
    "field.implied_rate": ("规划隐含年均增速", "Implied annual rate"),
    "field.latest_year": ("最新年份", "Latest year"),
    "field.latest_value": ("最新实际值", "Latest actual"),
    "field.expected_value": ("规划路径应达值", "Expected on path"),
    "field.gap": ("差距", "Gap"),
    "field.progress": ("完成进度", "Progress"),
    "field.elapsed": ("时间进度", "Time elapsed"),
    "field.expected_progress": ("路径应完成进度", "Expected progress"),
    "field.observed_rate": ("实际年均增速", "Observed rate"),
    "field.pace_ratio": ("速度比", "Pace ratio"),
    "field.required_rate": ("所需年均增速", "Required rate"),
    "field.projected_value": ("按当前增速预计", "Projected at target year"),
    "field.status": ("状态", "Status"),
    "field.declared_rate": ("规划年均增速", "Declared rate"),
    "field.basis": ("口径", "Basis"),
    "field.flag": ("需核对", "Flag"),
    "field.explanation": ("说明", "Explanation"),
    "field.year": ("年份", "Year"),
    "field.value": ("数值", "Value"),
    "field.figure_status": ("数据状态", "Figure status"),
    "field.source": ("来源", "Source"),
    "field.note": ("备注", "Note"),
    "field.entered_by": ("录入人", "Entered by"),
    "field.entered_at": ("录入时间", "Entered at"),
    # vocabularies
    "kind.level": ("总量", "Level"),
    "kind.share": ("比重", "Share"),
    "kind.milestone": ("节点任务", "Milestone"),
    "direction.increase": ("越高越好", "Higher is better"),
    "direction.decrease": ("越低越好", "Lower is better"),
    "figure_status.preliminary": ("初步数", "Preliminary"),
    "figure_status.final": ("最终数", "Final"),
    "figure_status.revised": ("修订数", "Revised"),
    "basis.real": ("可比价", "Real (comparable prices)"),
    "basis.nominal": ("现价", "Nominal"),
    "unit.pp": ("个百分点", "pp"),
    "unit.per_year": ("/年", "/yr"),
    "milestone.done": ("已完成", "Done"),
    "milestone.not_done": ("未完成", "Not done"),
}


def _merged() -> dict[str, tuple[str, str]]:
    try:
        from dashboard.reports.labels import LABELS as report_labels
    except ModuleNotFoundError:
        report_labels = {}
    clash = set(report_labels) & set(TABLE)
    if clash:
        raise ValueError(f"labels defined twice: {sorted(clash)}")
    return {**TABLE, **report_labels}


def t(key: str, lang: str = DEFAULT_LANG) -> str:
    """The label for `key` in `lang`.

    >>> t("status.moderate"), t("status.moderate", "en")
    ('略有滞后', 'Moderately behind')
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return _TABLE[key][LANGS.index(lang)]


_TABLE = _merged()
