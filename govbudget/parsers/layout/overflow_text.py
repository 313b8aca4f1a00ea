"""Paragraphs drawn over the rows above their own cell.

Some generators give a cell more text than its row can hold and draw the
overflowing lines upward over the rows before it, printing them on top of those
rows' own text. The paragraph still shows as what it is: lines at one steady
pitch in one column, running across row rules, whose glyphs overprint other
glyphs. Those lines belong to the cell where the paragraph ends.

Ordinary tables never trigger this: their lines never run into each other's
height and their glyphs never overprint (fake-bold copies are removed before).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from govbudget.parsers.page_model import Char

_BASELINE_TOLERANCE = 0.5  # points: glyphs of one printed line share their bottom this closely
_PITCH_TOLERANCE = 0.6
_MIN_LINES = 5
_OVERPRINT = 0.25  # share of the smaller glyph box covered by another glyph
_BUCKET = 16.0  # points: glyph boxes are smaller, so overprinting glyphs sit in neighbouring buckets


@dataclass(slots=True)
class _Segment:
    bottom: float
    chars: list[Char] = field(default_factory=list)


def overflow_rows(chars: list[Char], xs: list[float], ys: list[float]) -> dict[int, int]:
    """id(char) → the row of the cell its overflowing paragraph belongs to (moved chars only)."""
    by_column: dict[int, list[_Segment]] = {}
    for band in _baseline_bands(chars):
        segments: dict[int, _Segment] = {}
        for char in band:
            col = min(max(bisect_right(xs, (char.x0 + char.x1) / 2) - 1, 0), len(xs) - 2)
            segments.setdefault(col, _Segment(band[0].bottom)).chars.append(char)
        for col, segment in segments.items():
            by_column.setdefault(col, []).append(segment)
    moved: dict[int, int] = {}
    for segments in by_column.values():
        if len(segments) < _MIN_LINES or not _lines_overlap(segments):
            continue
        chain = _longest_chain(segments)
        if len(chain) < _MIN_LINES:
            continue
        rows = [_row_of(segment, ys) for segment in chain]
        if len(set(rows)) < 3 or not _overprints(chain, segments):
            continue
        for segment in chain:
            for char in segment.chars:
                moved[id(char)] = rows[-1]
    return moved


def _overprints(chain: list[_Segment], segments: list[_Segment]) -> bool:
    """Some glyph of the paragraph is printed over a glyph of other text."""
    in_chain = {id(segment) for segment in chain}
    buckets: dict[tuple[int, int], list[Char]] = {}
    for segment in chain:
        for char in segment.chars:
            buckets.setdefault((int(char.x0 // _BUCKET), int(char.top // _BUCKET)), []).append(char)
    for segment in segments:
        if id(segment) in in_chain:
            continue
        for a in segment.chars:
            col, row = int(a.x0 // _BUCKET), int(a.top // _BUCKET)
            for key in ((col + dc, row + dr) for dc in (-1, 0, 1) for dr in (-1, 0, 1)):
                for b in buckets.get(key, ()):
                    if _covers(a, b):
                        return True
    return False


def _lines_overlap(segments: list[_Segment]) -> bool:
    """Two lines of the column printed into each other's height (cheap first test)."""
    ordered = sorted(segments, key=lambda s: s.bottom)
    for upper, lower in zip(ordered, ordered[1:]):
        height = min(upper.chars[0].bottom - upper.chars[0].top, lower.chars[0].bottom - lower.chars[0].top)
        x_overlap = min(max(c.x1 for c in upper.chars), max(c.x1 for c in lower.chars)) - max(
            min(c.x0 for c in upper.chars), min(c.x0 for c in lower.chars)
        )
        if lower.bottom - upper.bottom < 0.75 * height and x_overlap > 0:
            return True
    return False


def _covers(a: Char, b: Char) -> bool:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return False
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return smaller > 0 and w * h >= _OVERPRINT * smaller


def _baseline_bands(chars: list[Char]) -> list[list[Char]]:
    bands: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c.bottom):
        if bands and char.bottom - bands[-1][0].bottom <= _BASELINE_TOLERANCE:
            bands[-1].append(char)
        else:
            bands.append([char])
    return bands


def _longest_chain(segments: list[_Segment]) -> list[_Segment]:
    """The longest run of segments at one constant pitch, top to bottom."""
    segments = sorted(segments, key=lambda s: s.bottom)
    bottoms = [s.bottom for s in segments]
    best: list[int] = []
    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            pitch = bottoms[j] - bottoms[i]
            if pitch < 4:
                continue
            if pitch > 30:
                break
            chain = [i, j]
            while True:
                want = bottoms[chain[-1]] + pitch
                nxt = next(
                    (k for k in range(chain[-1] + 1, len(segments)) if abs(bottoms[k] - want) <= _PITCH_TOLERANCE),
                    None,
                )
                if nxt is None:
                    break
                chain.append(nxt)
            if len(chain) > len(best):
                best = chain
    return [segments[k] for k in best]


def _row_of(segment: _Segment, ys: list[float]) -> int:
    middle = sum((c.top + c.bottom) / 2 for c in segment.chars) / len(segment.chars)
    return min(max(bisect_right(ys, middle) - 1, 0), len(ys) - 2)
