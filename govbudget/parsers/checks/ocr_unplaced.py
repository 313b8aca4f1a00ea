"""A failing check for each OCR'd table that could not be placed in the document.

On a text page an untitled grid is the continuation of the table before it and is
stitched on; on a scan the same grid comes out untitled when the page's reading
broke the continuation (a misread title, a stray line between the pieces, columns
that no longer line up). Its rows then sit in a table nobody asked for while the
table they belong to silently ends early, so such a table is reported: untitled,
or of no known kind. Text-layer tables are not checked: there the layout is printed,
not read.
"""

from __future__ import annotations

from govbudget.schema import CheckResult, RecordSource, TableInstance, TableKind


def unplaced_tables(tables: list[TableInstance]) -> list[CheckResult]:
    """``ocr_table_unplaced`` for each non-empty OCR'd table without a title or a known kind."""
    return [
        CheckResult(
            check_id=f"{table.table_id}.ocr_table_unplaced",
            scope=f"{table.table_id} {table.kind}",
            description=(
                "OCR'd table has no title" if not table.title.strip() else "OCR'd table is of no known kind"
            )
            + ": an unstitched continuation or a misread heading; the table before it may end early",
            passed=False,
            pages=list(table.pages),
        )
        for table in tables
        if table.source == RecordSource.ocr and not table.empty and (not table.title.strip() or table.kind == TableKind.other)
    ]
