"""A file uploader whose own texts speak the page's language.

Streamlit (1.67) writes its uploader's button ("Upload") and size line ("200MB per file • CSV, XLSX") in
English and offers no setting for them. The page's style sheet hides those two texts and shows ours in
their place (CSS `content`, from the translation table); the widget and what it does are Streamlit's own.
What stays English: the file input's accessible name ("file upload"; the input is not focusable — the
button is, and its name is the visible text) and the "Remove file" tooltip of an uploaded file's ×.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t

_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 14px; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 14px; }}
</style>"""


def css_text(text: str) -> str:
    """`text` as a CSS string's content: backslashes, quotes and line ends escaped, no markup."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "‹")
            .replace(">", "›"))


def file_uploader(label: str, types: list[str], lang: str, max_mb: int, **kwargs):
    """`st.file_uploader` with its button and size line in `lang`."""
    kinds = "、".join(k.upper() for k in types) if lang == "zh" else ", ".join(k.upper() for k in types)
    st.html(_CSS.format(button=css_text(t("upload.button", lang)),
                        limit=css_text(t("upload.limit", lang).format(mb=max_mb, kinds=kinds))))
    return st.file_uploader(label, type=types, max_upload_size=max_mb, **kwargs)
