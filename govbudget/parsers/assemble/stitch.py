"""Join a table's pieces over pages into one RawTable.

A piece continues the previous table when nothing but a repeated title, repeated
context lines or nothing at all stands between them, and the column count agrees.
Repeated header rows at the top of a continuation are dropped by comparing them
with the first rows of the table; a row the page break cut in two (a tall cell
of text that runs on) is joined back.
"""

from __future__ import annotations

import re

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.grid_model import PageTable
from govbudget.parsers.page_model import Cell, RawTable
from govbudget.parsers.layout.text_lines import join_wrapped

_NUMERIC = set("0123456789.,-%")
_CODE = re.compile(r"^[A-Z]?\d{3,}$")  # subject / catalogue codes: 201, 2010301, A02010104


def start_table(piece: PageTable, title: str | None) -> RawTable:
    return RawTable(
        title=title or "",
        pages=[piece.page],
        rows=[[Cell(text) for text in row] for row in piece.rows],
        row_pages=[piece.page] * len(piece.rows),
        merges=list(piece.merges),
        rule_style=piece.rule_style,
        header_rows=piece.header_rows if piece.header_rows is not None else guess_header_rows(piece.rows),
    )


def fit_columns(table: RawTable, piece: PageTable, edges: list[float], tolerance: float = 3.0) -> PageTable | None:
    """``piece`` laid on the table's columns, or None when they do not line up.

    A continuation page of a form may hold only rows whose cells span several of
    the table's columns, so it shows fewer column boundaries; each of them must
    still fall on one of the table's boundaries.
    """
    width = len(table.rows[0]) if table.rows else 0
    if piece.width == width:
        ruled = piece.rule_style == "grid" and len(edges) == len(piece.col_edges)
        if ruled and any(abs(a - b) > tolerance for a, b in zip(edges, piece.col_edges)):
            return None  # same column count, other rules: a different table
        return piece
    if not edges or not piece.col_edges or len(edges) - 1 != width:
        return None
    mapping = []
    for x in piece.col_edges:
        nearest = min(range(len(edges)), key=lambda i: abs(edges[i] - x))
        if abs(edges[nearest] - x) > tolerance:
            return None
        mapping.append(nearest)
    rows = [["" for _ in range(width)] for _ in piece.rows]
    spans = {(r, c): (rs, cs) for r, c, rs, cs in piece.merges}
    merges = []
    for r, row in enumerate(piece.rows):
        for c, text in enumerate(row):
            rows[r][mapping[c]] = text
            rowspan, colspan = spans.get((r, c), (1, 1))
            new_span = mapping[c + colspan] - mapping[c]
            if rowspan > 1 or new_span > 1:
                merges.append((r, mapping[c], rowspan, new_span))
    return PageTable(
        page=piece.page,
        bbox=piece.bbox,
        rows=rows,
        merges=sorted(set(merges)),
        row_tops=piece.row_tops,
        row_bottoms=piece.row_bottoms,
        col_edges=list(edges),
        rule_style=piece.rule_style,
        row_line_counts=piece.row_line_counts,
    )


def continue_table(table: RawTable, piece: PageTable, last_row_cut: bool, settings: ExtractSettings) -> None:
    """Append ``piece`` to ``table``: skip repeated headers, rejoin a cut row."""
    skip = repeated_header_count(table, piece.rows)
    rows = piece.rows[skip:]
    merges = [(r - skip, c, rs, cs) for r, c, rs, cs in piece.merges if r >= skip]
    if rows and _continues_cut_row(table.rows[-1], rows[0], last_row_cut, settings.prose_length):
        for cell, text in zip(table.rows[-1], rows[0]):
            cell.text = join_wrapped([cell.text, text])
        rows = rows[1:]
        merges = [(r - 1, c, rs, cs) for r, c, rs, cs in merges if r >= 1]
    base = len(table.rows)
    table.merges.extend((base + r, c, rs, cs) for r, c, rs, cs in merges)
    table.rows.extend([Cell(text) for text in row] for row in rows)
    table.row_pages.extend([piece.page] * len(rows))
    if piece.page not in table.pages:
        table.pages.append(piece.page)


def repeated_header_count(table: RawTable, rows: list[list[str]]) -> int:
    """How many leading rows repeat the table's first rows (its printed header).

    Matching row by row from the top needs no header-size guess: a body row equal to
    the table's first row at the same position is not a continuation's first row.
    """
    count = 0
    while count < min(len(rows), len(table.rows) - 1):
        if [c.text for c in table.rows[count]] != rows[count]:
            break
        count += 1
    return count


def _continues_cut_row(last: list[Cell], first: list[str], tall: bool, prose_length: int) -> bool:
    """The page break split a row in two.

    One part holds the row's text only, the other the text plus the row's label
    (printed on either page): the cells one part fills are a subset of the other's,
    no more than half of them, and every extra cell lies left of the shared ones.
    The shared text must be running prose (a multi-line cell at the break, or a long
    text), not the short label of a new row.
    """
    filled_new = {i for i, text in enumerate(first) if text}
    filled_last = {i for i, cell in enumerate(last) if cell.text}
    small, large = sorted((filled_new, filled_last), key=len)
    if not small or not small < large or 2 * len(small) > len(large):
        return False
    if max(large - small) > min(small):
        return False
    shared = [first[i] for i in small] + [last[i].text for i in small]
    return tall or any(len(text) >= prose_length for text in shared)


def guess_header_rows(rows: list[list[str]]) -> int | None:
    """Rows above the first data row, for the semantic step (a heuristic).

    Header rows hold labels or column numbers (1 2 3 / 栏次). The header ends at a
    row holding an amount, starting with a subject code, or holding only a row
    label (a data row of an empty table); 合计 among other labels is a column label.
    """
    count = 0
    for row in rows:
        texts = [t for t in row if t]
        if not texts or _is_column_number_row(texts):
            count += 1
            continue
        first = row[0]
        if any(_is_amount(t) for t in texts) or _CODE.match(first):
            break
        if count and first and len(texts) == 1 and len(row) > 2:
            break
        count += 1
    return count or None


def _is_column_number_row(texts: list[str]) -> bool:
    if texts[0] == "栏次":
        return True
    return len(texts) >= 2 and all(t.isdigit() and len(t) <= 2 for t in texts)


def _is_amount(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and set(text) <= _NUMERIC
