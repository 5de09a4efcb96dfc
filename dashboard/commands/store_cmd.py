"""`init-db`, `import` and `export`: the actuals store on the command line.

Commands act as the user named by ``--by``. While no users file exists (see `dashboard.access.auth`)
that user is an admin; once users are configured, ``--by`` must name one of them and their role
and departments decide what they may write (the store enforces it and logs refusals).

Messages follow ``--lang zh|en``, else $DASHBOARD_LANG, else zh. An import names every problem of
the file in one pass - values, ids, years, duplicates, jumps and permissions - and stores all rows
or none (``--skip-invalid``: exactly the valid ones); ``--dry-run`` prints the same list and what
would be added, revised and left unchanged. An export is recorded in the audit trail.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from dashboard import assignments, catalog, spreadsheet
from dashboard.cells import strip_control
from dashboard.cli import UserError
from dashboard.commands import add_catalog_option
from dashboard.figures import InvalidFigures, name_of
from dashboard.i18n import t
from dashboard.messages import env_lang
from dashboard.review import PeriodLocked
from dashboard.spreadsheet import plain_number
from dashboard.store import Actor, PermissionDenied, Store, StoreUnavailable, open_store

SHIPPED = Path(__file__).resolve().parent.parent.parent / "data" / "actuals.csv"
SHIPPED_BY = "shipped-data"


def register(sub) -> None:
    p = sub.add_parser("init-db", help="create or migrate the database; load data/actuals.csv into an empty one")
    _common(p)
    p.set_defaults(handler=init_db)

    p = sub.add_parser("import", help="validate and store figures from a .csv or .xlsx file (all or nothing)")
    p.add_argument("file", help="spreadsheet with columns indicator_id,year,value[,figure_status][,source][,note]")
    p.add_argument("--by", help="the user importing (default: the login name; admin while no users exist)")
    p.add_argument("--dry-run", action="store_true", help="show every problem and what would change; store nothing")
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
    p.add_argument("--by", help="who exports, for the audit trail (default: the login name)")
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.add_argument("--lang", choices=["zh", "en"], help="language of the messages (default: $DASHBOARD_LANG or zh)")
    p.set_defaults(handler=export)


def _common(p) -> None:
    add_catalog_option(p)
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.add_argument("--lang", choices=["zh", "en"], help="language of the messages (default: $DASHBOARD_LANG or zh)")


def _lang(args) -> str:
    return env_lang(getattr(args, "lang", None))


def _open(url: str | None, lang: str, create: bool = True) -> Store:
    """The store; `create=False` (read-only commands) refuses a SQLite file that does not exist."""
    try:
        return open_store(url, create=create)
    except StoreUnavailable as exc:
        raise UserError(exc.render(lang)) from None


def resolve_actor(name: str | None, lang: str = "en") -> Actor:
    """The Actor a command runs as: from the users file when one exists, else an admin called `name`."""
    try:
        from dashboard.access import auth
    except ModuleNotFoundError:
        return Actor(name or getpass.getuser(), "admin")
    try:
        users = auth.UserStore()
        if not users.exists():
            return Actor(name or getpass.getuser(), "admin")
        if not name:
            raise UserError(t("store.cli.say_who", lang).format(path=users.path))
        user = users.get(name)
    except auth.AuthError as exc:
        raise UserError(exc.message(lang)) from None
    if user is None:
        raise UserError(t("store.cli.unknown_user", lang).format(name=name, path=users.path))
    return user.actor()


def init_db(args) -> int:
    lang = _lang(args)
    store = _open(args.database, lang)
    applied = store.migrations_applied
    what = t("store.cli.applied", lang).format(names=", ".join(applied)) if applied else t("store.cli.up_to_date",
                                                                                          lang)
    print(t("store.cli.db", lang).format(url=store.url, what=what))
    if store.count():
        print(t("store.cli.not_loaded", lang).format(n=len(store.current())))
        return 0
    if not SHIPPED.exists():
        print(t("store.cli.no_shipped", lang))
        return 0
    cat = catalog.load(args.catalog)
    try:
        result = store.add(spreadsheet.read_figures(SHIPPED), Actor(SHIPPED_BY, "admin"), cat)
    except InvalidFigures as exc:
        raise UserError(t("store.cli.shipped_bad", lang).format(problems=exc.render(lang))) from None
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(t("store.cli.shipped_unreadable", lang).format(detail=exc)) from None
    except StoreUnavailable as exc:
        raise UserError(exc.render(lang)) from None
    print(t("store.cli.loaded", lang).format(n=_n(result.added, "figure", lang), file=SHIPPED.name, by=SHIPPED_BY))
    return 0


def _n(count: int, word: str, lang: str) -> str:
    """`count` and, in English, `word` (plural when needed): _n(1, "row", "en") == "1 row"."""
    return str(count) if lang != "en" else f"{count} {word}{'' if count == 1 else 's'}"


def _change_line(change: dict, ind, lang: str) -> str:
    """One dry-run line; values in full (as they would be stored), then the unit."""
    value = plain_number(change["value"])
    if change["change"] == "revised":
        value = t("store.cli.revised_value", lang).format(old=plain_number(change["old_value"]), new=value)
    unit = (ind.unit or "") if ind is not None else ""
    name = name_of(ind).get(lang) if ind is not None else change["indicator_id"]
    return t("store.cli.line", lang).format(row=change["row"], name=name, year=change["year"], value=value,
                                            change=t(f"store.change.{change['change']}", lang),
                                            unit=(" " if lang == "en" and unit else "") + unit)


def _print_problems(name: str, total: int, problems: list, lang: str, used: Path | None = None) -> None:
    bad = len({p.row for p in problems})
    print(t("store.cli.problems_head", lang).format(
        name=name, bad=bad, total=_n(total, "row", lang), have="has" if bad == 1 else "have",
        convention=t("store.convention", lang)))
    for problem in problems:
        print(f"  {problem.line(lang)}")
    unknown = sum(getattr(p.msg, "key", "") == "store.indicator.unknown" for p in problems)
    if unknown and used is not None:  # figures of another plan's file must not attach to a look-alike id
        print(t("store.cli.unknown_catalog", lang).format(n=unknown, catalog=used.resolve()))


def _catalog_used(args) -> Path:
    return Path(args.catalog) if args.catalog else catalog.default_path()


def import_file(args) -> int:
    lang = _lang(args)
    cat = catalog.load(args.catalog)
    used = _catalog_used(args)
    try:
        rows = spreadsheet.read_figures(args.file, lang=lang, sheet=args.sheet, catalog=cat)
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(str(exc)) from None
    print(spreadsheet.read_note(rows, lang))
    store = _open(args.database, lang)
    user = resolve_actor(args.by, lang)
    cat = assignments.apply(store, cat)  # the owners the office assigned count in the permission check
    name = Path(args.file).name
    try:
        if args.dry_run:
            return _dry_run(store, rows, user, cat, args, name, lang)
        result = store.add(rows, user, cat, confirm_jumps=args.confirm_jumps, skip_invalid=args.skip_invalid)
    except PeriodLocked as exc:
        raise UserError(exc.render(lang)) from None
    except (InvalidFigures, PermissionDenied) as exc:
        problems = spreadsheet.merge_problems(rows, getattr(exc, "problems", None) or [])
        if not problems:
            raise UserError(exc.render(lang)) from None
        _print_problems(name, len(rows), problems, lang, used)
        valid = len(rows) - len({p.row for p in problems})
        print(t("store.cli.fix_first", lang).format(valid=_n(valid, "valid row", lang)))
        return 1
    except StoreUnavailable as exc:
        raise UserError(exc.render(lang)) from None
    if result.problems:
        _print_problems(name, len(rows), spreadsheet.merge_problems(rows, result.problems), lang, used)
    if result.changes.empty:
        print(t("store.cli.no_valid", lang))
        return 1
    skipped = t("store.cli.skipped", lang).format(n=_n(result.refused, "row", lang)) if result.refused else ""
    print(t("store.cli.stored", lang).format(added=_n(result.added, "figure", lang), user=user.name, new=result.new,
                                             revised=result.revised, unchanged=result.unchanged, skipped=skipped))
    return 0


def _dry_run(store: Store, rows, user: Actor, cat, args, name: str, lang: str) -> int:
    """Every problem (as an import would find them) and every change it would make; stores nothing."""
    used = _catalog_used(args)
    changes, problems = store.check(rows, cat, confirm_jumps=args.confirm_jumps, user=user)
    problems = spreadsheet.merge_problems(rows, problems)
    if problems:
        _print_problems(name, len(rows), problems, lang, used)
    for change in changes.to_dict("records"):
        print("  " + _change_line(change, cat.indicators.get(change["indicator_id"]), lang))
    counts = changes["change"].value_counts()
    print(t("store.cli.dry_run", lang).format(new=counts.get("new", 0), revised=counts.get("revised", 0),
                                              unchanged=counts.get("unchanged", 0),
                                              refused=len({p.row for p in problems})))
    return 1 if problems and not args.skip_invalid else 0


def export_frame(frame, history: bool):
    """The interchange frame of an export: control characters removed (rows stored before they were
    refused at entry), and in a history export the confirmed-jump mark of each revision."""
    out = strip_control(spreadsheet.export_frame(frame, history=history))
    if history and "confirmed_jump" in frame:
        out["confirmed_jump"] = frame["confirmed_jump"].map({True: "yes", False: ""}).to_numpy()
    if "review_state" in frame:  # submitted / accepted / returned (a retraction: empty); an import reads past it
        # (files/headers.py INFORMATIONAL), so the current export stays importable
        actions = frame["action"].tolist() if "action" in frame else ["enter"] * len(frame)
        out["review_state"] = [s if a == "enter" else "" for s, a in zip(frame["review_state"], actions, strict=True)]
    return out


def export(args) -> int:
    lang = _lang(args)
    store = _open(args.database, lang, create=False)
    try:
        frame = store.history() if args.history else store.current()
    except StoreUnavailable as exc:
        raise UserError(exc.render(lang)) from None
    try:
        path = spreadsheet.write(export_frame(frame, args.history), args.out, args.format)
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(str(exc)) from None
    what = "history" if args.history else "current"
    try:
        store.record_export(args.by or getpass.getuser(), what, len(frame))
    except StoreUnavailable as exc:
        print(t("store.cli.export_unrecorded", lang).format(detail=exc.render(lang)), file=sys.stderr)
    print(t("store.cli.exported", lang).format(n=len(frame), what=t(f"store.cli.what_{what}", lang), path=path))
    return 0

