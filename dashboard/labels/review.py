"""Labels of figure reviews and locked periods (store messages, the `review` command, the review page)."""

LABELS: dict[str, tuple[str, str]] = {
    "review.state.submitted": ("待审核", "submitted"),
    "review.state.accepted": ("已审核", "accepted"),
    "review.state.returned": ("已退回", "returned"),
    "review.not_reviewer": ("{who}不是审核人：只有审核人和管理员可以审核数据、锁定年份",
                            "{who} is not a reviewer: only reviewers and admins review figures and lock years"),
    "review.not_admin": ("{who}不是管理员：只有管理员可以锁定或解锁年份",
                         "{who} is not an admin: only admins lock or unlock years"),
    "review.nothing": ("“{name}”{year} 年没有可审核的数据", "there is no figure of {name} for {year} to review"),
    "review.accepted_when_written": ("“{name}”{year} 年的数据录入时即已通过，无需审核",
                                     "the figure of {name} for {year} was accepted when written: nothing to review"),
    "review.already_accepted": ("“{name}”{year} 年的数据已被 {who} 审核通过（{at}）",
                                "the figure of {name} for {year} was already accepted by {who} ({at})"),
    "review.already_returned": ("“{name}”{year} 年的数据已被 {who} 退回（{at}）",
                                "the figure of {name} for {year} was already returned by {who} ({at})"),
    "review.reason_required": ("退回数据须说明理由", "a returned figure needs a reason"),
    "review.unknown_plan": ("没有编号为“{found}”的规划", 'there is no plan "{found}"'),
    "review.locked": ("《{plan}》{year} 年已由 {who} 锁定（{at}），不能再录入或更改该年数据",
                      "{plan} is locked for {year} by {who} ({at}): its figures for that year cannot be written"),
    "review.already_locked": ("《{plan}》{year} 年已由 {who} 锁定（{at}）",
                              "{plan} is already locked for {year} by {who} ({at})"),
    "review.not_locked": ("《{plan}》{year} 年没有锁定", "{plan} is not locked for {year}"),
}

LABELS.update({
    "review.cli.count": ("待审核数据 {n} 条", "{n} figures waiting for review"),
    "review.cli.line": ("{name}（{id}）｜{plan}｜{department}｜{year} 年：{value}（已审核值 {previous}，变动 {jump}），"
                        "录入人 {who}",
                        "{name} ({id}) | {plan} | {department} | {year}: {value} (accepted {previous}, change {jump}), "
                        "entered by {who}"),
    "review.cli.accepted": ("已审核通过“{name}”{year} 年的数据（{who}）",
                            "accepted the figure of {name} for {year} ({who})"),
    "review.cli.returned": ("已退回“{name}”{year} 年的数据（{who}）",
                            "returned the figure of {name} for {year} ({who})"),
    "review.cli.locked": ("已锁定《{plan}》{year} 年（{who}）", "locked {plan} for {year} ({who})"),
    "review.cli.unlocked": ("已解锁《{plan}》{year} 年（{who}）", "unlocked {plan} for {year} ({who})"),
})
