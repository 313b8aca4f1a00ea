"""Tables read from OCR'd pages say so, and each cell carries the recogniser's confidence.

The grid code works on texts, so a cell's characters are found again in its
page's recognised text: the cell's confidence is the lowest of its characters',
over every place that text occurs on the page (a figure printed twice gets the
worse reading). A cell whose text is not one run on the page (wrapped over
lines) gets no confidence rather than a guessed one.
"""

from __future__ import annotations

from govbudget.parsers.page_model import Char, RawTable


class PageReading:
    """A page's OCR characters as one string, with each character's confidence."""

    def __init__(self, chars: list[Char]):
        kept = [c for c in chars if c.text.strip()]
        self.text = "".join(c.text for c in kept)
        self.confidences = [c.confidence if c.confidence is not None else 1.0 for c in kept]

    def confidence_of(self, text: str) -> float | None:
        needle = "".join(text.split())
        if not needle:
            return None
        lowest, start = None, self.text.find(needle)
        while start >= 0:
            here = min(self.confidences[start : start + len(needle)])
            lowest = here if lowest is None else min(lowest, here)
            start = self.text.find(needle, start + 1)
        return lowest


def mark_ocr_tables(tables: list[RawTable], readings: dict[int, PageReading]) -> None:
    """``source='ocr'`` on tables with a row from an OCR'd page; confidences on their cells."""
    for table in tables:
        if not any(page in readings for page in table.row_pages):
            continue
        table.source = "ocr"
        for row, page in zip(table.rows, table.row_pages):
            reading = readings.get(page)
            if reading is None:
                continue
            for cell in row:
                cell.confidence = reading.confidence_of(cell.text)
