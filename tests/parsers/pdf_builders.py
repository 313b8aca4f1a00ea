"""Small synthetic PDFs with reportlab, one property each, for parser tests.

Each builder returns PDF bytes. Tables are drawn cell by cell with a CJK CID font
(STSong-Light, no embedding needed), at known positions, so a test can state
exactly which grid it expects.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_W, PAGE_H = A4
LEFT = 60.0
ROW_H = 20.0
SIZE = 9.0

Rows = Sequence[Sequence[str]]


def _canvas(buffer: io.BytesIO, **kwargs) -> canvas.Canvas:
    c = canvas.Canvas(buffer, pagesize=A4, **kwargs)
    c.setFont(FONT, SIZE)
    return c


def _text(c: canvas.Canvas, x: float, top: float, text: str, size: float = SIZE, bold: bool = False) -> None:
    """Draw ``text`` with its top at ``top`` (top-left origin); bold = drawn twice 0.3pt apart."""
    c.setFont(FONT, size)
    y = PAGE_H - top - size
    c.drawString(x, y, text)
    if bold:
        c.drawString(x + 0.3, y, text)


def _title(c: canvas.Canvas, title: str | None, top: float, unit: str | None = "单位：万元") -> float:
    if title:
        _text(c, LEFT, top, title, size=14)
        top += 26
    if unit:
        _text(c, LEFT, top, unit)
        top += 16
    return top


def _grid(
    c: canvas.Canvas, rows: Rows, top: float, widths: Sequence[float], merges=(), lines: str = "grid", header_rows: int = 1
) -> float:
    """Draw a table; ``lines`` is 'grid', 'filled' (rules as thin filled boxes),
    'three_line' or 'none'. Returns its bottom."""
    covered = {
        (r, col)
        for (r0, c0, rs, cs) in merges
        for r in range(r0, r0 + rs)
        for col in range(c0, c0 + cs)
        if (r, col) != (r0, c0)
    }
    spans = {(r0, c0): (rs, cs) for (r0, c0, rs, cs) in merges}
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            if (r, col) in covered:
                continue
            rs, cs = spans.get((r, col), (1, 1))
            x0, x1 = xs[col], xs[col + cs]
            y0, y1 = top + r * ROW_H, top + (r + rs) * ROW_H
            if lines == "grid":
                c.rect(x0, PAGE_H - y1, x1 - x0, y1 - y0)
            elif lines == "filled":  # borders as thin filled rectangles, as spreadsheet exports draw them
                for bx, by, bw, bh in (
                    (x0, y0, x1 - x0, 0.5),
                    (x0, y1, x1 - x0, 0.5),
                    (x0, y0, 0.5, y1 - y0),
                    (x1, y0, 0.5, y1 - y0),
                ):
                    c.rect(bx, PAGE_H - by - bh, bw, bh, stroke=0, fill=1)
            if text:
                width = pdfmetrics.stringWidth(text, FONT, SIZE)
                _text(c, (x0 + x1 - width) / 2, (y0 + y1 - SIZE) / 2, text)
    bottom = top + len(rows) * ROW_H
    if lines == "three_line":
        header_bottom = top + ROW_H * header_rows
        for y in (top, header_bottom, bottom):
            c.line(LEFT, PAGE_H - y, xs[-1], PAGE_H - y)
    return bottom


def table_pdf(
    rows: Rows,
    widths: Sequence[float],
    merges=(),
    lines: str = "grid",
    title: str | None = "2025年测试收支总表",
    note: str | None = None,
    fake_bold: bool = False,
    watermark: str | None = None,
    header_rows: int = 1,
    unit: str | None = "单位：万元",
) -> bytes:
    """One page, one table under a title and a unit line (three-line: rule under ``header_rows``)."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    top = _title(c, title, 60, unit)
    bottom = _grid(c, rows, top, widths, merges, lines, header_rows)
    if note:
        _text(c, LEFT, bottom + 6, note)
    if fake_bold:
        _text(c, LEFT, bottom + 40, "加粗说明文字", bold=True)
    if watermark:
        _draw_watermark(c, watermark)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _draw_watermark(c: canvas.Canvas, text: str) -> None:
    c.saveState()
    c.setFillColorRGB(0.75, 0.75, 0.75)
    c.setFont(FONT, 40)
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(35)
    c.drawString(-120, 0, text)
    c.restoreState()


def two_page_table_pdf(
    header: Rows,
    first: Rows,
    second: Rows,
    widths: Sequence[float],
    repeat_header: bool,
    lines: str = "grid",
    running_header: str | None = None,
    pages: int = 2,
    continued_title: str | None = None,
) -> bytes:
    """A table whose rows continue on page 2, with or without the header repeated.

    ``running_header`` prints a page header and a page footer on every page;
    ``pages`` > 2 adds text-only pages after the table (so furniture repeats);
    ``continued_title`` prints a title such as 2025年测试支出总表（续） over page 2.
    """
    buffer = io.BytesIO()
    c = _canvas(buffer)
    for number in range(1, pages + 1):
        if running_header:
            _text(c, LEFT, 30, running_header)
            _text(c, PAGE_W / 2, PAGE_H - 40, f"第 {number} 页")
        if number == 1:
            top = _title(c, "2025年测试支出总表", 60)
            _grid(c, list(header) + list(first), top, widths, lines=lines)
        elif number == 2:
            top = _title(c, continued_title, 60, unit=None) if continued_title else 60
            _grid(c, (list(header) if repeat_header else []) + list(second), top, widths, lines=lines)
        else:
            _text(c, LEFT, 60, "说明文字")
        c.showPage()
        c.setFont(FONT, SIZE)
    c.save()
    return buffer.getvalue()


def image_only_pdf(blank_page: bool = False) -> bytes:
    """Page 1 has text; page 2 only an image (a scan); optionally a blank page 3."""
    from PIL import Image

    buffer = io.BytesIO()
    c = _canvas(buffer)
    _text(c, LEFT, 60, "第一页有文字")
    c.showPage()
    image = Image.new("RGB", (200, 100), "white")
    c.drawInlineImage(image, LEFT, PAGE_H - 300, 200, 100)
    c.showPage()
    if blank_page:
        c.showPage()
    c.save()
    return buffer.getvalue()


def garbage_text_pdf() -> bytes:
    """A page whose text layer is unmapped glyph codes, as pdfminer prints them."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    c.setFont("Helvetica", 9)
    for i in range(10):
        c.drawString(LEFT, PAGE_H - 60 - i * 14, "(cid:12)(cid:345)(cid:67)(cid:8)(cid:910)")
    c.showPage()
    c.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """Encrypted; with ``user_password=""`` it opens without one (owner restrictions only)."""
    from reportlab.lib import pdfencrypt

    buffer = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", canCopy=0)
    c = _canvas(buffer, encrypt=encrypt)
    _text(c, LEFT, 60, "加密")
    c.showPage()
    c.save()
    return buffer.getvalue()


def text_pdf(lines: Sequence[str]) -> bytes:
    buffer = io.BytesIO()
    c = _canvas(buffer)
    for i, line in enumerate(lines):
        _text(c, LEFT, 60 + i * 16, line)
    c.showPage()
    c.save()
    return buffer.getvalue()


def text_with_inline_image_pdf(lines: Sequence[str]) -> bytes:
    """``text_pdf`` plus a small inline image (``BI … ID … EI`` in the content stream)."""
    from PIL import Image

    buffer = io.BytesIO()
    c = _canvas(buffer)
    c.drawInlineImage(Image.new("L", (4, 4), 128), LEFT, 40, 8, 8)
    for i, line in enumerate(lines):
        _text(c, LEFT, 60 + i * 16, line)
    c.showPage()
    c.save()
    return buffer.getvalue()


def rotated_pdf(data: bytes, rotation: int) -> bytes:
    """``data``'s first page drawn turned in user space and shown upright by /Rotate,
    as scanners and spreadsheet exports write landscape pages."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    w, h = src[0].get_size()
    page = out.new_page(h, w) if rotation % 180 else out.new_page(w, h)
    content = src.page_as_xobject(0, out).as_pageobject()
    shift = {90: (h, 0), 180: (w, h), 270: (0, w)}[rotation]
    content.transform(pdfium.PdfMatrix().rotate(rotation, ccw=True).translate(*shift))
    page.insert_obj(content)
    page.gen_content()
    page.set_rotation(rotation)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
