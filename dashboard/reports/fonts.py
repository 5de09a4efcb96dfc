"""The one Chinese font of the reports: Noto Sans SC from the pip package `pylopdf_fonts_zh_cn`.

Used by fpdf2 (embedded as a subset), matplotlib (chart labels) and the HTML report (a subset
embedded as a data: URL), so no system font is needed when a report is made or read.
"""

from __future__ import annotations

import base64
import functools
import io
from importlib.resources import files
from pathlib import Path

FAMILY = "Noto Sans SC"
PACKAGE, FILE = "pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf"


class FontMissing(RuntimeError):
    """The bundled Chinese font cannot be found."""


@functools.cache
def font_path() -> Path:
    """Path of NotoSansSC-Regular.otf inside the installed font package."""
    try:
        path = Path(str(files(PACKAGE) / FILE))
    except ModuleNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise FontMissing(f"font {FILE} not found: expected it in the Python package {PACKAGE} "
                          "(hint: pip install -r requirements.txt)")
    return path


@functools.cache
def matplotlib_font() -> str:
    """Register the font with matplotlib once; return its family name for rcParams."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return FAMILY


def woff_data_url(text: str) -> str:
    """A WOFF subset of the font holding the characters of `text`, as a data: URL for @font-face."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    font = TTFont(str(font_path()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))) or " ")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return "data:font/woff;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
