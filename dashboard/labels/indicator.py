"""Labels of the indicator page's v2 parts: the targets and their verdicts, the basis, revised baselines."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "indicator.targets": ("目标及完成情况", "Targets and verdicts"),
    "indicator.target_col": ("目标", "Target"),
    "indicator.deadline_col": ("期限", "Deadline"),
    "indicator.verdict_col": ("完成情况", "Verdict"),
    "indicator.basis_col": ("依据数据", "Judged on"),
    "indicator.final_target": ("最终目标", "Final target"),
    "indicator.interim_target": ("阶段目标", "Interim target"),
    "indicator.basis": ("判断依据", "Status rests on"),
    "indicator.after_deadline": ("目标期后数据", "after the deadline"),
    "indicator.hold_note": ("须每年保持（{op}{value}）至{year}年", "To be kept every year ({op} {value}) to {year}"),
    "indicator.vintage": ("基期值已修订", "Revised baseline"),
    "indicator.vintage_text": ("统计部门已将{year}年基期值修订为{revised}（规划为{declared}）。按规划口径：{status}；"
                               "按修订后基期（目标同比例调整）：{rebased}。",
                               "The {year} baseline has been revised to {revised} (the plan says {declared}). On the "
                               "plan's basis: {status}; on the revised baseline (targets moved with it): {rebased}."),
    "indicator.missing_years": ("需补录增速的年份：{years}", "Growth figures still to enter: {years}"),
    "indicator.chart_alt": ("图表说明：", "About this chart: "),
    "indicator.chart_data": ("图表数据", "The chart's data"),
    "indicator.chart_after_deadline": ("目标期后数据", "After the deadline"),
    "indicator.chart_interim_target": ("阶段目标", "Interim target"),
    "indicator.chart_growth_yearly": ("年度增速", "Yearly growth"),
    "indicator.chart_growth_target": ("目标年均增速", "Target average rate"),
    "indicator.chart_growth_missing": ("缺数年份", "Year missing"),
    "indicator.chart_growth_index": ("累计指数", "Cumulative index"),
    "indicator.chart_growth_required": ("目标要求的累计指数", "Index the target asks for"),
    "indicator.chart_growth_index_axis": ("指数（{year}年=1）", "Index ({year} = 1)"),
    "op.>=": ("不低于", "at least"),
    "op.>": ("高于", "above"),
    "op.<=": ("不高于", "at most"),
    "op.<": ("低于", "below"),
    "op.~": ("左右", "about"),
}
