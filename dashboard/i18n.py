"""The one translation table (zh default, en) and the status vocabulary (order, colours, labels).

`t(key, lang)` returns the label; an unknown key raises KeyError so a missing label is a test
failure, not a silent fallback. Labels of each area (reports, store, sign-in, files …) live in
`dashboard/labels/`, one module per area; all are merged into this table on first use.
App labels use the prefixes app., nav., signin., role., overview., indicator., audit., entry.,
trail. and reportpage. (report. belongs to the reports).
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# Status codes in the order of methodology.md (v2), with their colour (used by app, PDF, HTML, Excel).
# Each colour keeps white text at WCAG AA contrast (4.5:1) or better.
STATUS_ORDER = ("achieved", "achieved_late", "on_track", "moderate", "limited", "deteriorating", "missed", "awaiting",
                "pending", "no_data")
# Per-target verdicts: the statuses that a deadline can give, plus not_due.
VERDICTS = STATUS_ORDER + ("not_due",)
# Most urgent first: the default order of the overview.
URGENCY_ORDER = ("missed", "deteriorating", "limited", "moderate", "awaiting", "on_track", "achieved_late",
                 "achieved", "pending", "no_data")
STATUS_COLOURS = {
    "achieved": "#1b7837",
    "achieved_late": "#4d7c2a",
    "on_track": "#3d7f41",
    "moderate": "#a15c00",
    "limited": "#b8412c",
    "deteriorating": "#b2182b",
    "missed": "#67001f",
    "awaiting": "#5b5b9a",
    "pending": "#2c6a99",
    "no_data": "#6b6b6b",
    "not_due": "#6b6b6b",
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
    "status.achieved_late": ("逾期完成", "Achieved late"),
    "status.awaiting": ("到期待报", "Due, awaiting figure"),
    "status.not_due": ("未到期", "Not yet due"),
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
    "kind.growth": ("增速", "Growth rate"),
    "kind.milestone": ("节点任务", "Milestone"),
    "direction.increase": ("越高越好", "Higher is better"),
    "direction.decrease": ("越低越好", "Lower is better"),
    "figure_status.preliminary": ("初步数", "Preliminary"),
    "figure_status.final": ("最终数", "Final"),
    "figure_status.revised": ("修订数", "Revised"),
    "basis.real": ("可比价", "Real (comparable prices)"),
    "basis.nominal": ("现价", "Nominal"),
    "basis.pp": ("百分点", "Percentage points"),
    "check.ok": ("一致", "Consistent"),
    "check.basis_differs": ("口径不同", "Different basis"),
    "check.disagrees": ("不一致", "Disagrees"),
    "field.check": ("核对结果", "Check"),
    "audit.checked": ("{total}项中{n}项不一致，{differs}项口径不同（可比价增速与现价总量，不必一致）。",
                      "{n} of {total} disagree; {differs} differ only in basis (real growth beside a nominal level)."),
    "unit.pp": ("个百分点", "pp"),
    "unit.per_year": ("/年", "/yr"),
    "milestone.done": ("已完成", "Done"),
    "milestone.not_done": ("未完成", "Not done"),
    # ---- app: frame, navigation, language, as-of
    "app.title": ("规划目标监测", "Plan target tracker"),
    "app.language": ("语言", "Language"),
    "app.as_of": ("截至年份", "As of year"),
    "app.as_of_latest": ("最新（{year}）", "Latest ({year})"),
    "app.as_of_none": ("最新（暂无数据）", "Latest (no data yet)"),
    "app.all": ("全部", "All"),
    "app.none": ("（无）", "(none)"),
    "app.catalog_error": ("指标目录有误，请修正后刷新页面：",
                          "The indicator catalog has problems; fix them and reload:"),
    "app.store_error": ("无法打开数据库：", "Cannot open the database:"),
    "nav.overview": ("总览", "Overview"),
    "nav.indicator": ("指标详情", "Indicator"),
    "nav.plan_audit": ("规划核对", "Plan audit"),
    "nav.entry": ("数据录入", "Data entry"),
    "nav.trail": ("修改记录", "Audit trail"),
    "nav.report": ("报告", "Report"),
    "nav.section_read": ("查看", "Read"),
    "nav.section_work": ("维护", "Maintain"),
    # ---- sign-in
    "signin.title": ("登录", "Sign in"),
    "signin.username": ("用户名", "User name"),
    "signin.password": ("密码", "Password"),
    "signin.submit": ("登录", "Sign in"),
    "signin.wrong": ("用户名或密码错误", "Wrong user name or password"),
    "signin.wait": ("尝试次数过多，请 {seconds} 秒后再试", "Too many attempts: please wait {seconds} s"),
    "signin.as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "signin.departments": ("负责单位：{departments}", "Departments: {departments}"),
    "signin.sign_out": ("退出登录", "Sign out"),
    "signin.required": ("此页面需要登录（部门管理员或系统管理员）。请在左侧栏登录。",
                        "This page needs a signed-in manager or administrator: sign in in the sidebar."),
    "signin.viewers_must": ("本系统要求登录后查看。", "Please sign in to view this dashboard."),
    "signin.admin_only": ("此页面仅限系统管理员。", "This page is for administrators only."),
    "signin.no_users": ("尚未配置任何用户，暂时无法录入数据。请在服务器上创建第一个管理员账号，然后在左侧栏登录：",
                        "No users are configured yet, so nobody can enter figures. Create the first administrator "
                        "on the server, then sign in in the sidebar:"),
    "signin.users_file_error": ("用户文件有误：", "The users file has a problem:"),
    "role.viewer": ("查看者", "viewer"),
    "role.manager": ("部门管理员", "manager"),
    "role.admin": ("系统管理员", "administrator"),
    # ---- overview
    "overview.title": ("指标总览", "Indicator overview"),
    "overview.search": ("搜索指标（名称、编号、单位、责任单位）", "Search indicators (name, ID, unit, owner)"),
    "overview.count": ("显示 {shown} / {total} 项指标", "Showing {shown} of {total} indicators"),
    "overview.empty": ("没有符合条件的指标。", "No indicator matches the filters."),
    "overview.open": ("打开指标", "Open indicator"),
    "overview.open_button": ("查看详情", "Open"),
    "overview.select_hint": ("点选表格中的一行即可打开该指标。", "Select a row to open its indicator page."),
    "overview.latest_with_year": ("{value}（{year}）", "{value} ({year})"),
    "entry.no_source": ("已保存，但以下数据没有填写来源：{items}。请在“来源”列补充数据出处（如统计公报名称和网址），"
                        "审核人和简报读者需要据此核对。",
                        "Saved, but these figures have no source: {items}. Please add where each figure comes from "
                        "(e.g. the bulletin's title and address) in the Source column: reviewers and readers of the "
                        "briefing check it."),
    "entry.no_source_item": ("“{name}”{year} 年", "{name} {year}"),
    "overview.review_mark": ("{value} · {state}", "{value} · {state}"),
    "overview.no_data_yet": ("尚无实际数据：所有指标均为“暂无数据”。管理员可在“数据录入”页录入。",
                             "No actuals yet: every indicator shows “No data”. Managers can enter figures on the "
                             "Data entry page."),
    "overview.progress_vs_elapsed": ("完成进度 / 时间进度", "Progress / time elapsed"),
    # ---- indicator page
    "indicator.choose": ("选择指标", "Choose an indicator"),
    "indicator.chart_planned": ("规划路径", "Planned path"),
    "indicator.chart_final": ("实际值（最终数/修订数）", "Actual (final / revised)"),
    "indicator.chart_preliminary": ("实际值（初步数）", "Actual (preliminary)"),
    "indicator.chart_projection": ("按当前增速预计", "Projection at the observed pace"),
    "indicator.chart_target": ("目标", "Target"),
    "indicator.chart_baseline": ("基期", "Baseline"),
    "indicator.chart_year": ("年份", "Year"),
    "indicator.key_numbers": ("关键数字", "Key numbers"),
    "indicator.history": ("数据及修订记录", "Figures and revisions"),
    "indicator.no_history": ("尚无录入的数据。", "No figures entered yet."),
    "indicator.revision": ("修订版本", "Revision"),
    "indicator.retracted": ("已撤回", "Retracted"),
    "indicator.milestone": ("节点任务", "Milestone"),
    "indicator.deadline": ("完成时限：{year}年底前", "Deadline: end of {year}"),
    "indicator.milestone_state": ("完成情况", "State"),
    "indicator.details": ("指标信息", "About this indicator"),
    "indicator.notes": ("说明", "Notes"),
    "indicator.no_chart": ("此指标没有基期值，无法绘制规划路径；仅显示实际值与目标。",
                           "This indicator has no baseline, so there is no planned path: actuals and target only."),
    "indicator.not_found": ("没有编号为 {id} 的指标。", "There is no indicator with ID {id}."),
    "indicator.required_label": ("达成目标所需年均增速", "Rate now required"),
    # ---- plan audit
    "audit.title": ("规划内部一致性核对", "Plan consistency audit"),
    "audit.intro": ("将规划文本中给出的年均增速与由基期值、目标值推算的隐含增速相比较，超出印刷精度容差的行标出。",
                    "Each declared annual rate is compared with the rate implied by baseline and target; rows "
                    "outside the printed precision are flagged."),
    "audit.only_flagged": ("只看需核对的行", "Flagged rows only"),
    "audit.flagged_rows": ("需核对的行", "Flagged rows"),
    "audit.none": ("没有给出年均增速的指标。", "No indicator declares an annual rate."),
    "audit.implied": ("隐含年均增速", "Implied rate"),
    "audit.difference": ("差异", "Difference"),
    "audit.tolerance": ("容差", "Tolerance"),
    "audit.yes": ("是", "yes"),
    "audit.no": ("否", "no"),
    # ---- data entry
    "entry.stale_head": ("未保存任何数据：您打开此页后，以下数据已被他人修改。",
                         "Nothing was saved: these figures were changed by someone else after you opened this page."),
    "entry.stale_changed": ("第 {row} 行（{name}）{year} 年的数据已被 {who} 于 {at} 修改为 {value}，请刷新后再改",
                            "Row {row} ({name}): the {year} figure was changed by {who} at {at} to {value}; "
                            "reload before editing"),
    "entry.stale_retracted": ("第 {row} 行（{name}）{year} 年的数据已被 {who} 于 {at} 撤回，请刷新后再改",
                              "Row {row} ({name}): the {year} figure was retracted by {who} at {at}; "
                              "reload before editing"),
    "entry.stale_reload": ("刷新数据（放弃表格中未保存的修改）",
                           "Reload the figures (discards the unsaved edits in the grid)"),
    "entry.unsaved": ("表格中有尚未保存的修改：请先保存，或放弃这些修改后再切换部门、规划或年份。",
                      "The grid has unsaved changes: save them, or discard them, before switching department, "
                      "plan or year."),
    "entry.discard": ("放弃未保存的修改", "Discard unsaved changes"),
    "entry.title": ("数据录入", "Data entry"),
    "entry.department": ("责任单位", "Department"),
    "entry.all_departments": ("全部单位", "All departments"),
    "entry.plan": ("规划", "Plan"),
    "entry.year": ("录入年份", "Year"),
    "entry.help": ("在“数值”列填写该年的实际值（只写数字，单位见“单位”列；节点任务填 1 = 已完成、0 = 未完成），"
                   "选择数据状态并注明来源。改动在点击“保存”前不会写入。",
                   "Type the year's actual in the Value column (number only, the unit is in the Unit column; "
                   "milestones take 1 = done, 0 = not done), choose the figure status and give the source. Nothing "
                   "is written before you click Save."),
    "entry.no_indicators": ("没有您可以录入的指标。", "There are no indicators you can enter."),
    "entry.previous": ("上年（{year}）", "Previous ({year})"),
    "entry.baseline_value": ("{value}（基期值）", "{value} (baseline)"),
    "entry.save": ("保存", "Save"),
    "entry.nothing_changed": ("没有改动，无需保存。", "Nothing changed: nothing to save."),
    "entry.bad_cells": ("有 {n} 处错误，未保存任何数据。请修正后再保存：",
                        "{n} problem(s): nothing was saved. Fix them and save again:"),
    "entry.cell_problem": ("第 {row} 行（{name}）“{column}”：{message}", "Row {row} ({name}), {column}: {message}"),
    "entry.saved": ("已保存 {n} 个数据。", "Saved {n} figure(s)."),
    "entry.jumps": ("以下数据与上一年相比变化异常（3 倍以上或不足三分之一），请核对单位和年份：",
                    "These figures jump unusually from the year before (3× or more, or a third or less): check "
                    "unit and year:"),
    "entry.confirm_jumps": ("我已核对，这些数据无误，按“已确认异常变动”保存",
                            "I have checked these figures: save them marked as confirmed jumps"),
    "entry.refused": ("保存被拒绝：", "Saving was refused:"),
    "entry.blank_clears": ("清空数值不会删除已有数据；如需撤回，请用表格下方的“撤回数据”并说明原因。",
                           "Clearing a value does not delete a figure: to withdraw it, use “Retract a figure” "
                           "below the grid and give a reason."),
    "entry.retract": ("撤回 {year} 年的数据", "Retract a {year} figure"),
    "entry.retract_reason": ("撤回原因（必填，例如“年份录错”）",
                             "Reason (required, e.g. “entered for the wrong year”)"),
    "entry.retract_button": ("撤回", "Retract"),
    "entry.retracted": ("已撤回 {name} {year} 年的数据。", "Retracted the {year} figure of {name}."),
    "entry.upload": ("从表格导入（CSV / Excel）", "Import from a spreadsheet (CSV / Excel)"),
    "entry.upload_help": ("列：indicator_id, year, value，可选 figure_status, source, note。"
                          "上传后先预览，确认后才写入。",
                          "Columns: indicator_id, year, value, optional figure_status, source, note. You see a "
                          "preview first; nothing is written before you apply it."),
    "entry.preview": ("导入预览：新增 {new}，修订 {revised}，不变 {unchanged}",
                      "Preview: {new} new, {revised} revised, {unchanged} unchanged"),
    "entry.change": ("变化", "Change"),
    "entry.change_new": ("新增", "new"),
    "entry.change_revised": ("修订", "revised"),
    "entry.change_unchanged": ("不变", "unchanged"),
    "entry.old_value": ("原值", "Old value"),
    "entry.apply": ("确认导入", "Apply the import"),
    "entry.valid_only": ("只导入无误的 {n} 行（有错的行不导入）",
                         "Import only the rows without problems ({n}; skip the others)"),
    "entry.upload_problems": ("文件有 {n} 处错误，未导入任何数据：",
                              "The file has {n} problem(s): nothing was imported:"),
    "entry.upload_nothing": ("文件中的数据与现有数据相同，无需导入。",
                             "The file holds nothing new: nothing to import."),
    "entry.export": ("导出当前数据", "Export current figures"),
    "entry.export_csv": ("下载 CSV", "Download CSV"),
    "entry.export_xlsx": ("下载 Excel", "Download Excel"),
    "entry.local_admin": ("本地管理员（未配置用户）", "local admin (no users configured)"),
    # ---- audit trail
    "trail.title": ("修改记录", "Audit trail"),
    "trail.user": ("录入人", "User"),
    "trail.indicator": ("指标", "Indicator"),
    "trail.action": ("操作", "Action"),
    "trail.old": ("原值", "Old"),
    "trail.new": ("新值", "New"),
    "trail.reason": ("原因", "Reason"),
    "trail.when": ("时间", "When"),
    "trail.empty": ("暂无修改记录。", "No changes recorded yet."),
    "trail.export": ("下载 CSV", "Download CSV"),
    "trail.action_enter": ("录入", "entered"),
    "trail.action_retract": ("撤回", "retracted"),
    "trail.action_access_denied": ("拒绝写入", "refused"),
    # ---- report
    "reportpage.title": ("生成报告", "Build a report"),
    "reportpage.format": ("格式", "Format"),
    "reportpage.language": ("报告语言", "Report language"),
    "reportpage.plan": ("规划", "Plan"),
    "reportpage.all_plans": ("全部规划", "All plans"),
    "reportpage.build": ("生成", "Build"),
    "reportpage.building": ("正在生成……", "Building…"),
    "reportpage.ready": ("报告已生成（{size}）。", "The report is ready ({size})."),
    "reportpage.download": ("下载报告", "Download the report"),
    "reportpage.failed": ("报告生成失败：", "The report could not be built:"),
}


def _label_modules() -> list[str]:
    """Every module whose `LABELS` joins this table: each module of the `dashboard.labels` package (one
    per area: report, store, sign-in, files, drafting …). Importing them imports nothing heavy."""
    import pkgutil

    import dashboard.labels as package

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
    return [f"{package.__name__}.{name}" for name in names]


def _merged() -> dict[str, tuple[str, str]]:
    import importlib

    merged = dict(TABLE)
    for name in _label_modules():
        labels = importlib.import_module(name).LABELS
        clash = set(labels) & set(merged)
        if clash:
            raise ValueError(f"labels defined twice ({name}): {sorted(clash)}")
        merged.update(labels)
    return merged


def t(key: str, lang: str = DEFAULT_LANG) -> str:
    """The label for `key` in `lang`.

    >>> t("status.moderate"), t("status.moderate", "en")
    ('略有滞后', 'Moderately behind')
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    return _table()[key][LANGS.index(lang)]


_MERGED: list[dict[str, tuple[str, str]]] = []


def _table() -> dict[str, tuple[str, str]]:
    """TABLE merged with the label modules, on first use (importing `dashboard.reports` while this
    module is still being imported would be circular: the exporters import `t`)."""
    if not _MERGED:
        _MERGED.append(_merged())
    return _MERGED[0]
