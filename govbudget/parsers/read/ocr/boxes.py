"""Where the text is: line boxes from the detector, plus the ink it missed.

Detection runs on a reduced copy of the page (DB's cost grows with pixels);
boxes come back in full-resolution pixels. A box that runs across a vertical
rule is cut there *before* recognition, so two cells are never read as one string.
"""

from __future__ import annotations

import cv2
import numpy as np

from govbudget.parsers.read.ocr.engine import bgr, engine
from govbudget.parsers.read.ocr.lines import PxBox, Rule
from govbudget.parsers.read.ocr.placement import BOX_TO_EM


def detect_boxes(gray: np.ndarray, factor: float = 1.0) -> list[PxBox]:
    """Axis-aligned text-line boxes (pixels of ``gray``); detection runs at ``factor`` size."""
    small = gray if factor == 1.0 else cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    quads, _ = engine().text_det(bgr(small))
    if quads is None or len(quads) == 0:
        return []
    boxes = [
        (float(q[:, 0].min() / factor), float(q[:, 1].min() / factor),
         float(q[:, 0].max() / factor), float(q[:, 1].max() / factor))
        for q in quads
    ]
    return sorted(boxes, key=lambda b: (round(b[1]), b[0]))


def missed_ink_boxes(gray: np.ndarray, boxes: list[PxBox], line_height: float) -> list[PxBox]:
    """Boxes around dark ink no detected box covers.

    DB detection drops short, thin-stroked text (一、, a lone 0 in a cell); the
    recogniser reads it fine given a line-high crop around it. Only dark ink
    counts, so a light watermark never becomes text.
    """
    ink = (gray < 128).astype(np.uint8)
    for x0, top, x1, bottom in boxes:
        ink[max(int(top) - 2, 0) : int(bottom) + 3, max(int(x0) - 2, 0) : int(x1) + 3] = 0
    em = line_height / BOX_TO_EM
    grouped = cv2.dilate(ink, np.ones((max(int(em * 0.4), 1), max(int(em * 0.5), 1)), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    found = []
    for x, y, w, h, area in stats[1:count]:
        if area < em * em * 0.05 or h > 2 * line_height or (w > 3 * em and h < 0.3 * em):
            continue  # a speck, a picture, or what is left of a rule
        middle = y + h / 2
        half = max(line_height, h) / 2
        found.append((max(x - em * 0.2, 0), max(middle - half, 0), x + w + em * 0.2, middle + half))
    return found


def join_boxes(boxes: list[PxBox], extra: list[PxBox], em: float) -> list[PxBox]:
    """``extra`` boxes merged into a box they continue on the same line, else added.

    The recogniser reads 一、 far better as the start of its line than alone.
    """
    joined = list(boxes)
    for box in extra:
        for k, other in enumerate(joined):
            overlap = min(box[3], other[3]) - max(box[1], other[1])
            gap = max(box[0], other[0]) - min(box[2], other[2])
            if overlap > 0.5 * min(box[3] - box[1], other[3] - other[1]) and gap < em:
                joined[k] = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
                break
        else:
            joined.append(box)
    return joined


def split_at_rules(box: PxBox, rules: list[Rule]) -> list[PxBox]:
    """Cut a text box wherever a vertical rule runs through it; slivers are dropped."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    cuts = sorted(
        (r for r in rules if r.orientation == "v" and x0 < r.centre < x1 and r.top <= middle <= r.bottom),
        key=lambda r: r.centre,
    )
    pieces, left = [], x0
    for rule in cuts:
        pieces.append((left, top, rule.x0 - 1.0, bottom))
        left = rule.x1 + 1.0
    pieces.append((left, top, x1, bottom))
    min_width = 0.3 * (bottom - top)
    return [p for p in pieces if p[2] - p[0] >= min_width]
