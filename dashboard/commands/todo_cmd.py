"""`todo`: the reporting calendar — figures overdue, due soon, returned and waiting review, per department."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dashboard import catalog
from dashboard.cli import UserError
from dashboard.commands import add_catalog_option
from dashboard.i18n import t
from dashboard.messages import env_lang

FORMATS = ["text", "json", "xlsx", "pdf"]


def register(sub) -> None:
    p = sub.add_parser("todo", help="the reporting calendar: figures overdue, due soon or returned, by department")
    p.add_argument("--department", help="only this department (default: every department)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--out", help="output file (required for xlsx and pdf)")
    p.add_argument("--lang", choices=["zh", "en"], help="language (default: $DASHBOARD_LANG or zh)")
    add_catalog_option(p)
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.set_defaults(handler=todo)


def _today(lang: str):
    from dashboard import duedates

    try:
        return duedates.today()
    except ValueError:
        import os

        raise UserError(t("todo.bad_today", lang).format(v=os.environ.get("DASHBOARD_TODAY"))) from None


def todo(args) -> int:
    from dashboard import duedates
    from dashboard.store import open_store
    from dashboard.store.migrations import SchemaError

    lang = env_lang(args.lang)
    on = _today(lang)
    if args.format in ("xlsx", "pdf") and not args.out:
        raise UserError(t("todo.needs_out", lang).format(f=args.format))
    if args.format == "pdf" and not args.department:
        raise UserError(t("todo.pdf_needs_department", lang))
    cat = catalog.load(args.catalog) if args.catalog else catalog.load()
    frame = cat.frame()
    try:
        current = open_store(args.database, create=False).current()
    except SchemaError as exc:
        raise UserError(exc.render(lang)) from None
    rows = duedates.calendar_rows(frame, current, on=on)
    if args.department:
        known = sorted(set(rows["department"]))
        owners = {o for r in frame.to_dict("records") for o in duedates.owners_of(r)}
        if args.department not in owners | set(known):
            raise UserError(t("todo.unknown_department", lang).format(d=args.department, known="、".join(known)))
        rows = duedates.for_department(rows, args.department)
    if args.format == "xlsx":
        from dashboard.reports import reminder

        Path(args.out).write_bytes(reminder.to_xlsx(rows, lang))
    elif args.format == "pdf":
        from dashboard.reports import reminder

        Path(args.out).write_bytes(reminder.to_pdf(rows, args.department, on, lang))
    elif args.format == "json":
        records = [{**r, "due": r["due"].isoformat()} for r in rows.to_dict("records")]
        print(json.dumps({"today": on.isoformat(), "rows": records,
                          "irregular": duedates.irregular(frame)["id"].tolist(),
                          "undeclared": duedates.undeclared_count(frame)}, ensure_ascii=False, indent=1))
    else:
        _text(rows, frame, lang, sys.stdout)
    return 0


def _text(rows, frame, lang, out) -> None:
    from dashboard import duedates

    if rows.empty:
        print(t("todo.nothing", lang), file=out)
    for dept, part in rows.groupby("department", sort=True):
        print(f"{t('todo.col.department', lang)}: {dept}", file=out)
        for r in part.to_dict("records"):
            name = r["name_en"] if lang == "en" and isinstance(r["name_en"], str) else r["name"]
            extra = f" {r['days_overdue']}" if r["state"] in ("overdue", "returned") else ""
            reason = f" ({r['reason']})" if r["reason"] else ""
            print(f"  {t('todo.state.' + r['state'], lang)}{extra}  {name} {r['year']}  "
                  f"{r['due'].isoformat()}{reason}", file=out)
    irregular = duedates.irregular(frame)
    if len(irregular):
        print(f"{t('todo.irregular', lang)}: {'、'.join(irregular['name'])}", file=out)
    print(t("todo.undeclared", lang).format(n=duedates.undeclared_count(frame)), file=out)
