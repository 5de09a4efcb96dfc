"""Indicator page: the planned path against the actuals, the status in one sentence, key numbers,
the figures with every revision (who, when, source)."""

from __future__ import annotations

import streamlit as st

from dashboard import appstate, charts, metrics
from dashboard import formatting as fmt
from dashboard.app_pages import tables, targets
from dashboard.i18n import STATUS_COLOURS, t
from dashboard.metrics.sentence import deadline_text


def follow_choice(key: str) -> None:
    st.query_params["indicator_id"] = st.session_state[key]


def render() -> None:
    lang = appstate.lang()
    cat = appstate.catalog()
    results = appstate.results(appstate.as_of())

    names = {row["id"]: tables.display_name(row, lang) for row in results[["id", "name", "name_en"]].to_dict("records")}
    requested = st.query_params.get("indicator_id")
    ids = list(names)
    title = st.empty()
    chooser, _ = st.columns([2, 1])
    key = f"indicator_id_{lang}"  # a new widget per language: the browser would keep the other language's names
    indicator_id = chooser.selectbox(t("indicator.choose", lang), ids, format_func=names.get, key=key,
                                     index=ids.index(requested) if requested in names else 0,
                                     on_change=follow_choice, args=(key,))
    if requested is not None and requested not in names:
        st.warning(t("indicator.not_found", lang).format(id=appstate.md_escape(requested)))
    st.query_params["indicator_id"] = indicator_id  # a link to this page shows this indicator
    row = results[results["id"] == indicator_id].iloc[0].to_dict()
    unit = row.get("unit") if isinstance(row.get("unit"), str) else None
    status = row["status"]
    plan = cat.plans[row["plan"]]

    title.title(names[indicator_id])
    colour = STATUS_COLOURS[status]
    label = t(f"status.{status}", lang)
    badge, sentence = st.columns([1, 9], vertical_alignment="center")
    badge.markdown(f'<span style="background:{colour};color:{tables.text_colour(colour)};padding:4px 12px;'
                   f'border-radius:12px;font-weight:600;white-space:nowrap">{label}</span>', unsafe_allow_html=True)
    sentence.text(metrics.status_sentence(row, lang))

    history = appstate.history(indicator_id)
    current = appstate.actuals()
    current = current[current["indicator_id"] == indicator_id]

    if (note := targets.vintage_text(row, lang)) is not None:
        st.info(note, icon=":material/history:")
    if row["kind"] == "growth" and row.get("missing_years"):
        st.warning(t("indicator.missing_years", lang).format(years="、".join(map(str, row["missing_years"]))))

    if row["kind"] == "milestone":
        st.subheader(t("indicator.milestone", lang))
        state = "—" if tables._get(row, "basis_value") is None else \
            t("milestone.done" if row.get("basis_value") == 1 else "milestone.not_done", lang)
        facts = [(t("indicator.milestone_state", lang), state),
                 (t("indicator.deadline_col", lang), deadline_text(int(row["target_year"]),
                                                             tables._get(row, "target_month"), lang))]
    else:
        one = results[results["id"] == indicator_id]
        path, projection = metrics.path_frame(one), metrics.projection_frame(one)
        shown = current[["year", "value", "figure_status"]]
        if row["kind"] == "growth":
            figure = charts.growth_figure(row, shown, lang)
        else:
            if path.empty:
                st.caption(t("indicator.no_chart", lang))
            figure = charts.indicator_figure(row, path, shown, projection, lang)
        st.plotly_chart(figure, key="indicator_chart", config={"displaylogo": False})
        with st.expander(t("indicator.chart_data", lang)):  # the chart as a table, for screen readers and copying
            st.caption(t("indicator.chart_alt", lang) + metrics.status_sentence(row, lang))
            year = t("indicator.chart_year", lang)
            st.dataframe(charts.chart_table(figure, lang), hide_index=True, key="indicator_chart_data",
                         column_config={year: st.column_config.NumberColumn(year, format="%d")})
        st.subheader(t("indicator.key_numbers", lang))
        facts = tables.key_numbers(row, lang)
        if tables._get(row, "basis_year") is not None:
            basis = tables.with_year(fmt.value(row["basis_value"], unit, lang), row["basis_year"], lang)
            if int(row["basis_year"]) > int(row["target_year"]):  # judged on a figure after the deadline
                after = t("indicator.after_deadline", lang)
                basis += f"（{after}）" if lang == "zh" else f" ({after})"
            facts.append((t("indicator.basis", lang), basis))
    for start in range(0, len(facts), 4):
        for column, (name, text) in zip(st.columns(4), facts[start:start + 4], strict=False):
            column.caption(name)
            column.markdown(f"**{appstate.md_escape(text)}**")

    table = targets.targets_table(row, lang)
    if len(table):
        st.subheader(t("indicator.targets", lang))
        st.dataframe(table.drop(columns="verdict_code"), hide_index=True, key="indicator_targets", column_config={
            "which": " ", "deadline": t("indicator.deadline_col", lang), "target": t("indicator.target_col", lang),
            "verdict": t("indicator.verdict_col", lang), "basis": t("indicator.basis_col", lang)})

    st.subheader(t("indicator.history", lang))
    if history.empty:
        st.caption(t("indicator.no_history", lang))
    else:
        shown = tables.history_table(history, unit, lang)
        st.dataframe(shown, hide_index=True, key="indicator_history", column_config={
            "year": st.column_config.NumberColumn(t("field.year", lang), format="%d"),
            "revision": st.column_config.NumberColumn(t("indicator.revision", lang), format="%d"),
            "value": t("field.value", lang), "figure_status": t("field.figure_status", lang),
            "source": t("field.source", lang), "note": t("field.note", lang),
            "entered_by": t("field.entered_by", lang), "entered_at": t("field.entered_at", lang),
            "review_state": t("review.col.state", lang)})

    with st.expander(t("indicator.details", lang)):
        details = {
            t("field.id", lang): indicator_id,
            t("field.plan", lang): plan.title_en if lang == "en" and plan.title_en else plan.title,
            t("field.group", lang): row.get("group"),
            t("field.unit", lang): unit,
            t("field.kind", lang): t(f"kind.{row['kind']}", lang),
            t("field.direction", lang): t(f"direction.{row['direction']}", lang) if tables._get(row, "direction")
            else None,
            t("field.owner", lang): row.get("owners") or row.get("owner"),
            t("field.source", lang): row.get("source"),
            t("indicator.notes", lang): row.get("notes"),
        }
        for name, text in details.items():
            if isinstance(text, str) and text:
                st.text(f"{name}: {text}")


if __name__ == "__main__":
    render()
