"""Printable summaries: one report context, one exporter per format (PDF, HTML, Excel).

`build(fmt, ctx, progress)` is what the app's download buttons and the `report` command call::

    ctx = make_context(catalog.load(), actuals, lang="zh")
    data = build("pdf", ctx)
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.reports import html, pdf, xlsx
from dashboard.reports.context import ReportContext, ReportError, make_context

Progress = Callable[[int, int], None]

EXPORTERS: dict[str, Callable[[ReportContext, Progress | None], bytes]] = {
    "pdf": pdf.export,
    "html": html.export,
    "xlsx": xlsx.export,
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = ["EXPORTERS", "MEDIA_TYPES", "ReportContext", "ReportError", "build", "file_name", "make_context"]


def build(fmt: str, ctx: ReportContext, progress: Progress | None = None) -> bytes:
    """The report in format `fmt` ("pdf", "html" or "xlsx") as bytes."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ReportError(f"unknown report format {fmt!r}: expected one of {', '.join(EXPORTERS)}") from None
    return exporter(ctx, progress)


def file_name(ctx: ReportContext, fmt: str) -> str:
    """A download name such as report-modern-services-2019-2022-2021-zh.pdf (plan or all-plans, as-of year)."""
    return f"report-{ctx.plan_filter or 'all-plans'}-{ctx.as_of or 'no-data'}-{ctx.lang}.{fmt}"
