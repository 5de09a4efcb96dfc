"""`status` (every indicator's progress and status) and `audit` (declared vs implied rates)."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import catalog
from dashboard import formatting as fmt
from dashboard.cli import UserError, year
from dashboard.commands import add_catalog_option
from dashboard.i18n import t
from dashboard.messages import env_lang
from dashboard.metrics import compute

CSV_SHAPE = "indicator_id,year,value[,figure_status][,source][,note]"
ACTUALS_HELP = f".csv or .xlsx file of actuals ({CSV_SHAPE}), checked as by import; default: the database"
STATUS_FIELDS = ["id", "plan", "name", "unit", "kind", "direction", "hold", "trend", "rate_model", "baseline_year",
                 "baseline_value", "target_year", "target_value", "implied_rate", "as_of", "status", "latest_year",
                 "latest_value", "basis_year", "basis_value", "expected_value", "gap", "progress", "elapsed",
                 "expected_progress", "observed_rate", "path_rate", "pace_ratio", "required_rate", "projected_value",
                 "next_target_year", "next_target_value", "missing_years", "targets", "vintage_break",
                 "revised_baseline", "rebased_status", "rebased_gap"]
TARGET_FIELDS = ["year", "value", "op", "verdict", "basis_year", "basis_value"]
AUDIT_FIELDS = ["id", "name", "declared_rate", "declared_rate_unit", "basis", "implied_rate", "difference",
                "tolerance", "check", "flag", "explanation"]
INT_FIELDS = {"baseline_year", "target_year", "latest_year", "basis_year", "next_target_year", "as_of"}
LIST_FIELDS = {"missing_years", "targets"}


def register(sub) -> None:
    p = sub.add_parser("status", help="progress and status of every indicator (docs/methodology.md)")
    add_catalog_option(p)
    p.add_argument("--actuals", help=ACTUALS_HELP)
    p.add_argument("--database", help="database URL (default: env DASHBOARD_DATABASE_URL, else data/dashboard.db)")
    p.add_argument("--as-of", type=year, dest="as_of",
                   help="year of the assessment for every plan (default: per plan, the latest year with a figure)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], help="language (default: $DASHBOARD_LANG or zh)")
    p.add_argument("--plan", help="only the indicators of this plan id")
    p.set_defaults(handler=status)
    p = sub.add_parser("audit", help="compare each declared annual rate with the rate baseline→target implies")
    add_catalog_option(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=["zh", "en"], help="language (default: $DASHBOARD_LANG or zh)")
    p.set_defaults(handler=run_audit)


# ---------------------------------------------------------------- input


def read_actuals(path: str | Path, cat: catalog.Catalog, lang: str = "zh") -> pd.DataFrame:
    """The figures of a .csv or .xlsx file, read and checked exactly as `import` does, for a read-only status.

    Reads with `spreadsheet.read_figures` and checks with `figures.validate` against `cat`, without
    the store (nothing is stored, so there are no stored figures to compare with). Figures for
    ids not in `cat` are dropped with a warning on stderr (the file may cover more plans than the
    catalog). A jump of more than 3× (or under ⅓) of the previous figure is not refused - a status
    computation stores nothing to confirm - but each is named in a warning. Any other problem
    (a value that does not parse, a negative value, a share over 100, a year outside the plan, a
    duplicate indicator and year, …) raises UserError listing every bad row as `import` does.
    Messages are in `lang`. Returns the valid figures: indicator_id, year, value, figure_status, source, note.
    """
    from dashboard import spreadsheet  # openpyxl: only when a file of actuals is read
    from dashboard.figures import COLUMNS, JUMP_FACTOR, name_of, text_or_none, validate

    name = Path(path).name
    try:
        rows = spreadsheet.read_figures(path, name=str(path), lang=lang)
    except spreadsheet.SpreadsheetError as exc:
        raise UserError(str(exc)) from None
    ids = [text_or_none(i) for i in rows["indicator_id"]]
    unknown = {i for i in ids if i is not None and i not in cat.indicators}
    if unknown:
        _ignored(sorted(unknown), f"{path}：" if lang == "zh" else f"{path}: ", lang)
    known = rows[[i not in unknown for i in ids]]
    valid, problems = validate(known, cat, current=None, confirm_jumps=True)
    if problems:
        bad = len({p.row for p in problems})
        head = t("store.cli.problems_head", lang).format(name=path, bad=bad, total=_n(len(rows), lang),
                                                          have="has" if bad == 1 else "have",
                                                          convention=t("store.convention", lang))
        raise UserError("\n".join([head, *(f"  {p.line(lang)}" for p in problems),
                                   t("cli.actuals_nothing", lang).format(name=name)]))
    jumps = valid[valid["confirmed_jump"]]
    for r in jumps.to_dict("records"):
        ind = cat.indicators[r["indicator_id"]]
        print(t("cli.actuals_jump", lang).format(path=path, row=r["row"], name=name_of(ind).get(lang),
                                                 year=r["year"], value=fmt.number(r["value"]),
                                                 factor=f"{JUMP_FACTOR:g}"), file=sys.stderr)
    return valid[COLUMNS].reset_index(drop=True)


def _n(count: int, lang: str) -> str:
    return str(count) if lang != "en" else f"{count} row{'' if count == 1 else 's'}"


def _ignored(ids: list[str], where: str, lang: str) -> None:
    shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
    print(t("cli.ignored_ids", lang).format(where=where, n=len(ids), ids=shown), file=sys.stderr)


def _actuals(args, cat: catalog.Catalog) -> pd.DataFrame:
    if args.actuals:
        return read_actuals(args.actuals, cat, env_lang(args.lang))
    from dashboard.store import light as store_light
    light = store_light.current(args.database)  # a current SQLite file: read without SQLAlchemy
    if light is not None:
        return light
    try:
        from dashboard.store import open_store
    except ModuleNotFoundError as exc:
        if exc.name != "dashboard.store":
            raise
        raise UserError(t("cli.no_database", env_lang(args.lang))) from None
    return open_store(args.database, create=False).current()


def _catalog_frame(args) -> tuple[catalog.Catalog, pd.DataFrame]:
    cat = catalog.load(args.catalog)
    frame = cat.frame()
    plan = getattr(args, "plan", None)
    if plan is not None and plan not in cat.plans:
        raise UserError(t("cli.unknown_plan", env_lang(getattr(args, "lang", None))).format(
            plan=plan, plans=", ".join(cat.plans)))
    return cat, (frame if plan is None else frame[frame["plan"] == plan].reset_index(drop=True))


# ---------------------------------------------------------------- output


def _plain(value, field: str):
    """A JSON-safe scalar: None for NaN/NA, int for years, float for numbers, bool for flags."""
    if field in LIST_FIELDS:
        return None if value is None or np.ndim(value) == 0 else list(value)
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return None
    return _present(value, field)


def _present(value, field: str):
    """`_plain` of a value known not to be missing."""
    if field in INT_FIELDS:
        return int(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return str(value)


def records(frame: pd.DataFrame, fields: list[str]) -> list[dict]:
    """Rows as dicts of plain Python values (None, never NaN), in the order of `fields` (`_plain` of each
    cell, column by column: the missing cells found once per column)."""
    columns = [_plain_column(frame[f], f) for f in fields]
    return [dict(zip(fields, cells, strict=True)) for cells in zip(*columns, strict=True)]


def _plain_column(values: pd.Series, field: str) -> list:
    if field in LIST_FIELDS:
        return [_plain(v, field) for v in values]
    missing = values.isna().tolist()
    return [None if m else _present(v, field) for v, m in zip(values.tolist(), missing, strict=True)]


def flat(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Rows for CSV: `targets` spread into target_1_year … target_K_basis_value, `missing_years` as 2019;2020.

    >>> fields, out = flat([{"id": "a", "missing_years": [2019, 2020], "targets": [{"year": 2022, "value": 7.0,
    ...     "op": ">=", "verdict": "missed", "basis_year": 2022, "basis_value": 1.9}]}])
    >>> fields[:4], out[0]["missing_years"], out[0]["target_1_verdict"]
    (['id', 'missing_years', 'target_1_year', 'target_1_value'], '2019;2020', 'missed')
    """
    most = max((len(r.get("targets") or []) for r in rows), default=0)
    spread = [f"target_{k}_{f}" for k in range(1, most + 1) for f in TARGET_FIELDS]
    fields = [f for f in (rows[0] if rows else {}) if f != "targets"] + spread
    out = []
    for r in rows:
        row = {k: v for k, v in r.items() if k != "targets"}
        if isinstance(row.get("missing_years"), list):
            row["missing_years"] = ";".join(str(y) for y in row["missing_years"])
        for k, target in enumerate(r.get("targets") or [], 1):
            row.update({f"target_{k}_{f}": target[f] for f in TARGET_FIELDS})
        out.append(row)
    return fields, out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int = 40) -> str:
    """`text` cut to `width` display columns, with … where it was cut.

    >>> clip("服务业增加值占生产总值的比重", 12), clip("short", 12)
    ('服务业增加…', 'short')
    """
    if _width(text) <= width:
        return text
    while _width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _name(row: dict, lang: str) -> str:
    english = row.get("name_en")
    return clip(english if lang == "en" and isinstance(english, str) else row["name"])


def text_table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    """Aligned plain-text table; CJK characters count double. Columns in `right` are right-aligned.

    >>> print(text_table(["指标", "n"], [["服务业", "7"], ["GDP", "12"]], {1}))
    指标   |  n
    -------+---
    服务业 |  7
    GDP    | 12
    """
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = [(" " * (w - _width(c)) + c) if i in right else (c + " " * (w - _width(c)))
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return " | ".join(padded).rstrip()

    return "\n".join([line(headers), "-+-".join("-" * w for w in widths), *map(line, rows)])


def _status_table(res: pd.DataFrame, lang: str) -> str:
    cols = ["name", "unit", "baseline_value", "target_value", "latest_value", "expected_value", "gap", "progress",
            "elapsed", "expected_progress", "required_rate", "status"]
    headers = [t(f"field.{c}", lang) for c in cols]
    rows = []
    for r in res.to_dict("records"):
        def year(k: str, r=r) -> str:
            return "" if pd.isna(r[k]) else f" ({int(r[k])})"

        name = _name(r, lang)
        unit = r["unit"] if isinstance(r["unit"], str) else ""
        target, latest = fmt.number(r["target_value"]) + year("target_year"), fmt.number(r["latest_value"])
        if r["kind"] == "milestone":
            target = str(int(r["target_year"]))
            done = "done" if r["latest_value"] == 1 else "not_done"
            latest = "—" if pd.isna(r["latest_value"]) else t(f"milestone.{done}", lang)
        rows.append([name, unit, fmt.number(r["baseline_value"]) + year("baseline_year"), target,
                     latest + year("latest_year"), fmt.number(r["expected_value"]),
                     fmt.number(r["gap"]), fmt.fraction(r["progress"]), fmt.fraction(r["elapsed"]),
                     fmt.fraction(r["expected_progress"]),
                     fmt.rate(r["required_rate"], r["rate_model"], r["unit"], lang), t(f"status.{r['status']}", lang)])
    per_plan = res.groupby("plan", sort=False)["as_of"].first() if "plan" in res else pd.Series(dtype="Int64")
    foot = "\nas_of: " + ", ".join(f"{plan} {'—' if pd.isna(y) else int(y)}" for plan, y in per_plan.items())
    return text_table(headers, rows, right=set(range(2, 11))) + foot


def _audit_table(res: pd.DataFrame, lang: str) -> str:
    headers = [t(f"field.{c}", lang) for c in ("name", "unit", "declared_rate", "basis", "implied_rate", "check",
                                                "explanation")]
    rows = []
    for r in res.to_dict("records"):
        pp = r["declared_rate_unit"] == "pp"
        unit = (" " if lang == "en" else "") + t("unit.pp", lang) if pp else "%"
        implied = "—" if pd.isna(r["implied_rate"]) else fmt.fixed(r["implied_rate"], 2 if not pp else 3) + unit
        rows.append([_name(r, lang), r["unit"] if isinstance(r["unit"], str) else "",
                     fmt.number(r["declared_rate"]) + unit,
                     t(f"basis.{r['basis']}", lang), implied, t(f"check.{r['check']}", lang), r["explanation"]])
    return text_table(headers, rows, right={2, 4})


def status(args) -> int:
    cat, frame = _catalog_frame(args)
    actuals = _actuals(args, cat)
    lang = env_lang(args.lang)
    unknown = sorted(set(actuals["indicator_id"]) - set(cat.indicators))
    if unknown:  # only from the store: read_actuals has dropped them already
        _ignored(unknown, "", lang)
        actuals = actuals[~actuals["indicator_id"].isin(unknown)]
    res = compute(frame, actuals, as_of=args.as_of)
    if args.format == "json":
        print(json.dumps(records(res, STATUS_FIELDS), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        fields, rows = flat(records(res, STATUS_FIELDS))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields or STATUS_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if row.get(k) is None else row.get(k)) for k in fields} for row in rows)
        sys.stdout.write(buffer.getvalue())
    else:
        print(_status_table(res, lang))
    return 0


def run_audit(args) -> int:
    from dashboard.audit import audit

    lang = env_lang(args.lang)
    res = audit(_catalog_frame(args)[1], lang=lang)
    if args.format == "json":
        print(json.dumps(records(res, AUDIT_FIELDS), ensure_ascii=False, indent=2))
    else:
        print(_audit_table(res, lang))
        print(t("cli.audit_summary", lang).format(flagged=int(res["flag"].sum()), total=len(res),
                                                  differs=int((res["check"] == "basis_differs").sum())))
    return 0
