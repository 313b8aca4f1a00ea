"""Titles, unit lines and notes printed inside a table's outer frame.

Spreadsheet exports often draw the title (2025年部门收支总表), the unit line
(单位：万元) and the notes (注：…) as full-width merged rows of the grid. They
describe the table rather than belong to it, so the grid is trimmed to its header
and body rows; the trimmed rows' characters then fall outside the table and are
read as text lines, like any printed context.
"""

from __future__ import annotations

from govbudget.parsers.layout.grid_model import PageTable
from govbudget.parsers.assemble.table_context import NOTE_START, is_context_text


def lift_caption_rows(table: PageTable) -> PageTable:
    """``table`` without its leading context rows and trailing note rows."""
    rows = table.rows
    start, end = 0, len(rows)
    while start < end - 1 and _is_caption(rows[start], is_context_text):
        start += 1
    while end - 1 > start and _is_caption(rows[end - 1], NOTE_START.match):
        end -= 1
    if start == 0 and end == len(rows):
        return table
    return PageTable(
        page=table.page,
        bbox=(table.bbox[0], table.row_tops[start], table.bbox[2], table.row_bottoms[end - 1]),
        rows=rows[start:end],
        merges=[(r - start, c, rs, cs) for r, c, rs, cs in table.merges if start <= r < end],
        row_tops=table.row_tops[start:end],
        row_bottoms=table.row_bottoms[start:end],
        col_edges=table.col_edges,
        rule_style=table.rule_style,
        header_rows=table.header_rows,
        row_line_counts=table.row_line_counts[start:end],
    )


def _is_caption(row: list[str], is_context) -> bool:
    """One or two texts at the row's ends (title merged from the left, unit on the
    right), each describing the table."""
    filled = [i for i, text in enumerate(row) if text]
    if not filled or len(row) <= len(filled) or not set(filled) <= {0, len(row) - 1}:
        return False
    return all(is_context(row[i]) for i in filled)
