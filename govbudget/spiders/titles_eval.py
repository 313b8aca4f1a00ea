"""Scoring the disclosure classifier against a labelled title set (one definition for test and benchmark).

The set is a TSV: ``label`` (1 disclosure, 0 not), ``title``, and for disclosures the
``publisher``, ``fiscal_year``, ``kind`` and ``scope`` the title states (empty: not stated).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from govbudget.spiders.classify import classify, is_disclosure

FIELDS = ("publisher", "fiscal_year", "kind", "scope")


@dataclass
class Score:
    true_pos: int = 0
    false_pos: list[str] = field(default_factory=list)
    false_neg: list[str] = field(default_factory=list)
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_misses: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    positives: int = 0
    negatives: int = 0

    @property
    def precision(self) -> float:
        return self.true_pos / max(1, self.true_pos + len(self.false_pos))

    @property
    def recall(self) -> float:
        return self.true_pos / max(1, self.positives)

    def field_accuracy(self, name: str) -> float:
        return self.field_hits[name] / max(1, self.positives)


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def score(rows: list[dict[str, str]]) -> Score:
    result = Score()
    for row in rows:
        title, positive = row["title"], row["label"] == "1"
        said = is_disclosure(title)
        result.positives += positive
        result.negatives += not positive
        if said and positive:
            result.true_pos += 1
        elif said:
            result.false_pos.append(title)
        elif positive:
            result.false_neg.append(title)
        if positive:
            got = classify(title)
            values = {"publisher": got.publisher or "", "fiscal_year": str(got.fiscal_year or ""),
                      "kind": str(got.kind or ""), "scope": str(got.scope or "")}
            for name in FIELDS:
                if values[name] == row[name]:
                    result.field_hits[name] += 1
                else:
                    result.field_misses[name].append(f"{title}: {values[name]!r} != {row[name]!r}")
    return result
