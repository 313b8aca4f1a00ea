"""One page image → :class:`PageContent`: the only OCR function the extractor calls.

render → turn upright and deskew → detect text boxes → find rules → erase rules → cut boxes at
vertical rules → recognise → characters + edges in PDF points. Everything after
this (regions, grid, headers, rows, checks) is the text-layer code, unchanged.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from govbudget.parsers.read.ocr.lines import PxBox, erase_rules, estimate_skew, find_rules, rotate, rules_to_edges
from govbudget.parsers.read.ocr.orient import is_sideways, turn, upside_down
from govbudget.parsers.read.ocr.boxes import detect_boxes, join_boxes, missed_ink_boxes, split_at_rules
from govbudget.parsers.read.ocr.placement import BOX_TO_EM, to_chars
from govbudget.parsers.read.ocr.recognise import recognise
from govbudget.parsers.read.ocr.render import PageImage, detection_budget, render_page, within_budget
from govbudget.parsers.read.ocr.settings import OcrSettings
from govbudget.parsers.page_model import PageContent

log = logging.getLogger(__name__)

_DEFAULT_LINE_PT = 14.0  # text-line height assumed on a page where nothing was detected
_MIN_DETECTED_PX = 14  # text lines lower than this at detection size are detected again, finer


def upright(image: PageImage, settings: OcrSettings) -> tuple[np.ndarray, list[PxBox], float, int]:
    """The page deskewed and the right way up, with its text boxes.

    Returns (pixels, boxes, skew in degrees, clockwise quarter turns applied).
    A sideways page is turned a quarter, then checked for upside down like any page.
    """
    turns = 0
    for _ in range(3):
        pixels = turn(image.pixels, turns)
        angle = estimate_skew(pixels, settings.max_skew_degrees)
        gray = rotate(pixels, angle)
        boxes = detect_text(gray, image.scale, settings)
        if is_sideways(boxes):
            turns += 1
        elif upside_down(gray, boxes):
            turns += 2
        else:
            break
    return gray, boxes, angle, turns % 4


def detect_text(gray: np.ndarray, scale: float, settings: OcrSettings) -> list[PxBox]:
    """Text boxes, detected at ``settings.detection_dpi``, or finer when text is small there."""
    cap = within_budget(gray.size, detection_budget(settings.dpi, settings.detection_dpi))
    factor = min(settings.detection_dpi / (scale * 72), cap)
    boxes = detect_boxes(gray, factor)
    if boxes and factor < 1.0 and np.median([b[3] - b[1] for b in boxes]) * factor < _MIN_DETECTED_PX:
        boxes = detect_boxes(gray, min(2 * factor, 1.0))
    return boxes


def ocr_page(pdf_page, page_number: int, settings: OcrSettings = OcrSettings()) -> PageContent:
    """OCR a pypdfium2 page (``page_number`` is 1-based)."""
    return ocr_image(render_page(pdf_page, settings.dpi), page_number, settings)


def ocr_image(image: PageImage, page_number: int, settings: OcrSettings = OcrSettings()) -> PageContent:
    started = time.perf_counter()
    gray, boxes, angle, turns = upright(image, settings)
    line_height = float(np.median([b[3] - b[1] for b in boxes])) if boxes else _DEFAULT_LINE_PT * image.scale
    rules = find_rules(gray, line_height, boxes)
    clean = erase_rules(gray, rules)
    boxes = join_boxes(boxes, missed_ink_boxes(clean, boxes, line_height), line_height / BOX_TO_EM)
    pieces = [piece for box in boxes for piece in split_at_rules(box, rules)]
    lines = recognise(clean, pieces, settings.min_confidence)
    content = PageContent(
        page_number=page_number,
        width=gray.shape[1] / image.scale,
        height=gray.shape[0] / image.scale,
        chars=to_chars(lines, image.scale),
        edges=rules_to_edges(rules, image.scale),
        source="ocr",
        has_images=True,
    )
    log.info(
        "ocr page",
        extra={
            "page": page_number,
            "skew_degrees": round(angle, 3),
            "quarter_turns": turns,
            "boxes": len(pieces),
            "rules": len(rules),
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return content
