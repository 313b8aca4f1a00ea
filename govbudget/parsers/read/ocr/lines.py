"""Ruling lines and skew from a page image.

Morphology, not Hough: opening the ink with a long thin kernel keeps only
straight runs at least that long, which is exactly what a table rule is and a
glyph stroke is not. Strokes that still pass (一, 丨, long dashes) lie inside a
text box, rules run between them; that is the second filter.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from govbudget.parsers.page_model import Edge

PxBox = tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
# Rules in scans measure 100-140 at their darkest; light watermarks 200+.
MAX_RULE_GREY = 180


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line found in the image, in pixels (centre line, thickness)."""

    orientation: str  # 'h' | 'v'
    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2 if self.orientation == "h" else (self.x0 + self.x1) / 2

    def to_edge(self, scale: float) -> Edge:
        if self.orientation == "h":
            y = self.centre / scale
            return Edge("h", self.x0 / scale, y, self.x1 / scale, y)
        x = self.centre / scale
        return Edge("v", x, self.top / scale, x, self.bottom / scale)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where there is ink; adaptive so uneven scan brightness does not matter."""
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


# --- skew -------------------------------------------------------------------


def skew_from_rules(ink: np.ndarray) -> float | None:
    """Angle (degrees, positive = line falls to the right) of the long horizontal rules."""
    width = ink.shape[1]
    thick = cv2.dilate(ink, np.ones((5, 1), np.uint8))  # a skewed thin line stays connected
    long_runs = cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones((1, max(width // 12, 20)), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(long_runs, connectivity=8)
    angles, weights = [], []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < width / 3:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(np.degrees(np.arctan(slope)))
        weights.append(w)
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights, float)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def skew_from_profile(ink: np.ndarray, max_degrees: float) -> float:
    """Angle at which the row profile of the ink is sharpest (text baselines line up)."""
    small = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)

    def sharpness(angle: float) -> float:
        rows = rotate(small, angle, border=0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = 0.0
    for step, span in ((0.5, max_degrees), (0.1, 0.5), (0.02, 0.1)):
        candidates = best + np.arange(-span, span + step / 2, step)
        best = float(max(candidates, key=sharpness))
    return best


def estimate_skew(gray: np.ndarray, max_degrees: float = 5.0) -> float:
    """How far the page is rotated; 0 when the estimate is implausibly large."""
    ink = ink_mask(gray)
    angle = skew_from_rules(ink)
    if angle is None:
        angle = skew_from_profile(ink, max_degrees)
    return angle if abs(angle) <= max_degrees else 0.0


def rotate(image: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Rotate about the centre so that a line at ``angle`` becomes level."""
    if abs(angle) < 1e-3:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border
    )


# --- rules -------------------------------------------------------------------


def _inside_any(box: PxBox, text_boxes: list[PxBox]) -> bool:
    """Inside some text box, give or take a sixth of its height (strokes of a
    large title reach past the detector's box)."""
    x0, top, x1, bottom = box
    for tx0, ttop, tx1, tbottom in text_boxes:
        margin = 2 + (tbottom - ttop) / 6
        if x0 >= tx0 - margin and x1 <= tx1 + margin and top >= ttop - margin and bottom <= tbottom + margin:
            return True
    return False


def _joins(rule: Rule, others: list[Rule], reach: float) -> bool:
    """Both ends of ``rule`` meet a rule across it: a table's cell wall, not a stroke."""
    if rule.orientation == "v":
        ends = ((rule.centre, rule.top), (rule.centre, rule.bottom))
        return all(
            any(o.x0 - reach <= x <= o.x1 + reach and abs(o.centre - y) <= reach for o in others) for x, y in ends
        )
    ends = ((rule.x0, rule.centre), (rule.x1, rule.centre))
    return all(any(o.top - reach <= y <= o.bottom + reach and abs(o.centre - x) <= reach for o in others) for x, y in ends)


def _runs(ink: np.ndarray, orientation: str, length: int, gap: int) -> np.ndarray:
    """Straight runs at least ``length`` long, with gaps up to ``gap`` bridged."""
    along = (1, length) if orientation == "h" else (length, 1)
    bridge = (1, gap) if orientation == "h" else (gap, 1)
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(along, np.uint8))
    return cv2.morphologyEx(runs, cv2.MORPH_CLOSE, np.ones(bridge, np.uint8))


def find_rules(gray: np.ndarray, text_height: float, text_boxes: list[PxBox] = ()) -> list[Rule]:
    """Horizontal and vertical rules of a deskewed page image.

    ``text_height`` (pixels, the median text-line height) sets the scale: a rule
    must be longer than a glyph (1.6× line height across; 0.8× down, since a
    table row can be barely taller than its text and a glyph is ~0.65× its box)
    and thinner than a stroke-heavy glyph. A straight run inside a text box is a
    glyph stroke unless both its ends meet rules across it (a short cell wall
    the detector's box happens to span).
    """
    ink = ink_mask(gray)
    reach = max(text_height * 0.15, 3)
    found: dict[str, tuple[list[Rule], list[Rule]]] = {}
    for orientation, min_length in (("h", 1.6 * text_height), ("v", 0.8 * text_height)):
        found[orientation] = _candidates(gray, ink, orientation, min_length, text_height, list(text_boxes))
    horizontal, h_in_text = found["h"]
    vertical, v_in_text = found["v"]
    vertical += [r for r in v_in_text if _joins(r, horizontal, reach)]
    horizontal += [r for r in h_in_text if _joins(r, vertical, reach)]
    return horizontal + vertical


def _candidates(
    gray: np.ndarray, ink: np.ndarray, orientation: str, min_length: float, text_height: float, text_boxes: list[PxBox]
) -> tuple[list[Rule], list[Rule]]:
    """Dark straight runs long and thin enough to be rules: (clear of text, inside a text box)."""
    max_thickness = max(text_height * 0.4, 4)
    gap = max(int(text_height * 0.5), 3)
    runs = _runs(ink, orientation, max(int(min_length), 8), gap)
    count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    clear, in_text = [], []
    for x, y, w, h, _area in stats[1:count]:
        length, thickness = (w, h) if orientation == "h" else (h, w)
        if length < min_length or thickness > max_thickness:
            continue
        rule = Rule(orientation, int(x), int(y), int(x + w), int(y + h))
        if darkness(gray, rule) > MAX_RULE_GREY:
            continue
        (in_text if _inside_any((x, y, x + w, y + h), text_boxes) else clear).append(rule)
    return clear, in_text


def darkness(gray: np.ndarray, rule: Rule) -> float:
    """Median over the rule's length of its darkest pixel across: a rule is drawn in ink,
    a watermark stroke that happens to be straight is light grey."""
    patch = gray[rule.top : rule.bottom, rule.x0 : rule.x1]
    return float(np.median(patch.min(axis=0 if rule.orientation == "h" else 1)))


def erase_rules(gray: np.ndarray, rules: list[Rule], pad: int = 1) -> np.ndarray:
    """The page with its rules painted white, so the recogniser never reads a rule as 1 or |."""
    clean = gray.copy()
    for rule in rules:
        clean[max(rule.top - pad, 0) : rule.bottom + pad, max(rule.x0 - pad, 0) : rule.x1 + pad] = 255
    return clean


def rules_to_edges(rules: list[Rule], scale: float) -> list[Edge]:
    return [rule.to_edge(scale) for rule in rules]
