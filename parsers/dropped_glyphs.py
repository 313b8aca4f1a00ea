"""Recover glyphs pdfium's text page leaves out, from pdfminer's reading of the same page.

pdfium builds a text object's box from its glyph widths; a non-embedded CID font with
a predefined CMap (STSong-Light / SimSun with UniGB-UCS2-H, as reportlab and iText
write it) gives zero widths, so a one-glyph object has a zero-width box and the text
page skips it: a wrapped header loses its last character, cells such as 类 or % vanish.
pdfium cannot tell its text either (FPDFTextObj_GetText reads the text page), so the
page is read again with pdfminer, only when such objects exist, and only the
characters printed where those objects start are taken.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pypdfium2 as pdfium

from parsers.page_model import Char

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DroppedRun:
    """Where a skipped text object prints: its baseline start and end, page space."""

    x0: float
    x1: float
    baseline: float
    size: float

    def holds(self, char: dict) -> bool:
        slack = max(self.size * 0.25, 1.0)
        on_line = char["top"] - slack <= self.baseline <= char["bottom"] + slack
        return on_line and self.x0 - slack <= char["x0"] <= self.x1 + slack


class DroppedGlyphReader:
    """Reads skipped characters of one document; opens pdfminer on first need only."""

    def __init__(self, pdf: pdfium.PdfDocument):
        self._pdf = pdf
        self._plumber = None

    def __call__(self, page_number: int, runs: list[DroppedRun]) -> list[Char]:
        page = self._open().pages[page_number - 1]
        try:
            chars = [c for c in page.chars if c["text"].strip() and any(r.holds(c) for r in runs)]
        finally:
            page.close()
        log.debug("recovered dropped glyphs", extra={"page": page_number, "runs": len(runs), "chars": len(chars)})
        return [_to_char(c) for c in chars]

    def _open(self):
        if self._plumber is None:
            import pdfplumber

            buffer = io.BytesIO()
            self._pdf.save(buffer)
            self._plumber = pdfplumber.open(buffer)
        return self._plumber

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None


def _to_char(char: dict) -> Char:
    color = char.get("non_stroking_color")
    if color is not None and not isinstance(color, (tuple, list)):
        color = (color,)
    return Char(
        char["text"], char["x0"], char["top"], char["x1"], char["bottom"],
        size=round(char["size"], 2), fontname=char.get("fontname", ""), upright=bool(char.get("upright", True)),
        color=tuple(float(v) for v in color) if color and all(isinstance(v, (int, float)) for v in color) else None,
    )
