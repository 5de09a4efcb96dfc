"""`init-db`, `import` and `export`: the actuals store on the command line.

Commands act as the user named by ``--by``. While no users file exists (see `dashboard.auth`)
that user is an admin; once users are configured, ``--by`` must name one of them and their role
and departments decide what they may write (the store enforces it and logs refusals).
"""

from __future__ import annotations

import getpass
from pathlib import Path

from dashboard import catalog, spreadsheet
from dashboard.cli import UserError
from dashboard.figures import ROW_CONVENTION, FigureError, InvalidFigures
from dashboard.migrations import SchemaError
from dashboard.spreadsheet import plain_number
from dashboard.store import Actor, PermissionDenied, Store, open_store

SHIPPED = Path(__file__).resolve().parent.parent.parent / "data" / "actuals.csv"
SHIPPED_BY = "shipped-data"


def register(sub) -> None:
    p = sub.add_parser("init-db", help="create or migrate the database; load data/actuals.csv into an empty one")
    _common(p)
    p.set_defaults(handler=init_db)

    p = sub.add_parser("import", help="validate and store figures from a .csv or .xlsx file (all or nothing)")
    p.add_argument("file", help="spreadsheet with columns indicator_id,year,value[,figure_status][,source][,note]")
    p.add_argument("--by", help="the user importing (default: the login name; admin while no users exist)")
    p.add_argument("--dry-run", action="store_true", help="show what would change per row; store nothing")
    p.add_argument("--skip-invalid", action="store_true", help="store the valid rows and list the skipped ones")
    p.add_argument("--confirm-jumps", action="store_true",
                   help="accept figures more than 3x or less than 1/3 of the previous year (marked confirmed)")
    p.add_argument("--sheet", help="the .xlsx sheet to read (default: the first visible one)")
    _common(p)
    p.set_defaults(handler=import_file)

    p = sub.add_parser("export", help="write the current figures (or every revision) to .csv or .xlsx")
    p.add_argument("--format", choices=sorted(spreadsheet.EXPORTERS), help="default: from the --out suffix")
    p.add_argument("--out", required=True, help="output file")
    p.add_argument("--history", action="store_true", help="every revision and retraction, not only current figures")
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.set_defaults(handler=export)


def _common(p) -> None:
    p.add_argument("--catalog", help="catalog file (default: the shipped indicators.yaml)")
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")


def _open(url: str | None, create: bool = True) -> Store:
    """The store; `create=False` (read-only commands) refuses a SQLite file that does not exist."""
    try:
        return open_store(url, create=create)
    except SchemaError as exc:
        raise UserError(str(exc)) from None


def resolve_actor(name: str | None) -> Actor:
    """The Actor a command runs as: from the users file when one exists, else an admin called `name`."""
    try:
        from dashboard import auth
    except ModuleNotFoundError:
        return Actor(name or getpass.getuser(), "admin")
    try:
        users = auth.UserStore()
        if not users.exists():
            return Actor(name or getpass.getuser(), "admin")
        if not name:
            raise UserError(f"users are configured in {users.path}: say who is writing with --by NAME")
        user = users.get(name)
    except auth.AuthError as exc:
        raise UserError(str(exc)) from None
    if user is None:
        raise UserError(f'unknown user "{name}" — expected a user of {users.path} (see: python -m dashboard user list)')
    return user.actor()


def init_db(args) -> int:
    store = _open(args.database)
    applied = store.migrations_applied
    print(f"database {store.url}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))
    if store.count():
        print(f"store holds {len(store.current())} current figures: shipped figures not loaded again")
        return 0
    if not SHIPPED.exists():
        print("store is empty and there is no data/actuals.csv to load")
        return 0
    cat = catalog.load(args.catalog)
    try:
        result = store.add(spreadsheet.read_figures(SHIPPED), Actor(SHIPPED_BY, "admin"), cat)
    except InvalidFigures as exc:
        raise UserError(f"data/actuals.csv does not fit the catalog:\n{exc}") from None
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(f"data/actuals.csv cannot be read: {exc}") from None
    print(f"store was empty: loaded {_n(result.added, 'figure')} from {SHIPPED.name} as {SHIPPED_BY}")
    return 0


def _n(count: int, word: str) -> str:
    """`count` and `word`, plural when needed: _n(1, "row") == "1 row"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _change_line(change: dict, unit: str | None) -> str:
    """One dry-run line; values in full (as they would be stored), then the unit."""
    where, value = f"row {change['row']}: {change['indicator_id']} {change['year']}", plain_number(change["value"])
    if change["change"] == "revised":
        return f"{where} revised {plain_number(change['old_value'])} → {value} {unit or ''}".rstrip()
    return f"{where} {change['change']} {value} {unit or ''}".rstrip()


def import_file(args) -> int:
    cat = catalog.load(args.catalog)
    try:
        rows = spreadsheet.read_figures(args.file, lang=getattr(args, "lang", None) or "zh", sheet=args.sheet,
                                        catalog=cat)
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(str(exc)) from None
    print(spreadsheet.read_note(rows, getattr(args, "lang", None) or "zh"))
    store = _open(args.database)
    user = resolve_actor(args.by)
    try:
        store.authorise(rows, user, cat)
    except PermissionDenied as exc:
        raise UserError(str(exc)) from None
    changes, problems = store.check(rows, cat, confirm_jumps=args.confirm_jumps)
    problems = spreadsheet.merge_problems(rows, problems)
    name = Path(args.file).name
    if problems:
        bad_rows = sorted({p.row for p in problems})
        print(f"{name}: {len(bad_rows)} of {_n(len(rows), 'row')} {'has' if len(bad_rows) == 1 else 'have'} "
              f"problems ({ROW_CONVENTION}):")
        for problem in problems:
            print(f"  {problem}")
    if args.dry_run:
        units = {i: ind.unit for i, ind in cat.indicators.items()}
        for change in changes.to_dict("records"):
            print("  " + _change_line(change, units.get(change["indicator_id"])))
        counts = changes["change"].value_counts()
        print(f"dry run, nothing stored: {counts.get('new', 0)} new, {counts.get('revised', 0)} revised, "
              f"{counts.get('unchanged', 0)} unchanged" + (f", {len({p.row for p in problems})} with problems"
                                                          if problems else ""))
        return 1 if problems and not args.skip_invalid else 0
    if problems and not args.skip_invalid:
        print(f"nothing stored: fix the rows above, or use --skip-invalid to store the {_n(len(changes), 'valid row')}")
        return 1
    valid_rows = rows[rows["row"].isin(changes["row"])]
    if valid_rows.empty:
        print("nothing stored: no valid rows")
        return 1
    try:
        result = store.add(valid_rows, user, cat, confirm_jumps=args.confirm_jumps)
    except PermissionDenied as exc:
        raise UserError(str(exc)) from None
    except (InvalidFigures, FigureError) as exc:  # the store changed between check and add
        raise UserError(str(exc)) from None
    skipped = f"; skipped {_n(len({p.row for p in problems}), 'row')} with problems (listed above)" if problems else ""
    print(f"stored {_n(result.added, 'figure')} as {user.name} ({result.new} new, {result.revised} revised), "
          f"{result.unchanged} unchanged{skipped}")
    return 0


def export(args) -> int:
    store = _open(args.database, create=False)
    frame = store.history() if args.history else store.current()
    try:
        path = spreadsheet.write(spreadsheet.export_frame(frame, history=args.history), args.out, args.format)
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {len(frame)} {'rows of history' if args.history else 'current figures'} to {path}")
    return 0
