"""Which way up a page image is: scanned sideways or upside down happens.

Text lines are wide; on a page scanned sideways the detector's boxes come out
tall. Whether a (made) horizontal line reads forwards or upside down is what
rapidocr's direction classifier answers, box by box; the majority decides.
"""

from __future__ import annotations

import numpy as np

from govbudget.parsers.read.ocr.lines import PxBox
from govbudget.parsers.read.ocr.engine import engine
from govbudget.parsers.read.ocr.recognise import crop_bgr

SAMPLE = 12  # boxes asked; the classifier takes ~2 ms each


def is_sideways(boxes: list[PxBox]) -> bool:
    tall = sum(b[3] - b[1] > 1.5 * (b[2] - b[0]) for b in boxes)
    wide = sum(b[2] - b[0] > 1.5 * (b[3] - b[1]) for b in boxes)
    return tall >= 5 and tall > 2 * wide


def upside_down(gray: np.ndarray, boxes: list[PxBox]) -> bool:
    """Most of the longest text lines classify as turned by 180°."""
    longest = sorted((b for b in boxes if b[2] - b[0] > 2 * (b[3] - b[1])), key=lambda b: b[0] - b[2])[:SAMPLE]
    if len(longest) < 3:
        return False
    _, labels, _ = engine().text_cls([crop_bgr(gray, b) for b in longest])
    turned = sum(label == "180" and score > 0.8 for label, score in labels)
    return turned > len(longest) / 2


def turn(gray: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Rotate clockwise by ``quarter_turns`` × 90°."""
    return np.ascontiguousarray(np.rot90(gray, k=-quarter_turns)) if quarter_turns % 4 else gray
