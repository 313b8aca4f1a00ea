"""Recover glyphs pdfium's text page leaves out, from pdfminer's reading of the same page.

pdfium builds a text object's box from its glyph widths; a non-embedded CID font with
a predefined CMap (STSong-Light / SimSun with UniGB-UCS2-H, as reportlab and iText
write it) gives zero widths, so a one-glyph object has a zero-width box and the text
page skips it: a wrapped header loses its last character, cells such as 类 or % vanish.
pdfium cannot tell its text either (FPDFTextObj_GetText reads the text page), so the
page is read again with pdfminer, only when such objects exist, and only the
characters printed where those objects start are taken.

The reading is pdfplumber's, made cheap without changing a value: the content stream
is tokenized by :mod:`govbudget.parsers.read.content_tokens` (pdfminer's own parser when that
declines), pdfminer's interpreter runs with a device that makes ``LTChar`` objects
only for characters that can reach a dropped run, and only those inside a run become
pdfplumber's dicts. The result is exactly what ``page.chars`` holds there, at about a
fifth of the cost.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from pdfminer import settings
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword, keyword_name

from govbudget.parsers.read.content_tokens import content_objects
from govbudget.parsers.page_model import Char

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DroppedRun:
    """Where a skipped text object prints: its baseline start and end, page space."""

    x0: float
    x1: float
    baseline: float
    size: float

    def holds(self, x0: float, top: float, bottom: float) -> bool:
        """Whether a character with this left edge and vertical extent belongs to the run."""
        slack = self.slack
        on_line = top - slack <= self.baseline <= bottom + slack
        return on_line and self.x0 - slack <= x0 <= self.x1 + slack

    @property
    def slack(self) -> float:
        return max(self.size * 0.25, 1.0)


class DroppedGlyphReader:
    """Reads skipped characters of one document; opens pdfminer on first need only."""

    def __init__(self, pdf: pdfium.PdfDocument):
        self._pdf = pdf
        self._plumber = None

    def __call__(self, page_number: int, runs: list[DroppedRun]) -> list[Char]:
        plumber = self._open()
        page = plumber.pages[page_number - 1]
        try:
            chars = [c for c in _chars_in_runs(plumber.rsrcmgr, page, runs) if c["text"].strip()]
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


@dataclass(frozen=True, slots=True)
class _Window:
    """Where a character of a run can start, in pdfminer's device space, with a margin."""

    x0: float
    x1: float
    baseline: float
    slack: float


class _CharsOnly(PDFLayoutAnalyzer):
    """pdfminer's layout device building only the characters that may fall in a window.

    Paths and images are ignored. A character whose box cannot reach any window only
    advances the pen (by what its ``LTChar`` would have advanced it), so pdfminer's
    per-character objects are made for the few candidates alone.
    """

    def __init__(self, rsrcmgr, pageno: int, windows: list[_Window]):
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.windows = windows

    def paint_path(self, *args, **kwargs) -> None:
        pass

    def render_image(self, *args, **kwargs) -> None:
        pass

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        if font.is_vertical():
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        adv = font.char_width(cid) * fontsize * scaling
        a, b, c, d, e, f = matrix
        descent = font.get_descent() * fontsize
        reach_v = max(abs(descent + rise), abs(descent + rise + fontsize))
        reach_x = abs(a) * abs(adv) + abs(c) * reach_v
        reach_y = abs(b) * abs(adv) + abs(d) * reach_v
        for w in self.windows:
            if e - reach_x <= w.x1 and e + reach_x >= w.x0 and abs(f - w.baseline) <= reach_y + w.slack:
                return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        return adv


class _FastInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter fed by :func:`content_objects`; pdfminer's own parser when that declines."""

    def execute(self, streams) -> None:
        valid = [stream_value(s) for s in streams]
        valid = [s for s in valid if s.objid is not None and s.objid not in self.parent_stream_ids]
        objects = None if settings.STRICT else content_objects([s.get_data() for s in valid])
        if objects is None:
            super().execute(streams)
            return
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid)
        operators: dict[PSKeyword, tuple | None] = {}
        for obj in objects:
            if not isinstance(obj, PSKeyword):
                self.push(obj)
                continue
            if obj not in operators:
                operators[obj] = self._operator(obj)
            if operators[obj] is None:
                continue
            func, nargs = operators[obj]
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()

    def _operator(self, keyword: PSKeyword) -> tuple | None:
        """The bound ``do_*`` method and its operand count, as pdfminer's ``execute`` finds them."""
        name = keyword_name(keyword)
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        func = getattr(self, method, None)
        return None if func is None else (func, func.__code__.co_argcount - 1)


def _chars_in_runs(rsrcmgr, page, runs: list[DroppedRun]) -> Iterator[dict]:
    """pdfplumber's dicts of the page's characters that start inside a run.

    Coordinates are tested with the expressions pdfplumber's ``process_object`` uses,
    so a character is kept exactly when ``page.chars`` would have yielded it here.
    """
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    device = _CharsOnly(rsrcmgr, page.page_number, [_window(run, mb_x0, mb_top, height) for run in runs])
    _FastInterpreter(rsrcmgr, device).process_page(page.page_obj)
    for item in _layout_chars(device.cur_item):
        x0 = item.x0 + mb_x0 if mb_x0 != 0 else item.x0
        top, bottom = (height - item.y1) + mb_top, (height - item.y0) + mb_top
        if any(run.holds(x0, top, bottom) for run in runs):
            yield page.process_object(item)


def _window(run: DroppedRun, mb_x0: float, mb_top: float, height: float) -> _Window:
    """The run moved back from pdfplumber's page space, widened by its slack plus a point."""
    slack = run.slack + 1.0
    return _Window(run.x0 - mb_x0 - slack, run.x1 - mb_x0 + slack, height + mb_top - run.baseline, slack)


def _layout_chars(container: LTContainer) -> Iterator[LTChar]:
    for item in container:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            yield from _layout_chars(item)


def _to_char(char: dict) -> Char:
    color = char.get("non_stroking_color")
    if color is not None and not isinstance(color, (tuple, list)):
        color = (color,)
    return Char(
        char["text"], char["x0"], char["top"], char["x1"], char["bottom"],
        size=round(char["size"], 2), fontname=char.get("fontname", ""), upright=bool(char.get("upright", True)),
        color=tuple(float(v) for v in color) if color and all(isinstance(v, (int, float)) for v in color) else None,
    )
