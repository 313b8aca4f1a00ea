"""Drop characters that are not content: overlays and fake-bold copies.

pdfium_page already removes overlay text objects; these char-level filters cover
the same cases for characters that come from elsewhere (OCR, other readers) and
for producers that draw each glyph of a watermark as its own object.
"""

from __future__ import annotations

from collections import defaultdict

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.page_model import Char


def clean_chars(chars: list[Char], settings: ExtractSettings) -> list[Char]:
    return dedupe_chars(drop_overlay_chars(chars, settings), settings.dedupe_tolerance)


def drop_overlay_chars(chars: list[Char], settings: ExtractSettings) -> list[Char]:
    """Remove turned, light-grey and oversized-outlier characters."""
    if not chars:
        return chars
    sizes = sorted(c.size for c in chars if c.size > 0)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    kept = []
    for char in chars:
        if not char.upright or _is_light(char.color, settings.light_fill):
            continue
        if body and char.size > 3.5 * body and not char.text.strip():
            continue
        kept.append(char)
    return kept


def _is_light(color: tuple[float, ...] | None, threshold: float) -> bool:
    if not color:
        return False
    if len(color) == 1:  # grey
        return color[0] > threshold
    if len(color) == 4:  # CMYK: light when little ink
        return max(color) < 1 - threshold
    if len(color) >= 3:
        r, g, b = color[:3]
        return min(r, g, b) > threshold and max(r, g, b) - min(r, g, b) < 0.16
    return False


def dedupe_chars(chars: list[Char], tolerance: float) -> list[Char]:
    """Keep the first of identical characters drawn at (almost) the same place.

    Word processors fake bold by drawing a glyph twice a fraction of a point apart;
    pdfplumber's ``dedupe_chars`` does the same check. Copies come from separate
    drawing operations: glyphs of one string that overprint each other (a run of
    dashes squeezed into a cell) are all kept.
    """
    step = 2 * max(tolerance, 0.05)  # a copy lies in the same cell or the nearer neighbour
    cells: dict[tuple[str, int, int], list[Char]] = defaultdict(list)
    kept = []
    for char in chars:
        if not char.text.strip():
            kept.append(char)
            continue
        col, row = int(char.x0 // step), int(char.top // step)
        near_col = col - 1 if char.x0 - col * step < step / 2 else col + 1
        near_row = row - 1 if char.top - row * step < step / 2 else row + 1
        if not any(
            _same_place(other, char, tolerance)
            for key in ((char.text, col, row), (char.text, near_col, row), (char.text, col, near_row), (char.text, near_col, near_row))
            for other in cells.get(key, ())
        ):
            cells[(char.text, col, row)].append(char)
            kept.append(char)
    return kept


def _same_place(other: Char, char: Char, tolerance: float) -> bool:
    same_run = other.run and other.run == char.run  # '———' is one string, not a copy
    return not same_run and abs(other.x0 - char.x0) <= tolerance and abs(other.top - char.top) <= tolerance
