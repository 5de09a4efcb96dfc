"""`python -m dashboard <command>`: a thin layer over the core.

Each command module exposes `register(subparsers)`, which adds its sub-command with a
`handler(args) -> int`. The parser knows every command's name and one-line help from `COMMANDS`
and imports a command's module only when that command runs (or its help is asked for): `--help`
imports none of pandas, SQLAlchemy, fpdf2, matplotlib, openpyxl, and `validate` only what the
catalog needs. The output ends quietly when its reader goes away (`… | head -1`).

User mistakes arrive as domain exceptions and leave as a message on stderr and a non-zero exit
code, never a traceback. So do the failures of the surroundings that a user can fix
(`failure_message`): a database URL that does not parse or cannot be reached, a database file
that does not exist yet, a path that is a directory or may not be read. Anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "dashboard.commands.catalog_cmd",
    "dashboard.commands.draft_cmd",
    "dashboard.commands.metrics_cmd",
    "dashboard.commands.store_cmd",
    "dashboard.commands.report_cmd",
    "dashboard.commands.user_cmd",
    "dashboard.commands.template_cmd",
    "dashboard.commands.todo_cmd",
    "dashboard.commands.review_cmd",
    "dashboard.commands.assign_cmd",
]

# command -> (its module, the help line of `--help`); a module of COMMAND_MODULES that names no command
# here is imported up front (it still works, only not lazily). tests/test_cli.py keeps both in step.
COMMANDS = {
    "todo": ("dashboard.commands.todo_cmd",
             "the reporting calendar: figures overdue, due soon or returned, by department"),
    "validate": ("dashboard.commands.catalog_cmd", "check indicators.yaml and report every problem"),
    "schema": ("dashboard.commands.catalog_cmd", "print the catalog's field table (Markdown)"),
    "status": ("dashboard.commands.metrics_cmd", "progress and status of every indicator (docs/methodology.md)"),
    "audit": ("dashboard.commands.metrics_cmd",
              "compare each declared annual rate with the rate baseline→target implies"),
    "init-db": ("dashboard.commands.store_cmd",
                "create or migrate the database; load data/actuals.csv into an empty one"),
    "import": ("dashboard.commands.store_cmd",
               "validate and store figures from a .csv or .xlsx file (all or nothing)"),
    "export": ("dashboard.commands.store_cmd", "write the current figures (or every revision) to .csv or .xlsx"),
    "report": ("dashboard.commands.report_cmd", "write the printable summary: PDF, print-ready HTML or Excel"),
    "user": ("dashboard.commands.user_cmd", "manage the users who may sign in (users file outside git)"),
    "template": ("dashboard.commands.template_cmd",
                 "write the fill-in .xlsx of a department's indicators, one column per year"),
    "review": ("dashboard.commands.review_cmd", "list submitted figures, accept or return them, lock or unlock a year"),
    "assign": ("dashboard.commands.assign_cmd", "assign (add, override or clear) the departments of an indicator"),
    "draft": ("dashboard.commands.draft_cmd", "draft a catalog from a plan's text (plain text, HTML or API JSON)"),
}


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
    """One line for a failure the user can fix (bad database URL, missing file, a directory…), else None;
    in the command's language."""
    from dashboard.i18n import t
    from dashboard.messages import env_lang

    lang = env_lang(getattr(args, "lang", None))
    where = t("cli.db_where", lang)
    missing = getattr(sys.modules.get("dashboard.store"), "MissingDatabase", None)  # raised only once imported
    unavailable = getattr(sys.modules.get("dashboard.store"), "StoreUnavailable", ())  # store faults, in --lang
    if unavailable and isinstance(exc, unavailable):
        return exc.render(lang)
    if isinstance(exc, UserError) or (missing is not None and isinstance(exc, missing)):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        name = exc.filename
        if isinstance(exc, IsADirectoryError):
            return t("cli.is_dir", lang).format(name=name)
        if isinstance(exc, PermissionError):
            return t("cli.permission", lang).format(name=name)
        if isinstance(exc, FileNotFoundError):
            return t("cli.no_file", lang).format(name=name)
        return t("cli.os_error", lang).format(name=name, detail=exc.strerror or exc)
    if "sqlalchemy" not in sys.modules:
        return None
    import sqlalchemy.exc as sa_exc

    url = _database_url(args)
    if isinstance(exc, sa_exc.NoSuchModuleError):
        return t("cli.db_kind", lang).format(url=url, detail=exc, where=where)
    if isinstance(exc, sa_exc.ArgumentError):
        return t("cli.db_not_url", lang).format(url=url, detail=exc, where=where)
    if isinstance(exc, sa_exc.OperationalError):
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return t("cli.db_unusable", lang).format(url=url, detail=detail, where=where)
    return None


class _Commands(dict):
    """The sub-parsers by name; a command declared in COMMANDS gets its parser (its module imported and
    registered) the first time argparse looks it up."""

    def __init__(self, action: _LazySubParsers):
        super().__init__()
        self.action, self.pending, self.order = action, {}, []

    def declare(self, name: str, module: str) -> None:
        self.pending[name] = module
        self.order.append(name)

    def __setitem__(self, name, parser) -> None:
        if name not in self.order:
            self.order.append(name)
        super().__setitem__(name, parser)

    def __contains__(self, name) -> bool:
        return super().__contains__(name) or name in self.pending

    def __iter__(self):
        return iter([n for n in self.order if dict.__contains__(self, n) or n in self.pending])

    def __getitem__(self, name):
        if not super().__contains__(name) and name in self.pending:
            importlib.import_module(self.pending[name]).register(self.action)
        return super().__getitem__(name)

    def get(self, name, default=None):
        return self[name] if name in self else default


class _LazySubParsers(argparse._SubParsersAction):
    """Sub-commands whose help line is listed before their module is imported."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._name_parser_map = self.choices = _Commands(self)

    def declare(self, name: str, module: str, help: str) -> None:
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        self._name_parser_map.declare(name, module)

    def add_parser(self, name, **kwargs):
        if self._name_parser_map.pending.pop(name, None) is not None:
            kwargs.pop("help", None)  # its line in the listing was declared already
        return super().add_parser(name, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, action=_LazySubParsers)
    lazy = {module for module, _ in COMMANDS.values()}
    for name in COMMAND_MODULES:
        if name not in lazy:
            importlib.import_module(name).register(sub)
    for command, (module, text) in COMMANDS.items():
        if module in COMMAND_MODULES and command not in sub.choices:
            sub.declare(command, module, text)
    return parser


def _quiet_broken_pipe() -> int:
    """The reader of stdout went away (`… | head -1`): stop without a traceback, as `cat` would."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
    return 141  # 128 + SIGPIPE, what a shell reports for a command stopped by a closed pipe


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = args.handler(args)
        sys.stdout.flush()
        return result
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except Exception as exc:
        from dashboard.i18n import t
        from dashboard.messages import env_lang

        lang = env_lang(getattr(args, "lang", None))
        catalog = sys.modules.get("dashboard.catalog")  # imported by any command that reads the catalog
        if catalog is not None and isinstance(exc, catalog.CatalogError):
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(t("cli.catalog_problems", lang).format(n=len(exc.problems)), file=sys.stderr)
            return 1
        message = failure_message(exc, args)
        if message is None:
            raise
        print(t("cli.error", lang).format(message=message), file=sys.stderr)
        return 1
