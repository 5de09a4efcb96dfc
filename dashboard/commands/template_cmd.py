"""`template`: the fill-in .xlsx of one department's indicators (see `dashboard.files.template`)."""

from __future__ import annotations

from pathlib import Path

from dashboard.cli import UserError, year
from dashboard.commands import add_catalog_option


def register(sub) -> None:
    p = sub.add_parser("template", help="write the fill-in .xlsx of a department's indicators, one column per year")
    p.add_argument("--department", required=True, help="the owner named in the catalog, e.g. 市统计局")
    p.add_argument("--plan", help="only this plan's indicators (plan id)")
    p.add_argument("--year", type=year, help="one year column only (default: every year open for figures)")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    add_catalog_option(p)
    p.add_argument("--database", help="database URL for the latest figures (default: as for import)")
    p.set_defaults(handler=template)


def _actuals(url: str | None):
    """The current figures, or None when there is no database yet (the template then shows none)."""
    from dashboard.store import MissingDatabase, open_store

    try:
        return open_store(url, create=False).current()
    except MissingDatabase:
        return None


def template(args) -> int:
    from dashboard import catalog
    from dashboard.files import template as tpl
    from dashboard.i18n import t

    cat = catalog.load(args.catalog)
    if args.plan is not None and args.plan not in cat.plans:
        raise UserError(t("files.template_no_plan", args.lang).format(plan=args.plan, plans=", ".join(cat.plans)))
    chosen = tpl.indicators_of(cat, args.department, args.plan)
    if not chosen:
        raise UserError(t("files.template_no_department", args.lang).format(
            department=args.department, departments="、".join(tpl.departments(cat))))
    out = Path(args.out)
    if out.is_dir():
        raise UserError(t("files.write_directory", args.lang).format(name=out, fmt="xlsx"))
    data = tpl.build(cat, args.department, args.plan, args.year, _actuals(args.database), args.lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    years = tpl.years_of(cat, chosen, args.year)
    print(t("files.template_written", args.lang).format(path=out, n=len(chosen),
                                                         years=f"{years[0]}—{years[-1]}" if years else "—"))
    return 0
