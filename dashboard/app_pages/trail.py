"""Audit trail (administrators): every write, refused attempt and export, who (by display name), when,
old -> new (confirmed jumps marked); filters; CSV."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import appstate, spreadsheet
from dashboard import formatting as fmt
from dashboard.app_pages import tables
from dashboard.i18n import t

ACTIONS = (*tables.TRAIL_ACTIONS, "export")


def action_label(action: str, lang: str) -> str:
    return t("store.trail.export", lang) if action == "export" else t(f"trail.action_{action}", lang)


def people_table(shown: pd.DataFrame, names: dict, people: dict, lang: str) -> pd.DataFrame:
    """`tables.trail_table` with display names, exports named and confirmed jumps marked."""
    table = tables.trail_table(shown, names, lang)
    table["user"] = [people.get(u, u) for u in shown["user"]]
    table["at"] = [fmt.local_time(x, lang) for x in shown["at"]]  # in DASHBOARD_TZ, the zone named
    actions = shown["action"].to_numpy()
    table.loc[actions == "export", "action"] = t("store.trail.export", lang)
    jumps = shown["confirmed_jump"].fillna(False).to_numpy(dtype=bool) if "confirmed_jump" in shown else []
    if len(jumps):
        mark = t("store.page.jump_mark", lang)
        table.loc[jumps, "new"] = [f"{v}（{mark}）" if lang != "en" else f"{v} ({mark})" for v in table["new"][jumps]]
    return table


def render() -> None:
    lang = appstate.lang()
    st.title(t("trail.title", lang))
    if appstate.require_role(lang, ("admin",)) is None:
        st.stop()

    frame = appstate.indicators()
    log = appstate.audit_log()
    if log.empty:
        st.info(t("trail.empty", lang))
        st.stop()

    names = {row["id"]: tables.display_name(row, lang) for row in frame[["id", "name", "name_en"]].to_dict("records")}
    c1, c2, c3, c4 = st.columns(4)
    people = tables.display_names()
    users = c1.multiselect(t("trail.user", lang), sorted(log["user"].dropna().unique()), key="trail_users",
                           format_func=lambda u: people.get(u, u), placeholder=t("app.all", lang))
    ids = appstate.sticky(c2.multiselect, "trail_indicators", t("trail.indicator", lang),
                          sorted(log["indicator_id"].dropna().unique()), format_func=lambda i: names.get(i, i),
                          placeholder=t("app.all", lang))
    actions = appstate.sticky(c3.multiselect, "trail_actions", t("trail.action", lang), ACTIONS,
                              format_func=lambda a: action_label(a, lang), placeholder=t("app.all", lang))
    since = c4.date_input(t("trail.when", lang), value=None, key="trail_since")

    keep = pd.Series(True, index=log.index)
    if users:
        keep &= log["user"].isin(users)
    if ids:
        keep &= log["indicator_id"].isin(ids)
    if actions:
        keep &= log["action"].isin(actions)
    if since is not None:
        keep &= log["at"] >= pd.Timestamp(dt.datetime.combine(since, dt.time()), tz=fmt.zone_name())
    shown = log[keep.fillna(False).astype(bool)]

    labels = {"at": t("trail.when", lang), "user": t("trail.user", lang), "action": t("trail.action", lang),
              "indicator": t("trail.indicator", lang), "year": t("field.year", lang), "old": t("trail.old", lang),
              "new": t("trail.new", lang), "figure_status": t("field.figure_status", lang),
              "reason": t("trail.reason", lang), "note": t("field.note", lang)}
    st.dataframe(people_table(shown, names, people, lang), hide_index=True, key="trail_table",
                 column_config={k: st.column_config.TextColumn(v) for k, v in labels.items()})
    st.download_button(t("trail.export", lang), lambda: spreadsheet.to_csv(
        shown.assign(at=[fmt.local_time(x, lang) for x in shown["at"]])), file_name="audit-trail.csv",
                       mime="text/csv", key="trail_export", on_click="ignore")


if __name__ == "__main__":
    render()
