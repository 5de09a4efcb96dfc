"""`review`: list submitted figures, accept or return them, lock and unlock a plan's year.

Acts as the user named by ``--by`` (as `import` does); only reviewers and admins (locks: admins).
Messages follow ``--lang zh|en``, else $DASHBOARD_LANG, else zh; indicators by name, plans by title.
"""

from __future__ import annotations

import math

from dashboard import catalog
from dashboard.cli import UserError, year
from dashboard.commands import add_catalog_option
from dashboard.commands.store_cmd import _open, resolve_actor
from dashboard.figures import FigureError
from dashboard.i18n import t
from dashboard.messages import MessageError, Msg, env_lang
from dashboard.review import may_review, reviewer_actor
from dashboard.store.writes import StoreUnavailable, plain


def register(sub) -> None:
    p = sub.add_parser("review", help="list submitted figures, accept or return them, lock or unlock a year")
    actions = p.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the submitted figures waiting for review")
    listing.add_argument("--plan", help="only this plan (its id)")
    listing.add_argument("--department", help="only indicators this department owns")
    listing.add_argument("--year", type=year, help="only this year")
    accept = actions.add_parser("accept", help="accept the submitted figure of an indicator's year")
    back = actions.add_parser("return", help="return the submitted figure to its manager with a reason")
    back.add_argument("--reason", required=True, help="why it is returned (shown on the manager's entry page)")
    for q in (accept, back):
        q.add_argument("indicator_id")
        q.add_argument("year", type=year)
    for name in ("lock", "unlock"):
        q = actions.add_parser(name, help=f"{name} a plan's year (admins)")
        q.add_argument("plan")
        q.add_argument("year", type=year)
    for q in actions.choices.values():
        q.add_argument("--by", help="the reviewer (default: the login name; admin while no users exist)")
        add_catalog_option(q)
        q.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL)")
        q.add_argument("--lang", choices=["zh", "en"], help="language of the messages (default: $DASHBOARD_LANG, zh)")
    p.set_defaults(handler=run)


def reviewing_actor(name: str | None, lang: str):
    """The Actor of `--by`; a user whose role is reviewer acts as a reviewer."""
    actor = resolve_actor(name, lang)
    try:
        from dashboard.access import auth

        users = auth.UserStore()
        user = users.get(actor.name) if users.exists() else None
    except Exception:  # noqa: BLE001 - resolve_actor has already reported a bad users file
        user = None
    return reviewer_actor(user.username, user.display_name) if user is not None and user.role == "reviewer" else actor


def run(args) -> int:
    lang = env_lang(getattr(args, "lang", None))
    cat = catalog.load(args.catalog)
    user = reviewing_actor(args.by, lang)
    if not may_review(user):
        raise UserError(Msg.of("review.not_reviewer", who=user.describe()).render(lang))
    store = _open(args.database, lang)
    try:
        if args.action == "list":
            return _list(store, cat, args, lang)
        if args.action in ("lock", "unlock"):
            getattr(store, args.action)(args.plan, args.year, user, cat)
            plan = cat.plans[args.plan]
            title = plan.title_en if lang == "en" and plan.title_en else plan.title
            print(t(f"review.cli.{args.action}ed", lang).format(plan=title, year=args.year, who=user.name))
            return 0
        ind = cat.indicators.get(args.indicator_id)
        if args.action == "accept":
            store.accept(args.indicator_id, args.year, user, cat)
        else:
            store.return_figure(args.indicator_id, args.year, args.reason, user, cat)
        name = ind.name_en if lang == "en" and ind.name_en else ind.name
        print(t(f"review.cli.{args.action}ed", lang).format(name=name, year=args.year, who=user.name))
        return 0
    except (MessageError, FigureError, StoreUnavailable) as exc:
        raise UserError(exc.render(lang)) from None


def _list(store, cat, args, lang: str) -> int:
    pending = store.pending()
    lines = []
    for row in pending.to_dict("records"):
        ind = cat.indicators.get(row["indicator_id"])
        if ind is None or (args.plan and ind.plan != args.plan) or (args.year and row["year"] != args.year):
            continue
        if args.department and args.department not in ind.owners:
            continue
        plan = cat.plans[ind.plan]
        prev = row["previous_value"]
        jump = "—" if prev is None or math.isnan(prev) or prev == 0 else f"{(row['value'] - prev) / abs(prev):+.1%}"
        lines.append(t("review.cli.line", lang).format(
            name=ind.name_en if lang == "en" and ind.name_en else ind.name,
            plan=plan.title_en if lang == "en" and plan.title_en else plan.title,
            department="、".join(ind.owners) or "—", year=row["year"], value=plain(row["value"]),
            previous=plain(prev), jump=jump, who=row["entered_by"], id=row["indicator_id"]))
    print(t("review.cli.count", lang).format(n=len(lines)))
    for line in lines:
        print(f"  {line}")
    return 0
