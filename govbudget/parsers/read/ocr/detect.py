"""Which pages need OCR: no text layer over a page image, or a text layer nobody can read.

Cheap by design (it runs on every page): it looks only at the characters the
text layer already produced and at the page's object list, never at pixels.
A text layer is unreadable when it is mostly unmapped glyphs, has any glyph its font
could not map to Unicode (pdfium says so; the glyph may be a digit of a figure),
Latin mojibake, hanzi with no budget vocabulary, or digits that are not the digits printed
(:mod:`govbudget.parsers.read.text_layer`; the digit verdict needs the whole document,
see :func:`digit_damaged_pages`).
"""

from __future__ import annotations

import re
import unicodedata

import pypdfium2.raw as pdfium_c

from govbudget.parsers.read import text_layer
from govbudget.parsers.read.ocr.settings import OcrMode, OcrSettings
from govbudget.parsers.page_model import Char, PageContent

_CID = re.compile(r"\(cid:\d+\)")
_COVER_GRID = 64  # image coverage is measured on a 64×64 grid over the page
_MANY_PATHS = 300  # a page of outlined text (no fonts) draws hundreds of paths

# why a text layer was not believed, as the warnings say it
UNREADABLE = {
    "unreadable_text": "unmapped glyphs",
    "mojibake": "Latin letters instead of hanzi",
    "foreign_characters": text_layer.FOREIGN,
    "no_vocabulary": text_layer.NO_VOCABULARY,
    "digits_off": text_layer.DIGITS_OFF,
}


def _unreadable_codepoint(ch: str) -> bool:
    cp = ord(ch)
    if ch in "\t\n\r":
        return False
    return (
        cp < 0x20
        or 0x7F <= cp <= 0x9F
        or cp == 0xFFFD
        or 0xE000 <= cp <= 0xF8FF  # private use
        or cp >= 0xF0000  # supplementary private use
    )


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def page_text(chars: list[Char]) -> str:
    return "".join(c.text for c in chars if c.text.strip())


def readable_text(text: str) -> str:
    """The text without glyphs the text layer could not map to Unicode:
    ``(cid:N)`` (one char or spelled out), private use, U+FFFD, control codes."""
    return "".join(ch for ch in _CID.sub("", text) if not _unreadable_codepoint(ch))


def unreadable_share(text: str) -> float:
    return 1 - len(readable_text(text)) / len(text) if text else 0.0


def unmapped_glyphs(text: str) -> int:
    """Glyphs whose font gave no Unicode (pdfium's map error, read as U+FFFD by
    :func:`govbudget.parsers.read.pdfium_page._read_chars`). Their true characters are
    unknown, whatever the rest of the page reads as: a Type0 font without ToUnicode
    reads as raw CIDs, which can spell plausible text and wrong figures."""
    return text.count("\ufffd")


def looks_like_mojibake(text: str) -> bool:
    """Chinese text decoded with the wrong map: many letters, (almost) no CJK.

    Pages of figures are legitimately CJK-poor, so only letters count against a page.
    """
    if len(text) < 40:
        return False
    cjk = sum(is_cjk(ch) for ch in text)
    letters = sum(unicodedata.category(ch).startswith("L") and not is_cjk(ch) for ch in text)
    return cjk / len(text) < 0.03 and letters / len(text) > 0.5


def image_cells(pdf_page) -> set[tuple[int, int]]:
    """The (row, column) cells of a 64×64 grid over the page (top row first) under an image."""
    width, height = pdf_page.get_size()
    cells: set[tuple[int, int]] = set()
    if width <= 0 or height <= 0:
        return cells
    for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        x0, x1 = (_grid_index(v, width) for v in (left, right))
        y0, y1 = (_grid_index(v, height) for v in (height - top, height - bottom))
        cells.update((row, col) for row in range(y0, y1) for col in range(x0, x1))
    return cells


def _grid_index(value: float, size: float) -> int:
    return round(min(max(value, 0.0), size) / size * _COVER_GRID)


def chars_on(cells: set[tuple[int, int]], chars: list[Char], width: float, height: float) -> list[Char]:
    """The characters whose centre lies on one of ``cells``."""
    if width <= 0 or height <= 0:
        return []
    last = _COVER_GRID - 1
    return [
        c
        for c in chars
        if (
            min(int((c.top + c.bottom) / 2 / height * _COVER_GRID), last),
            min(int((c.x0 + c.x1) / 2 / width * _COVER_GRID), last),
        )
        in cells
    ]


def path_count(pdf_page) -> int:
    return sum(1 for _ in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))


def ocr_reason(
    content: PageContent, pdf_page, settings: OcrSettings = OcrSettings(), expect_cjk: bool = True
) -> str | None:
    """Why this page needs OCR (``image_only``, ``outlined_text``, ``unreadable_text``,
    ``mojibake``, ``foreign_characters``, ``no_vocabulary``), or None when its text layer is good on its own
    (its digits are judged with the whole document's: :func:`digit_damaged_pages`)."""
    text = page_text(content.chars)
    images = image_cells(pdf_page)
    if len(images) >= settings.image_cover_ratio * _COVER_GRID**2:
        # a scan, perhaps with a typed header or page number; a searchable scan's
        # invisible text layer lies over the image and is used instead
        over = page_text(chars_on(images, content.chars, content.width, content.height))
        if len(readable_text(over)) < settings.min_text_chars:
            return "image_only"
    elif len(readable_text(text)) < settings.min_text_chars and path_count(pdf_page) >= _MANY_PATHS:
        return "outlined_text"
    if unreadable_share(text) >= settings.garbage_ratio or unmapped_glyphs(text) > settings.max_unmapped_glyphs:
        return "unreadable_text"
    if expect_cjk and looks_like_mojibake(text):
        return "mojibake"
    if expect_cjk and text_layer.ENABLED and len(text) >= settings.min_text_chars:
        if text_layer.foreign_share(text) >= text_layer.MAX_FOREIGN:
            return "foreign_characters"
    if expect_cjk and text_layer.ENABLED and text_layer.vocabulary_verdict(text):
        return "no_vocabulary"
    return None


def digit_damaged_pages(contents: list[PageContent]) -> set[int]:
    """Pages whose digits read as other digits: their own years and codes are implausible,
    or they have too few to judge and the document's are (one font prints them all)."""
    if not text_layer.ENABLED:
        return set()
    texts = {c.page_number: text_layer.spaced_text(c.chars) for c in contents if c.source == "text"}
    evidence = {page: text_layer.digit_evidence(text) for page, text in texts.items()}
    document = sum(evidence.values(), text_layer.DigitEvidence())
    return {
        page
        for page, found in evidence.items()
        if found.off
        or (not found.judged and document.off and text_layer.has_digits(texts[page]))
    }


def needs_ocr(
    content: PageContent, pdf_page, settings: OcrSettings = OcrSettings(), expect_cjk: bool = True
) -> bool:
    return ocr_reason(content, pdf_page, settings, expect_cjk) is not None


def should_ocr(
    content: PageContent, pdf_page, settings: OcrSettings = OcrSettings(), expect_cjk: bool = True
) -> bool:
    """The ``--ocr auto|always|never`` decision for one page."""
    mode = OcrMode(settings.mode)
    if mode is OcrMode.never:
        return False
    if mode is OcrMode.always:
        return True
    return needs_ocr(content, pdf_page, settings, expect_cjk)
