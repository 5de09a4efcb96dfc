"""The entry page's file pieces: the upload (sheet choice, how the file was read), the fill-in
template download and the export bytes in the page's language. Thin: reading, checking and
building live in `dashboard.spreadsheet` and `dashboard.files`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate, spreadsheet
from dashboard.app_pages.uploader import file_uploader
from dashboard.files import template
from dashboard.i18n import t
from dashboard.spreadsheet import MAX_BYTES, SpreadsheetError

SHEET = "entry_files_sheet"


def read_upload(lang: str) -> pd.DataFrame | None:
    """The uploader; the chosen sheet of an .xlsx with several; the rows read (indicators may be
    named by name), with a caption saying how the file was read. None: nothing to preview yet,
    or a refusal already shown."""
    upload = file_uploader(t("entry.upload", lang), ["csv", "xlsx"], lang, MAX_BYTES // 2**20,
                           label_visibility="collapsed",
                           key=f"entry_upload_{st.session_state.get('entry_upload_round', 0)}")
    if upload is None:
        return None
    data, name, sheet = upload.getvalue(), upload.name, None
    try:
        if name.lower().endswith(".xlsx"):
            visible, hidden = spreadsheet.sheet_names(data, name, lang)
            if len(visible) + len(hidden) > 1:
                sheet = st.selectbox(t("files.sheet", lang), visible + hidden, key=SHEET,
                                     format_func=lambda s: s if s in visible else f"{s} 🔒")
        rows = spreadsheet.read_figures(data, name, lang=lang, sheet=sheet, catalog=appstate.catalog())
    except SpreadsheetError as exc:
        st.error(appstate.md_escape(exc))
        return None
    st.caption(appstate.md_escape(spreadsheet.read_note(rows, lang)))
    return rows


def template_download(mine: pd.DataFrame, lang: str) -> None:
    """The fill-in template of the indicators the page shows (the chosen department and plan)."""
    cat = appstate.catalog()
    chosen = [cat.indicators[i] for i in mine["id"] if i in cat.indicators]
    if not chosen:
        return
    department = st.session_state.get("entry_department__chosen")
    owners = sorted({d for ind in chosen for d in template.owners(ind)})
    chosen_one = isinstance(department, str) and department not in ("*", "")  # not "all" / "without owner"
    title = department if chosen_one else "、".join(owners[:3]) or "—"
    st.download_button(t("files.template", lang), lambda: template.build(cat, title, actuals=appstate.actuals(),
                                                                           lang=lang, chosen=chosen),
                       file_name=f"{title}-填报模板.xlsx" if lang == "zh" else "fill-in-template.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="entry_files_template", on_click="ignore", help=t("files.template_help", lang))


def export_bytes(current: pd.DataFrame, fmt: str, lang: str) -> bytes:
    """The current figures as csv / xlsx with the page language's headers (they read back unchanged)."""
    return spreadsheet.EXPORTERS[fmt](spreadsheet.export_frame(current, lang=lang))
