"""Overview: status counts, filters, one colour-coded row per indicator, links to indicator pages."""

from __future__ import annotations

from html import escape

import streamlit as st

from dashboard import appstate
from dashboard.app_pages import tables
from dashboard.i18n import STATUS_COLOURS, STATUS_ORDER, t

# Column widths in pixels: wide enough for "16,371.97亿元（2023）" and the longest status label.
WIDTHS = {"name": 250, "status_label": 84, "latest": 165, "expected": 120, "gap": 120, "progress": 76, "elapsed": 76,
          "expected_progress": 96,
          "required": 120, "baseline": 150, "target": 150, "group": 130, "unit": 80}


def render() -> None:
    lang = appstate.lang()
    cat = appstate.catalog()
    results = appstate.results(appstate.as_of())

    st.title(t("overview.title", lang))

    counts = tables.status_counts(results)
    cards = st.columns(len(STATUS_ORDER))
    for column, status in zip(cards, STATUS_ORDER, strict=True):
        colour = STATUS_COLOURS[status]
        # Only catalog-independent labels and counts go into this HTML; nothing typed by users.
        column.markdown(
            f'<div style="border-left:6px solid {colour};padding:4px 10px;border-radius:4px;background:#f7f7f7">'
            f'<div style="font-size:0.85rem;color:#333">{escape(t(f"status.{status}", lang))}</div>'
            f'<div style="font-size:1.6rem;font-weight:600;color:{colour}">{counts.get(status, 0)}</div></div>',
            unsafe_allow_html=True)
    st.space("small")
    if counts.get("no_data", 0) == len(results):
        st.info(t("overview.no_data_yet", lang))

    plan_titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in cat.plans.values()}
    f1, f2, f3, f4 = st.columns(4)
    every = t("app.all", lang)
    plans = appstate.sticky(f1.multiselect, "overview_plans", t("field.plan", lang), plan_titles,
                            format_func=plan_titles.get, placeholder=every)
    scope = results[results["plan"].isin(plans)] if plans else results
    groups = appstate.sticky(f2.multiselect, "overview_groups", t("field.group", lang),
                             sorted(scope["group"].dropna().unique()), placeholder=every)
    owners = appstate.sticky(f3.multiselect, "overview_owners", t("field.owner", lang),
                             sorted(scope["owner"].dropna().unique()), placeholder=every)
    statuses = appstate.sticky(f4.multiselect, "overview_statuses", t("field.status", lang), STATUS_ORDER,
                               format_func=lambda s: t(f"status.{s}", lang), placeholder=every)
    query = st.text_input(t("overview.search", lang), key="overview_search", persist_state="session")

    shown = tables.filter_results(results, plans, groups, owners, statuses, query)
    st.caption(t("overview.count", lang).format(shown=len(shown), total=len(results)))
    if shown.empty:
        st.info(t("overview.empty", lang))
        st.stop()

    table = tables.overview_table(shown, lang)
    labels = {"name": t("field.name", lang), "group": t("field.group", lang), "unit": t("field.unit", lang),
              "baseline": t("field.baseline_value", lang), "target": t("field.target_value", lang),
              "latest": t("field.latest_value", lang), "expected": t("field.expected_value", lang),
              "gap": t("field.gap", lang), "progress": t("field.progress", lang), "elapsed": t("field.elapsed", lang),
              "expected_progress": t("field.expected_progress", lang),
              "required": t("field.required_rate", lang), "status_label": t("field.status", lang)}
    config = {col: st.column_config.TextColumn(label, width=WIDTHS.get(col)) for col, label in labels.items()}
    status_css = {code: tables.status_css(code) for code in STATUS_ORDER}
    styled = table.style.apply(lambda _: [status_css[s] for s in table["status"]], subset=["status_label"])
    event = st.dataframe(styled, hide_index=True, column_order=tables.OVERVIEW_COLUMNS, column_config=config,
                         on_select="rerun", selection_mode="single-row", key="overview_table",
                         height=min(38 + 35 * len(table), 720))
    st.caption(t("overview.select_hint", lang))

    names = dict(zip(table["id"], table["name"], strict=True))
    pick, open_col = st.columns([4, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(t("overview.open", lang), list(names), format_func=names.get, key=f"overview_open_{lang}")
    rows = event.selection.rows if event is not None else []
    if rows:
        st.switch_page(appstate.PAGE_FILES["indicator"], query_params={"indicator_id": table["id"].iloc[rows[0]]})
    if open_col.button(t("overview.open_button", lang), key="overview_open_button"):
        st.switch_page(appstate.PAGE_FILES["indicator"], query_params={"indicator_id": chosen})


if __name__ == "__main__":
    render()
