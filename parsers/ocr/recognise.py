"""Text boxes and per-character positions from rapidocr (PP-OCRv4, models in the wheel).

Detection runs on a reduced copy of the page (its cost grows with pixels),
recognition on full-resolution crops. Boxes are cut at vertical rules *before*
recognition, so text from two cells is never read as one string. Characters
are placed by the recogniser's own CTC time steps: a gap in a line (two figures
in neighbouring unruled columns) stays a gap, and within a run the width is
shared out by glyph class (CJK full width, digits and Latin half width).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from govbudget.errors import ConfigError
from parsers.ocr.lines import PxBox, Rule
from parsers.page_model import Char

# DB boxes hug the glyphs with a margin: glyph height ≈ box height / this.
BOX_TO_EM = 1.55
_NARROW = set(".,:;·'\"!|()[]-−_ ")
_SPACED_PUNCT = set("（）【】《》“”‘’、，。：；！？「」")
_ZERO_LOOKALIKES = {"o", "O", "〇", "○", "。", "D", "Q", "()"}
SURE = 0.9  # readings below this confidence are tried again on a cleaned crop
MIN_WORD_GAP_EMS = 0.3  # ink closer than this is always the same word
# The recogniser also reads side bearings as spaces (2101 1 in a serif face):
# a read space splits only where the ink gap is at least this share of a word gap.
SPACED_GAP_SHARE = 0.75


@dataclass(slots=True)
class PxChar:
    text: str
    x0: float
    x1: float
    confidence: float


@dataclass(slots=True)
class RecognisedLine:
    """One recognised box (pixels): its text, confidence and placed characters."""

    box: PxBox
    text: str
    confidence: float
    chars: list[PxChar] = field(default_factory=list)
    middle: float | None = None  # vertical centre of the ink (pixels), truer than the box's

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@lru_cache(maxsize=1)
def engine():
    """The rapidocr engine, built once per process on first use (≈0.4 s)."""
    for name in ("RapidOCR", "OrtInferSession"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ConfigError("rapidocr-onnxruntime", "not installed; OCR needs pip install 'govbudget[ocr]'") from exc

    for name in ("RapidOCR", "OrtInferSession"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return RapidOCR()


def _bgr(gray: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def detect_boxes(gray: np.ndarray, factor: float = 1.0) -> list[PxBox]:
    """Axis-aligned text-line boxes (pixels of ``gray``); detection runs at ``factor`` size."""
    small = gray if factor == 1.0 else cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    quads, _ = engine().text_det(_bgr(small))
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


def ink_level(crop: np.ndarray) -> float:
    """How dark a box's ink is (5th percentile grey): text is dark, watermarks are not."""
    return float(np.percentile(crop, 5)) if crop.size else 255.0


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


def glyph_width(ch: str) -> float:
    """Nominal advance in ems: CJK and full-width forms 1, digits and Latin ½, punctuation less."""
    if ch in _NARROW:
        return 0.3
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


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
    return _bgr(_crop(gray, box))


def _read(crops: list[np.ndarray]) -> list[tuple]:
    results, _ = engine().text_rec([_bgr(c) for c in crops], True)
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


def ink_middle(crop: np.ndarray, box: PxBox) -> float:
    """Page y of the middle of the crop's dark ink (the box's middle if it has none)."""
    rows = np.flatnonzero((crop < 128).sum(axis=1) >= 2)
    if len(rows) == 0:
        return (box[1] + box[3]) / 2
    return max(box[1], 0) + (rows[0] + rows[-1] + 1) / 2


def ink_spans(crop: np.ndarray) -> list[tuple[int, int]]:
    """Runs of columns holding ink, as [start, end) in crop pixels."""
    inked = ((crop < 160).sum(axis=0) >= 2).astype(np.int8)
    changes = np.flatnonzero(np.diff(np.concatenate([[0], inked, [0]])))
    return list(zip(changes[::2].tolist(), changes[1::2].tolist()))


def word_gap(left: str, right: str) -> float:
    """Blank (in ems) between two glyphs that means two printed words, not one.

    Measured on serif and sans CJK table fonts: inside a word, CJK glyphs sit up
    to ~0.6 em apart in ink and a digit next to a CJK glyph up to ~0.4 em; a code
    column next to its name column in an unruled table is ≥ 0.5 em away. Full-
    width punctuation draws in half its em, so gaps beside it count half an em less.
    """
    kinds = {_kind(left), _kind(right)}
    gap = 1.0 if kinds == {"cjk"} else 0.47 if kinds == {"cjk", "latin"} else 0.6
    if left in _SPACED_PUNCT or right in _SPACED_PUNCT:
        gap += 0.5
    return gap


def _kind(ch: str) -> str:
    return "cjk" if unicodedata.east_asian_width(ch) in "WF" else "latin"


def merge_spans(spans: list[tuple[int, int]], max_gap: float) -> list[tuple[int, int]]:
    """Ink runs closer than ``max_gap`` joined: the parts of one glyph, the glyphs of one word."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] < max_gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _words(text: str, centres: list[float], spans: list[tuple[int, int]], em: float) -> list[tuple[list[int], float, float]]:
    """Characters grouped into printed words: (indices, left, right) in crop pixels.

    Ink runs closer than any word gap are joined first (glyph parts, tight
    words); each character joins the block under its CTC centre; neighbouring
    blocks then stay apart only where :func:`word_gap` says the blank is a word
    break (a little less where the recogniser read a space).
    """
    blocks = merge_spans(spans, MIN_WORD_GAP_EMS * em)

    def block_of(x: float) -> int:
        return min(
            range(len(blocks)),
            key=lambda k: 0 if blocks[k][0] <= x < blocks[k][1] else min(abs(x - blocks[k][0]), abs(x - blocks[k][1])),
        )

    words: list[tuple[list[int], float, float]] = []
    spaced = False
    for i, ch in enumerate(text):
        if ch.isspace():
            spaced = True
            continue
        start, end = blocks[block_of(centres[i])]
        if words:
            indices, left, right = words[-1]
            needed = word_gap(text[indices[-1]], ch) * (SPACED_GAP_SHARE if spaced else 1.0)
            if start < right or start - right < needed * em:
                words[-1] = (indices + [i], left, max(right, end))
                spaced = False
                continue
        words.append(([i], start, end))
        spaced = False
    return words


def place_chars(
    box: PxBox, text: str, steps: float, columns: list[int], confidences: list[float], spans: list[tuple[int, int]]
) -> list[PxChar]:
    """Per-character x extents (page pixels) inside ``box``."""
    x0, top, x1, bottom = box
    em = (bottom - top) / BOX_TO_EM
    if len(columns) != len(text) or steps <= 0:  # no alignment: spread evenly
        steps = max(steps, 1.0)
        columns = list(np.linspace(0, steps - 1, len(text)))
    if len(confidences) != len(text):
        confidences = [float(np.mean(confidences))] * len(text)
    width = x1 - x0
    centres = [(c + 0.5) * width / steps for c in columns]
    spans = spans or [(0, int(width))]
    chars: list[PxChar] = []
    for indices, left, right in _words(text, centres, spans, em):
        chars.extend(_share_out(text, indices, x0 + left, x0 + right, confidences))
    return chars


def _share_out(text: str, indices: list[int], left: float, right: float, confidences: list[float]) -> list[PxChar]:
    """Split a word's extent over its characters in proportion to their nominal widths."""
    weights = np.array([glyph_width(text[i]) for i in indices])
    edges = left + np.concatenate([[0], np.cumsum(weights)]) / weights.sum() * (right - left)
    return [PxChar(text[i], float(edges[n]), float(edges[n + 1]), confidences[i]) for n, i in enumerate(indices)]


def line_em(line: RecognisedLine, typical: float) -> float:
    """A line's glyph size: boxes of body text vary by ±30 % around one size, so
    those get the page's typical size; headings and notes keep their own."""
    own = line.height / BOX_TO_EM
    return typical if abs(own - typical) <= 0.3 * typical else own


def to_chars(lines: list[RecognisedLine], scale: float) -> list[Char]:
    """Page-model characters in PDF points, one em high, centred on the line's ink.

    Rows of a table must come out evenly spaced and no taller than printed, or
    the row grouping downstream joins neighbours as wrapped lines."""
    if not lines:
        return []
    typical = float(np.median([line.height for line in lines])) / BOX_TO_EM
    chars = []
    for line in lines:
        em = line_em(line, typical)
        middle = line.middle if line.middle is not None else (line.box[1] + line.box[3]) / 2
        for c in line.chars:
            chars.append(
                Char(
                    text=c.text,
                    x0=c.x0 / scale,
                    top=(middle - em / 2) / scale,
                    x1=c.x1 / scale,
                    bottom=(middle + em / 2) / scale,
                    size=em / scale,
                    fontname="OCR",
                    confidence=round(c.confidence, 4),
                )
            )
    return chars
