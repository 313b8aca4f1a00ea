"""Numeric cells as multisets: what accuracy benchmarks and tests count and compare."""

from __future__ import annotations

from collections import Counter

from govbudget.schema.vocab import row_key
from govbudget.schema import TableInstance
from govbudget.schema.amounts import is_numeric_text


CellKey = tuple[str, str, str | None, str, str]


def cells(tables: list[TableInstance]) -> Counter[CellKey]:
    """Every numeric cell of the tables, as a multiset."""
    found: Counter[CellKey] = Counter()
    for table in tables:
        for row in table.rows:
            key_of_row = row_key(table.kind, row.code, row.label)
            for key, text in row.values.items():
                if is_numeric_text(text):
                    found[(str(table.kind), key_of_row, row.side, key, text)] += 1
    return found


def grid_cells(truth: dict) -> Counter[CellKey]:
    """The truth grids given meaning by the parser's own semantic steps: what a parse of
    the printed document must find when extraction is exact."""
    from govbudget.parsers.interpret.table_records import build_table
    from testkit.truth_tables import raw_table

    year = truth["doc"]["fiscal_year"]
    blocks = [b for b in truth["blocks"] if b["type"] == "table"]
    return cells([build_table(raw_table(b), b.get("id", f"t{i:02d}"), year) for i, b in enumerate(blocks)])


def scores(expected: Counter, found: Counter) -> tuple[float, float]:
    """(recall, precision) of ``found`` against ``expected`` (multisets)."""
    matched = sum((expected & found).values())
    n_expected, n_found = sum(expected.values()), sum(found.values())
    return (matched / n_expected if n_expected else 1.0, matched / n_found if n_found else 1.0)


def meaning_cells(truth: dict) -> Counter:
    return Counter(tuple(record) for record in truth["records"])
