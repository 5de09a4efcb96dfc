"""The fixed budgets every file is read within, and the one error a refused file raises.

Each budget bounds time or memory whatever the file claims about itself (an .xlsx `<dimension>`
is never trusted): the file's size, the zip's declared and actually decompressed sizes and its
compression ratio, the rows read (blank ones included), the columns with content and the length
of one cell. A refusal names the file and the limit in the user's language.
"""

from __future__ import annotations

from dashboard.i18n import DEFAULT_LANG, t

MAX_BYTES = 5 * 1024 * 1024  # the file as uploaded
MAX_UNZIPPED = 64 * 1024 * 1024  # all members of an .xlsx together, decompressed
MAX_RATIO = 100  # decompressed : compressed, for a member over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 2000  # files inside an .xlsx
MAX_ROWS = 1_000_000  # rows read, blank ones included (by spreadsheet row number)
MAX_COLUMNS = 200  # the last column with content
MAX_FIELD = 128 * 1024  # characters in one cell (csv's own default limit)


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read as a sheet of figures; the message is in `lang`.

    >>> str(SpreadsheetError("files.empty", "en", name="a.csv")).startswith("a.csv is empty")
    True
    """

    def __init__(self, key: str, lang: str = DEFAULT_LANG, **params):
        self.key, self.lang, self.params = key, lang, params
        super().__init__(t(key, lang).format(**params))


def megabytes(size: int) -> str:
    """`size` in MB with one decimal: megabytes(5 * 2**20) == "5.0"."""
    return f"{size / 1024 / 1024:.1f}"
