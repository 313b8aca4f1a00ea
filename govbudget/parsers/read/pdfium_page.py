"""Read one page's characters, ruling lines and images with pdfium.

pdfminer needs ~50 ms to interpret a page; pdfium does it in ~3 ms. This module
produces the same :class:`PageContent` pdfplumber's objects would give (top-left
origin, points) so the table algorithms downstream do not care which engine read it.

Overlay text (watermarks such as 仅供内部审核: oblique, light grey or translucent) is
removed at the page-object level before the text page is built, so it never turns
into characters at all.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from govbudget.parsers.read.dropped_glyphs import DroppedRun
from govbudget.parsers.read.lookalikes import fold_lookalikes
from govbudget.parsers.read.text_direction import reading_direction
from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.page_model import Char, Edge, PageContent

_LINE_BREAKS = {"\r", "\n"}


@dataclass(slots=True)
class _Matrix:
    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def then(self, outer: "_Matrix") -> "_Matrix":
        """This transform followed by ``outer``."""
        return _Matrix(
            self.a * outer.a + self.b * outer.c,
            self.a * outer.b + self.b * outer.d,
            self.c * outer.a + self.d * outer.c,
            self.c * outer.b + self.d * outer.d,
            self.e * outer.a + self.f * outer.c + outer.e,
            self.e * outer.b + self.f * outer.d + outer.f,
        )

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f


def read_page(
    page: pdfium.PdfPage, page_number: int, settings: ExtractSettings,
    recover: Callable[[int, list[DroppedRun]], list[Char]] | None = None,
) -> PageContent:
    """Characters (overlays removed), edges and image presence of one page.

    ``recover`` reads the characters of text objects pdfium's text page skipped
    (see :mod:`govbudget.parsers.read.dropped_glyphs`); it is called only when there are some.
    """
    left, bottom, right, top = page.get_bbox()
    segments: list[tuple[float, float, float, float, bool]] = []
    texts: dict[int, _TextRun] = {}
    content = PageContent(page_number=page_number, width=right - left, height=top - bottom)
    _walk_objects(page.raw, None, _Matrix(), settings, segments, content, texts)
    textpage = page.get_textpage()  # after the walk: overlays are gone from it
    try:
        direction = reading_direction(textpage.raw, page.get_rotation())
        to_page = _page_transform(direction.rotation, left, bottom, right, top)
        if direction.rotation % 180:
            content.width, content.height = content.height, content.width
        content.turned, content.mixed_directions = direction.turned, direction.mixed
        content.edges = _segments_to_edges(segments, to_page, settings)
        content.chars = _read_chars(textpage.raw, to_page)
    finally:
        textpage.close()
    if recover is not None:
        printed = {char.run for char in content.chars}
        dropped = [run.on_page(to_page) for handle, run in texts.items() if handle not in printed and run.is_point]
        dropped = [run for run in dropped if run is not None]
        if dropped:
            content.chars.extend(recover(page_number, dropped))
    return content


@dataclass(slots=True)
class _TextRun:
    """A non-embedded-font text object: kept to notice when the text page skips it."""

    matrix: "_Matrix"  # text space → user space
    corners: list[tuple[float, float]]  # its box in user space
    size: float  # font size, text space units
    is_point: bool  # pdfium gave it no extent: the glyph widths it knows are zero

    def on_page(self, to_page) -> DroppedRun | None:
        """Where it prints on the page; None unless it reads left to right there."""
        ox, oy = to_page(self.matrix.e, self.matrix.f)
        ux, uy = to_page(*self.matrix.apply(1.0, 0.0))
        ux, uy = ux - ox, uy - oy
        if ux <= 0 or abs(uy) > 1e-6 * max(abs(ux), 1.0):
            return None
        xs = [to_page(x, y)[0] for x, y in self.corners]
        return DroppedRun(min(ox, *xs), max(ox, *xs), oy, self.size * ux)


def _page_transform(rotation: int, left: float, bottom: float, right: float, top: float):
    """Map PDF user space to top-left-origin display space, honouring /Rotate."""
    if rotation == 90:
        return lambda x, y: (y - bottom, x - left)
    if rotation == 180:
        return lambda x, y: (right - x, y - bottom)
    if rotation == 270:
        return lambda x, y: (top - y, right - x)
    return lambda x, y: (x - left, top - y)


def _walk_objects(holder, form, outer: _Matrix, settings, segments, content: PageContent, texts: dict) -> None:
    count = pdfium_c.FPDFFormObj_CountObjects(form) if form else pdfium_c.FPDFPage_CountObjects(holder)
    overlays = []
    for index in range(count):
        obj = pdfium_c.FPDFFormObj_GetObject(form, index) if form else pdfium_c.FPDFPage_GetObject(holder, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if _is_overlay_text(obj, settings):
                overlays.append(obj)
            else:
                _note_unembedded_text(obj, outer, texts)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _collect_path(obj, _object_matrix(obj).then(outer), settings, segments)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            content.has_images = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            _walk_objects(holder, obj, _object_matrix(obj).then(outer), settings, segments, content, texts)
    for obj in overlays:
        removed = pdfium_c.FPDFFormObj_RemoveObject(form, obj) if form else pdfium_c.FPDFPage_RemoveObject(holder, obj)
        if removed:
            pdfium_c.FPDFPageObj_Destroy(obj)


def _note_unembedded_text(obj, outer: _Matrix, texts: dict) -> None:
    """Remember text objects of non-embedded fonts (the ones pdfium may skip)."""
    if pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj)):
        return
    left, bottom, right, top = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    box = [(x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    is_point = max(right.value - left.value, top.value - bottom.value) < 1e-3
    handle = ctypes.c_void_p.from_buffer(obj).value or 0
    texts[handle] = _TextRun(_object_matrix(obj).then(outer), [outer.apply(x, y) for x, y in box], size.value, is_point)


def _object_matrix(obj) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _Matrix()
    return _Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def _fill_rgba(obj) -> tuple[int, int, int, int]:
    r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return (0, 0, 0, 255)
    return (r.value, g.value, b.value, a.value)


def _is_overlay_text(obj, settings: ExtractSettings) -> bool:
    """Oblique, light grey or translucent text: a watermark, not content.

    Text turned by a multiple of 90° is kept (vertical labels, rotated pages).
    """
    m = _object_matrix(obj)
    scale = math.hypot(m.a, m.b) or 1.0
    sin, cos = abs(m.b) / scale, abs(m.a) / scale
    if min(sin, cos) > settings.max_skew:
        return True
    r, g, b, a = _fill_rgba(obj)
    if a < settings.min_alpha * 255:
        return True
    lightness = min(r, g, b) / 255
    greyish = max(r, g, b) - min(r, g, b) < 40
    return greyish and lightness > settings.light_fill


def _collect_path(obj, matrix: _Matrix, settings: ExtractSettings, segments: list) -> None:
    """Straight axis-parallel pieces of a visible path, as (x0, y0, x1, y1, thin_fill)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE
    if not (filled or stroke.value):
        return  # clipping helper, draws nothing
    if _is_white(obj, filled, bool(stroke.value)):
        return
    points = _path_points(obj, matrix)
    if filled and not stroke.value:
        _collect_filled(points, settings, segments)
        return
    for subpath in points:
        for (x0, y0), (x1, y1) in zip(subpath, subpath[1:]):
            segments.append((x0, y0, x1, y1, False))


def _is_white(obj, filled: bool, stroked: bool) -> bool:
    if stroked:
        r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
        if min(r.value, g.value, b.value) < 245 and a.value > 0:
            return False
        if not filled:
            return True
    r, g, b, a = _fill_rgba(obj)
    return min(r, g, b) >= 245 or a == 0


def _path_points(obj, matrix: _Matrix) -> list[list[tuple[float, float]]]:
    """Sub-paths as point lists in user space; curves break a sub-path (never rules)."""
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = matrix.apply(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            if len(current) > 1:
                subpaths.append(current)
            current = [point]
        else:
            current.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
    if len(current) > 1:
        subpaths.append(current)
    return subpaths


def _collect_filled(points, settings: ExtractSettings, segments: list) -> None:
    """A filled thin rectangle is a rule along its long side; a wide one is a box (4 edges)."""
    for subpath in points:
        xs = [p[0] for p in subpath]
        ys = [p[1] for p in subpath]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 - x0 <= settings.max_rule_width and y1 - y0 > x1 - x0:
            mid = (x0 + x1) / 2
            segments.append((mid, y0, mid, y1, True))
        elif y1 - y0 <= settings.max_rule_width and x1 - x0 > y1 - y0:
            mid = (y0 + y1) / 2
            segments.append((x0, mid, x1, mid, True))
        else:
            for (ax, ay), (bx, by) in zip(subpath, subpath[1:]):
                segments.append((ax, ay, bx, by, False))


def _segments_to_edges(segments, to_page, settings: ExtractSettings) -> list[Edge]:
    edges: list[Edge] = []
    for x0, y0, x1, y1, _ in segments:
        (ax, ay), (bx, by) = to_page(x0, y0), to_page(x1, y1)
        if abs(ay - by) < 0.5 and abs(ax - bx) >= settings.min_rule_length:
            edges.append(Edge("h", min(ax, bx), (ay + by) / 2, max(ax, bx), (ay + by) / 2))
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= settings.min_rule_length:
            edges.append(Edge("v", (ax + bx) / 2, min(ay, by), (ax + bx) / 2, max(ay, by)))
    return edges


UNMAPPED = "\ufffd"  # what a glyph reads as when its font has no Unicode map for it


def _read_chars(raw, to_page) -> list[Char]:
    """Every printed (not pdfium-generated) character with its loose box and font size;
    radicals and compatibility ideographs read as the hanzi they print as.

    A glyph whose font maps its code to no Unicode (a Type0 font without ToUnicode
    whose embedded program has no usable cmap) is given by pdfium as its raw code,
    which can read as anything — a control code, a Latin letter, a digit, a hanzi. pdfium
    says so (FPDFText_HasUnicodeMapError), so such a glyph reads as :data:`UNMAPPED`,
    never as its code: :mod:`govbudget.parsers.read.ocr.detect` then doubts the page.
    """
    count = pdfium_c.FPDFText_CountChars(raw)
    has_map_error = pdfium_c.FPDFText_HasUnicodeMapError
    unmapped = {index for index in range(count) if has_map_error(raw, index) == 1}
    # pdfium's whole-page text loses step with the indexes around raw codes: read per char then
    text = _per_index(fold_lookalikes(_all_text(raw, count, per_char=bool(unmapped))))
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    text_object = pdfium_c.FPDFText_GetTextObject
    address = ctypes.c_void_p.from_buffer  # the text object handle as an integer
    sizes: dict[int, float] = {}  # one font size per text object
    chars: list[Char] = []
    for index in range(count):
        ch = UNMAPPED if index in unmapped else text[index]  # a raw code can read as a line break
        if not ch or ch in _LINE_BREAKS or (ch == " " and is_generated(raw, index)):
            continue
        get_box(raw, index, rect_ref)
        ax, ay = to_page(rect.left, rect.top)
        bx, by = to_page(rect.right, rect.bottom)
        run = address(text_object(raw, index)).value or 0
        size = sizes.get(run) if run else None
        if size is None:
            size = sizes[run] = round(get_size(raw, index), 2)
        chars.append(Char(ch, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), size=size, run=run))
    return chars


_HIGH_SURROGATE = re.compile("[\ud800-\udbff]")


def _per_index(text: str) -> str | list[str]:
    """One string per character index. pdfium gives a character beyond the BMP (such as
    a compatibility ideograph of the supplement) as two indexes, one per UTF-16 unit:
    the pair is joined (and folded) at the first index, the second left empty."""
    if not _HIGH_SURROGATE.search(text):
        return text
    chars = list(text)
    for i in range(len(chars) - 1):
        if "\ud800" <= chars[i] <= "\udbff" and "\udc00" <= chars[i + 1] <= "\udfff":
            joined = (chars[i] + chars[i + 1]).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            chars[i], chars[i + 1] = fold_lookalikes(joined), ""
    return chars


def _all_text(raw_textpage, count: int, per_char: bool = False) -> str:
    """The page text in one call; falls back per char if UTF-16 pairs break the 1:1 mapping,
    or when ``per_char`` (glyphs without a Unicode map shift the one-call text)."""
    if per_char:
        return "".join(chr(pdfium_c.FPDFText_GetUnicode(raw_textpage, i) or 0xFFFD) for i in range(count))
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(raw_textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(raw_textpage, i) or 0xFFFD) for i in range(count))
