"""Streamlit entry point: page set-up, language, sign-in, as-of year and the navigation.

Run with ``streamlit run dashboard/app.py`` (or ``make run``). Pages live in ``app_pages/``
(not ``pages/``: see docs/machine-notes.md) and are thin: they call the cached core in
`dashboard.appstate` and the pure builders in `dashboard.charts` / `dashboard.app_pages.tables`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import appstate  # noqa: E402
from dashboard.access.auth import AuthError, require_login_for_viewers  # noqa: E402
from dashboard.catalog import CatalogError  # noqa: E402
from dashboard.i18n import t  # noqa: E402


def page(name: str, key: str, icon: str, url: str, lang: str, **kwargs) -> st.Page:
    return st.Page(appstate.PAGE_FILES[name], title=t(key, lang), icon=icon, url_path=url, **kwargs)


def main() -> None:
    st.set_page_config(page_title="规划目标监测 · Plan target tracker", layout="wide",
                       initial_sidebar_state="expanded", page_icon=str(appstate.FAVICON))

    lang = appstate.language_switch()
    # Streamlit serves <html lang="en">: tell screen readers the language the page is in. A constant script in an
    # iframe of this origin (not st.html: test_app asserts that nothing renders through it), which then hides its
    # own empty element.
    st.sidebar.iframe("<script>window.parent.document.documentElement.lang = "
                      f"{t('a11y.html_lang', lang)!r}; window.frameElement.closest('[data-testid=stElementContainer]')"
                      ".style.display = 'none';</script>", height=1, tab_index=-1, alt=t("a11y.lang_frame", lang))

    try:
        appstate.catalog()
    except CatalogError as exc:
        st.error(t("app.catalog_error", lang))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return
    try:
        appstate.store()
    except Exception as exc:  # noqa: BLE001 - any failure to open the database is shown, not raised
        shown = exc.render(lang) if hasattr(exc, "render") else exc  # a StoreUnavailable: in the user's language
        st.error(f"{t('app.store_error', lang)} {appstate.md_escape(shown)}")
        return

    user = appstate.sign_in_panel(lang)
    try:
        viewers_must_sign_in = require_login_for_viewers()
    except AuthError as exc:
        st.error(appstate.md_escape(exc.message(lang)))
        return

    if viewers_must_sign_in and user is None:
        st.title(t("app.title", lang))
        st.info(t("signin.viewers_must", lang))
        return

    appstate.as_of_selector(lang)

    is_admin = user is not None and user.role == "admin"
    navigation = st.navigation({
        t("nav.section_read", lang): [
            overview := page("overview", "nav.overview", ":material/dashboard:", "home", lang, default=True),
            appstate.alias(overview, "overview"),
            page("indicator", "nav.indicator", ":material/show_chart:", "indicator", lang),
            page("plan_audit", "nav.plan_audit", ":material/fact_check:", "plan-audit", lang),
            page("report", "nav.report", ":material/description:", "report", lang),
        ],
        t("nav.section_work", lang): [
            page("entry", "nav.entry", ":material/edit_note:", "entry", lang),
            page("trail", "nav.trail", ":material/history:", "audit-trail", lang,
                 visibility="visible" if is_admin else "hidden"),
            page("todo", "todo.title", ":material/checklist:", "todo", lang,
                 visibility="hidden" if user is None or user.role == "viewer" else "visible"),
            page("new_plan", "nav.new_plan", ":material/note_add:", "new-plan", lang,
                 visibility="visible" if is_admin else "hidden"),
            page("review", "nav.review", ":material/rule:", "review", lang,
                 visibility="visible" if user is not None and user.role in ("reviewer", "admin") else "hidden"),
            page("owners", "nav.owners", ":material/groups:", "owners", lang,
                 visibility="visible" if is_admin else "hidden"),
        ],
    })
    navigation.run()


if __name__ == "__main__":
    main()
