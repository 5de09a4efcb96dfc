"""Pure builders of what the pages show: filtered results, display tables, key numbers.

Frames in, frames out (no Streamlit), so tests check them directly. Every number is written by
`dashboard.formatting`; every label comes from `dashboard.i18n`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard import formatting as fmt
from dashboard.i18n import t


def _get(row: Mapping, key: str):
    value = row.get(key)
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def display_names() -> dict[str, str]:
    """Login -> display name of every user the users file knows (empty when it cannot be read)."""
    from dashboard.access import auth

    try:
        return {u.username: u.display_name for u in auth.UserStore().list() if u.display_name}
    except auth.AuthError:
        return {}


def display_name(row: Mapping, lang: str) -> str:
    """The indicator's name in `lang` (English falls back to the Chinese name)."""
    if lang == "en" and _get(row, "name_en"):
        return str(row["name_en"])
    return str(row["name"])


def with_year(text: str, year, lang: str) -> str:
    """`text (year)`, or `text` alone when there is no year."""
    if fmt.missing(year) or year is pd.NA or text == "—":
        return text
    return t("overview.latest_with_year", lang).format(value=text, year=int(year))


def filter_results(results: pd.DataFrame, plans: Iterable[str] = (), groups: Iterable[str] = (),
                   owners: Iterable[str] = (), statuses: Iterable[str] = (), query: str = "") -> pd.DataFrame:
    """The rows matching every non-empty filter; `query` matches name, English name, id, unit,
    group or owner, ignoring case.

    >>> r = pd.DataFrame({"id": ["a", "b"], "plan": ["p", "q"], "name": ["服务业增加值", "审批时间"],
    ...                   "name_en": ["Services", None], "group": ["g", "h"], "owner": [None, "市商务委"],
    ...                   "unit": ["亿元", "工作日"], "status": ["on_track", "no_data"]})
    >>> filter_results(r, query="services").id.tolist(), filter_results(r, owners=["市商务委"]).id.tolist()
    (['a'], ['b'])
    >>> filter_results(r, statuses=["no_data"], query="审批").id.tolist()
    ['b']
    """
    keep = pd.Series(True, index=results.index)
    for column, chosen in (("plan", plans), ("group", groups), ("owner", owners), ("status", statuses)):
        chosen = list(chosen)
        if chosen:
            keep &= results[column].isin(chosen).fillna(False).astype(bool)
    query = (query or "").strip().casefold()
    if query:
        hay = pd.Series("", index=results.index)
        for column in ("name", "name_en", "id", "unit", "group", "owner"):
            if column in results:
                hay = hay + " " + results[column].astype("string").fillna("")
        keep &= hay.str.casefold().str.contains(query, regex=False)
    return results[keep]


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb), by relative luminance.

    >>> text_colour("#f1a340"), text_colour("#67001f")
    ('#111111', '#ffffff')
    """
    r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lum = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2]
    return "#111111" if luminance > 0.2 else "#ffffff"


def status_counts(results: pd.DataFrame) -> dict[str, int]:
    """Indicators per status code."""
    return {str(k): int(v) for k, v in results["status"].value_counts().items()}


def key_numbers(row: Mapping, lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs for the indicator page: levels, gap, rates, progress beside time elapsed,
    projection.

    >>> row = {"unit": "亿元", "trend": "compound", "rate_model": "compound", "implied_rate": 0.07062,
    ...        "observed_rate": 0.0656, "required_rate": 0.07565, "progress": 0.432, "elapsed": 0.5,
    ...        "expected_progress": 0.466, "pace_ratio": 0.929, "projected_value": 13739.7, "target_year": 2022,
    ...        "baseline_year": 2018, "baseline_value": 10656.0, "gap": -114.1}
    >>> numbers = dict(key_numbers(row, "zh"))
    >>> numbers["基期值"], numbers["差距"], numbers["规划隐含年均增速"], numbers["速度比"]
    ('10,656亿元（2018）', '-114.1亿元', '7.06%', '0.93')
    """
    unit, trend = _get(row, "unit"), _get(row, "trend")
    model = _get(row, "rate_model") or trend
    pace = _get(row, "pace_ratio")
    return [
        (t("field.baseline_value", lang), with_year(fmt.value(_get(row, "baseline_value"), unit, lang),
                                                    _get(row, "baseline_year"), lang)),
        (t("field.target_value", lang), with_year(fmt.value(_get(row, "target_value"), unit, lang),
                                                  _get(row, "target_year"), lang)),
        (t("field.latest_value", lang), with_year(fmt.value(_get(row, "latest_value"), unit, lang),
                                                  _get(row, "latest_year"), lang)),
        (t("field.expected_value", lang), fmt.value(_get(row, "expected_value"), unit, lang)),
        (t("field.gap", lang), fmt.difference(_get(row, "gap"), unit, lang)),
        (t("field.implied_rate", lang), fmt.rate(_get(row, "implied_rate"), trend, unit, lang)),
        (t("field.observed_rate", lang), fmt.rate(_get(row, "observed_rate"), model, unit, lang)),
        (t("field.required_rate", lang), fmt.rate(_get(row, "required_rate"), model, unit, lang)),
        (t("field.pace_ratio", lang), "—" if pace is None else fmt.fixed(pace, 2)),
        (t("field.progress", lang), fmt.fraction(_get(row, "progress"))),
        (t("field.elapsed", lang), fmt.fraction(_get(row, "elapsed"))),
        (t("field.expected_progress", lang), fmt.fraction(_get(row, "expected_progress"))),
        (t("field.projected_value", lang), fmt.value(_get(row, "projected_value"), unit, lang)),
    ]


def audit_table(frame: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The plan audit for people: declared and implied rates in their units (a difference of two
    percentages is in percentage points), the check (一致 / 口径不同 / 不一致), explanation.
    `flagged` marks the rows outside the tolerance (both checks other than ok).

    >>> a = pd.DataFrame([{"id": "s", "name": "服务业增加值", "unit": "亿元", "declared_rate": 7.0,
    ...     "declared_rate_unit": "%", "basis": "real", "implied_rate": 7.062, "difference": -0.062,
    ...     "tolerance": 0.5, "check": "ok", "flag": False, "explanation": "一致"}])
    >>> audit_table(a, {}, "zh").iloc[0][["declared", "implied", "difference", "tolerance", "check"]].tolist()
    ['7%', '7.06%', '-0.06个百分点', '±0.5个百分点', '一致']
    """
    pp = f"{' ' if lang == 'en' else ''}{t('unit.pp', lang)}"

    def rate(x, unit):
        if fmt.missing(x):
            return "—"
        return f"{fmt.number(x)}%" if unit == "%" else f"{fmt.number(x)}{pp}"

    rows = []
    for row in frame.to_dict("records"):
        unit = row["declared_rate_unit"]
        rows.append({
            "id": row["id"], "name": names.get(row["id"], row["name"]), "unit": _get(row, "unit") or "",
            "declared": rate(row["declared_rate"], unit),
            "basis": t(f"basis.{row['basis']}", lang) if _get(row, "basis") in ("real", "nominal", "pp") else "",
            "implied": rate(None if fmt.missing(row["implied_rate"]) else round(row["implied_rate"], 2), unit),
            "difference": "—" if fmt.missing(row["difference"]) else f"{fmt.number(round(row['difference'], 2))}{pp}",
            "tolerance": f"±{fmt.number(row['tolerance'])}{pp}",
            "check": t(f"check.{row.get('check') or ('disagrees' if row['flag'] else 'ok')}", lang),
            "check_code": row.get("check") or ("disagrees" if row["flag"] else "ok"),
            "flagged": (row.get("check") or ("disagrees" if row["flag"] else "ok")) != "ok",
            "explanation": row.get("explanation") or "",
        })
    return pd.DataFrame(rows, columns=["id", "name", "unit", "declared", "basis", "implied", "difference",
                                       "tolerance", "check", "check_code", "flagged", "explanation"])


def _when(x) -> str:
    if x is None or x is pd.NaT or fmt.missing(x):
        return ""
    return pd.Timestamp(x).tz_convert("Asia/Shanghai").strftime("%Y-%m-%d %H:%M") if pd.Timestamp(x).tzinfo \
        else pd.Timestamp(x).strftime("%Y-%m-%d %H:%M")


def _text(x) -> str:
    return "" if x is None or fmt.missing(x) or x is pd.NA or str(x) in ("None", "nan", "<NA>") else str(x)


def _jump_mark(row: Mapping, lang: str) -> str:
    """'（已确认异常变动）' after a figure whose 3×/⅓ jump the user confirmed, else ''."""
    if not _get(row, "confirmed_jump"):
        return ""
    mark = t("store.page.jump_mark", lang)
    return f"（{mark}）" if lang == "zh" else f" ({mark})"


def history_table(history: pd.DataFrame, unit: str | None, lang: str) -> pd.DataFrame:
    """Every revision of an indicator's figures for people, newest first; user text stays as typed.

    Times are shown in China Standard Time (the plans' time zone).

    >>> h = pd.DataFrame([{"year": 2019, "revision": 1, "action": "enter", "value": 11500.0, "figure_status": "final",
    ...     "source": "统计公报", "note": "<b>x</b>", "reason": None, "entered_by": "ann",
    ...     "entered_at": pd.Timestamp("2024-01-02 03:04", tz="UTC")}])
    >>> history_table(h, "亿元", "zh").iloc[0].tolist()[2:]
    ['11,500亿元', '最终数', '统计公报', '<b>x</b>', 'ann', '2024-01-02 11:04', '已审核']
    """
    rows = []
    for row in history.sort_values(["year", "revision"], ascending=False).to_dict("records"):
        retracted = row.get("action") == "retract"
        status = _text(row.get("figure_status"))
        note = _text(row.get("note"))
        if retracted:
            note = " ".join(x for x in (t("indicator.retracted", lang) + ":", _text(row.get("reason"))) if x)
        rows.append({
            "year": int(row["year"]), "revision": int(row["revision"]),
            "value": "—" if retracted else fmt.value(row.get("value"), unit, lang) + _jump_mark(row, lang),
            "figure_status": t(f"figure_status.{status}", lang) if status in ("preliminary", "final", "revised")
            else status,
            "source": _text(row.get("source")), "note": note, "entered_by": _text(row.get("entered_by")),
            "entered_at": _when(row.get("entered_at")),
            "review_state": "—" if retracted else review_mark(row.get("review_state"), lang),
        })
    return pd.DataFrame(rows, columns=["year", "revision", "value", "figure_status", "source", "note", "entered_by",
                                       "entered_at", "review_state"])


def review_mark(state, lang: str) -> str:
    """A figure's review state for people (a frame without the column: accepted, as shipped data is)."""
    state = state if state in ("submitted", "accepted", "returned") else "accepted"
    return t(f"review.state.{state}", lang)


TRAIL_ACTIONS = ("enter", "retract", "access_denied", "sign_in", "sign_in_failed", "sign_in_throttled", "sign_out",
                 "user_added", "user_removed", "role_changed", "password_reset", "review_accepted", "review_returned",
                 "period_lock", "period_unlock")


def trail_table(log: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The audit trail for people: when (China Standard Time), who, what, old → new, status, reason.

    >>> log = pd.DataFrame([{"at": pd.Timestamp("2024-01-02 03:04", tz="UTC"), "user": "ann", "action": "enter",
    ...     "indicator_id": "sva", "year": 2020, "revision": 2, "old_value": 12000.0, "new_value": 12100.0,
    ...     "figure_status": "final", "reason": None, "note": "公报"}])
    >>> trail_table(log, {"sva": "服务业增加值"}, "zh").iloc[0].tolist()
    ['2024-01-02 11:04', 'ann', '录入', '服务业增加值', '2020', '12,000', '12,100', '最终数', '', '公报']
    """
    rows = []
    for row in log.to_dict("records"):
        status = _text(row.get("figure_status"))
        action = _text(row.get("action"))
        year = row.get("year")
        rows.append({
            "at": _when(row.get("at")), "user": _text(row.get("user")),
            "action": t(f"trail.action_{action}", lang) if action in TRAIL_ACTIONS else action,
            "indicator": names.get(_text(row.get("indicator_id")), _text(row.get("indicator_id"))),
            "year": "" if year is None or year is pd.NA or fmt.missing(year) else str(int(year)),
            "old": fmt.number(row.get("old_value")) if not fmt.missing(row.get("old_value")) else "",
            "new": fmt.number(row.get("new_value")) if not fmt.missing(row.get("new_value")) else "",
            "figure_status": t(f"figure_status.{status}", lang) if status in ("preliminary", "final", "revised")
            else status,
            "reason": _text(row.get("reason")), "note": _text(row.get("note")),
        })
    return pd.DataFrame(rows, columns=["at", "user", "action", "indicator", "year", "old", "new", "figure_status",
                                       "reason", "note"])
