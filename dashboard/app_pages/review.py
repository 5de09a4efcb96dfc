"""Review (reviewers and admins): the submitted figures with the accepted value they would replace and the
jump; filter, accept or return (a reason is required) one or several at once; admins lock and unlock years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate
from dashboard import formatting as fmt
from dashboard.app_pages import tables
from dashboard.figures import FigureError
from dashboard.i18n import t
from dashboard.messages import MessageError
from dashboard.review import pending_table, reviewer_actor
from dashboard.store.writes import StoreUnavailable

FLASH = "review_flash"


def _actor(user):
    return reviewer_actor(user.username, user.display_name) if user.role == "reviewer" else user.actor()


def _apply(action: str, actor, lang: str) -> None:
    store, cat = appstate.store(), appstate.catalog()
    keys = list(st.session_state.get("review_chosen") or [])
    reason = (st.session_state.get("review_reason") or "").strip()
    if not keys:
        st.session_state[FLASH] = ("warning", t("review.page.none_chosen", lang))
        return
    if action == "return" and not reason:
        st.session_state[FLASH] = ("error", t("review.reason_required", lang))
        return
    done, errors = 0, []
    for key in keys:
        ind_id, year = key.rsplit("|", 1)
        try:
            if action == "accept":
                store.accept(ind_id, int(year), actor, cat)
            else:
                store.return_figure(ind_id, int(year), reason, actor, cat)
            done += 1
        except (MessageError, FigureError, StoreUnavailable) as exc:
            errors.append(exc.render(lang))
    if done:
        appstate.saved()
    text = t(f"review.page.done_{action}", lang).format(n=done)
    st.session_state[FLASH] = ("error" if errors else "success", "  \n".join([text, *errors]))
    st.session_state.pop("review_chosen", None)


def _lock(action: str, actor, lang: str) -> None:
    store, cat = appstate.store(), appstate.catalog()
    plan_id, year = st.session_state.get("review_lock_plan"), st.session_state.get("review_lock_year")
    try:
        getattr(store, action)(plan_id, int(year), actor, cat)
        appstate.saved()
        plan = cat.plans[plan_id]
        title = plan.title_en if lang == "en" and plan.title_en else plan.title
        st.session_state[FLASH] = ("success", t(f"review.cli.{action}ed", lang).format(
            plan=title, year=int(year), who=actor.name))
    except (MessageError, StoreUnavailable) as exc:
        st.session_state[FLASH] = ("error", exc.render(lang))


def _filtered(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    c1, c2, c3 = st.columns(3)
    every = t("app.all", lang)
    plans = c1.multiselect(t("review.page.plan", lang), sorted(set(table["plan"])), key="review_plans",
                           placeholder=every)
    departments = sorted({d for ds in table["department"] for d in ds.split("、") if d})
    chosen = c2.multiselect(t("review.page.department", lang), departments, key="review_departments",
                            placeholder=every)
    years = c3.multiselect(t("review.page.year", lang), sorted(set(table["year"])), key="review_years",
                           placeholder=every)
    if plans:
        table = table[table["plan"].isin(plans)]
    if chosen:
        table = table[table["department"].map(lambda ds: any(d in ds.split("、") for d in chosen))]
    if years:
        table = table[table["year"].isin(years)]
    return table


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: numbers written as on every screen, a dash where there is nothing."""
    out = table.astype(object)
    for col in ("value", "previous"):
        out[col] = [fmt.number(v) if v is not None and not pd.isna(v) else "—" for v in table[col]]
    out["jump"] = [f"{v:+.1f}%" if v is not None and not pd.isna(v) else "—" for v in table["jump"]]
    return out.where(out.notna(), "—")


def _locks_section(actor, lang: str) -> None:
    st.subheader(t("review.page.locks", lang))
    cat = appstate.catalog()
    locks = appstate.store().locks()
    if locks.empty:
        st.caption(t("review.page.no_locks", lang))
    else:
        shown = pd.DataFrame({
            t("review.page.plan", lang): [cat.plans[p].title if p in cat.plans else p for p in locks["plan_id"]],
            t("review.page.year", lang): locks["year"].astype(int),
            t("review.page.locked_by", lang): locks["by"],
            t("review.page.locked_at", lang): [fmt.local_time(a, lang) for a in locks["at"]]})
        st.dataframe(shown, hide_index=True)
    c1, c2 = st.columns(2)
    c1.selectbox(t("review.page.plan", lang), list(cat.plans), key="review_lock_plan",
                 format_func=lambda p: cat.plans[p].title)
    c2.number_input(t("review.page.year", lang), min_value=1900, max_value=2200, value=2024, step=1,
                    key="review_lock_year")
    b1, b2 = st.columns(2)
    b1.button(t("review.page.lock", lang), key="review_lock", on_click=_lock, args=("lock", actor, lang))
    b2.button(t("review.page.unlock", lang), key="review_unlock", on_click=_lock, args=("unlock", actor, lang))


def render() -> None:
    lang = appstate.lang()
    st.title(t("review.page.title", lang))
    user = appstate.require_role(lang, ("reviewer", "admin"))
    if user is None:
        st.stop()
    actor = _actor(user)
    flash = st.session_state.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(appstate.md_escape(flash[1]))
    table = pending_table(appstate.store().pending(), appstate.catalog(), lang, tables.display_names())
    if table.empty:
        st.info(t("review.page.nothing", lang))
    else:
        table = _filtered(table, lang)
        labels = {c: t(f"review.col.{c}", lang) for c in table.columns if c != "key"}
        st.dataframe(_shown(table).drop(columns="key").rename(columns=labels), hide_index=True)
        options = dict(zip(table["key"], table["indicator"] + " " + table["year"].astype(str), strict=True))
        st.multiselect(t("review.page.choose", lang), list(options), key="review_chosen",
                       format_func=lambda k: options.get(k, k), placeholder=t("review.page.choose_hint", lang))
        st.text_input(t("review.page.reason", lang), key="review_reason")
        b1, b2 = st.columns(2)
        b1.button(t("review.page.accept", lang), key="review_accept", type="primary", on_click=_apply,
                  args=("accept", actor, lang))
        b2.button(t("review.page.return", lang), key="review_return", on_click=_apply,
                  args=("return", actor, lang))
    if user.role == "admin":
        _locks_section(actor, lang)


if __name__ == "__main__":
    render()
