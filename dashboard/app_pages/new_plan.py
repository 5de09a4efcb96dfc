"""New plan (administrators): paste or upload a plan's text, check the candidate targets beside their
sentences, tick and edit them, validate live, then download the YAML or save it as plans/<id>.yaml."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate
from dashboard.app_pages.uploader import file_uploader
from dashboard.catalog import CatalogError
from dashboard.drafting import service, table
from dashboard.i18n import t

PLAN_FILE_MB = 5  # a plan's text is some 100 KB; nothing larger needs reading here
DRAFT_KEY = "newplan_draft"


KEEP_CACHED = {"_store", "_generations"}  # the open database and its write counters stay


def _catalog_changed() -> None:
    """The saved file joins the catalog through include:, which the catalog's cache key (the main file's path
    and time) does not see: drop the cached catalog and every cached reading of appstate derived from it."""
    for name, cached in vars(appstate).items():
        if name not in KEEP_CACHED and hasattr(cached, "__wrapped__") and callable(getattr(cached, "clear", None)):
            cached.clear()


def _read(lang: str) -> None:
    upload = st.session_state.get("newplan_upload")
    raw = upload.getvalue() if upload is not None else (st.session_state.get("newplan_text") or "").encode("utf-8")
    plan_id = (st.session_state.get("newplan_plan_id") or "").strip() or None
    if not raw.strip():
        st.session_state["newplan_message"] = ("warning", t("newplan.nothing", lang))
        return
    try:
        result = service.make(raw, plan_id, appstate.catalog_path(), lang)
    except service.DraftError as exc:
        st.session_state["newplan_message"] = ("error", appstate.md_escape(exc))
        return
    st.session_state.pop("newplan_message", None)
    st.session_state.pop("newplan_editor", None)
    st.session_state[DRAFT_KEY] = result.draft


def render() -> None:
    lang = appstate.lang()
    st.title(t("newplan.title", lang))
    if appstate.require_role(lang, ("admin",)) is None:
        st.stop()
    st.caption(t("newplan.help", lang))
    st.text_area(t("newplan.paste", lang), key="newplan_text", height=200)
    file_uploader(t("newplan.upload", lang), ["txt", "html", "htm", "json"], lang, PLAN_FILE_MB, key="newplan_upload")
    st.text_input(t("newplan.plan_id", lang), key="newplan_plan_id")
    st.button(t("newplan.read", lang), key="newplan_read", on_click=_read, args=(lang,), type="primary")
    message = st.session_state.get("newplan_message")
    if message:
        getattr(st, message[0])(message[1])
    draft = st.session_state.get(DRAFT_KEY)
    if draft is None:
        st.stop()

    plan = draft.plan
    esc = appstate.md_escape  # the title, ids and paths come from the pasted text or the server
    st.subheader(t("newplan.plan", lang).format(title=esc(plan.title or plan.id), document=esc(plan.document or "—"),
                                                base=plan.base_year, target=plan.target_year))
    st.caption(t("newplan.candidates", lang).format(n=len(draft.entries)))
    labels = {c: t(f"newplan.col_{c}", lang) for c in table.COLUMNS}
    edited = st.data_editor(
        pd.DataFrame(table.rows(draft, lang), columns=table.COLUMNS), key="newplan_editor", hide_index=True,
        disabled=["source", "checks"], width="stretch",
        column_config={
            "keep": st.column_config.CheckboxColumn(labels["keep"]),
            "kind": st.column_config.SelectboxColumn(labels["kind"], options=["level", "share", "growth", "milestone"],
                                                     format_func=lambda k: t(f"kind.{k}", lang)),
            "direction": st.column_config.SelectboxColumn(
                labels["direction"], options=["", "increase", "decrease"],
                format_func=lambda d: t(f"direction.{d}", lang) if d else "—"),
            "op": st.column_config.SelectboxColumn(labels["op"], options=["", ">=", ">", "<=", "<", "~"]),
            "year": st.column_config.NumberColumn(labels["year"], format="%d"),
            **{c: st.column_config.TextColumn(labels[c]) for c in ("name", "unit", "source", "checks")},
            "value": st.column_config.NumberColumn(labels["value"]),
        })
    chosen = table.apply(draft, edited.to_dict("records"))
    text, problems = service.rerender(chosen, lang, rows=[e.id for e in draft.entries])
    if not chosen.entries:
        st.warning(t("newplan.none_kept", lang))
    elif problems:
        st.error(t("newplan.invalid", lang).format(n=len(problems)))
        st.code("\n".join(problems), language=None)
    else:
        st.success(t("newplan.valid", lang).format(n=len(chosen.entries)))
    left_out = [{labels["source"]: f"{u.section} “{u.sentence}”", labels["checks"]: t(u.reason, lang)}
                for u in draft.unparsed]
    left_out += [{labels["source"]: f"{e.head.section} “{e.head.sentence}”", labels["checks"]: message}
                 for e, message in draft.invalid]
    if left_out:
        with st.expander(t("newplan.unparsed", lang).format(n=len(left_out))):
            st.dataframe(pd.DataFrame(left_out), hide_index=True)
    left, right = st.columns(2)
    left.download_button(t("newplan.download", lang), text.encode("utf-8"), file_name=f"{plan.id}.yaml",
                         mime="application/x-yaml", key="newplan_download", on_click="ignore")
    if right.button(t("newplan.save", lang).format(id=plan.id), key="newplan_save",
                    disabled=bool(problems) or not chosen.entries):
        path = service.default_out(plan.id, appstate.catalog_path())
        if service.save(text, path):
            _catalog_changed()
            st.success(t("newplan.saved", lang).format(path=esc(path)))
            try:
                included = plan.id in appstate.catalog().plans
            except CatalogError as exc:
                st.error(t("app.catalog_error", lang))
                st.code("\n".join(str(p) for p in exc.problems), language=None)
            else:
                if not included:
                    st.warning(t("newplan.not_included", lang).format(path=esc(appstate.catalog_path())))
        else:
            st.error(t("newplan.exists", lang).format(path=esc(path)))
    with st.expander(t("newplan.yaml", lang)):
        st.code(text, language="yaml")


if __name__ == "__main__":
    render()
