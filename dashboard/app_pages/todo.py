"""待办 / To do: a manager sees their departments' lists (overdue with days overdue, due soon, returned,
waiting review); a reviewer or admin sees overdue counts by department and can open any department's list.
Downloads: the reminder list as Excel and as a one-page PDF letter. The rules are in dashboard/duedates.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate, duedates
from dashboard.i18n import t
from dashboard.reports import reminder


def render() -> None:
    lang = appstate.lang()
    st.title(t("todo.title", lang))
    current = appstate.require_role(lang, ("manager", "reviewer", "admin"))
    if current is None:
        st.stop()
    try:
        on = duedates.today()
    except ValueError:
        import os

        st.error(t("todo.bad_today", lang).format(v=os.environ.get("DASHBOARD_TODAY")))
        st.stop()
    frame = appstate.indicators()
    rows = duedates.calendar_rows(frame, appstate.store().current(), on=on)
    st.caption(t("todo.undeclared", lang).format(n=duedates.undeclared_count(frame)))


    def shown(part: pd.DataFrame) -> pd.DataFrame:
        names = part["name_en"].where(part["name_en"].notna(), part["name"]) if lang == "en" else part["name"]
        table = pd.DataFrame({"name": names, "year": part["year"], "due": [d.isoformat() for d in part["due"]],
                              "days_overdue": part["days_overdue"], "state": part["state"], "reason": part["reason"]})
        table["state"] = [t(f"todo.state.{s}", lang) for s in table["state"]]
        return table.rename(columns={c: t(f"todo.col.{c}", lang) for c in table.columns})


    if current.role == "manager":
        departments = list(current.departments)
    else:
        counts = duedates.overdue_counts(rows)
        st.dataframe(counts.rename(columns={c: t(f"todo.col.{c}", lang) for c in counts.columns}),
                     key="todo_counts", hide_index=True)
        choices = sorted(set(rows["department"]))
        departments = [st.selectbox(t("todo.col.department", lang), choices, key="todo_department")] if choices else []

    if rows.empty or not departments:
        st.info(t("todo.nothing", lang))
    for dept in departments:
        part = duedates.for_department(rows, dept)
        st.subheader(dept)
        if part.empty:
            st.info(t("todo.nothing", lang))
            continue
        st.dataframe(shown(part), key=f"todo_list_{dept}", hide_index=True)
        c1, c2 = st.columns(2)
        c1.download_button(t("todo.download_xlsx", lang), reminder.to_xlsx(part, lang),
                           file_name=f"todo-{on.isoformat()}.xlsx",
                           key=f"todo_xlsx_{dept}")
        c2.download_button(t("todo.download_pdf", lang), reminder.to_pdf(part, dept, on, lang),
                           file_name=f"reminder-{on.isoformat()}.pdf",
                           key=f"todo_pdf_{dept}")
    irregular = duedates.irregular(frame)
    if len(irregular):
        st.caption(f"{t('todo.irregular', lang)}: {'、'.join(irregular['name'])}")


if __name__ == "__main__":
    render()
