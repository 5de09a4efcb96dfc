"""`report`: write the printable summary (PDF, HTML or Excel) from the catalog and the actuals."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard import catalog, reports
from dashboard.cli import UserError, year
from dashboard.commands import add_catalog_option
from dashboard.commands.metrics_cmd import ACTUALS_HELP, read_actuals
from dashboard.i18n import t
from dashboard.messages import env_lang
from dashboard.reports.context import ReportError
from dashboard.reports.fonts import FontMissing

PROGRESS_LABEL = {"pdf": "cli.progress_charts", "html": "cli.progress_charts", "xlsx": "cli.progress_indicators"}


def register(sub) -> None:
    p = sub.add_parser("report", help="write the printable summary: PDF, print-ready HTML or Excel")
    p.add_argument("--format", choices=sorted(reports.EXPORTERS), required=True)
    p.add_argument("--out", required=True, help="output file")
    p.add_argument("--lang", choices=["zh", "en"], help="language (default: $DASHBOARD_LANG or zh)")
    p.add_argument("--plan", help="only this plan id (default: every plan)")
    p.add_argument("--as-of", type=year, dest="as_of", help="year of the assessment (default: latest year with data)")
    add_catalog_option(p)
    p.add_argument("--actuals", help=ACTUALS_HELP)
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.add_argument("--include-submitted", action="store_true", dest="include_submitted",
                   help="use the newest figures whatever their review state (default: accepted figures only)")
    p.set_defaults(handler=report)


def _actuals(args, cat) -> tuple:
    """(figures, basis, unreviewed): a CSV of actuals as it is, or the store's accepted figures (all of its
    newest figures with --include-submitted)."""
    if args.actuals:
        return read_actuals(args.actuals, cat, args.lang), None, 0
    from dashboard.review import briefing_figures
    from dashboard.store import open_store
    from dashboard.store.migrations import SchemaError

    try:
        return briefing_figures(open_store(args.database, create=False), args.include_submitted)
    except SchemaError as exc:
        raise UserError(exc.render(args.lang)) from None


def _check_out(path: Path, lang: str) -> None:
    """Refuse an output path that cannot be written before spending time on the report."""
    if path.is_dir():
        raise UserError(t("reportcmd.out_is_dir", lang).format(path=path))
    if not path.parent.is_dir():
        raise UserError(t("reportcmd.out_no_folder", lang).format(path=path, folder=path.parent))


def _printer(label: str):
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r{label} {done}/{total}", end="\n" if done == total else "", file=sys.stderr, flush=True)
        elif done == total or done % 10 == 0:
            print(f"{label} {done}/{total}", file=sys.stderr, flush=True)

    return progress


def report(args) -> int:
    args.lang = env_lang(args.lang)
    out = Path(args.out)
    _check_out(out, args.lang)
    cat = catalog.load(args.catalog)
    if not args.actuals:  # the owners the office assigned, as on the screens
        from dashboard import assignments
        from dashboard.store import open_store

        cat = assignments.apply(open_store(args.database, create=False), cat)
    actuals, basis, unreviewed = _actuals(args, cat)
    try:
        ctx = reports.make_context(cat, actuals, lang=args.lang, plan=args.plan, as_of=args.as_of, basis=basis,
                                   unreviewed=unreviewed)
        data = reports.build(args.format, ctx, _printer(t(PROGRESS_LABEL[args.format], args.lang)))
    except (ReportError, FontMissing) as exc:
        raise UserError(str(exc)) from None
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(t("reportcmd.out_unwritable", args.lang).format(path=out, detail=exc.strerror)) from None
    print(t("cli.report_written", args.lang).format(out=out, size=f"{len(data):,}", n=len(ctx.results)),
          file=sys.stderr)
    return 0
