"""The print-ready HTML report: one self-contained file (styles, font subset and charts inline;
no outside address), print CSS for A4 with a page break before each group and a footer with
plan, as-of year, date generated and page numbers on every printed page.

Every text that comes from the catalog or from users is escaped with `html.escape`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from string import Formatter

from dashboard.i18n import STATUS_COLOURS, STATUS_ORDER, t
from dashboard.metrics import status_sentence
from dashboard.reports import charts as vector
from dashboard.reports.context import (
    TABLE_FIELDS,
    ReportContext,
    figure_notes,
    indicator_name,
    plan_title,
    split_no_data,
    table_cells,
)
from dashboard.reports.fonts import woff_data_url

CHART_WIDTH, CHART_FONT = 250.0, 11.0  # SVG user units: a chart of 250 is about 61 mm wide in print
STYLE = """
@font-face { font-family: "Report Sans SC"; src: url(@FONT@) format("woff"); }
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-left { content: @FOOTER@; font: 7pt "Report Sans SC", sans-serif; color: #5a5a5a; }
  @bottom-right { content: @PAGE@; font: 7pt "Report Sans SC", sans-serif; color: #5a5a5a; } }
* { box-sizing: border-box; }
body { font-family: "Report Sans SC", "Noto Sans CJK SC", sans-serif; font-size: 10pt; color: #111;
  max-width: 190mm; margin: 0 auto; }
h1 { font-size: 18pt; font-weight: normal; margin: 0 0 2mm; }
h2 { font-size: 13pt; font-weight: normal; margin: 0 0 2mm; }
.muted { color: #5a5a5a; }
.chips { display: grid; grid-template-columns: repeat(5, 1fr); gap: 3mm; margin: 2mm 0 6mm; }
.chip { color: #fff; text-align: center; padding: 2mm 1mm; }
.chip .n { font-size: 18pt; display: block; }
.tag { color: #fff; padding: 0 1.5mm; white-space: nowrap; }
ol.behind li { margin-bottom: 2mm; }
.group { margin-top: 8mm; }
.band { break-after: avoid; page-break-after: avoid; }
.nodata { font-size: 8pt; margin: 1.5mm 0; }
.band { background: #f1f5f9; padding: 1mm 2mm; margin-bottom: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
thead { display: table-header-group; }
th { background: #e2e8f0; font-weight: normal; text-align: left; }
th, td { border: 0.3mm solid #bbb; padding: 0.8mm 1mm; vertical-align: middle; }
td.num { text-align: right; white-space: nowrap; }
td.status { color: #fff; text-align: center; }
tr, figure { break-inside: avoid; page-break-inside: avoid; }
.notes { font-size: 7.5pt; color: #5a5a5a; margin: 2mm 0; }
.legend { width: 100%; margin-top: 3mm; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm 4mm; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
svg text { font-family: "Report Sans SC", "Noto Sans CJK SC", sans-serif; }
figcaption { font-size: 7.5pt; min-height: 2.4em; }
.dot { display: inline-block; width: 2.2mm; height: 2.2mm; margin-right: 1mm; }
@media print { .screen-only { display: none !important; } body { max-width: none; } }
"""


def _css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line ends escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ") + '"'


def _summary(ctx: ReportContext) -> list[str]:
    lang, e = ctx.lang, escape
    out = [f"<header><h1>{e(ctx.title())}</h1>"]
    for plan in ctx.plans if len(ctx.plans) > 1 else []:
        out.append(f'<p class="muted">{e(plan_title(plan, lang))} {e(plan.document or "")}</p>')
    if len(ctx.plans) == 1 and ctx.plans[0].document:
        out.append(f'<p class="muted">{e(ctx.plans[0].document)}</p>')
    out.append(f"<p>{e(ctx.as_of_text())}</p>")
    out.append(f'<p class="muted">{e(t("report.generated", lang))}: {e(ctx.generated_text())}<br>'
               f'{e(t("report.vintage", lang))}: {e(ctx.vintage_text())}<br>'
               + (f"{e(ctx.basis_text())}<br>" if ctx.basis_text() else "")
               + "".join(f"{e(line)}<br>" for line in (ctx.plan_as_of() if len(ctx.plans) > 1 else []))
               + f'{e(t("report.awaiting", lang).format(n=ctx.awaiting()))}</p></header>')
    total = sum(ctx.status_counts.values())
    out.append(f"<h2>{e(t('report.status_counts', lang))} ({e(t('report.total', lang))} {total})</h2>"
               '<div class="chips">')
    for status in STATUS_ORDER:
        out.append(f'<div class="chip status-{status}" style="background:{STATUS_COLOURS[status]}">'
                   f'<span class="n">{ctx.status_counts[status]}</span>{e(t("status." + status, lang))}</div>')
    out.append(f"</div><h2>{e(t('report.behind', lang))}</h2>")
    if not len(ctx.behind):
        out.append(f'<p class="muted">{e(t("report.none_behind", lang))}</p>')
    out.append('<ol class="behind">')
    for row in ctx.behind.to_dict("records"):
        out.append(f'<li><span class="tag" style="background:{STATUS_COLOURS[row["status"]]}">'
                   f'{e(t("status." + row["status"], lang))}</span> {e(indicator_name(row, lang))}<br>'
                   f'<span class="muted">{e(status_sentence(row, lang))}</span></li>')
    out.append("</ol>")
    out.append(f'<nav class="screen-only"><h2>{e(t("report.contents", lang))}</h2><ul>')
    for k, group in enumerate(ctx.groups, start=1):
        out.append(f'<li><a href="#group-{k}">{e(plan_title(group.plan, lang))} · {e(group.name)}</a></li>')
    out.append("</ul></nav>")
    return out


def _group(ctx: ReportContext, k: int, group, charts: dict[str, vector.Chart], legend: str) -> list[str]:
    lang, e = ctx.lang, escape
    out = [f'<section class="group" id="group-{k}"><div class="band"><span class="muted">'
           f"{e(plan_title(group.plan, lang))} · {e(ctx.as_of_text())}</span><h2>{e(group.name)}</h2></div>",
           "<table><thead><tr>" + "".join(f"<th>{e(t(key, lang))}</th>" for key in TABLE_FIELDS) + "</tr></thead>"
           "<tbody>"]
    rows, empty = split_no_data(group.rows)
    for row in rows.to_dict("records"):
        cells = table_cells(row, lang)
        status = cells[-1]
        out.append("<tr>" + "".join(f'<td{"" if i < 2 else " class=num"}>{e(c)}</td>'
                                    for i, c in enumerate(cells[:-1]))
                   + f'<td class="status status-{status}" style="background:{STATUS_COLOURS[status]}">'
                   f'{e(t("status." + status, lang))}</td></tr>')
    out.append("</tbody></table>")
    if len(empty):
        sep = "、" if lang == "zh" else "; "
        out.append(f'<p class="nodata"><span class="muted">{e(t("report.no_data", lang))} ({len(empty)}):</span> '
                   + e(sep.join(indicator_name(r, lang) for r in empty.to_dict("records"))) + "</p>")
    notes = figure_notes(rows, lang)
    if notes:
        out.append(f'<div class="notes">{e(t("report.figure_notes", lang))}<ul>'
                   + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul></div>")
    figures = []
    for row in rows.to_dict("records"):
        if row["id"] in charts:
            name = indicator_name(row, lang)
            caption = name + (f" ({row['unit']})" if row.get("unit") else "")
            figures.append(f'<figure><figcaption><span class="dot" '
                           f'style="background:{STATUS_COLOURS[row["status"]]}"></span>{e(caption)}</figcaption>'
                           f'{vector.svg(charts[row["id"]], name)}</figure>')
    if figures:
        out.append(legend + '<div class="charts">'
                   + "".join(figures) + "</div>")
    out.append("</section>")
    return out


def export(ctx: ReportContext, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The HTML report as UTF-8 bytes."""
    charts = vector.chart_layouts(ctx, CHART_WIDTH, CHART_FONT, progress)
    legend = vector.svg(vector.legend(ctx.lang), t("report.legend.path", ctx.lang), "legend")
    body = _summary(ctx)
    for k, group in enumerate(ctx.groups, start=1):
        body += _group(ctx, k, group, charts, legend)
    text = "\n".join(body)
    footer = (f"{ctx.label()} · {ctx.as_of_text()} · {t('report.generated', ctx.lang)} {ctx.generated_text()}")
    page = t("report.page", ctx.lang)
    page_css = " ".join(_css_string(literal) + (f" counter({name})" if name else "")
                        for literal, name, _spec, _conv in Formatter().parse(page))
    style = (STYLE.replace("@FONT@", woff_data_url(text + footer + page + "0123456789"))
             .replace("@FOOTER@", _css_string(footer)).replace("@PAGE@", page_css))
    lang_attr = "zh-CN" if ctx.lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang_attr}"><head><meta charset="utf-8">'
            f"<title>{escape(ctx.title())}</title><style>{style}</style></head><body>\n{text}\n</body></html>\n"
            ).encode()
