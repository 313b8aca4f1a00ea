"""One page → its table pieces and the text lines outside them.

Ruled tables are found first (their cells are certain), then tables framed only by
horizontal rules among the remaining text. What is left becomes text lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govbudget.parsers.layout.caption_rows import lift_caption_rows
from govbudget.parsers.read.clean_chars import clean_chars
from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.grid_model import PageTable, PageText
from govbudget.parsers.read.ocr.detect import page_text, unreadable_share
from govbudget.parsers.page_model import Char, PageContent
from govbudget.parsers.layout.ruled_grid import cells_to_page_table, find_cell_groups
from govbudget.parsers.layout.text_grid import find_rule_framed_tables, find_unruled_tables
from govbudget.parsers.layout.text_lines import Line, group_lines, line_text, split_at_gaps

# ``- 18 -`` with either dash lost or read as 一/_/~ by OCR, ``第 3 页``, ``3/20``, ``18``
_DASH = r"[—–\-－一_~]"
_PAGE_NUMBER = re.compile(
    rf"^(?:{_DASH}\s*\d+\s*{_DASH}?|\d+\s*{_DASH}|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{{1,3}})$"
)


@dataclass(slots=True)
class PageLayout:
    page: int
    width: float
    height: float
    tables: list[PageTable] = field(default_factory=list)
    lines: list[PageText] = field(default_factory=list)
    has_text: bool = True
    blank: bool = False  # no text and no image: nothing to read, nothing to OCR
    source: str = "text"


def layout_page(content: PageContent, settings: ExtractSettings) -> PageLayout:
    layout = PageLayout(content.page_number, content.width, content.height, source=content.source)
    chars = clean_chars(content.chars, settings)
    if not has_readable_text(chars, settings):
        layout.has_text = False
        layout.blank = not content.has_images and not any(c.text.strip() for c in chars)
        return layout
    tables = [
        cells_to_page_table(cells, chars, content.page_number, settings)
        for cells in find_cell_groups(content.edges, settings)
    ]
    tables = [lift_caption_rows(t) for t in tables if t.rows and t.width >= 2]
    lines = group_lines([c for c in chars if not _inside_any(c, tables)], settings)
    framed = find_rule_framed_tables(content, lines, [t.bbox for t in tables], settings)
    lines = _outside(lines, framed)
    unruled = find_unruled_tables(content.page_number, lines, settings)
    lines = _outside(lines, unruled)
    tables.extend(framed + unruled)
    tables.sort(key=lambda t: t.bbox[1])
    layout.tables = tables
    layout.lines = page_texts(lines, content, settings)
    return layout


def _outside(lines: list[Line], tables: list[PageTable]) -> list[Line]:
    """The lines, or the parts of them, outside ``tables``."""
    if not tables:
        return lines
    out = []
    for line in lines:
        chars = [c for c in line.chars if not _inside_any(c, tables)]
        if len(chars) == len(line.chars):
            out.append(line)
        elif chars:
            out.append(Line(chars, min(c.top for c in chars), max(c.bottom for c in chars)))
    return out


def page_texts(lines: list[Line], content: PageContent, settings: ExtractSettings) -> list[PageText]:
    """Lines split at wide gaps (``单位名称：…      单位：万元``), page numbers dropped."""
    out = []
    for line in lines:
        for piece in split_at_gaps(line, 1.5):
            text = line_text(piece.chars, settings)
            if text and not (_PAGE_NUMBER.match(text) and _page_number_place(piece, content, settings)):
                out.append(PageText(text, content.page_number, piece.top, piece.bottom, piece.x0, piece.x1, piece.size))
    return out


def _page_number_place(piece: Line, content: PageContent, settings: ExtractSettings) -> bool:
    """In the top or bottom margin, centred or at an outer edge: where page numbers are
    printed. A lone ``301`` elsewhere is a class code of a rule-less table."""
    margin = settings.furniture_margin * content.height
    in_margin = piece.bottom <= margin or piece.top >= content.height - margin
    centre = (piece.x0 + piece.x1) / 2
    edge = 0.2 * content.width
    placed = abs(centre - content.width / 2) <= 0.1 * content.width or centre <= edge or centre >= content.width - edge
    return in_margin and placed


def has_readable_text(chars: list[Char], settings: ExtractSettings) -> bool:
    """False for pages with no characters or a text layer of unmapped glyphs."""
    text = page_text(chars)
    return bool(text) and unreadable_share(text) <= settings.max_garbage_share


def _inside_any(char: Char, tables: list[PageTable]) -> bool:
    if not tables:
        return False
    cy = (char.top + char.bottom) / 2
    return any(char.x0 < t.bbox[2] and char.x1 > t.bbox[0] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)
