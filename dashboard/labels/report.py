"""Labels used only by the printed reports (zh, en); merged into `dashboard.i18n`'s table.

Keys start with `report.`; a key that `i18n.TABLE` already has is an error at import time.
Labels with `{…}` fields are templates filled with `str.format`.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "report.title": ("规划目标进展报告", "Plan targets: progress report"),
    "report.all_plans": ("全部规划", "All plans"),
    "report.plans": ("规划", "Plans"),
    "report.document": ("文号", "Document"),
    "report.as_of": ("数据截至{year}年", "Figures as of {year}"),
    "report.as_of_none": ("尚无实际数据", "No actual figures yet"),
    "report.as_of_short": ("截至", "As of"),
    "report.generated": ("生成时间", "Generated"),
    "report.vintage": ("数据状态", "Vintage of the figures"),
    "report.vintage_text": ("{n}项指标有最新数据：初步数{preliminary}项，最终数{final}项，修订数{revised}项",
                            "{n} indicators have a latest figure: {preliminary} preliminary, {final} final, "
                            "{revised} revised"),
    "report.vintage_unstated": ("，未注明{unstated}项", ", {unstated} not stated"),
    "report.status_counts": ("各状态指标数", "Indicators by status"),
    "report.total": ("指标总数", "Indicators"),
    "report.behind": ("进度最滞后的指标", "Indicators furthest behind"),
    "report.none_behind": ("没有进度滞后的指标。", "No indicator is behind its path."),
    "report.page": ("第{page}页 / 共{pages}页", "page {page} / {pages}"),
    "report.latest": ("最新值（年份）", "Latest (year)"),
    "report.no_group": ("其他", "Other"),
    "report.continued": ("（续）", " (continued)"),
    "report.figure_notes": ("数据说明", "Notes on the figures"),
    "report.milestones": ("节点任务（无图表）", "Milestones (no chart)"),
    "report.legend.path": ("规划路径", "Planned path"),
    "report.legend.projection": ("按当前速度预计", "At the current pace"),
    "report.legend.final": ("实际值（最终数）", "Actual (final)"),
    "report.legend.preliminary": ("实际值（初步数）", "Actual (preliminary)"),
    "report.legend.target": ("目标", "Target"),
    "report.contents": ("目录", "Contents"),
    "report.summary_sheet": ("汇总", "Summary"),
    "report.count": ("数量", "Count"),
    "report.latest_source": ("最新数据来源", "Source of the latest figure"),
    "report.latest_note": ("最新数据备注", "Note on the latest figure"),
    "report.catalog_source": ("规划出处", "Where in the plan"),
    "report.catalog_notes": ("指标说明", "Notes on the indicator"),
    "report.no_data": ("尚无数据的指标", "Indicators without figures yet"),
    "reportcmd.out_is_dir": ("--out {path}：这是一个文件夹，应为文件名，例如 report.pdf",
                             "--out {path}: is a directory — expected a file name such as report.pdf"),
    "reportcmd.out_no_folder": ("--out {path}：文件夹 {folder} 不存在，请先创建或换一个路径",
                                "--out {path}: folder {folder} does not exist — create it first or choose another "
                                "path"),
    "reportcmd.out_unwritable": ("--out {path}：无法写入（{detail}），请换一个可写的路径",
                                 "--out {path}: cannot write the file ({detail}) — choose a writable path"),
    "reportpage.include_submitted": ("包含待审核数据", "Include submitted figures"),
    "reportpage.include_submitted_help": ("默认只采用审核通过的数据；打开后采用各部门最新填报的数据（简报首页会注明）",
                                          "By default only accepted figures are used; switched on, the newest "
                                          "figures of every department are used (page 1 says which)"),
    "report.basis": ("数据口径", "Figures used"),
    "report.basis_accepted": ("数据口径：仅采用已审核通过的数据（另有 {n} 项待审核或已退回的数据未采用）",
                              "Figures used: accepted figures only ({n} figures waiting for review or returned are "
                              "left out)"),
    "report.basis_submitted": ("数据口径：包含待审核数据（其中 {n} 项尚未审核通过）",
                               "Figures used: including submitted figures ({n} of them not yet accepted)"),
    "report.awaiting": ("尚待数据的判断：{n}项", "Verdicts still awaiting figures: {n}"),
    "report.plan_as_of": ("{plan}：数据截至{year}年", "{plan}: figures as of {year}"),
    "report.plan_as_of_none": ("{plan}：尚无实际数据", "{plan}: no actual figures yet"),
    "time.with_zone": ("（{zone} {offset}）", " ({zone}, {offset})"),
    "time.zone_beijing": ("北京时间", "Beijing time"),
}
