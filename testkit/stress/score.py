"""Score a damaged rendering against the clean one: numeric cells, and whether each loss was told.

The reference is the parse of the same pages of the clean corpus file; cells are the
multiset of :func:`testkit.cells.cells`. A cell missing or wrong is *told* when the
result names its page in a warning or in a failing check: the no-silent-failure rule.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from govbudget.schema import ParseResult
from testkit.cells import cells


@dataclass(slots=True)
class StressScore:
    reference: int = 0
    found: int = 0
    right: int = 0
    untold: list[str] = field(default_factory=list)  # wrong or missing cells no warning/check names

    @property
    def recall(self) -> float:
        return self.right / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    def merge(self, other: "StressScore") -> None:
        self.reference += other.reference
        self.found += other.found
        self.right += other.right
        self.untold += other.untold


DOUBTS = ("not read", "may read backwards")  # warnings that say a page's figures are missing or wrong


def told_pages(result: ParseResult) -> set[int]:
    """Pages a failing check covers, or a warning names (``on page 4`` / ``on pages 4, 5``)
    while saying its figures are in doubt. "read by OCR" alone does not: OCR's own checks
    must catch what it misreads."""
    pages = {p for check in result.checks if not check.passed for p in check.pages}
    for warning in result.warnings:
        if not any(doubt in warning for doubt in DOUBTS):
            continue
        for match in re.finditer(r"\bpages? ([\d, ]+)", warning):
            pages.update(int(n) for n in re.findall(r"\d+", match.group(1)))
    return pages


def cell_pages(result: ParseResult) -> dict[tuple, set[int]]:
    """Each numeric cell's pages (a key can repeat over pages)."""
    where: dict[tuple, set[int]] = {}
    for table in result.tables:
        for key, count in cells([table]).items():
            where.setdefault(key, set()).update(table.pages)
    return where


def score(clean: ParseResult, damaged: ParseResult) -> StressScore:
    want, got = Counter(cells(clean.tables)), Counter(cells(damaged.tables))
    right = want & got
    result = StressScore(sum(want.values()), sum(got.values()), sum(right.values()))
    told = told_pages(damaged)
    pages_of = cell_pages(clean)
    for key in (want - got):
        if not pages_of.get(key, set()) & told:
            result.untold.append(f"missing {key} (pages {sorted(pages_of.get(key, ()))})")
    wrong_pages = cell_pages(damaged)
    for key in (got - want):
        if not wrong_pages.get(key, set()) & told:
            result.untold.append(f"invented {key} (pages {sorted(wrong_pages.get(key, ()))})")
    return result
