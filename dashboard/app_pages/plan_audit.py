"""Plan audit: every declared annual rate beside the rate its baseline and target imply; flags explained."""

from __future__ import annotations

import streamlit as st

from dashboard import appstate
from dashboard.app_pages import tables
from dashboard.i18n import t

CHECK_CSS = {"disagrees": "background-color: #fde2cf", "basis_differs": "background-color: #eef2fb", "ok": ""}


def render() -> None:
    lang = appstate.lang()
    cat = appstate.catalog()
    frame = appstate.indicators()

    st.title(t("audit.title", lang))
    st.caption(t("audit.intro", lang))

    plan_titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in cat.plans.values()}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    plans = appstate.sticky(left.multiselect, "plan_audit_plans", t("field.plan", lang), plan_titles,
                            format_func=plan_titles.get, placeholder=t("app.all", lang))
    only_flagged = right.toggle(t("audit.only_flagged", lang), key="plan_audit_only_flagged")

    audit = appstate.plan_audit_frame(lang)
    if plans:
        audit = audit[audit["id"].isin(frame.loc[frame["plan"].isin(plans), "id"])]
    names = {row["id"]: tables.display_name(row, lang) for row in frame[["id", "name", "name_en"]].to_dict("records")}
    table = tables.audit_table(audit, names, lang)
    if table.empty:
        st.info(t("audit.none", lang))
        st.stop()
    st.caption(t("audit.checked", lang).format(n=int((table["check_code"] == "disagrees").sum()), total=len(table),
                                               differs=int((table["check_code"] == "basis_differs").sum())))
    if only_flagged:
        table = table[table["flagged"]].reset_index(drop=True)

    columns = ["name", "unit", "declared", "basis", "implied", "difference", "tolerance", "check", "explanation"]
    labels = {"name": t("field.name", lang), "unit": t("field.unit", lang), "declared": t("field.declared_rate", lang),
              "basis": t("field.basis", lang), "implied": t("audit.implied", lang),
              "difference": t("audit.difference", lang), "tolerance": t("audit.tolerance", lang),
              "check": t("field.check", lang), "explanation": t("field.explanation", lang)}
    widths = {"name": 250, "unit": 70, "declared": 100, "basis": 110, "implied": 100, "difference": 110,
              "tolerance": 100, "check": 90, "explanation": 600}
    config = {col: st.column_config.TextColumn(label, width=widths[col]) for col, label in labels.items()}
    checks = table["check_code"].tolist()
    styled = table.style.apply(lambda column: [CHECK_CSS[c] for c in checks], subset=columns)
    st.dataframe(styled, hide_index=True, column_order=columns, column_config=config, key="plan_audit_table",
                 height=min(38 + 35 * len(table), 720))

    flagged = table[table["flagged"]]
    if len(flagged):  # the explanations in full (a grid cell cuts long sentences)
        st.subheader(t("audit.flagged_rows", lang))
        for row in flagged.to_dict("records"):
            st.markdown(f"- **{appstate.md_escape(row['name'])}**: {appstate.md_escape(row['explanation'])}")


if __name__ == "__main__":
    render()
