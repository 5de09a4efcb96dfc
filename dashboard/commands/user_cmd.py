"""`user add | reset-password | set-role | list | remove | departments`: manage the users file.

Passwords are read with getpass (typed twice) or, for scripts, from one line of standard input
with ``--password-stdin``; never from the command line, where other users could see them.
"""

from __future__ import annotations

import difflib
import getpass
import sys

from dashboard import auth
from dashboard.cli import UserError


def register(sub) -> None:
    user = sub.add_parser("user", help="manage the users who may sign in (users file outside git)")
    cmds = user.add_subparsers(dest="user_command", required=True)

    p = cmds.add_parser("add", help="add a user")
    p.add_argument("username")
    _role_options(p, required=True)
    p.add_argument("--display-name", help="name shown in the app (default: the user name)")
    _password_option(p)
    p.set_defaults(handler=add)

    p = cmds.add_parser("reset-password", help="set a new password for a user")
    p.add_argument("username")
    _password_option(p)
    p.set_defaults(handler=reset_password)

    p = cmds.add_parser("set-role", help="change a user's role and departments")
    p.add_argument("username")
    _role_options(p, required=True)
    p.set_defaults(handler=set_role)

    p = cmds.add_parser("list", help="list the users")
    p.set_defaults(handler=list_users)

    p = cmds.add_parser("remove", help="remove a user")
    p.add_argument("username")
    p.set_defaults(handler=remove)

    p = cmds.add_parser("departments", help="list the owner departments in the catalog (names for --department)")
    p.add_argument("--catalog", help="catalog file (default: the shipped indicators.yaml)")
    p.set_defaults(handler=departments)

    for parser in (cmds.choices[name] for name in ("add", "reset-password", "set-role", "list", "remove")):
        parser.add_argument("--users-file", help="users file (default: env DASHBOARD_USERS_FILE or data/users.json)")


def _role_options(p, required: bool) -> None:
    p.add_argument("--role", choices=auth.ROLES, required=required,
                   help="viewer reads; manager edits the figures of its departments; admin edits all")
    p.add_argument("--department", action="append", default=[], metavar="NAME",
                   help="owner department whose indicators a manager edits (repeat for several)")


def _password_option(p) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input (for scripts)")


def read_password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise UserError("no password on standard input — expected one line with the password")
        return password
    try:
        first = getpass.getpass(f"Password for {username}: ")
        second = getpass.getpass("Repeat the password: ")
    except (EOFError, KeyboardInterrupt):
        raise UserError("no password given") from None
    if first != second:
        raise UserError("the two passwords differ — nothing was changed")
    return first


def _store(args) -> auth.UserStore:
    return auth.UserStore(args.users_file)


def add(args) -> int:
    store = _store(args)
    _call(auth.check_role, args.role, args.department)  # before asking for a password
    existing = _call(store.get, args.username)
    if existing is not None:
        raise UserError(f'user "{existing.username}" already exists — to change the password use: '
                        f"python -m dashboard user reset-password {existing.username}")
    password = read_password(args.password_stdin, args.username)
    user = _call(store.add, args.username, password, args.role, args.department, args.display_name)
    print(f"added {user.username} ({user.role}{_departments(user)}) to {store.path}")
    _warn_unknown_departments(user.departments)
    return 0


def reset_password(args) -> int:
    store = _store(args)
    if _call(store.get, args.username) is None:
        raise UserError(f'no user "{args.username}" — see the users with: python -m dashboard user list')
    _call(store.reset_password, args.username, read_password(args.password_stdin, args.username))
    print(f"new password set for {args.username}")
    return 0


def set_role(args) -> int:
    store = _store(args)
    user = _call(store.set_role, args.username, args.role, args.department or None)
    print(f"{user.username} is now {user.role}{_departments(user)}")
    _warn_unknown_departments(user.departments)
    return 0


def list_users(args) -> int:
    store = _store(args)
    users = _call(store.list)
    if not users:
        print(f"no users in {store.path} — add one with: python -m dashboard user add NAME --role admin")
        return 0
    rows = [("user", "name", "role", "departments")] + [
        (u.username, u.display_name, u.role, ", ".join(u.departments) or "—") for u in users]
    widths = [max(_width(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=False)), row[3])
    return 0


def remove(args) -> int:
    _call(_store(args).remove, args.username)
    print(f"removed {args.username}")
    return 0


def departments(args) -> int:
    from dashboard import catalog

    counts: dict[str, int] = {}
    for ind in catalog.load(args.catalog).indicators.values():
        if ind.owner:
            counts[ind.owner] = counts.get(ind.owner, 0) + 1
    for name, count in sorted(counts.items()):
        print(f"{name}\t{count} indicator(s)")
    return 0


def _call(fn, *args):
    try:
        return fn(*args)
    except auth.AuthError as exc:
        raise UserError(str(exc)) from None


def _departments(user: auth.User) -> str:
    return f": {', '.join(user.departments)}" if user.departments else ""


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _warn_unknown_departments(departments) -> None:
    """Warn about departments that own no indicator in the shipped catalog (likely a typo)."""
    from dashboard import catalog

    try:
        owners = {ind.owner for ind in catalog.load().indicators.values()}
    except catalog.CatalogError:
        return
    for name in departments:
        if name not in owners:
            close = difflib.get_close_matches(name, sorted(o for o in owners if o), n=3, cutoff=0.7)
            hint = f"did you mean {' or '.join(close)}?" if close else "python -m dashboard user departments lists them"
            print(f'warning: "{name}" owns no indicator in the catalog yet — check the spelling ({hint})',
                  file=sys.stderr)
