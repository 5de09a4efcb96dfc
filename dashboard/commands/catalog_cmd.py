"""`validate` and `schema`: check the catalog, print its field table."""

from __future__ import annotations

from dashboard import catalog, schema
from dashboard.commands import add_catalog_option


def register(sub) -> None:
    p = sub.add_parser("validate", help="check indicators.yaml and report every problem")
    add_catalog_option(p)
    p.set_defaults(handler=validate)
    p = sub.add_parser("schema", help="print the catalog's field table (Markdown)")
    p.set_defaults(handler=print_schema)


def validate(args) -> int:
    cat = catalog.load(args.catalog)
    for file, ids in cat.files.items():
        plans = sorted({p for p, f in cat.plan_files.items() if f == file})
        per_plan = {}
        for i in ids:
            per_plan[cat.indicators[i].plan] = per_plan.get(cat.indicators[i].plan, 0) + 1
        parts = [f"{plan} {n}" for plan, n in per_plan.items()]
        print(f"{file}: {len(plans)} plan(s), {len(ids)} indicator(s)" + (f" — {', '.join(parts)}" if parts else ""))
    print(f"OK: {len(cat.plans)} plans, {len(cat.indicators)} indicators")
    return 0


def print_schema(args) -> int:
    for title, model in (("plan", schema.Plan), ("indicator", schema.Indicator)):
        print(f"\n| {title} field | type | required | meaning |\n|---|---|---|---|")
        for name, kind, required, text in schema.field_table(model):
            cells = [f"`{name}`", kind, "yes" if required else "no", text]
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return 0
