"""Which way a page's text runs, from the glyphs themselves, so it is read as printed.

Landscape tables are often drawn sideways on portrait pages, with or without a
/Rotate entry telling viewers to turn them. Read in the page's own axes such text
comes out backwards (``144.20`` → ``02.441``, 支出 → 出支), so the page is read in
the direction most of its characters run instead: the quarter turn that makes them
run left to right replaces /Rotate. Only a clear majority turns a page; a page whose
text runs several ways (no direction holds ``MAJORITY`` of it) keeps /Rotate and is
reported, since part of it is then read backwards.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

SAMPLE = 240  # characters looked at per page: enough for a vote, cheap on any page
MAJORITY = 0.75  # share of the sample one direction must hold to turn the page
MIN_CHARS = 12  # fewer printed characters: too few to vote, /Rotate stands


@dataclass(frozen=True, slots=True)
class Direction:
    rotation: int  # clockwise quarter turns × 90 that make the text upright (replaces /Rotate)
    turned: int  # degrees clockwise the page was turned beyond its /Rotate (0: none)
    mixed: bool  # no direction holds a clear majority of the text


def reading_direction(textpage, page_rotation: int) -> Direction:
    """The rotation to read ``textpage`` (a raw pdfium text page) with."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    step = max(1, count // SAMPLE)
    votes: Counter[int] = Counter()
    for index in range(0, count, step):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            continue
        if chr(pdfium_c.FPDFText_GetUnicode(textpage, index)).isspace():
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, index)
        if angle < 0:
            continue
        # pdfium's angle turns clockwise in user space; undoing it is the opposite turn
        votes[(360 - round(math.degrees(angle) / 90) * 90) % 360] += 1
    total = sum(votes.values())
    rotation = page_rotation % 360
    if total < MIN_CHARS:
        return Direction(rotation, 0, False)
    best, held = votes.most_common(1)[0]
    if held < MAJORITY * total:
        return Direction(rotation, 0, True)
    return Direction(best, (best - rotation) % 360, False)
