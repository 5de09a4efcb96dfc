"""Overview: status counts, the data's as-of per plan, filters, one row per indicator (most urgent
first, the status as a coloured label), the indicators without data collapsed into a count."""

from __future__ import annotations

from html import escape

import streamlit as st

from dashboard import appstate
from dashboard.app_pages import overview_table as board
from dashboard.app_pages import tables
from dashboard.i18n import STATUS_COLOURS, STATUS_ORDER, t

# Column widths in pixels: with the selection column they fit the main area of a 1280 px wide window
# beside the sidebar (the page's side margins narrowed by PAGE_CSS); longer names end in "…".
WIDTHS = {"status_label": 78, "name": 104, "direction": 30, "plan_label": 60, "owner": 62, "unit": 46,
          "baseline": 58, "target": 90, "latest": 90, "expected": 58, "gap": 60, "progress_elapsed": 96,
          "required": 56}
PAGE_CSS = "<style>[data-testid=stMainBlockContainer]{padding-left:1.5rem;padding-right:1.5rem}</style>"
# column -> (short heading, the full label shown as its tooltip)
LABELS = {"status_label": ("field.status", "field.status"), "name": ("field.name", "field.name"),
          "direction": ("overview.direction", "overview.direction_help"),
          "plan_label": ("overview.plan_short", "field.plan"), "owner": ("field.owner", "field.owner"),
          "unit": ("field.unit", "field.unit"), "baseline": ("overview.baseline_short", "field.baseline_value"),
          "target": ("overview.target_short", "field.target_value"),
          "latest": ("overview.latest_short", "field.latest_value"),
          "expected": ("overview.expected_short", "field.expected_value"), "gap": ("field.gap", "field.gap"),
          "progress_elapsed": ("overview.progress_short", "overview.progress_vs_elapsed"),
          "required": ("overview.required_short", "field.required_rate")}
COLUMNS = ["id", *board.OVERVIEW_COLUMNS, "status"]  # what is sent to the browser (id, status: hidden)


def _cards(counts: dict[str, int], lang: str) -> str:
    """The status counts as one row of coloured cards (HTML: only catalog-independent labels and counts,
    nothing typed by users), with the page's CSS, as one element."""
    cards = "".join(
        f'<div style="flex:1;border-left:6px solid {colour};padding:4px 10px;border-radius:4px;background:#f7f7f7">'
        f'<div style="font-size:0.85rem;color:#333">{escape(t(f"status.{status}", lang))}</div>'
        f'<div style="font-size:1.6rem;font-weight:600;color:{colour}">{counts.get(status, 0)}</div></div>'
        for status, colour in ((s, STATUS_COLOURS.get(s, "#9e9e9e")) for s in STATUS_ORDER))
    return f'{PAGE_CSS}<div style="display:flex;gap:12px;font-family:inherit">{cards}</div>'


def as_of_line(results, plan_titles: dict[str, str], lang: str) -> str:
    """"数据截至：2022年", or each plan's year when the plans' data end in different years."""
    years = board.plans_as_of(results)
    if len(set(years.values())) <= 1:
        year = next(iter(years.values()), None)
        return t("overview.as_of", lang).format(year=year) if year else t("overview.as_of_plans", lang).format(
            plans=t("overview.as_of_none", lang))
    plans = "；".join(t("overview.as_of_plan" if y else "overview.as_of_plan_none", lang).format(
        plan=board.plan_label(plan_titles.get(p, p)), year=y) for p, y in years.items())
    return t("overview.as_of_plans", lang).format(plans=plans)


def render() -> None:
    lang = appstate.lang()
    cat = appstate.catalog()
    as_of = appstate.as_of()
    results = appstate.results(as_of)
    plan_titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in cat.plans.values()}

    st.title(t("overview.title", lang))
    st.caption(as_of_line(results, plan_titles, lang))
    counts = tables.status_counts(results)
    st.markdown(_cards(counts, lang), unsafe_allow_html=True)
    st.space("small")
    if counts.get("no_data", 0) == len(results):
        st.info(t("overview.no_data_yet", lang))

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
    count = st.empty()  # filled below: the rows collapsed into "N more without data" are not counted as shown
    if shown.empty:
        count.caption(t("overview.count", lang).format(shown=0, total=len(results)))
        st.info(t("overview.empty", lang))
        st.stop()

    full = appstate.overview(as_of, lang)
    table = full[full["id"].isin(shown["id"])] if len(shown) < len(results) else full
    no_data = table["status"] == "no_data"
    hidden = int(no_data.sum())
    if 0 < hidden < len(table) and "no_data" not in statuses:  # collapse rows without data into a count
        # a one-option pill works as a toggle and needs no widget code beyond the language switch's
        show = t("overview.show_no_data", lang).format(count=hidden)
        if st.pills(t("overview.no_data_rows", lang), [show], key=f"overview_show_no_data_{lang}_{hidden}",
                    label_visibility="collapsed") is None:
            st.caption(t("overview.no_data_count", lang).format(count=hidden))
            table = table[~no_data]
    count.caption(t("overview.count", lang).format(shown=len(table), total=len(results)))
    table = table[COLUMNS].reset_index(drop=True)

    config = {col: st.column_config.TextColumn(t(short, lang), width=WIDTHS[col], help=t(full, lang))
              for col, (short, full) in LABELS.items()}
    config["status_label"] = st.column_config.MultiselectColumn(
        t("field.status", lang), width=WIDTHS["status_label"], options=[t(f"status.{s}", lang) for s in STATUS_ORDER],
        color=[STATUS_COLOURS.get(s, "#9e9e9e") for s in STATUS_ORDER], pinned=True)
    event = st.dataframe(table, hide_index=True, column_order=board.OVERVIEW_COLUMNS, column_config=config,
                         on_select="rerun", selection_mode="single-row", key="overview_table",
                         height=min(38 + 35 * len(table), 720))
    st.caption(t("overview.select_hint", lang))

    # Selecting a row opens its indicator page (which has its own picker of every indicator).
    rows = event.selection.rows if event is not None else []
    if rows:
        st.switch_page(appstate.PAGE_FILES["indicator"], query_params={"indicator_id": table["id"].iloc[rows[0]]})


if __name__ == "__main__":
    render()
