"""Numeric cells as multisets: what accuracy benchmarks and tests count and compare."""

from __future__ import annotations

from collections import Counter

from govbudget.parsers.interpret.header_keys import normalise_label
from govbudget.schema import TableInstance
from govbudget.schema.amounts import is_numeric_text


CellKey = tuple[str, str, str | None, str, str]


def cells(tables: list[TableInstance]) -> Counter[CellKey]:
    """Every numeric cell of the tables, as a multiset."""
    found: Counter[CellKey] = Counter()
    for table in tables:
        for row in table.rows:
            row_key = row.code or normalise_label(row.label)
            for key, text in row.values.items():
                if is_numeric_text(text):
                    found[(str(table.kind), row_key, row.side, key, text)] += 1
    return found


def meaning_cells(truth: dict) -> Counter:
    return Counter(tuple(record) for record in truth["records"])
