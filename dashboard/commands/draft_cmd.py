"""`draft FILE`: read a plan's text and write a draft catalog for a person to check."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.cli import UserError
from dashboard.drafting import service
from dashboard.i18n import DEFAULT_LANG, LANGS, t


def register(sub) -> None:
    p = sub.add_parser("draft", help=t("draft.cli_help", "en"))
    p.add_argument("file", help="the plan: plain text, HTML, or a policy-list API's JSON")
    p.add_argument("--plan-id", help="id of the new plan (default: from its document number)")
    p.add_argument("--out", help="the draft's file (default: plans/<id>.yaml beside the catalog)")
    p.add_argument("--catalog", help="the loaded catalog whose ids the draft must not reuse")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of messages and comments")
    p.set_defaults(handler=run)


def run(args) -> int:
    raw = Path(args.file).read_bytes()
    if not raw.strip():
        raise UserError(t("draft.empty", args.lang).format(path=args.file))
    try:
        result = service.make(raw, plan_id=args.plan_id, catalog_path=args.catalog, lang=args.lang)
    except service.DraftError as exc:
        raise UserError(str(exc)) from None
    if result.catalog_error:
        print(t("draft.catalog_unreadable", args.lang).format(error=result.catalog_error), file=sys.stderr)
    out = Path(args.out) if args.out else service.default_out(result.draft.plan.id, args.catalog)
    if not service.save(result.text, out, args.force):
        raise UserError(t("draft.exists", args.lang).format(path=out))
    d = result.draft
    checks = sum(len(dict.fromkeys(k for c in e.targets for k in c.checks)) for e in d.entries)
    print(t("draft.wrote", args.lang).format(path=out, entries=len(d.entries), checks=checks,
                                              unparsed=len(d.unparsed) + len(d.invalid)))
    if not d.entries:
        print(t("draft.no_targets", args.lang))
    if result.problems:
        print(t("draft.still_invalid", args.lang).format(n=len(result.problems)), file=sys.stderr)
        for p in result.problems:
            print(p, file=sys.stderr)
        return 1
    return 0
