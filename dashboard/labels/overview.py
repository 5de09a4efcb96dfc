"""Labels of the overview page (prefix overview.), zh then en."""

LABELS: dict[str, tuple[str, str]] = {
    "overview.direction": ("方向", "Direction"),
    "overview.direction_up": ("↑ 越高越好", "↑ higher is better"),
    "overview.direction_down": ("↓ 越低越好", "↓ lower is better"),
    "overview.direction_milestone": ("◇ 节点任务", "◇ milestone"),
    "overview.as_of": ("数据截至：{year}年", "Data as of: {year}"),
    "overview.as_of_plans": ("数据截至：{plans}", "Data as of: {plans}"),
    "overview.as_of_plan": ("{plan} {year}年", "{plan} {year}"),
    "overview.as_of_none": ("暂无", "none yet"),
    "overview.no_data_count": ("另有 {count} 项指标暂无数据", "{count} more indicators have no data yet"),
    "overview.show_no_data": ("显示暂无数据的 {count} 项指标", "Show the {count} indicators without data"),
    "overview.plan_short": ("规划", "Plan"),
}
