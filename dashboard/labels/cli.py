"""Labels of the command line's own messages: failures, warnings and summaries of `status`, `report` and the
one-line errors every command shares (each in --lang, else $DASHBOARD_LANG, else zh)."""

LABELS: dict[str, tuple[str, str]] = {
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.catalog_problems": ("指标目录中有 {n} 个问题（见上）", "{n} problem(s) in the catalog"),
    "cli.is_dir": ("{name} 是文件夹，应为文件", "{name} is a directory — expected a file"),
    "cli.permission": ("无权访问 {name}：请检查是否有读取（或写入）权限",
                       "permission denied: {name} — check that you may read (or write) it"),
    "cli.no_file": ("{name}：没有这个文件或文件夹", "{name}: no such file or directory"),
    "cli.os_error": ("{name}：{detail}", "{name}: {detail}"),
    "cli.db_where": ("--database 或 DASHBOARD_DATABASE_URL", "--database or DASHBOARD_DATABASE_URL"),
    "cli.db_kind": ("无法识别“{url}”的数据库类型（{detail}）：{where} 应为 sqlite:///文件路径.db 或 "
                    "postgresql+psycopg://用户:密码@主机/数据库",
                    'unknown kind of database in "{url}" ({detail}) — expected sqlite:///path/to/file.db or '
                    "postgresql+psycopg://user:password@host/db in {where}"),
    "cli.db_not_url": ("“{url}”不是数据库地址（{detail}）：{where} 应为 sqlite:///文件路径.db 或 "
                       "postgresql+psycopg://用户:密码@主机/数据库",
                       '"{url}" is not a database URL ({detail}) — expected sqlite:///path/to/file.db or '
                       "postgresql+psycopg://user:password@host/db in {where}"),
    "cli.db_unusable": ("无法使用数据库 {url}：{detail}。请检查 {where}，以及数据库服务是否在运行",
                        "cannot use the database {url}: {detail} — check {where} and that the server is running"),
    # ---- status / report reading figures
    "cli.unknown_plan": ("未知规划“{plan}”：应为指标目录中的规划编号之一：{plans}",
                         'unknown plan "{plan}" — expected one of: {plans} (the plan ids in the catalog)'),
    "cli.no_database": ("此版本不带数据库：请用 --actuals 文件.csv 指定数据文件",
                        "no database available in this version — pass --actuals FILE.csv"),
    "cli.ignored_ids": ("注意：{where}{n} 个指标编号不在指标目录中，其数据未予采用：{ids}",
                        "warning: {where}figures for {n} indicator id(s) not in the catalog were ignored: {ids}"),
    "cli.actuals_nothing": ("未从 {name} 读取任何数据：请修正以上各行后再运行",
                            "nothing was read from {name}: fix the rows above and run again"),
    "cli.actuals_jump": ("注意：{path}：第 {row} 行“{name}”{year} 年数值 {value} 是上一数据的 {factor} 倍以上"
                         "或 ⅓ 以下，已按原值采用（导入时需要确认）",
                         "warning: {path}: row {row}: {name} {year} value {value} is more than {factor} times or "
                         "less than ⅓ of the previous figure — used as is (`import` would ask to confirm it)"),
    "cli.audit_summary": ("\n{flagged} / {total} 项不一致（{differs} 项口径不同）",
                          "\n{flagged} / {total} disagree ({differs} basis differs)"),
    "cli.report_written": ("已写入 {out}（{size} 字节，{n} 个指标）", "wrote {out} ({size} bytes, {n} indicators)"),
    "cli.progress_charts": ("图表", "charts"),
    "cli.progress_indicators": ("指标", "indicators"),
}
