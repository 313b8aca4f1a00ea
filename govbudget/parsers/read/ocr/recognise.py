"""What the text says: rapidocr (PP-OCRv4, models inside the wheel) on each box.

A doubtful reading is tried again on a crop cleaned of light marks (a watermark
behind a figure), and a lone round glyph of digit height is taken for the 0 it is.
"""

from __future__ import annotations

import numpy as np

from govbudget.parsers.read.ocr.engine import bgr, engine
from govbudget.parsers.read.ocr.lines import PxBox
from govbudget.parsers.read.ocr.placement import BOX_TO_EM, RecognisedLine, ink_middle, ink_spans, place_chars

_ZERO_LOOKALIKES = {"o", "O", "〇", "○", "。", "D", "Q", "()"}
SURE = 0.9  # readings below this confidence are tried again on a cleaned crop


def ink_level(crop: np.ndarray) -> float:
    """How dark a box's ink is (5th percentile grey): text is dark, watermarks are not."""
    return float(np.percentile(crop, 5)) if crop.size else 255.0


def recognise(gray: np.ndarray, boxes: list[PxBox], min_confidence: float = 0.5) -> list[RecognisedLine]:
    """Read every box; boxes read with less than ``min_confidence`` are dropped."""
    if not boxes:
        return []
    crops = [_crop(gray, b) for b in boxes]
    levels = [ink_level(c) for c in crops]
    page_level = float(np.median(levels))
    faint = page_level + (255 - page_level) / 2  # lighter than this: watermark or show-through
    results = _read(crops)
    doubtful = [i for i, r in enumerate(results) if r[1] < SURE]
    if doubtful:  # read again without light marks (a watermark behind a 0 reads as 01)
        crops_again = [without_light_marks(crops[i]) for i in doubtful]
        for i, crop, again in zip(doubtful, crops_again, _read(crops_again)):
            if again[1] > results[i][1]:
                crops[i], results[i] = crop, again
    lines = []
    for box, crop, level, (text, confidence, *word_info) in zip(boxes, crops, levels, results):
        if not text.strip() or level > faint:
            continue
        text = lone_zero(text, crop)
        if confidence < min_confidence and text != "0":
            continue
        line = RecognisedLine(box, text, float(confidence), middle=ink_middle(crop, box))
        line.chars = place_chars(box, text, *_columns(word_info[0]), ink_spans(crop))
        lines.append(line)
    return lines


def lone_zero(text: str, crop: np.ndarray) -> str:
    """A box holding one round glyph as tall as a digit is a 0 in these documents.

    The recogniser, given a lone 0 in a table cell, often answers o, O, 〇 or 。
    (with low confidence, which stays on the character)."""
    if text.strip() not in _ZERO_LOOKALIKES:
        return text
    rows = np.flatnonzero((crop < 128).any(axis=1))
    cols = np.flatnonzero((crop < 128).any(axis=0))
    if len(rows) == 0:
        return text
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    em = crop.shape[0] / BOX_TO_EM
    return "0" if height >= 0.4 * em and height >= 0.9 * width else text


def crop_bgr(gray: np.ndarray, box: PxBox) -> np.ndarray:
    return bgr(_crop(gray, box))


def _read(crops: list[np.ndarray]) -> list[tuple]:
    results, _ = engine().text_rec([bgr(c) for c in crops], True)
    return results


def without_light_marks(crop: np.ndarray, share: float = 0.4) -> np.ndarray:
    """The crop with marks much lighter than its darkest ink painted white."""
    paper, ink = float(np.median(crop)), float(np.percentile(crop, 0.5))
    cleared = crop.copy()
    cleared[crop > paper - share * (paper - ink)] = 255
    return cleared


def _crop(gray: np.ndarray, box: PxBox) -> np.ndarray:
    x0, top, x1, bottom = (int(round(v)) for v in box)
    return gray[max(top, 0) : bottom + 1, max(x0, 0) : x1 + 1]


def _columns(word_info) -> tuple[float, list[int], list[float]]:
    """(time steps spanning the crop, step of each character, confidence of each character)."""
    steps, _words, word_steps, _states, confidences = word_info
    return float(steps), [c for ws in word_steps for c in ws], [float(c) for c in confidences]
