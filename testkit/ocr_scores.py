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
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from govbudget.parsers.page_model import Char
from govbudget.parsers.layout.text_lines import group_lines, split_at_gaps

GAP_EMS = 0.3  # a horizontal gap wider than this (× font size) separates two words


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def word_boxes(chars: list[Char]) -> list[Word]:
    """Printed words: the extractor's own lines, split at gaps wider than GAP_EMS."""
    return [
        Word("".join(c.text for c in piece.chars).strip(), piece.x0, piece.top, piece.x1, piece.bottom)
        for line in group_lines([c for c in chars if c.text.strip()], DEFAULT_SETTINGS)
        for piece in split_at_gaps(line, GAP_EMS)
    ]


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
