"""Labels of the overview page (prefix overview.), zh then en."""

LABELS: dict[str, tuple[str, str]] = {
    "overview.direction": ("方向", "Dir."),
    "overview.direction_help": ("↑ 越高越好；↓ 越低越好；◇ 节点任务（按期完成）",
                                "↑ higher is better; ↓ lower is better; ◇ milestone (done by its deadline)"),
    "overview.direction_up": ("↑", "↑"),
    "overview.direction_down": ("↓", "↓"),
    "overview.direction_milestone": ("◇", "◇"),
    "overview.deadline": ("{year}年底前", "by end {year}"),
    "overview.as_of": ("数据截至：{year}年", "Data as of: {year}"),
    "overview.as_of_plans": ("数据截至：{plans}", "Data as of: {plans}"),
    "overview.as_of_plan": ("{plan} {year}年", "{plan} {year}"),
    "overview.as_of_none": ("暂无", "none yet"),
    "overview.no_data_count": ("另有 {count} 项指标暂无数据", "{count} more indicators have no data yet"),
    "overview.show_no_data": ("显示暂无数据的 {count} 项指标", "Show the {count} indicators without data"),
    "overview.plan_short": ("规划", "Plan"),
    "overview.baseline_short": ("基期", "Base"),
    "overview.target_short": ("目标（年）", "Target (yr)"),
    "overview.latest_short": ("最新（年）", "Latest (yr)"),
    "overview.expected_short": ("应达", "Expected"),
    "overview.progress_short": ("进度/时间", "Done/time"),
    "overview.required_short": ("所需增速", "Req. rate"),
}
