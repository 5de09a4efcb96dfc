"""Report: choose format, language, plan and as-of year; build with a progress bar; download."""

from __future__ import annotations

import streamlit as st

from dashboard import appstate, reports
from dashboard.i18n import LANGS, t

FORMATS = {"pdf": "PDF", "html": "HTML", "xlsx": "Excel (.xlsx)"}
LANG_NAMES = {"zh": "中文", "en": "English"}
ALL = "*"  # the plan choice "all plans" (a selectbox shows None as "nothing chosen")


def file_name(fmt: str, plan: str | None, as_of: int | None, lang: str) -> str:
    """The download's file name, e.g. ``report-modern-services-2019-2022-2021-zh.pdf``.

    >>> file_name("pdf", None, None, "en")
    'report-all-latest-en.pdf'
    """
    return f"report-{plan or 'all'}-{as_of or 'latest'}-{lang}.{fmt}"


def build(fmt: str, report_lang: str, plan: str | None, as_of: int | None, include_submitted: bool = False) -> bytes:
    """Build the report with a progress bar fed by the exporter's (done, total) callback."""
    bar = st.progress(0.0, text=t("reportpage.building", appstate.lang()))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=t("reportpage.building", appstate.lang()))

    figures, basis, unreviewed = appstate.briefing_figures(include_submitted)
    ctx = reports.make_context(appstate.catalog(), figures, lang=report_lang, plan=plan, as_of=as_of, basis=basis,
                               unreviewed=unreviewed)
    data = reports.build(fmt, ctx, progress)
    bar.empty()
    return data


def render() -> None:
    lang = appstate.lang()
    cat = appstate.catalog()
    st.title(t("reportpage.title", lang))

    c1, c2 = st.columns(2)
    fmt = c1.segmented_control(t("reportpage.format", lang), list(FORMATS), format_func=FORMATS.get,
                               default="pdf", required=True, key="report_format")
    report_lang = c2.segmented_control(t("reportpage.language", lang), LANGS, format_func=LANG_NAMES.get,
                                       default=lang, required=True, key="report_lang")
    titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in cat.plans.values()}
    c3, c4 = st.columns(2)
    chosen_plan = appstate.sticky(c3.selectbox, "report_plan", t("reportpage.plan", lang), [ALL, *titles],
                                  format_func=lambda p: t("reportpage.all_plans", lang) if p == ALL else titles[p])
    plan = None if chosen_plan == ALL else chosen_plan
    years = appstate.data_years()
    options = [appstate.LATEST, *reversed(years)]
    chosen = appstate.sticky(c4.selectbox, "report_as_of", t("app.as_of", lang), options,
                             variant=f"{lang}_{years[-1] if years else 'none'}",
                             index=options.index(appstate.as_of() or appstate.LATEST),
                             format_func=lambda y: appstate.as_of_label(y, years, lang))
    as_of = chosen or None

    include = st.toggle(t("reportpage.include_submitted", lang), key="report_include_submitted",
                        help=t("reportpage.include_submitted_help", lang))
    wanted = (fmt, report_lang, plan, as_of, include, appstate.generation())
    if st.button(t("reportpage.build", lang), type="primary", key="report_build"):
        try:
            st.session_state["report_built"] = (wanted, build(fmt, report_lang, plan, as_of, include))
        except reports.ReportError as exc:
            st.error(f"{t('reportpage.failed', lang)} {appstate.md_escape(exc)}")
    built = st.session_state.get("report_built")
    if built and built[0] == wanted:
        data = built[1]
        st.success(t("reportpage.ready", lang).format(size=f"{len(data) / 1024:,.0f} KB"))
        st.download_button(t("reportpage.download", lang), data, file_name=file_name(fmt, plan, as_of, report_lang),
                           mime=reports.MEDIA_TYPES[fmt], key="report_download", on_click="ignore", type="primary")


if __name__ == "__main__":
    render()
