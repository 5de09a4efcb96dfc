"""`user add | reset-password | set-role | list | remove | departments`: manage the users file.

Passwords are read with getpass (typed twice) or, for scripts, from one line of standard input
with ``--password-stdin``; never from the command line, where other users could see them.
Every change is recorded in the audit trail of the store (``--database``, default as for the other
commands) as done by the login name running the command, from "CLI". A password reset, a role
change and a removal sign the user out of every open browser tab. Messages follow ``--lang``, else
env DASHBOARD_LANG, else Chinese.
"""

from __future__ import annotations

import difflib
import getpass
import os
import sys

from dashboard.access import auth
from dashboard.cli import UserError
from dashboard.commands import add_catalog_option
from dashboard.i18n import LANGS, t
from dashboard.messages import env_lang

CLIENT = "CLI"  # where command-line events come from, in the audit trail


def register(sub) -> None:
    user = sub.add_parser("user", help="manage the users who may sign in (users file outside git)")
    cmds = user.add_subparsers(dest="user_command", required=True)

    p = cmds.add_parser("add", help="add a user")
    p.add_argument("username")
    _role_options(p, required=True)
    p.add_argument("--display-name", help="name shown in the app (default: the user name)")
    _password_option(p)
    p.set_defaults(handler=add)

    p = cmds.add_parser("reset-password", help="set a new password for a user (signs them out everywhere)")
    p.add_argument("username")
    _password_option(p)
    p.set_defaults(handler=reset_password)

    p = cmds.add_parser("set-role", help="change a user's role and departments (signs them out everywhere)")
    p.add_argument("username")
    _role_options(p, required=True)
    p.set_defaults(handler=set_role)

    p = cmds.add_parser("list", help="list the users")
    p.set_defaults(handler=list_users)

    p = cmds.add_parser("remove", help="remove a user (signs them out everywhere)")
    p.add_argument("username")
    p.set_defaults(handler=remove)

    p = cmds.add_parser("departments", help="list the owner departments in the catalog (names for --department)")
    add_catalog_option(p)
    p.set_defaults(handler=departments)

    for name, parser in cmds.choices.items():
        parser.add_argument("--lang", choices=LANGS, help="language of the messages (default: env DASHBOARD_LANG, "
                                                          "else zh)")
        if name != "departments":
            parser.add_argument("--users-file", help="users file (default: env DASHBOARD_USERS_FILE or "
                                                     "data/users.json)")
        if name in ("add", "reset-password", "set-role", "remove"):
            parser.add_argument("--database", help="database URL of the audit trail (default: env "
                                                   "DASHBOARD_DATABASE_URL, else data/dashboard.db)")


def _role_options(p, required: bool) -> None:
    p.add_argument("--role", choices=auth.ROLES, required=required,
                   help="viewer reads; reviewer reads (and will review); manager edits the figures of its "
                        "departments; admin edits all")
    p.add_argument("--department", action="append", default=[], metavar="NAME",
                   help="owner department whose indicators a manager edits (repeat for several)")
    add_catalog_option(p)  # the departments are checked against this catalog and the office's assignments


def _password_option(p) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input (for scripts)")


def language(args) -> str:
    """--lang, else env DASHBOARD_LANG, else zh; a DASHBOARD_LANG that is neither is an error."""
    if getattr(args, "lang", None):
        return args.lang
    raw = os.environ.get("DASHBOARD_LANG", "")
    if raw.strip() and raw.strip().lower() not in LANGS:
        raise UserError(t("usercmd.bad_lang", "en").format(found=raw))
    return raw.strip().lower() or "zh"


def read_password(from_stdin: bool, username: str, lang: str = "zh") -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise UserError(t("usercmd.no_stdin_password", lang))
        return password
    try:
        first = getpass.getpass(t("usercmd.prompt_password", lang).format(name=username))
        second = getpass.getpass(t("usercmd.prompt_repeat", lang))
    except (EOFError, KeyboardInterrupt):
        raise UserError(t("usercmd.no_password", lang)) from None
    if first != second:
        raise UserError(t("usercmd.passwords_differ", lang))
    return first


def _users(args) -> auth.UserStore:
    return auth.UserStore(args.users_file)


def _audit_trail(args):
    """The store whose audit trail records the change: opened before anything changes, so a database
    that cannot be opened refuses the command instead of leaving a change unrecorded."""
    from dashboard.store import open_store
    from dashboard.store.migrations import SchemaError

    try:
        return open_store(args.database)
    except SchemaError as exc:
        raise UserError(exc.render(env_lang(getattr(args, "lang", None)))) from None


def operator() -> str:
    """Who runs the command: the login name (the uid when the system knows no name for it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _log(trail, action: str, detail: str) -> None:
    trail.log_event(action, operator(), detail, CLIENT)


def add(args) -> int:
    lang, users = language(args), _users(args)
    _call(lang, auth.check_role, args.role, args.department)  # before asking for a password
    existing = _call(lang, users.get, args.username)
    if existing is not None:
        raise UserError(auth.AuthError("auth.user_exists", name=existing.username).message(lang))
    trail = _audit_trail(args)
    password = read_password(args.password_stdin, args.username, lang)
    user = _call(lang, users.add, args.username, password, args.role, args.department, args.display_name)
    _log(trail, "user_added", f'added user "{user.username}" as {user.role}{_departments(user)}')
    print(t("usercmd.added", lang).format(name=user.username, role=user.role, departments=_departments(user),
                                          path=users.path))
    _warn_unknown_departments(user.departments, lang, args)
    return 0


def reset_password(args) -> int:
    lang, users = language(args), _users(args)
    if _call(lang, users.get, args.username) is None:
        raise UserError(auth.AuthError("auth.no_user", name=args.username).message(lang))
    trail = _audit_trail(args)
    _call(lang, users.reset_password, args.username, read_password(args.password_stdin, args.username, lang))
    _log(trail, "password_reset", f'new password for user "{args.username}"; open sessions ended')
    print(t("usercmd.password_set", lang).format(name=args.username))
    print(t("usercmd.sessions_ended", lang).format(name=args.username))
    return 0


def set_role(args) -> int:
    lang, users = language(args), _users(args)
    before = _call(lang, users.get, args.username)
    trail = _audit_trail(args)
    user = _call(lang, users.set_role, args.username, args.role, args.department or None)
    was = f"{before.role}{_departments(before)}" if before else "?"
    _log(trail, "role_changed", f'user "{user.username}": {was} -> {user.role}{_departments(user)}; '
                                "open sessions ended")
    print(t("usercmd.role_set", lang).format(name=user.username, role=user.role, departments=_departments(user)))
    print(t("usercmd.sessions_ended", lang).format(name=user.username))
    _warn_unknown_departments(user.departments, lang, args)
    return 0


def list_users(args) -> int:
    lang, users = language(args), _users(args)
    found = _call(lang, users.list)
    if not found:
        print(t("usercmd.no_users", lang).format(path=users.path))
        return 0
    rows = [tuple(t(f"usercmd.col_{c}", lang) for c in ("user", "name", "role", "departments"))] + [
        (u.username, u.display_name, u.role, ", ".join(u.departments) or "—") for u in found]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=False)), row[3])
    return 0


def remove(args) -> int:
    lang, users = language(args), _users(args)
    if _call(lang, users.get, args.username) is None:
        raise UserError(auth.AuthError("auth.no_user", name=args.username).message(lang))
    trail = _audit_trail(args)
    removed = _call(lang, users.remove, args.username)
    _log(trail, "user_removed", f'removed user "{removed.username}" ({removed.role}{_departments(removed)}); '
                                "open sessions ended")
    print(t("usercmd.removed", lang).format(name=removed.username))
    return 0


def departments(args) -> int:
    from dashboard import catalog

    lang = language(args)
    counts: dict[str, int] = {}
    for ind in catalog.load(args.catalog).indicators.values():
        for owner in ind.owners:  # lead and partner departments
            counts[owner] = counts.get(owner, 0) + 1
    for name, count in sorted(counts.items()):
        print(f"{name}\t{t('usercmd.indicators', lang).format(n=count)}")
    return 0


def _call(lang: str, fn, *args):
    try:
        return fn(*args)
    except auth.AuthError as exc:
        raise UserError(exc.message(lang)) from None


def _departments(user: auth.User) -> str:
    return f": {', '.join(user.departments)}" if user.departments else ""


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _known_owners(args) -> set[str]:
    """Departments owning an indicator of the catalog (`--catalog`, else the default) or assigned one."""
    from dashboard import assignments, catalog
    from dashboard.store import StoreUnavailable, open_store

    cat = catalog.load(getattr(args, "catalog", None))
    owners = {o for ind in cat.indicators.values() for o in ind.owners}
    try:
        rows = assignments.read(open_store(getattr(args, "database", None), create=False))
    except StoreUnavailable:  # no database yet: no assignments
        rows = []
    owners |= {o for ind in assignments.effective_owners(cat, rows).indicators.values() for o in ind.owners}
    return owners | {old for old, new in cat.aliases.items() if new in owners}  # an old name still works


def _warn_unknown_departments(departments, lang: str = "zh", args=None) -> None:
    """Warn about departments that own no indicator in the catalog, nor by assignment (likely a typo)."""
    from dashboard import catalog

    try:
        owners = _known_owners(args)
    except catalog.CatalogError:
        return
    for name in departments:
        if name not in owners:
            close = difflib.get_close_matches(name, sorted(o for o in owners if o), n=3, cutoff=0.7)
            hint = (t("usercmd.did_you_mean", lang).format(names=t("usercmd.or", lang).join(close)) if close
                    else t("usercmd.see_departments", lang))
            print(t("usercmd.unknown_department", lang).format(name=name, hint=hint), file=sys.stderr)
