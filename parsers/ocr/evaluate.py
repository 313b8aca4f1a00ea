"""How well OCR read a page's figures, against the corpus truth.

Used by the OCR tests and ``benchmarks/ocr_speed.py`` before (and besides) the
full parser: the printed numbers of a page are compared as a multiset with the
truth cells of the tables on that page, so recognition is measured on its own,
independent of grid recovery.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from govbudget.schema.amounts import is_numeric_text
from parsers.page_model import Char

GAP_EMS = 0.3  # a horizontal gap wider than this (in glyph heights) separates two words


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def word_boxes(chars: list[Char]) -> list[Word]:
    """Chars grouped into lines by vertical overlap, then into words by gaps."""
    lines: list[list[Char]] = []
    for char in sorted((c for c in chars if c.text.strip()), key=lambda c: (c.top + c.bottom) / 2):
        middle = (char.top + char.bottom) / 2
        if lines and abs(middle - (lines[-1][0].top + lines[-1][0].bottom) / 2) < char.height / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    out: list[Word] = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        word = [line[0]]
        for prev, char in zip(line, line[1:]):
            if char.x0 - prev.x1 > GAP_EMS * max(char.height, prev.height):
                out.append(_word(word))
                word = []
            word.append(char)
        out.append(_word(word))
    return out


def _word(chars: list[Char]) -> Word:
    return Word(
        "".join(c.text for c in chars).strip(),
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )


def words(chars: list[Char]) -> list[str]:
    return [w.text for w in word_boxes(chars)]


def numeric_words(chars: list[Char]) -> Counter:
    return Counter(w for w in words(chars) if is_numeric_text(w))


def truth_numbers(tables: list[dict]) -> Counter:
    """Numeric cells of truth tables (cell text exactly as printed)."""
    return Counter(cell for t in tables for row in t["rows"] for cell in row if is_numeric_text(cell))


@dataclass(slots=True)
class NumberScore:
    truth: int = 0
    right: int = 0
    missed: Counter = field(default_factory=Counter)  # truth values not read
    extra: Counter = field(default_factory=Counter)  # read values the truth does not have

    @property
    def accuracy(self) -> float:
        return self.right / self.truth if self.truth else 1.0

    def merge(self, other: "NumberScore") -> None:
        self.truth += other.truth
        self.right += other.right
        self.missed += other.missed
        self.extra += other.extra

    def add(self, truth: Counter, read: Counter) -> None:
        self.truth += sum(truth.values())
        self.right += sum((truth & read).values())
        self.missed += truth - read
        self.extra += read - truth
