"""Where each character is: recognised text laid over its box.

Characters are placed by the recogniser's own CTC time steps and the ink under
them: a blank wide enough to be a word gap (two figures in neighbouring unruled
columns, a code beside its name) stays a gap, and within a word its width is
shared out by glyph class (CJK full width, digits and Latin half width), the
way a text layer's advance widths would.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np

from govbudget.parsers.read.ocr.lines import PxBox
from govbudget.parsers.page_model import Char

# DB boxes hug the glyphs with a margin: glyph height ≈ box height / this.
BOX_TO_EM = 1.55
_NARROW = set(".,:;·'\"!|()[]-−_ ")
_SPACED_PUNCT = set("（）【】《》“”‘’、，。：；！？「」")
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


def glyph_width(ch: str) -> float:
    """Nominal advance in ems: CJK and full-width forms 1, digits and Latin ½, punctuation less."""
    if ch in _NARROW:
        return 0.3
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


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
