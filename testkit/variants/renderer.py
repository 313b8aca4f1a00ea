"""Draw a disclosure (truth blocks + per-table layout) as a PDF with reportlab.

The blocks are the corpus truth's own shapes (``heading``, ``paragraph``,
``table``); a table block may carry a ``render`` dict saying how it is printed
(rules, number line, unit placement, page breaks). The page :class:`Layout`
holds what a producer varies for a whole document: margins, font sizes, a
separate Latin font for figures, running headers/footers, a watermark.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK))
PAD = 3.0


@dataclass(frozen=True)
class Layout:
    margin: float = 56.0
    body_size: float = 11.0
    cell_size: float = 9.0
    title_size: float = 15.0
    figure_font: str = CJK  # Latin font for cells holding figures (producers mix fonts)
    fake_bold_titles: bool = False  # titles printed twice, 0.3 pt apart
    running_header: str | None = None  # printed at the top of every page
    footer: str | None = "第 {page} 页"  # printed at the foot of every page
    watermark: str | None = None  # light grey diagonal text on every page


def _is_figure(text: str) -> bool:
    return bool(text) and all(ch in "0123456789.,-()%+ " for ch in text)


class Renderer:
    """A cursor over pages: blocks flow top to bottom, tables break across pages."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=A4)
        self.size = A4
        self.page = 0
        self.y = 0.0
        self._start_page(A4)

    # -- pages -----------------------------------------------------------------------
    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.layout.margin

    @property
    def bottom(self) -> float:
        return self.size[1] - self.layout.margin

    def _start_page(self, size) -> None:
        self.page += 1
        self.size = size
        self.canvas.setPageSize(size)
        self.y = self.layout.margin
        if self.layout.running_header:
            self.text(self.layout.margin, self.layout.margin - 24, self.layout.running_header, 8)
            rule = self.size[1] - self.layout.margin + 12  # the rule under the running header
            self.canvas.line(self.layout.margin, rule, self.size[0] - self.layout.margin, rule)

    def _finish_page(self) -> None:
        layout = self.layout
        if layout.footer:
            text = layout.footer.format(page=self.page)
            self.text((self.size[0] - self.text_width(text, 9)) / 2, self.size[1] - layout.margin + 22, text, 9)
        if layout.watermark:
            c = self.canvas
            c.saveState()
            c.setFillColorRGB(0.82, 0.82, 0.82)
            c.setFont(CJK, 44)
            c.translate(self.size[0] / 2, self.size[1] / 2)
            c.rotate(35)
            c.drawCentredString(0, 0, layout.watermark)
            c.restoreState()
        self.canvas.showPage()

    def new_page(self, size=None) -> None:
        self._finish_page()
        self._start_page(size or self.size)

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def save(self) -> bytes:
        self._finish_page()
        self.canvas.save()
        return self.buffer.getvalue()

    # -- text ------------------------------------------------------------------------
    def text_width(self, text: str, size: float, font: str = CJK) -> float:
        return pdfmetrics.stringWidth(text, font, size)

    def text(self, x: float, top: float, text: str, size: float, font: str = CJK, bold: bool = False) -> None:
        """``text`` with its top at ``top`` (top-left origin)."""
        c = self.canvas
        c.setFont(font, size)
        y = self.size[1] - top - size * 0.88
        c.drawString(x, y, text)
        if bold:
            c.drawString(x + 0.3, y, text)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, current = [], ""
        for ch in text:
            if current and self.text_width(current + ch, size) > width:
                lines.append(current)
                current = ""
            current += ch
        return lines + [current] if current else lines or [""]

    def heading(self, text: str, level: int) -> None:
        size = self.layout.title_size if level == 1 else self.layout.body_size + 1
        self.ensure(size * 2)
        x = (self.size[0] - self.text_width(text, size)) / 2 if level == 1 else self.layout.margin
        self.text(x, self.y, text, size, bold=self.layout.fake_bold_titles)
        self.y += size * 1.9

    def paragraph(self, text: str) -> None:
        size = self.layout.body_size
        indent = 2 * size
        for i, line in enumerate(self.wrap(text, self.width - indent, size)):
            self.ensure(size * 1.7)
            self.text(self.layout.margin + (indent if i == 0 else 0), self.y, line, size)
            self.y += size * 1.7
        self.y += size * 0.4

    # -- tables ----------------------------------------------------------------------
    def table(self, block: dict) -> None:
        """Title lines, then the grid; body rows break onto new pages as they must."""
        opts = block.get("render", {})
        if opts.get("landscape"):
            self.new_page(landscape(A4))
        elif opts.get("new_page") and self.y > self.layout.margin:
            self.new_page()
        self.ensure(opts.get("keep_with_title", 120))
        if opts.get("title_alone"):
            self.y = max(self.y, self.bottom - 90)
        self._table_heading(block, opts)
        if opts.get("title_alone"):  # the title at the foot of a page, the grid on the next
            self.new_page()
        grid = TableGrid(self, block, opts)
        grid.draw()
        if block.get("note"):
            for line in block["note"].split("\n"):
                self.ensure(self.layout.cell_size * 1.8)
                self.text(self.layout.margin, self.y + 4, line, self.layout.cell_size)
                self.y += self.layout.cell_size * 1.8
        self.y += 14
        if opts.get("landscape"):
            self.new_page(A4)

    def _table_heading(self, block: dict, opts: dict) -> None:
        size, small = self.layout.title_size, self.layout.cell_size + 1
        left, right = self.layout.margin, self.size[0] - self.layout.margin
        number, where = block.get("number"), opts.get("number_at", "above")
        if number and where == "above":
            self.text(left, self.y, number, small)
            self.y += small * 1.8
        parts = opts.get("title_lines") or [block["title"]]
        for part in parts:
            self.text((self.size[0] - self.text_width(part, size)) / 2, self.y, part, size, bold=self.layout.fake_bold_titles)
            self.y += size * 1.7
        if number and where == "right":
            self.text(right - self.text_width(number, small), self.y, number, small)
            self.y += small * 1.8
        unit = block.get("unit") and f"{opts.get('unit_label', '单位')}：{block['unit']}"
        org, period = block.get("org_line"), block.get("period")
        if period and opts.get("period_line"):
            self.text((self.size[0] - self.text_width(period, small)) / 2, self.y, period, small)
            self.y += small * 1.8
            period = None
        if org:
            self.text(left, self.y, org, small)
        if period:
            self.text((self.size[0] - self.text_width(period, small)) / 2, self.y, period, small)
        if unit:
            self.text(right - self.text_width(unit, small), self.y, unit, small)
        if org or period or unit:
            self.y += small * 1.9


class TableGrid:
    """One table's geometry: column widths, row heights, header wrapping, rules."""

    def __init__(self, renderer: Renderer, block: dict, opts: dict) -> None:
        self.r = renderer
        self.rows: list[list[str]] = block["rows"]
        self.n_header = block["header_rows"]
        self.rules = opts.get("rules", "grid")
        self.repeat_header = opts.get("repeat_header", True)
        self.break_after = set(opts.get("break_after", ()))  # body row indexes followed by a page break
        self.continued = opts.get("continued")  # how a continuation page is captioned (see _caption_continuation)
        self.block = block
        self.merges = {(r, c): (rs, cs) for r, c, rs, cs in block.get("merges", [])}
        self.covered = {
            (r + i, c + j) for (r, c), (rs, cs) in self.merges.items() for i in range(rs) for j in range(cs)
        } - set(self.merges)
        self.size = opts.get("cell_size", renderer.layout.cell_size)
        self.pad = PAD if self.rules == "grid" else PAD * 2.5  # unruled columns need visible gutters
        self.wrap_at = opts.get("wrap_body")  # body texts wrap within this many characters' width
        self._fit_columns(opts.get("widths"))

    def _font(self, text: str) -> str:
        return self.r.layout.figure_font if _is_figure(text) else CJK

    def _fit_columns(self, widths) -> None:
        n = len(self.rows[0])
        if widths is None:
            widths = [24.0] * n
            for i, row in enumerate(self.rows):
                for j, text in enumerate(row):
                    if (i, j) in self.covered or self.merges.get((i, j), (1, 1))[1] > 1:
                        continue
                    need = self.r.text_width(text, self.size, self._font(text)) + 2 * self.pad
                    if i < self.n_header:
                        need = min(need, 6 * self.size + 2 * self.pad)  # header labels wrap
                    elif self.wrap_at and not _is_figure(text):
                        need = min(need, self.wrap_at * self.size + 2 * self.pad)
                    widths[j] = max(widths[j], need)
        scale = min(1.0, self.r.width / sum(widths))
        self.size *= scale
        self.widths = [w * scale for w in widths]
        self.xs = [self.r.layout.margin]
        for w in self.widths:
            self.xs.append(self.xs[-1] + w)
        self.line_h = self.size * 1.35

    def _cell_lines(self, i: int, j: int) -> list[str]:
        text = self.rows[i][j]
        cs = self.merges.get((i, j), (1, 1))[1]
        width = self.xs[j + cs] - self.xs[j] - 2 * self.pad
        if i < self.n_header or (self.wrap_at and not _is_figure(text)):
            return self.r.wrap(text, width, self.size)
        return [text]

    def _row_height(self, i: int) -> float:
        lines = max((len(self._cell_lines(i, j)) for j in range(len(self.rows[i])) if (i, j) not in self.covered
                     and self.merges.get((i, j), (1, 1))[0] == 1), default=1)
        return max(lines * self.line_h, self.size * 1.6) + 2 * PAD

    def draw(self) -> None:
        heights = [self._row_height(i) for i in range(len(self.rows))]
        header_h = sum(heights[: self.n_header])
        self.r.ensure(header_h + (heights[self.n_header] if len(heights) > self.n_header else 0))
        top = self.r.y
        self._draw_rows(range(self.n_header), heights)
        header_bottom = self.r.y
        for k, i in enumerate(range(self.n_header, len(self.rows))):
            if self.r.y + heights[i] > self.r.bottom or (k - 1) in self.break_after:
                self._close_segment(top, header_bottom)
                self.r.new_page()
                if self.continued:
                    self._caption_continuation()
                top = self.r.y
                if self.repeat_header:
                    self._draw_rows(range(self.n_header), heights)
                header_bottom = self.r.y
            self._draw_rows([i], heights)
        self._close_segment(top, header_bottom)

    def _caption_continuation(self) -> None:
        """The lines over a continuation page: ``caption`` (续表, 续表1, （续）) alone, or with
        the title repeated (``title``: ``above`` / ``below`` the caption, ``inline`` after it)."""
        spec, r = self.continued, self.r
        size = r.layout.title_size
        caption = spec["caption"].format(n=self.block.get("ordinal", ""))
        where = spec.get("title")
        lines = {
            None: [caption],
            "inline": [self.block["title"] + caption],
            "above": [self.block["title"], caption],
            "below": [caption, self.block["title"]],
        }[where]
        for line in lines:
            if line == caption and spec.get("left"):  # a small 续表 at the top left
                r.text(r.layout.margin, r.y, line, r.layout.cell_size + 1)
                r.y += (r.layout.cell_size + 1) * 1.8
                continue
            r.text((r.size[0] - r.text_width(line, size)) / 2, r.y, line, size, bold=r.layout.fake_bold_titles)
            r.y += size * 1.7

    def _close_segment(self, top: float, header_bottom: float) -> None:
        if self.rules != "three_line":
            return
        c, h = self.r.canvas, self.r.size[1]
        c.setLineWidth(1.2)
        for y in (top, self.r.y):
            c.line(self.xs[0], h - y, self.xs[-1], h - y)
        c.setLineWidth(0.6)
        if header_bottom > top:
            c.line(self.xs[0], h - header_bottom, self.xs[-1], h - header_bottom)
        c.setLineWidth(1)

    def _draw_rows(self, indexes, heights) -> None:
        for i in indexes:
            for j, text in enumerate(self.rows[i]):
                if (i, j) in self.covered:
                    continue
                rs, cs = self.merges.get((i, j), (1, 1))
                x0, x1 = self.xs[j], self.xs[j + cs]
                y0, y1 = self.r.y, self.r.y + sum(heights[i : i + rs])
                if self.rules == "grid":
                    self.r.canvas.rect(x0, self.r.size[1] - y1, x1 - x0, y1 - y0)
                self._draw_text(i, j, x0, x1, y0, y1)
            self.r.y += heights[i]

    def _draw_text(self, i: int, j: int, x0: float, x1: float, y0: float, y1: float) -> None:
        lines = [line for line in self._cell_lines(i, j) if line]
        top = (y0 + y1 - len(lines) * self.line_h) / 2 + (self.line_h - self.size) / 2
        for k, line in enumerate(lines):
            font = self._font(line)
            width = self.r.text_width(line, self.size, font)
            if i < self.n_header:
                x = (x0 + x1 - width) / 2
            elif _is_figure(line) and j > 0:
                x = x1 - self.pad - width
            else:
                x = x0 + self.pad
            self.r.text(x, top + k * self.line_h, line, self.size, font)


def render(blocks: list[dict], layout: Layout) -> bytes:
    """The blocks, in reading order, as PDF bytes."""
    renderer = Renderer(layout)
    for block in blocks:
        if block["type"] == "heading":
            renderer.heading(block["text"], block["level"])
        elif block["type"] == "paragraph":
            renderer.paragraph(block["text"])
        elif block["type"] == "page_break":
            renderer.new_page()
        else:
            renderer.table(block)
    return renderer.save()
