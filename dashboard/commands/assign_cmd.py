"""`assign`: the office assigns the departments of an indicator (see `dashboard.assignments`)."""

from __future__ import annotations

from dashboard.cli import UserError
from dashboard.commands import add_catalog_option


def register(sub) -> None:
    p = sub.add_parser("assign", help="assign (add, override or clear) the departments of an indicator")
    p.add_argument("indicator", help="indicator id")
    p.add_argument("--mode", choices=["add", "override", "clear"], default="override")
    p.add_argument("--lead", help="lead department")
    p.add_argument("--partner", action="append", default=[], help="a partner department (repeatable)")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.add_argument("--by", help="who assigns (an admin of the users file)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    add_catalog_option(p)
    p.add_argument("--database", help="database URL (default: as for import)")
    p.set_defaults(handler=assign)


def known_departments(cat, rows=()) -> list[str]:
    """Every department the catalog (and the assignments) name."""
    from dashboard import assignments

    owned = assignments.effective_owners(cat, rows)
    found = {o for ind in cat.indicators.values() for o in ind.owners}
    found |= {o for ind in owned.indicators.values() for o in ind.owners}
    return sorted(found)


def assign(args) -> int:
    from dashboard import assignments, catalog
    from dashboard.commands.store_cmd import _open, resolve_actor
    from dashboard.i18n import t
    from dashboard.store.writes import PermissionDenied

    cat = catalog.load(args.catalog)
    ind = cat.indicators.get(args.indicator)
    if ind is None:
        raise UserError(t("owners.cli.unknown_indicator", args.lang).format(id=args.indicator))
    store = _open(args.database, args.lang)
    user = resolve_actor(args.by, args.lang)
    if user.role != "admin":
        raise UserError(t("owners.denied", args.lang).format(user=user.name))
    problems = assignments.validate(args.mode, args.lead, args.partner, args.reason,
                                    known_departments(cat, assignments.read(store)))
    if problems:
        raise UserError("\n".join(t(key, args.lang) for key in problems))
    try:
        assignments.assign(store, user, args.indicator, args.mode, args.lead,
                           args.partner, args.reason)
    except PermissionDenied as exc:
        raise UserError(exc.render(args.lang)) from None
    owners = assignments.apply(store, cat).indicators[args.indicator].owners
    name = ind.name_en if args.lang == "en" and ind.name_en else ind.name
    print(t("owners.cli.done", args.lang).format(name=name, owners="、".join(owners) or "—"))
    return 0
