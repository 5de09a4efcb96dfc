"""The PDF briefing (A4, fpdf2): a summary page, then a page per plan and indicator group with a
table and a grid of charts. Every page carries a footer (plan and document, as-of year, date
generated, page x / y). One embedded font (Noto Sans SC, subset by fpdf2); user text is printed
literally (no markdown).
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

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
from dashboard.reports.fonts import font_path

FONT = "noto"
NB = "{}"  # fpdf2 placeholder for the page count (2 digits wide), enabled only while the footer is drawn
MARGIN, WIDTH = 10.0, 190.0
HEAD_FILL, BAND_FILL, MUTED = (226, 232, 240), (241, 245, 249), (90, 90, 90)
COL_WIDTHS = (38, 13, 20, 20, 25, 17, 14, 24, 19)
ALIGN = ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "CENTER")
PER_ROW, GAP, CAPTION_H = 3, 4.0, 8.0
FLOW_ROOM = 60.0  # mm: a group starts on a fresh page unless this much room is left (band, heading, rows)
CHART_FONT = 2.2  # mm (about 6.2 pt): the height of the tick labels


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


class _Document(FPDF):
    def __init__(self, ctx: ReportContext):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.ctx = ctx
        self.footer_label = ctx.label()
        self.set_margins(MARGIN, 12, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.add_font(FONT, fname=str(font_path()))
        self.set_font(FONT, size=9)
        self.set_title(ctx.title())
        self.set_creator("dashboard report")
        self.alias_nb_pages(None)
        self.closing = False
        self.wrap = WrapMode.CHAR if ctx.lang == "zh" else WrapMode.WORD

    def footer(self) -> None:
        ctx = self.ctx
        self.set_y(-12)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        page = t("report.page", ctx.lang).format(page=self.page_no(), pages=NB)
        rest = f"  ·  {ctx.as_of_text()}  ·  {t('report.generated', ctx.lang)} {ctx.generated_text()}"
        room = WIDTH - self.get_string_width(page + rest) - 6
        label = self.footer_label
        while self.get_string_width(label) > room and len(label) > 2:
            label = label[:-2] + "…"
        self.cell(WIDTH - 30, 6, label + rest, align="L")
        self.set_x(MARGIN + WIDTH - 30)
        self.alias_nb_pages(NB, align="C")  # only here, so that a note with "{}" stays as typed
        self.cell(30, 6, page, align="R")
        if not self.closing:  # output() substitutes the page count only while an alias is set
            self.alias_nb_pages(None)
        self.set_text_color(0, 0, 0)

    def output(self, *args, **kwargs):
        self.closing = True
        return super().output(*args, **kwargs)

    # ---------------------------------------------------------------- small pieces
    def text_line(self, text: str, size: float, height: float, colour=(0, 0, 0)) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*colour)
        self.multi_cell(WIDTH, height, text, align="L", wrapmode=self.wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)

    def chip(self, x: float, y: float, w: float, h: float, status: str, text: str, size: float) -> None:
        self.set_fill_color(*_rgb(STATUS_COLOURS[status]))
        self.rect(x, y, w, h, style="F")
        self.set_text_color(255, 255, 255)
        self.set_font(FONT, size=size)
        self.set_xy(x, y)
        self.cell(w, h, text, align="C")
        self.set_text_color(0, 0, 0)

    def band(self, title: str, subtitle: str) -> None:
        self.set_fill_color(*BAND_FILL)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(WIDTH, 5, subtitle, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=13)
        self.cell(WIDTH, 8, title, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def lines(self, text: str, width: float, size: float, most: int) -> list[str]:
        self.set_font(FONT, size=size)
        found = self.multi_cell(width, 3, text, wrapmode=self.wrap, dry_run=True, output="LINES")
        if len(found) > most:
            found = found[:most]
            found[-1] = found[-1][:-1] + "…"
        return found


def _summary(pdf: _Document) -> None:
    ctx, lang = pdf.ctx, pdf.ctx.lang
    pdf.add_page()
    pdf.text_line(ctx.title(), 17, 9)
    if len(ctx.plans) == 1:
        if ctx.plans[0].document:
            pdf.text_line(ctx.plans[0].document, 10, 6, MUTED)
    else:
        for plan in ctx.plans:
            pdf.text_line(" ".join(x for x in (plan_title(plan, lang), plan.document) if x), 9, 5, MUTED)
    pdf.ln(2)
    pdf.text_line(ctx.as_of_text(), 11, 6)
    pdf.text_line(f"{t('report.generated', lang)}: {ctx.generated_text()}", 9, 5, MUTED)
    pdf.text_line(f"{t('report.vintage', lang)}: {ctx.vintage_text()}", 9, 5, MUTED)
    if ctx.basis_text():
        pdf.text_line(ctx.basis_text(), 9, 5, MUTED)
    if len(ctx.plans) > 1:
        for line in ctx.plan_as_of():
            pdf.text_line(line, 9, 5, MUTED)
    pdf.text_line(t("report.awaiting", lang).format(n=ctx.awaiting()), 9, 5, MUTED)
    pdf.ln(4)
    total = sum(ctx.status_counts.values())
    pdf.text_line(f"{t('report.status_counts', lang)}  ({t('report.total', lang)} {total})", 12, 7)
    pdf.ln(1)
    per_row = 5  # ten statuses in two rows
    rows = -(-len(STATUS_ORDER) // per_row)
    w, h, top = (WIDTH - 3 * (per_row - 1)) / per_row, 17, pdf.get_y()
    for i, status in enumerate(STATUS_ORDER):
        x, y = MARGIN + (i % per_row) * (w + 3), top + (i // per_row) * (h + 3)
        pdf.chip(x, y, w, h * 0.6, status, str(ctx.status_counts.get(status, 0)), 16)
        pdf.chip(x, y + h * 0.6, w, h * 0.4, status, t(f"status.{status}", lang), 8.5)
    pdf.set_xy(MARGIN, top + rows * (h + 3) + 4)
    pdf.text_line(t("report.behind", lang), 12, 7)
    pdf.ln(1)
    if not len(ctx.behind):
        pdf.text_line(t("report.none_behind", lang), 9, 5, MUTED)
    for row in ctx.behind.to_dict("records"):
        y = pdf.get_y()
        pdf.chip(MARGIN, y + 0.5, 22, 5, row["status"], t(f"status.{row['status']}", lang), 7.5)
        pdf.set_xy(MARGIN + 25, y)
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(WIDTH - 25, 6, indicator_name(row, lang), wrapmode=pdf.wrap, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.set_x(MARGIN + 25)
        pdf.set_font(FONT, size=8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(WIDTH - 25, 4.5, status_sentence(row, lang), wrapmode=pdf.wrap, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2.5)


def _table(pdf: _Document, rows) -> None:
    lang = pdf.ctx.lang
    pdf.set_font(FONT, size=7.5)
    pdf.set_fill_color(255, 255, 255)
    heading = FontFace(emphasis="NONE", fill_color=HEAD_FILL)
    with pdf.table(width=WIDTH, col_widths=COL_WIDTHS, text_align=ALIGN, headings_style=heading, line_height=4,
                   padding=(1, 1), wrapmode=WrapMode.WORD, markdown=False, v_align="MIDDLE") as table:
        head = table.row()
        for key in TABLE_FIELDS:
            head.cell(t(key, lang))
        for row in rows.to_dict("records"):
            cells = table_cells(row, lang)
            line = table.row()
            for text in cells[:-1]:
                line.cell(text)
            status = cells[-1]
            line.cell(t(f"status.{status}", lang), style=FontFace(color=(255, 255, 255),
                                                                  fill_color=_rgb(STATUS_COLOURS[status])))


def _draw(pdf: _Document, chart: vector.Chart, x: float, y: float) -> None:
    """Draw a chart's primitives with fpdf2 at (x, y) mm: vectors and text in the document's font."""
    for s in chart.shapes:
        pdf.set_draw_color(*_rgb(s.colour))
        if s.kind == "line":
            pdf.set_line_width(s.width)
            if s.dash:
                pdf.set_dash_pattern(*s.dash)
            pdf.polyline([(x + px, y + py) for px, py in s.points])
            if s.dash:
                pdf.set_dash_pattern()
        elif s.kind == "dot":
            (px, py) = s.points[0]
            pdf.set_line_width(s.width * 0.45)
            pdf.set_fill_color(*(_rgb(s.colour) if s.filled else (255, 255, 255)))
            pdf.circle(x + px, y + py, s.width, style="FD")
        elif s.kind == "star":
            pdf.set_fill_color(*_rgb(s.colour))
            pdf.polygon([(x + px, y + py) for px, py in vector.star_points(*s.points[0], s.width)], style="F")
        else:
            (px, py) = s.points[0]
            pdf.set_font(FONT, size=s.width / 0.3528)  # mm -> pt
            pdf.set_text_color(*_rgb(s.colour))
            shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[s.anchor] * pdf.get_string_width(s.text)
            pdf.text(x + px - shift, y + py, s.text)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.2)


def _group(pdf: _Document, group, charts: dict[str, vector.Chart], legend: vector.Chart) -> None:
    ctx, lang = pdf.ctx, pdf.ctx.lang
    if pdf.page_no() == 1 or pdf.get_y() + FLOW_ROOM > pdf.page_break_trigger:
        pdf.add_page()
    else:  # groups flow on: a new group starts on the same page when there is room for its head and rows
        pdf.ln(6)
    pdf.footer_label = " ".join(x for x in (plan_title(group.plan, lang), group.plan.document) if x)
    subtitle = f"{plan_title(group.plan, lang)}  ·  {ctx.as_of_text()}"
    pdf.band(group.name, subtitle)
    rows, empty = split_no_data(group.rows)
    if len(rows):
        _table(pdf, rows)
    if len(empty):
        pdf.ln(1.5)
        names = "、" if lang == "zh" else "; "
        pdf.text_line(f"{t('report.no_data', lang)}（{len(empty)}）：" if lang == "zh" else
                      f"{t('report.no_data', lang)} ({len(empty)}): ", 8, 4.5, MUTED)
        pdf.text_line(names.join(indicator_name(r, lang) for r in empty.to_dict("records")), 8, 4.2)
    notes = figure_notes(rows, lang)
    if notes:
        pdf.ln(2)
        pdf.text_line(t("report.figure_notes", lang), 8, 4.5, MUTED)
        for note in notes:
            pdf.text_line(note, 7, 3.6, MUTED)
    ids = [i for i in rows["id"] if i in charts]
    if not ids:
        return
    names = dict(zip(rows["id"], (indicator_name(r, lang) for r in rows.to_dict("records")), strict=True))
    units = dict(zip(rows["id"], rows["unit"], strict=True))
    statuses = dict(zip(rows["id"], rows["status"], strict=True))
    cell_w = (WIDTH - GAP * (PER_ROW - 1)) / PER_ROW
    image_h = cell_w * vector.SIZE[1] / vector.SIZE[0]
    row_h = CAPTION_H + image_h + 3
    pdf.ln(3)
    if pdf.get_y() + 6 + row_h > pdf.page_break_trigger:
        pdf.add_page()
        pdf.band(group.name + t("report.continued", lang), subtitle)
    _legend(pdf, legend)
    for start in range(0, len(ids), PER_ROW):
        if pdf.get_y() + row_h > pdf.page_break_trigger:
            pdf.add_page()
            pdf.band(group.name + t("report.continued", lang), subtitle)
            _legend(pdf, legend)
        y = pdf.get_y()
        for col, ind in enumerate(ids[start:start + PER_ROW]):
            x = MARGIN + col * (cell_w + GAP)
            pdf.set_fill_color(*_rgb(STATUS_COLOURS[statuses[ind]]))
            pdf.rect(x, y + 0.8, 2.2, 2.2, style="F")
            caption = names[ind] + (f" ({units[ind]})" if units[ind] else "")
            for k, text in enumerate(pdf.lines(caption, cell_w - 3.5, 7, 2)):
                pdf.set_xy(x + 3.2, y + k * 3.4)
                pdf.cell(cell_w - 3.5, 3.4, text)
            _draw(pdf, charts[ind], x, y + CAPTION_H)
        pdf.set_xy(MARGIN, y + row_h)


def _legend(pdf: _Document, legend: vector.Chart) -> None:
    _draw(pdf, legend, MARGIN, pdf.get_y())
    pdf.set_xy(MARGIN, pdf.get_y() + legend.height + 1)


def export(ctx: ReportContext, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The PDF briefing as bytes."""
    cell_w = (WIDTH - GAP * (PER_ROW - 1)) / PER_ROW
    charts = vector.chart_layouts(ctx, cell_w, CHART_FONT, progress)
    legend = vector.legend(ctx.lang, WIDTH, 2.5)
    pdf = _Document(ctx)
    _summary(pdf)
    for group in ctx.groups:
        _group(pdf, group, charts, legend)
    return bytes(pdf.output())
