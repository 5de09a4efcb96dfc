"""Owners (administrators): pick a plan, see each indicator's catalog owner and assigned owner, assign
the lead and partners with a reason (saved with the audit trail), and read the history of assignments."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate, assignments
from dashboard.i18n import t


def _name(ind, lang: str) -> str:
    return ind.name_en if lang == "en" and ind.name_en else ind.name


def render() -> None:
    lang = appstate.lang()
    st.title(t("nav.owners", lang))
    user = appstate.require_role(lang, ("admin",))
    if user is None:
        return
    flash = st.session_state.pop("owners_flash", None)
    if flash:
        st.success(flash)
    base = appstate.catalog_base()
    owned = appstate.catalog()
    plans = list(base.plans)
    if not plans:
        st.info(t("owners.no_plans", lang))
        return
    plan = st.selectbox(t("owners.plan", lang), plans, key="owners_plan",
                        format_func=lambda p: base.plans[p].title)
    inds = [i for i in base.indicators.values() if i.plan == plan]
    st.dataframe(pd.DataFrame({
        t("owners.col.indicator", lang): [_name(i, lang) for i in inds],
        t("owners.col.catalog", lang): ["、".join(i.owners) or "—" for i in inds],
        t("owners.col.assigned", lang): ["、".join(owned.indicators[i.id].owners) or "—" for i in inds],
    }), hide_index=True, width="stretch")
    if not inds:
        return
    store = appstate.store()
    known = sorted({o for c in (base, owned) for i in c.indicators.values() for o in i.owners})
    with st.form("owners_form"):
        ind_id = st.selectbox(t("owners.col.indicator", lang), [i.id for i in inds], key="owners_indicator",
                              format_func=lambda i: _name(base.indicators[i], lang))
        mode = st.radio(t("owners.mode", lang), list(assignments.MODES), key="owners_mode", horizontal=True,
                        format_func=lambda m: t(f"owners.mode.{m}", lang))
        lead = st.selectbox(t("owners.lead", lang), [None, *known], key="owners_lead",
                            format_func=lambda d: d or "—")
        partners = st.multiselect(t("owners.partners", lang), known, key="owners_partners",
                                  placeholder=t("owners.choose", lang))
        reason = st.text_input(t("owners.reason", lang), key="owners_reason")
        submitted = st.form_submit_button(t("owners.save", lang))
    if submitted:
        problems = assignments.validate(mode, lead, partners, reason, known)
        if problems:
            for key in problems:
                st.error(t(key, lang))
        else:
            assignments.assign(store, user.actor(), ind_id, mode, lead, partners, reason.strip())
            appstate.saved()
            st.session_state["owners_flash"] = t("owners.saved", lang).format(
                name=_name(base.indicators[ind_id], lang),
                owners="、".join(appstate.catalog().indicators[ind_id].owners) or "—")
            st.rerun()  # the table above shows the new owners
    history = [a for a in reversed(assignments.read(store)) if a.indicator_id in {i.id for i in inds}]
    st.subheader(t("owners.history", lang))
    if not history:
        st.caption(t("owners.no_history", lang))
        return
    st.dataframe(pd.DataFrame({
        t("owners.col.at", lang): [a.at for a in history],
        t("owners.col.indicator", lang): [_name(base.indicators[a.indicator_id], lang) for a in history],
        t("owners.mode", lang): [t(f"owners.mode.{a.mode}", lang) for a in history],
        t("owners.col.owners", lang): ["、".join(d for d in (a.lead, *a.partners) if d) or "—" for a in history],
        t("owners.col.by", lang): [a.by for a in history],
        t("owners.reason", lang): [a.reason for a in history],
    }), hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
