"""PDF → RawExtraction: every table as a grid of printed texts, plus the text lines.

Pages are read with pdfium (fast), laid out one by one (tables and free lines),
then walked in order: each table piece gets the context lines above it (title,
number, unit…) and the notes below it, or continues the table of the page before.
OCR produces the same PageContent, so :func:`extract_pages` serves both.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pypdfium2 as pdfium

from govbudget.parsers.read.dropped_glyphs import DroppedGlyphReader
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS, ExtractSettings
from govbudget.parsers.assemble.furniture import drop_running_lines
from govbudget.parsers.layout.grid_model import PageTable, PageText
from govbudget.parsers.read.ocr import OcrMode, OcrSettings, ocr_page
from govbudget.parsers.read.ocr.detect import UNREADABLE, digit_damaged_pages, ocr_reason
from govbudget.parsers.read.page_notes import PageNotes
from govbudget.parsers.read.ocr.cell_confidence import PageReading, mark_ocr_tables
from govbudget.parsers.layout.page_layout import PageLayout, layout_page
from govbudget.parsers.page_model import PageContent, RawExtraction, RawTable, TextLine
from govbudget.parsers.read.pdfium_page import read_page
from govbudget.parsers.assemble.stitch import continue_table, fit_columns, repeated_header_count, start_table
from govbudget.parsers.assemble.table_context import CONTINUED, NOTE_START, read_heading, read_notes

log = logging.getLogger(__name__)


def extract_document(
    pdf: pdfium.PdfDocument, settings: ExtractSettings | None = None, ocr: OcrSettings | None = None
) -> RawExtraction:
    """Extract an opened PDF (see :func:`govbudget.parsers.read.pdf_input.open_pdf`).

    ``ocr`` decides which pages are read from their image instead (default: the
    pages that need it, see :func:`govbudget.parsers.read.ocr.should_ocr`). An OCR'd page whose
    text layer was unusable stays in ``pages_without_text``: the reader is told
    which figures come from a recogniser rather than from the PDF's own text.
    """
    settings = settings or DEFAULT_SETTINGS
    readings: dict[int, PageReading] = {}
    unusable: set[int] = set()
    notes = PageNotes()
    contents = _read_pages(pdf, settings, ocr or OcrSettings(), readings, unusable, notes)
    extraction = extract_pages(contents, settings, page_count=len(pdf))
    extraction.pages_without_text = sorted(unusable.union(extraction.pages_without_text))
    extraction.page_warnings = notes.warnings()
    mark_ocr_tables(extraction.tables, readings)
    return extraction


def extract_pages(
    contents: Iterable[PageContent], settings: ExtractSettings | None = None, page_count: int | None = None
) -> RawExtraction:
    """Extract from page contents in page order (text layer or OCR)."""
    settings = settings or DEFAULT_SETTINGS
    layouts = [layout_page(content, settings) for content in contents]
    drop_running_lines(layouts, settings)
    assembler = _Assembler(settings)
    for layout in layouts:
        assembler.add_page(layout)
    log.debug("extracted", extra={"pages": len(layouts), "tables": len(assembler.tables)})
    return RawExtraction(
        page_count=page_count if page_count is not None else len(layouts),
        lines=assembler.lines,
        tables=assembler.tables,
        pages_without_text=[layout.page for layout in layouts if not layout.has_text and not layout.blank],
        page_sources={layout.page: layout.source for layout in layouts},
    )


def _read_pages(
    pdf: pdfium.PdfDocument,
    settings: ExtractSettings,
    ocr: OcrSettings,
    readings: dict[int, PageReading],
    unusable: set[int],
    notes: PageNotes,
) -> list[PageContent]:
    """Each page's text layer, or its OCR where the mode asks and :func:`ocr_reason` finds
    the text layer unusable (recorded in ``readings``; unusable pages in ``unusable``).

    Text layers are read first, all of them (a few ms a page): whether a page's
    digits can be believed is judged with the whole document's. A text layer found
    unreadable is OCR'd, or with OCR off dropped (its figures would be invented);
    either way ``notes`` names the page and the reason.
    """
    mode = OcrMode(ocr.mode)
    contents: list[PageContent] = []
    reasons: dict[int, str | None] = {}
    recover = DroppedGlyphReader(pdf)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                content = read_page(page, index + 1, settings, recover)
                reasons[index + 1] = ocr_reason(content, page, ocr)
            finally:
                page.close()
            contents.append(content)
            notes.note_direction(content)
    finally:
        recover.close()
    for number in digit_damaged_pages(contents):
        reasons[number] = reasons[number] or "digits_off"
    for content in contents:
        reason = reasons[content.page_number]
        if reason is not None:
            unusable.add(content.page_number)
            notes.note_unreadable(content.page_number, reason, read=mode is not OcrMode.never)
        if mode is OcrMode.never:
            if reason in UNREADABLE:
                content.chars = []
            continue
        if reason is None and mode is not OcrMode.always:
            continue
        page = pdf[content.page_number - 1]
        try:
            read = ocr_page(page, content.page_number, ocr)
        finally:
            page.close()
        readings[read.page_number] = PageReading(read.chars)
        contents[content.page_number - 1] = read
    return contents


class _Assembler:
    """Walks pages in order, keeping the table that may continue on the next page."""

    def __init__(self, settings: ExtractSettings):
        self.settings = settings
        self.tables: list[RawTable] = []
        self.lines: list[TextLine] = []
        self.open_table: RawTable | None = None  # ended at the foot of the previous page
        self.open_piece: PageTable | None = None
        self.trailing_lines: list[PageText] = []  # lines after the last table of the page before

    def add_page(self, layout: PageLayout) -> None:
        used: set[int] = set()
        previous_bottom = float("-inf")
        lines = layout.lines
        first_table_top = layout.tables[0].bbox[1] if layout.tables else float("inf")
        if self.open_table is not None and lines and lines[0].top < first_table_top and NOTE_START.match(lines[0].text):
            # the note of a table that filled the page before, printed at this page's top
            note, note_lines = read_notes([l for l in lines if l.top < first_table_top], lines[0].top, 0.0)
            self.open_table.note = f"{self.open_table.note}\n{note}" if self.open_table.note else note
            used.update(id(l) for l in note_lines)
            self.open_table = None
        current: RawTable | None = None
        for index, piece in enumerate(layout.tables):
            above = [l for l in lines if previous_bottom <= l.top < piece.bbox[1] and id(l) not in used]
            # a title or number printed at the foot of the page before belongs here
            ctx = read_heading(self.trailing_lines + above if index == 0 else above)
            used.update(id(l) for l in ctx.used)
            nothing_else_above = all(id(l) in used for l in above)
            fitted = self._fits_open_table(piece, ctx.title, ctx.continued) if index == 0 and nothing_else_above else None
            if fitted is not None:
                continue_table(self.open_table, fitted, self._last_row_cut(fitted), self.settings)
                current = self.open_table
                piece = fitted
            else:
                current = self._start(piece, ctx)
            next_top = layout.tables[index + 1].bbox[1] if index + 1 < len(layout.tables) else float("inf")
            below = [l for l in lines if piece.bbox[3] <= l.top < next_top and id(l) not in used]
            note, note_lines = read_notes(below, piece.bbox[3], self.settings.note_gap, piece.bbox[2])
            if note:
                current.note = f"{current.note}\n{note}" if current.note else note
                used.update(id(l) for l in note_lines)
            previous_bottom = piece.bbox[3]
            self.open_piece = piece
        last_bottom = layout.tables[-1].bbox[3] if layout.tables else float("-inf")
        after_last = [l for l in lines if l.top >= last_bottom and id(l) not in used]
        self.open_table = current if current is not None and not after_last and not (current.note) else None
        if not layout.tables:
            self.open_table = None
        self.trailing_lines = after_last
        self.lines.extend(TextLine(l.text, l.page, l.top, l.x0, l.x1, l.size) for l in lines)

    def _fits_open_table(self, piece: PageTable, title: str | None, marked: bool) -> PageTable | None:
        """``piece`` on the open table's columns if it continues that table (a 续表 caption
        with no title of its own continues whatever table is open)."""
        table = self.open_table
        if table is None or not (title is None or _same_title(title, table.title)):
            return None
        fitted = fit_columns(table, piece, self.open_piece.col_edges if self.open_piece else [])
        if fitted is not None and title is not None and not marked and not repeated_header_count(table, fitted.rows):
            # same title but its own first rows: a new table of the same kind (forms)
            return None
        return fitted

    def _last_row_cut(self, piece: PageTable) -> bool:
        """Either side of the page break holds a multi-line cell (the row may be split)."""
        last = self.open_piece
        tall_before = bool(last and last.row_line_counts and last.row_line_counts[-1] > 1)
        tall_after = bool(piece.row_line_counts and piece.row_line_counts[0] > 1)
        return tall_before or tall_after

    def _start(self, piece: PageTable, ctx) -> RawTable:
        table = start_table(piece, ctx.title)
        table.number, table.unit, table.org_line = ctx.number, ctx.unit, ctx.org_line
        table.period, table.subtitle = ctx.period, ctx.subtitle
        if ctx.title_page is not None and ctx.title_page < piece.page:
            table.pages.insert(0, ctx.title_page)
        self.tables.append(table)
        return table


def _same_title(a: str, b: str) -> bool:
    """Equal titles, ignoring spaces and a continuation mark (续表 / （续）)."""
    return CONTINUED.sub("", "".join(a.split())) == CONTINUED.sub("", "".join(b.split()))
