"""Labels of the store and its write paths (validation, permissions, conflicts, faults, import/export).

Rendered by `dashboard.messages.Msg`; indicator names arrive as `Both` (name / name_en), rows are
the user's spreadsheet rows (the header is row 1).
"""

CONVENTION = ("行号与表格一致：第 1 行是表头，第一条数据是第 2 行",
              "rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2")

LABELS: dict[str, tuple[str, str]] = {
    "store.list_sep": ("、", ", "),
    "store.none": ("无", "none"),
    "store.convention": CONVENTION,
    # ---- numbers
    "store.number.not_text": ("应为以文字书写的数字，实际为 {found}",
                              "expected a number written as text, found {found}"),
    "store.number.nothing": ("应为数字，实际为空", "expected a number, found nothing"),
    "store.number.not_number": ("应为数字，实际为 {found}", "expected a number, found {found}"),
    "store.number.not_finite": ("应为有限的数字，实际为 {found}", "expected a finite number, found {found}"),
    "store.number.too_long": ("应为有限的数字，实际为一个 {n} 个字符长的数字，超出任何数据的范围",
                              "expected a finite number, found a number of {n} characters — too large for any "
                              "figure"),
    "store.number.ambiguous": ("数字“{found}”有歧义：是 {a} 还是 {b}？请写成 {a} 或 {b}"
                               "（逗号只能作千位分隔符，每组三位，如 1,234,567.8）",
                               'ambiguous number "{found}" — is it {a} or {b}? Write {a} or {b} (a comma is '
                               "accepted only as a thousands separator in groups of three, as in 1,234,567.8)"),
    "store.number.groups": ("千位分隔符应每三位一组（如 1,234,567.8），实际为“{found}”",
                            'expected thousands separators in groups of three, as in 1,234,567.8, found "{found}"'),
    "store.number.plus": ("应为纯数字，实际为“{found}”：请去掉加号",
                          'expected a plain number, found "{found}" — leave out the plus sign'),
    "store.number.exponent": ("应为纯数字，实际为“{found}”：请写成完整形式 {full}",
                              'expected a plain number, found "{found}" — write it in full, as {full}'),
    "store.number.exponent_huge": ("应为有限的数字，实际为“{found}”：超出任何数据的范围",
                                   'expected a finite number, found "{found}" — it is too large for any figure'),
    "store.number.spaces": ("数字中间不能有空格，实际为“{found}”",
                            'expected a number without spaces inside, found "{found}"'),
    "store.number.unit": ("应为纯数字，实际为“{found}”：请按指标的单位（{unit}）只写数字，不要写“{extra}”",
                          'expected a plain number, found "{found}" — write the plain number in the indicator\'s '
                          'unit ({unit}), without "{extra}"'),
    "store.number.unit_unknown": ("应为纯数字，实际为“{found}”：请按指标的单位只写数字，不要写“{extra}”",
                                  'expected a plain number, found "{found}" — write the plain number in the '
                                  'indicator\'s unit, without "{extra}"'),
    "store.number.other": ("应为数字（如 1234.5），实际为“{found}”",
                           'expected a number such as 1234.5, found "{found}"'),
    "store.number.inexact": ("数字“{found}”有 {n} 位有效数字，无法精确保存（将被存为 {stored}）："
                             "请四舍五入到 {max} 位有效数字以内",
                             'the number "{found}" has {n} significant digits and cannot be stored exactly (it '
                             "would be stored as {stored}) — round it to at most {max} significant digits"),
    # ---- years
    "store.year.nothing": ("应为四位数年份（如 2022），实际为空",
                           "expected a four-digit year such as 2022, found nothing"),
    "store.year.bad": ("应为四位数年份（如 2022），实际为“{found}”",
                       'expected a four-digit year such as 2022, found "{found}"'),
    "store.year.range": ("“{name}”的年份应在 {first} 至 {last} 年之间（规划“{plan}”：基期 {first} 年至目标年 "
                         "{target} 年，另加 {follow} 年跟踪期），实际为 {year}",
                         "expected a year from {first} to {last} for {name} (plan {plan}: base year {first} to "
                         "target year {target} + {follow} years of follow-up), found {year}"),
    # ---- indicators
    "store.indicator.nothing": ("应填写指标编号，实际为空", "expected an indicator id, found nothing"),
    "store.indicator.unknown": ("目录中没有编号为“{found}”的指标{hint}",
                                'unknown indicator "{found}" — expected an indicator id from the catalog{hint}'),
    "store.indicator.hint": ("（是否指“{name}”？{code}）", ' (did you mean "{name}"? {code})'),
    "store.indicator.code": ("编号 {id}", "id {id}"),
    "store.indicator.named": ("“{name}”", "{name}"),
    # ---- values
    "store.value.milestone": ("节点任务“{name}”应填 1（已完成）或 0（未完成），实际为 {found}",
                              "expected 1 (done) or 0 (not done) for the milestone {name}, found {found}"),
    "store.value.growth": ("“{name}”是年度增速（%），应大于 -100，实际为 {found}",
                           "expected a growth rate above -100 for {name} (%), found {found}"),
    "store.value.negative": ("“{name}”的数值应不小于 0（{unit}），实际为 {found}",
                             "expected a value of 0 or more for {name} ({unit}), found {found}"),
    "store.value.share": ("“{name}”是比重，应在 0 至 100 之间（%），实际为 {found}",
                          "expected a share from 0 to 100 for {name} (%), found {found}"),
    "store.value.too_large": ("“{name}”的数值应不超过 {max}（{unit}），实际为 {found}：请检查单位",
                              "expected at most {max} for {name} ({unit}), found {found} — check the unit"),
    "store.status.bad": ("数据状态应为 preliminary（初步数）、final（最终数）或 revised（修订数），实际为“{found}”",
                         'expected one of preliminary, final, revised, found "{found}"'),
    "store.text.too_long": ("应不超过 {max} 个字符，实际为 {n} 个", "expected at most {max} characters, found {n}"),
    "store.text.control": ("含有不可见的控制字符 {char}（第 {pos} 个字符）：请删除；文字中只允许制表符和换行",
                           "contains the control character {char} (character {pos}) — remove it; only tab and "
                           "newline are allowed in text"),
    "store.duplicate": ("“{name}”{year} 年的数据重复：每个指标每年只能有一个数据，另见第 {others} 行",
                        "duplicate figure for {name} {year} — expected one figure per indicator and year, found "
                        "another at row {others}"),
    "store.jump": ("{year} 年数值 {value} 是 {prev_year} 年数值 {prev}（{where}）的 {ratio} 倍：与上一年相比应在"
                   "三分之一到 {factor} 倍之间；请核对单位（{unit}）和年份，如数据无误请确认该异常变动",
                   "{year} value {value} is {ratio}× the {prev_year} value {prev} ({where}) — expected between ⅓ "
                   "and {factor} times the previous year; check the unit ({unit}) and the year, or confirm the jump "
                   "if the figure is right"),
    "store.where.upload": ("本次上传", "in this upload"),
    "store.where.stored": ("已存数据", "stored"),
    "store.where.baseline": ("规划基期值", "the plan's baseline"),
    # ---- problem lists
    "store.row_problem": ("第 {row} 行“{column}”：{message}", "row {row}, {column}: {message}"),
    "store.problems_head": ("共 {n} 处问题（{convention}）：", "{n} problems ({convention}):"),
    "store.problems_head_1": ("共 1 处问题（{convention}）：", "1 problem ({convention}):"),
    # ---- permission
    "store.who.manager": ("{name}（{departments}的部门管理员）", "{name} (manager of {departments})"),
    "store.who.viewer": ("{name}（查看者）", "{name} (viewer)"),
    "store.who.reviewer": ("{name}（审核人）", "{name} (reviewer)"),
    "store.who.admin": ("{name}（系统管理员）", "{name} (admin)"),
    "store.who.no_department": ("未指定部门", "no department"),
    "store.owner.none": ("无责任单位，仅系统管理员可写", "none: admins only"),
    "store.permission.row": ("无权写入：{who}不能写入“{name}”的数据（责任单位：{owner}）；"
                             "部门管理员只能写入本部门负责的指标",
                             "permission denied: {who} may not write figures of {name} (owner {owner}) — a manager "
                             "writes only indicators owned by one of their departments"),
    "store.permission.viewer_row": ("无权写入：{who}只能查看数据，不能写入",
                                    "permission denied: {who} may not write figures — viewers only read"),
    "store.permission.denied": ("无权写入：{who}不能写入 {names} 的数据；部门管理员只能写入本部门负责的指标",
                                "permission denied: {who} may not write figures of {names} — a manager writes only "
                                "indicators owned by one of their departments"),
    "store.permission.viewer": ("无权写入：{who}只能查看数据，不能写入",
                                "permission denied: {who} may not write figures — viewers only read"),
    "store.permission.owned": ("“{name}”（责任单位：{owner}）", "{name} (owner {owner})"),
    "store.permission.more": ("{shown} 等共 {n} 项指标", "{shown} and {more} more"),
    # ---- retraction
    "store.retract.reason": ("撤回需要说明原因：请写明为什么撤回（例如“年份录错”），实际为空",
                             'a retraction needs a reason — expected text saying why the figure is withdrawn (e.g. '
                             '"entered for the wrong year"), found nothing'),
    "store.retract.nothing": ("没有可撤回的数据：“{name}”{year} 年目前没有数据（从未录入，或已撤回）",
                              "nothing to retract — expected a current figure for {name} {year}, found none (never "
                              "entered, or already retracted)"),
    # ---- lost updates
    "store.stale.head": ("{n} 个数据在您打开后已被他人修改，未保存任何数据：",
                         "{n} figure(s) changed by someone else since you loaded them, nothing stored:"),
    "store.stale.changed": ("第 {row} 行：“{name}”{year} 年的数据已被 {who} 于 {at} 修改为 {value}"
                            "（当前版本 {revision}，"
                            "您修改的是版本 {expected}），请刷新后再改",
                            "row {row}: {name} {year} was changed to {value} by {who} at {at} (revision {revision}, "
                            "you edited revision {expected}) — reload before editing"),
    "store.stale.retracted": ("第 {row} 行：“{name}”{year} 年的数据已被 {who} 于 {at} 撤回"
                              "（您修改的是版本 {expected}），"
                              "请刷新后再改",
                              "row {row}: {name} {year} was retracted by {who} at {at} (revision {revision}, you "
                              "edited revision {expected}) — reload before editing"),
    # ---- the database itself
    "store.fault.missing": ("没有找到数据库 {path}：请先运行 `python -m dashboard init-db`（或 `make run`），"
                            "或检查 --database / DASHBOARD_DATABASE_URL",
                            "no database at {path}: run `python -m dashboard init-db` (or `make run`) first, or "
                            "check --database / DASHBOARD_DATABASE_URL"),
    "store.fault.not_database": ("{path} 不是可用的数据库文件（已损坏、不完整或根本不是数据库：{detail}）："
                                 "请从备份恢复，或用 --database / DASHBOARD_DATABASE_URL 指向正确的数据库",
                                 "{path} is not a usable database file (damaged, truncated or not a database: "
                                 "{detail}) — restore it from a backup, or point --database / DASHBOARD_DATABASE_URL "
                                 "at the right one"),
    "store.fault.read_only": ("数据库 {url} 是只读的，未保存任何数据：可以查看数据，"
                              "写入需要对数据库文件及其目录有写权限，"
                              "或使用有写权限的数据库账号",
                              "the database {url} is read-only, nothing was stored — figures can be read, but "
                              "writing needs write access to the database file and its directory, or a database "
                              "role that may write"),
    "store.fault.busy": ("数据库 {url} 正忙：另一个写入者持有锁已超过 {seconds} 秒，未保存任何数据；请稍后再试",
                         "the database {url} is busy: another writer has held the lock for more than {seconds} s, "
                         "nothing was stored — try again later"),
    "store.fault.timeout": ("写入数据库 {url} 超过 {seconds} 秒仍未完成，已取消，未保存任何数据；请稍后再试",
                            "writing to the database {url} took more than {seconds} s and was cancelled, nothing "
                            "was stored — try again later"),
    "store.fault.unreachable": ("无法使用数据库 {url}：{detail}；请检查 --database 或 DASHBOARD_DATABASE_URL，"
                                "以及数据库服务器是否在运行",
                                "cannot use the database {url}: {detail} — check --database or "
                                "DASHBOARD_DATABASE_URL and that the server is running"),
    "store.fault.scheme": ("“{url}”中的数据库类型不受支持（{detail}）：请在 --database 或 DASHBOARD_DATABASE_URL 中"
                           "写 sqlite:///path/to/file.db 或 postgresql+psycopg://user:password@host/db",
                           'unknown kind of database in "{url}" ({detail}) — expected sqlite:///path/to/file.db or '
                           "postgresql+psycopg://user:password@host/db in --database or DASHBOARD_DATABASE_URL"),
    "store.fault.not_url": ("“{url}”不是数据库地址（{detail}）：请在 --database 或 DASHBOARD_DATABASE_URL 中"
                            "写 sqlite:///path/to/file.db 或 postgresql+psycopg://user:password@host/db",
                            '"{url}" is not a database URL ({detail}) — expected sqlite:///path/to/file.db or '
                            "postgresql+psycopg://user:password@host/db in --database or DASHBOARD_DATABASE_URL"),
    "store.fault.bad_timeout": ("环境变量 {name} 应为 0 到 86400 之间的秒数，实际为“{found}”",
                                'expected {name} to be a number of seconds from 0 to 86400, found "{found}"'),
    "store.fault.schema": ("数据库中有本程序不认识的迁移：{names}；请更新程序，或指向另一个数据库",
                           "the database has migrations this code does not know: {names} — expected only known "
                           "ones; update the code or point at another database"),
    # ---- import / export on the command line
    "store.cli.problems_head": ("{name}：{total} 行中有 {bad} 行有问题（{convention}）：",
                                "{name}: {bad} of {total} {have} problems ({convention}):"),
    "store.cli.line": ("第 {row} 行：“{name}”{year} 年 {change} {value}{unit}", "row {row}: {name} {year} {change} "
                                                                               "{value}{unit}"),
    "store.cli.revised_value": ("{old} → {new}", "{old} → {new}"),
    "store.change.new": ("新增", "new"),
    "store.change.revised": ("修订", "revised"),
    "store.change.unchanged": ("不变", "unchanged"),
    "store.cli.dry_run": ("试运行，未保存任何数据：新增 {new}，修订 {revised}，不变 {unchanged}，有问题 {refused} 行",
                          "dry run, nothing stored: {new} new, {revised} revised, {unchanged} unchanged, "
                          "{refused} refused"),
    "store.cli.fix_first": ("未保存任何数据：请修正以上各行，或使用 --skip-invalid 只保存无误的 {valid} 行",
                            "nothing stored: fix the rows above, or use --skip-invalid to store the {valid}"),
    "store.cli.no_valid": ("未保存任何数据：没有无误的行", "nothing stored: no valid rows"),
    "store.cli.stored": ("已以 {user} 的身份保存 {added} 个数据（新增 {new}，修订 {revised}），"
                         "不变 {unchanged}{skipped}",
                         "stored {added} as {user} ({new} new, {revised} revised), {unchanged} unchanged{skipped}"),
    "store.cli.skipped": ("；跳过有问题的 {n} 行（见上）", "; skipped {n} with problems (listed above)"),
    "store.cli.exported": ("已将 {n} 条{what}写入 {path}", "wrote {n} {what} to {path}"),
    "store.cli.export_unrecorded": ("注意：导出已完成，但未能记入修改记录：{detail}",
                                    "note: the export was written but could not be recorded in the audit trail: "
                                    "{detail}"),
    "store.cli.what_current": ("当前数据", "current figures"),
    "store.cli.what_history": ("历史记录（全部修订和撤回）", "rows of history"),
    "store.cli.db": ("数据库 {url}：{what}", "database {url}: {what}"),
    "store.cli.applied": ("已执行迁移 {names}", "applied {names}"),
    "store.cli.up_to_date": ("结构已是最新", "schema up to date"),
    "store.cli.not_loaded": ("数据库中已有 {n} 个当前数据：不再载入随附数据", "store holds {n} current figures: "
                                                                  "shipped figures not loaded again"),
    "store.cli.no_shipped": ("数据库为空，且没有可载入的 data/actuals.csv",
                             "store is empty and there is no data/actuals.csv to load"),
    "store.cli.loaded": ("数据库原为空：已以 {by} 的身份从 {file} 载入 {n} 个数据",
                         "store was empty: loaded {n} from {file} as {by}"),
    "store.cli.shipped_bad": ("data/actuals.csv 与指标目录不符：\n{problems}",
                              "data/actuals.csv does not fit the catalog:\n{problems}"),
    "store.cli.shipped_unreadable": ("无法读取 data/actuals.csv：{detail}",
                                     "data/actuals.csv cannot be read: {detail}"),
    "store.cli.say_who": ("{path} 中已配置用户：请用 --by NAME 说明是谁在写入",
                          "users are configured in {path}: say who is writing with --by NAME"),
    "store.cli.unknown_catalog": ("有 {n} 行的指标编号不在所用目录 {catalog} 中；如果这些数据属于另一份规划目录，"
                                  "请用 --catalog 指定那份目录的文件或文件夹后再导入",
                                  "{n} row(s) name an indicator id that is not in the catalog used, {catalog}; "
                                  "if these figures belong to another plan's catalog, give that file or folder "
                                  "with --catalog and import again"),
    "store.cli.unknown_user": ("未知用户“{name}”：应为 {path} 中的用户（见 `python -m dashboard user list`）",
                               'unknown user "{name}" — expected a user of {path} (see: python -m dashboard user '
                               "list)"),
    # ---- the entry page (beyond the entry.* labels of dashboard/i18n.py)
    "store.page.refused": ("，有问题 {n} 行（不导入）", ", {n} refused (not imported)"),
    "store.page.fault": ("无法保存：", "Could not save:"),
    "store.page.jump_mark": ("已确认异常变动", "confirmed jump"),
    "store.trail.export": ("导出全部数据", "exported the store"),
}
