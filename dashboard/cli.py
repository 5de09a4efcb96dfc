"""`python -m dashboard <command>`: a thin layer over the core.

Each command module exposes `register(subparsers)`, which adds its sub-command with a
`handler(args) -> int`. User mistakes arrive as domain exceptions and leave as a message on
stderr and a non-zero exit code, never a traceback. So do the failures of the surroundings that
a user can fix (`failure_message`): a database URL that does not parse or cannot be reached, a
database file that does not exist yet, a path that is a directory or may not be read. Anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from dashboard.catalog import CatalogError

COMMAND_MODULES = [
    "dashboard.commands.catalog_cmd",
    "dashboard.commands.metrics_cmd",
    "dashboard.commands.store_cmd",
    "dashboard.commands.report_cmd",
    "dashboard.commands.user_cmd",
    "dashboard.commands.draft_cmd",
]


YEARS = (1900, 2200)


class UserError(Exception):
    """A mistake in the command's input: printed as is, exit code 1."""


def year(text: str) -> int:
    """argparse type of a year option (`--as-of`): an integer from 1900 to 2200.

    >>> year("2024")
    2024
    >>> year("99999999999999999999")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a year from 1900 to 2200, found 99999999999999999999
    """
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not YEARS[0] <= value <= YEARS[1]:
        raise argparse.ArgumentTypeError(f"expected a year from {YEARS[0]} to {YEARS[1]}, found {text}")
    return value


def _database_url(args) -> str:
    """The URL the command used, password hidden (for messages)."""
    store = sys.modules.get("dashboard.store")
    url = (getattr(args, "database", None) or os.environ.get(getattr(store, "ENV_URL", "DASHBOARD_DATABASE_URL"))
           or (store.default_url() if hasattr(store, "default_url") else "the default database"))
    try:
        import sqlalchemy as sa

        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # the URL does not even parse: show it as given
        return url


def failure_message(exc: BaseException, args) -> str | None:
    """One line for a failure the user can fix (bad database URL, missing file, a directory…), else None."""
    where = "--database or DASHBOARD_DATABASE_URL"
    missing = getattr(sys.modules.get("dashboard.store"), "MissingDatabase", None)  # raised only once imported
    if isinstance(exc, UserError) or (missing is not None and isinstance(exc, missing)):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        name = exc.filename
        if isinstance(exc, IsADirectoryError):
            return f"{name} is a directory — expected a file"
        if isinstance(exc, PermissionError):
            return f"permission denied: {name} — check that you may read (or write) it"
        if isinstance(exc, FileNotFoundError):
            return f"{name}: no such file or directory"
        return f"{name}: {exc.strerror or exc}"
    if "sqlalchemy" not in sys.modules:
        return None
    import sqlalchemy.exc as sa_exc

    url = _database_url(args)
    if isinstance(exc, sa_exc.NoSuchModuleError):
        return (f'unknown kind of database in "{url}" ({exc}) — expected sqlite:///path/to/file.db or '
                f"postgresql+psycopg://user:password@host/db in {where}")
    if isinstance(exc, sa_exc.ArgumentError):
        return (f'"{url}" is not a database URL ({exc}) — expected sqlite:///path/to/file.db or '
                f"postgresql+psycopg://user:password@host/db in {where}")
    if isinstance(exc, sa_exc.OperationalError):
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"cannot use the database {url}: {detail} — check {where} and that the server is running"
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CatalogError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the catalog", file=sys.stderr)
        return 1
    except Exception as exc:
        message = failure_message(exc, args)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 1
