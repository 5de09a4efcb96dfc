"""`validate` and `schema`: check the catalog, print its field table."""

from __future__ import annotations

from dashboard import catalog, schema


def register(sub) -> None:
    p = sub.add_parser("validate", help="check indicators.yaml and report every problem")
    p.add_argument("--catalog", help="catalog file (default: the shipped indicators.yaml)")
    p.set_defaults(handler=validate)
    p = sub.add_parser("schema", help="print the catalog's field table (Markdown)")
    p.set_defaults(handler=print_schema)


def validate(args) -> int:
    cat = catalog.load(args.catalog)
    print(f"OK: {len(cat.plans)} plans, {len(cat.indicators)} indicators")
    return 0


def print_schema(args) -> int:
    for title, model in (("plan", schema.Plan), ("indicator", schema.Indicator)):
        print(f"\n| {title} field | type | required | meaning |\n|---|---|---|---|")
        for name, kind, required, text in schema.field_table(model):
            cells = [f"`{name}`", kind, "yes" if required else "no", text]
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return 0
