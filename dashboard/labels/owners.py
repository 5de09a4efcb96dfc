"""Labels of owners the office assigns (`dashboard.assignments`)."""

LABELS: dict[str, tuple[str, str]] = {
    "owners.denied": ("{user} 不是管理员，不能指派责任部门。",
                      "{user} is not an administrator and cannot assign departments."),
    "owners.bad.mode": ("指派方式只能是“追加”“替换”或“清除”。", "The mode must be add, override or clear."),
    "owners.bad.no_lead": ("请选择牵头部门。", "Choose a lead department."),
    "owners.bad.unknown_department": ("部门不在已知部门之列。", "A department is not one of the known departments."),
    "owners.bad.no_reason": ("请填写指派理由。", "Give a reason for the assignment."),
    "owners.cli.unknown_indicator": ("目录中没有指标 {id}。", "The catalog has no indicator {id}."),
    "owners.cli.done": ("已指派：“{name}”的责任部门现为 {owners}", "Assigned: {name} is now owned by {owners}"),
    "trail.action_assign_owner": ("指派责任部门", "department assigned"),
}
