"""Labels of accounts: the users file's refusals (`dashboard.access.auth`), the sign-in throttle, the sign-in
panel's session messages, the `python -m dashboard user` command, and the audit-trail names of account events.

Keys: ``auth.`` (refusals raised by auth.py / throttle.py as `AuthError(key, **params)`), ``usercmd.``
(the command line), ``signin.`` (the app; the older sign-in keys live in dashboard/i18n.py), ``role.reviewer``
and ``trail.action_<event>`` for the events `Store.log_event` records.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ refusals (auth.py, throttle.py)
    "auth.wrong_credentials": ("用户名或密码错误", "Wrong user name or password"),
    "auth.throttled": ("尝试次数过多，请 {seconds} 秒后再试", "Too many failed attempts: try again in {seconds} s"),
    "auth.hash_malformed": ("密码哈希格式有误——应为 scrypt$n=…,r=…,p=…$salt$key，实际为 {found}"
                            "（请重置密码：python -m dashboard user reset-password 用户名）",
                            "malformed password hash — expected scrypt$n=…,r=…,p=…$salt$key, found {found} "
                            "(reset the password with: python -m dashboard user reset-password NAME)"),
    "auth.hash_params": ("密码哈希参数超出范围——n 应为不超过 2**20 的 2 的幂，r ≤ 32，p ≤ 16，"
                         "实际为 n={n}, r={r}, p={p}",
                         "password hash parameters out of range — expected n a power of two up to 2**20, r ≤ 32, "
                         "p ≤ 16, found n={n}, r={r}, p={p}"),
    "auth.hash_base64": ("密码哈希格式有误——salt 或 key 不是 base64（{detail}）",
                         "malformed password hash — salt or key is not base64 ({detail})"),
    "auth.hash_short": ("密码哈希过短——salt 应至少 8 字节、key 至少 16 字节，实际为 {salt} 和 {key}",
                        "password hash too short — expected a salt of 8+ and a key of 16+ bytes, "
                        "found {salt} and {key}"),
    "auth.password_short": ("密码太短——至少需要 {min} 个字符，实际为 {found} 个",
                            "password too short — expected at least {min} characters, found {found}"),
    "auth.password_long": ("密码太长——最多 {max} 个字符，实际为 {found} 个",
                           "password too long — expected at most {max} characters, found {found}"),
    "auth.password_simple": ("密码太简单——至少需要 3 个不同的字符，且不能全是空格",
                             "password too simple — expected at least 3 different characters, not only spaces"),
    "auth.password_has_name": ("密码包含用户名——请选择与用户名无关的密码",
                               "password contains the user name — choose a password unrelated to the name"),
    "auth.bad_username": ("用户名无效——应为 1 到 64 个字母、数字或 . _ @ -，实际为“{found}”",
                          'invalid user name — expected 1 to 64 letters, digits or . _ @ -, found "{found}"'),
    "auth.user_exists": ("用户“{name}”已存在——如需修改密码：python -m dashboard user reset-password {name}",
                         'user "{name}" already exists — to change the password use: '
                         "python -m dashboard user reset-password {name}"),
    "auth.no_user": ("没有用户“{name}”——查看用户：python -m dashboard user list",
                     'no user "{name}" — see the users with: python -m dashboard user list'),
    "auth.unknown_role": ("未知角色——应为 {roles} 之一，实际为“{found}”",
                          'unknown role — expected one of {roles}, found "{found}"'),
    "auth.manager_needs_department": ("部门管理员至少需要一个责任单位——请用 --department 单位名（indicators.yaml 中的"
                                      " owner，例如 市商务委），实际没有给出",
                                      "a manager needs at least one department — expected --department NAME "
                                      "(an owner in indicators.yaml, e.g. 市商务委), found none"),
    "auth.file_unreadable": ("{path}：无法读取用户文件——应为 JSON，读取出错：{detail}",
                             "{path}: cannot read the users file — expected JSON, found an error: {detail}"),
    "auth.file_shape": ('{path}：应为 {{"version": 1, "users": [...]}}，实际为其他内容',
                        '{path}: expected {{"version": 1, "users": [...]}}, found something else'),
    "auth.file_record": ("{path}：users[{index}]：{problem}", "{path}: users[{index}]: {problem}"),
    "auth.record_not_mapping": ("应为字段映射", "expected a mapping of fields"),
    "auth.record_field": ("字段“{field}”缺失或类型错误——应为 {kind}",
                          'field "{field}" missing or of the wrong type — expected {kind}'),
    "auth.record_departments": ("用户“{name}”：departments 应为单位名称列表",
                                'user "{name}": departments — expected a list of names'),
    "auth.record_twice": ("用户“{name}”出现两次——只保留一条记录", 'user "{name}" appears twice — keep one record'),
    "auth.record_hash": ("用户“{name}”：{problem}", 'user "{name}": {problem}'),
    "auth.viewers_setting": ("DASHBOARD_VIEWERS_MUST_SIGN_IN：应为 true 或 false，实际为“{found}”",
                             'DASHBOARD_VIEWERS_MUST_SIGN_IN: expected true or false, found "{found}"'),
    "auth.counts_unreadable": ("{path}：无法读取登录计数——应为 JSON（{detail}）；删除该文件即可重新开始",
                               "{path}: cannot read the sign-in counts — expected JSON ({detail}); "
                               "delete the file to start afresh"),
    "auth.counts_shape": ("{path}：登录计数应为 {{键: [次数, 时间]}}；删除该文件即可重新开始",
                          "{path}: expected {{key: [count, time]}} sign-in counts; delete the file to start afresh"),
    # ------------------------------------------------------------ the app
    "role.reviewer": ("审核人", "reviewer"),
    "signin.ended_changed": ("您的账户已更改（密码、角色或负责单位），已退出登录，请重新登录。",
                             "Your account was changed (password, role or departments): you were signed out. "
                             "Please sign in again."),
    "signin.ended_removed": ("您的账户已被删除，已退出登录。", "Your account was removed: you were signed out."),
    "signin.ended_unreadable": ("用户文件暂时无法读取，已退出登录。请稍后再登录，或联系管理员。",
                                "The users file cannot be read: you were signed out. Sign in again later, or ask "
                                "an administrator."),
    # ------------------------------------------------------------ audit-trail names of account events
    "trail.action_sign_in": ("登录", "signed in"),
    "trail.action_sign_in_failed": ("登录失败", "failed sign-in"),
    "trail.action_sign_in_throttled": ("登录受限", "sign-in throttled"),
    "trail.action_sign_out": ("退出登录", "signed out"),
    "trail.action_user_added": ("添加用户", "user added"),
    "trail.action_user_removed": ("删除用户", "user removed"),
    "trail.action_role_changed": ("变更角色", "role changed"),
    "trail.action_password_reset": ("重置密码", "password reset"),
    # ------------------------------------------------------------ python -m dashboard user
    "usercmd.added": ("已添加 {name}（{role}{departments}）到 {path}", "added {name} ({role}{departments}) to {path}"),
    "usercmd.password_set": ("已为 {name} 设置新密码", "new password set for {name}"),
    "usercmd.role_set": ("{name} 现在的角色：{role}{departments}", "{name} is now {role}{departments}"),
    "usercmd.removed": ("已删除 {name}", "removed {name}"),
    "usercmd.sessions_ended": ("{name} 已打开的会话将在下次操作时退出登录",
                               "{name}'s open sessions are signed out at their next action"),
    "usercmd.no_users": ("{path} 中没有用户——添加一个：python -m dashboard user add 用户名 --role admin",
                         "no users in {path} — add one with: python -m dashboard user add NAME --role admin"),
    "usercmd.col_user": ("用户", "user"),
    "usercmd.col_name": ("姓名", "name"),
    "usercmd.col_role": ("角色", "role"),
    "usercmd.col_departments": ("负责单位", "departments"),
    "usercmd.prompt_password": ("{name} 的密码：", "Password for {name}: "),
    "usercmd.prompt_repeat": ("再次输入密码：", "Repeat the password: "),
    "usercmd.no_stdin_password": ("标准输入中没有密码——应为一行密码",
                                  "no password on standard input — expected one line with the password"),
    "usercmd.no_password": ("没有输入密码", "no password given"),
    "usercmd.passwords_differ": ("两次输入的密码不同——未做任何修改", "the two passwords differ — nothing was changed"),
    "usercmd.indicators": ("{n} 个指标", "{n} indicator(s)"),
    "usercmd.unknown_department": ("警告：“{name}”在指标目录中尚未负责任何指标——请检查拼写（{hint}）",
                                   'warning: "{name}" owns no indicator in the catalog yet — '
                                   "check the spelling ({hint})"),
    "usercmd.did_you_mean": ("是否是 {names}？", "did you mean {names}?"),
    "usercmd.or": (" 或 ", " or "),
    "usercmd.see_departments": ("python -m dashboard user departments 可列出单位名",
                                "python -m dashboard user departments lists them"),
    "usercmd.bad_lang": ("DASHBOARD_LANG：应为 zh 或 en，实际为“{found}”",
                         'DASHBOARD_LANG: expected zh or en, found "{found}"'),
}
