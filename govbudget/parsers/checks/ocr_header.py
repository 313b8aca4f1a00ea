"""A failing check for each OCR'd table whose header did not explain its figures.

Digit repair and the sum checks vouch for figures under the right column key.
When the recogniser misreads a header label, or a header cell is lost so the
columns shift, figures land under no key or beside columns the header never
named, and the sums that would have caught them are never formed. Such a table
is reported as a whole, since none of its figures can be trusted to its columns.
Text-layer tables are not checked: their header is printed text, not a reading.
"""

from __future__ import annotations

from govbudget.schema import CheckResult, RecordSource, TableInstance
from govbudget.schema.amounts import is_numeric_text
from govbudget.parsers.interpret.header_keys import Column, column_keys, is_known_key
from govbudget.parsers.page_model import RawTable
from govbudget.parsers.interpret.table_records import header_row_count
from govbudget.schema.vocab import FORM_KINDS


def unexplained_columns(raw: RawTable, fiscal_year: int | None) -> list[int]:
    """Grid columns holding figures that the header resolved to no known column key
    (a misread label is kept as its own key, which no check knows)."""
    grid = raw.texts()
    header_rows = header_row_count(raw, grid)
    merges = [m for m in raw.merges if m[0] < header_rows]
    columns: dict[int, Column] = {c.index: c for c in column_keys(grid[:header_rows], merges, fiscal_year)}
    with_figures = {j for row in grid[header_rows:] for j, text in enumerate(row) if is_numeric_text(text)}
    return sorted(j for j in with_figures if _unexplained(columns.get(j)))


def _unexplained(column: Column | None) -> bool:
    if column is None:
        return True
    return column.role == "value" and not (column.key and is_known_key(column.key))


def unresolved_headers(
    raws: list[RawTable], tables: list[TableInstance], fiscal_year: int | None = None
) -> list[CheckResult]:
    """``ocr_header_unresolved`` for each OCR'd line-item table (``raws[i]`` built ``tables[i]``)."""
    results = []
    for raw, table in zip(raws, tables, strict=True):
        if table.source != RecordSource.ocr or table.kind in FORM_KINDS or table.empty:
            continue
        unexplained = unexplained_columns(raw, fiscal_year)
        if not unexplained and table.columns:
            continue
        where = ", ".join(str(j + 1) for j in unexplained) or "all"
        results.append(
            CheckResult(
                check_id=f"{table.table_id}.ocr_header_unresolved",
                scope=f"{table.table_id} {table.kind}",
                description=f"OCR'd header names no column key for the figures in grid column(s) {where}",
                passed=False,
                pages=list(table.pages),
            )
        )
    return results
