"""Tables without vertical rules: "three-line" tables and rule-less ones.

Rows come from text lines (lines closer than the row pitch are one wrapped row);
columns from alignment: the bottom header labels anchor the columns and the body
text under each widens it (figures right-aligned under a centred label join the
label on their left). Header labels are placed on an equal-height row grid when
every label centres in it, and upper labels spread over the run of columns
centred under them (a small dynamic programme). Rule-less tables are read only
under a table title. A region whose text does not form columns stays text.
"""

from __future__ import annotations

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.grid_model import PageTable
from govbudget.parsers.page_model import Edge, PageContent
from govbudget.parsers.assemble.table_context import TITLE, is_context_text
from govbudget.parsers.layout.text_columns import Piece, column_of, is_figure, label_columns, pieces_of, text_columns
from govbudget.parsers.layout.text_header import header_grid, header_rows_from_lines, join_wrapped_labels, leaf_labels, row_grid
from govbudget.parsers.layout.text_lines import Line, join_wrapped, line_text, split_at_gaps


def find_rule_framed_tables(
    content: PageContent, lines: list[Line], taken: list[tuple[float, float, float, float]], settings: ExtractSettings
) -> list[PageTable]:
    """Tables framed by long horizontal rules among the text ``lines`` outside ruled tables."""
    rules = _long_rules(content.edges, taken, content.width, settings)
    if len(rules) < 2:
        return []
    tables = []
    for frame in _frames(rules, lines, settings):
        table = _frame_table(frame, lines, content.page_number, settings)
        if table is not None:
            tables.append(table)
    return tables


def find_unruled_tables(page: int, lines: list[Line], settings: ExtractSettings) -> list[PageTable]:
    """Tables with no rules at all, only where a table title announces them, or at
    the very top of a page (the continuation of a table from the page before).

    Under a title (and its unit/org lines), a run of lines that each split into
    two or more aligned pieces, some of them figures, is read as a table: leading
    lines without figures are its header. Anything less stays text (never guess).
    """
    tables: list[PageTable] = []
    index = 0
    if lines and not TITLE.search(line_text(lines[0].chars, settings)):
        block = _aligned_block(lines, settings)
        table = _block_table(block, page, settings) if block else None
        if table is not None:
            tables.append(table)
            index = len(block)
    while index < len(lines):
        if not TITLE.search(line_text(lines[index].chars, settings)):
            index += 1
            continue
        start = index + 1
        while start < len(lines) and _is_context(lines[start], settings):
            start += 1
        block = _aligned_block(lines[start:], settings)
        table = _block_table(block, page, settings) if block else None
        if table is not None:
            tables.append(table)
        index = start + max(len(block), 1)
    return tables


def _aligned_block(lines: list[Line], settings: ExtractSettings) -> list[Line]:
    """The run of table lines under a title: lines of two or more aligned pieces, and
    single labels among them (a group header over its columns, a row with blank
    amounts) as long as aligned lines follow; prose, context lines or a wide gap end it."""
    block: list[Line] = []
    pending: list[Line] = []  # single labels, kept once an aligned line follows
    for line in lines:
        if _is_context(line, settings):
            break
        last = (pending or block)[-1] if pending or block else None
        if last is not None and line.top - last.bottom > 1.5 * (line.bottom - line.top):
            break
        if len(split_at_gaps(line, settings.unruled_gap)) >= 2:
            block.extend(pending)
            pending = []
            block.append(line)
        elif len(line_text(line.chars, settings)) <= settings.prose_length:
            pending.append(line)
        else:
            break
    return block


def _block_table(block: list[Line], page: int, settings: ExtractSettings) -> PageTable | None:
    figures = [any(is_figure(p.text) for p in pieces_of(line, settings)) for line in block]
    if len(block) < 2 or not any(figures):
        return None
    first_body = figures.index(True)
    bbox = (min(l.x0 for l in block), block[0].top - 0.5, max(l.x1 for l in block), block[-1].bottom + 0.5)
    table = _lines_table(block[:first_body], block[first_body:], bbox, page, "none", settings)
    if table is None or table.width < 3:
        return None
    return table


def _long_rules(edges: list[Edge], taken, page_width: float, settings: ExtractSettings) -> list[Edge]:
    """Horizontal rules spanning much of the page, outside ruled tables, one per height."""
    rules = sorted(
        (
            e
            for e in edges
            if e.orientation == "h"
            and e.x1 - e.x0 >= settings.rule_span * page_width
            and not any(b[0] - 2 <= e.x0 and e.x1 <= b[2] + 2 and b[1] - 2 <= e.top <= b[3] + 2 for b in taken)
        ),
        key=lambda e: e.top,
    )
    deduped: list[Edge] = []
    for e in rules:
        if not deduped or e.top - deduped[-1].top > 1.0:
            deduped.append(e)
    return deduped


def _frames(rules: list[Edge], lines: list[Line], settings: ExtractSettings) -> list[list[Edge]]:
    """Consecutive rules of the same width, split where a title/unit/note line sits between."""
    frames: list[list[Edge]] = [[rules[0]]]
    for rule in rules[1:]:
        last = frames[-1][-1]
        same_extent = abs(rule.x0 - last.x0) < 5 and abs(rule.x1 - last.x1) < 5
        band = [l for l in lines if last.top < l.middle < rule.top]
        if same_extent and not any(_is_context(l, settings) for l in band):
            frames[-1].append(rule)
        else:
            frames.append([rule])
    return [f for f in frames if len(f) >= 2]


def _is_context(line: Line, settings: ExtractSettings) -> bool:
    return is_context_text(line_text(line.chars, settings))


def _frame_table(frame: list[Edge], lines: list[Line], page: int, settings: ExtractSettings) -> PageTable | None:
    top, header_rule, bottom = frame[0].top, frame[1].top, frame[-1].top
    x0, x1 = frame[0].x0, frame[0].x1
    inside = [l for l in lines if x0 - 2 <= l.x0 and l.x1 <= x1 + 2]
    header_lines = [l for l in inside if top < l.middle < header_rule]
    if len(frame) > 2:
        body_lines = [l for l in inside if header_rule < l.middle < bottom]
    else:
        below = _runs_on_below(inside, header_rule, settings)
        if below:
            # top rule and header rule at the foot of a page: the body runs to the page end
            body_lines, bottom = below, below[-1].bottom + 0.5
        elif any(is_figure(p.text) for line in header_lines for p in pieces_of(line, settings)):
            # only a top and a bottom rule: everything between them is body
            header_lines, body_lines = [], header_lines
        else:
            body_lines = []  # a header with no body: an empty table
    band = (top, header_rule) if header_lines else None
    return _lines_table(header_lines, body_lines, (x0, top, x1, bottom), page, "three_line", settings, band)


def _lines_table(
    header_lines: list[Line],
    body_lines: list[Line],
    bbox,
    page: int,
    rule_style: str,
    settings: ExtractSettings,
    band: tuple[float, float] | None = None,
) -> PageTable | None:
    """A grid from header and body text lines: columns by alignment, header spans by centring."""
    x0, top, x1, bottom = bbox
    body = [pieces for pieces in (pieces_of(l, settings) for l in body_lines) if pieces]
    body_columns = text_columns([p for row in body for p in row])
    header_pieces = join_wrapped_labels([pieces_of(l, settings) for l in header_lines], body_columns)
    header_rows = (row_grid([p for row in header_pieces for p in row], band) if band else None) or header_rows_from_lines(
        header_pieces
    )
    leaves = leaf_labels(header_rows)
    columns = label_columns(body_columns, leaves)
    if len(columns) < 2:
        return None
    n = len(columns)
    rows, merges = header_grid(header_rows, columns)
    tops = [min(p.top for p in row) for row in header_rows]
    bottoms = [max(p.bottom for p in row) for row in header_rows]
    for group in _logical_rows(body):
        row = [""] * n
        for pieces in group:
            for piece in pieces:
                col = column_of(piece, columns)
                row[col] = join_wrapped([row[col], piece.text])
        rows.append(row)
        tops.append(min(p.top for pieces in group for p in pieces))
        bottoms.append(max(p.bottom for pieces in group for p in pieces))
    edges = [x0] + [(columns[i][1] + columns[i + 1][0]) / 2 for i in range(n - 1)] + [x1]
    return PageTable(
        page=page,
        bbox=(x0, top, x1, bottom),
        rows=rows,
        merges=sorted(merges),
        row_tops=tops,
        row_bottoms=bottoms,
        col_edges=edges,
        rule_style=rule_style,
        header_rows=len(header_rows) if header_rows else None,
        row_line_counts=[1] * len(rows),
    )


def _logical_rows(body: list[list[Piece]]) -> list[list[list[Piece]]]:
    """Body lines grouped into table rows: lines closer than the usual row pitch
    are the wrapped lines of one row (a cell of several lines, centred or not)."""
    if not body:
        return []
    tops = [min(p.top for p in pieces) for pieces in body]
    gaps = sorted(b - a for a, b in zip(tops, tops[1:]))
    pitch = gaps[len(gaps) // 2] if gaps else 0.0
    groups = [[body[0]]]
    for previous, top, pieces in zip(tops, tops[1:], body[1:]):
        if top - previous < 0.9 * pitch:
            groups[-1].append(pieces)
        else:
            groups.append([pieces])
    return groups


def _runs_on_below(lines: list[Line], y: float, settings: ExtractSettings) -> list[Line]:
    """Lines directly under ``y``, each close under the one before, up to a note or
    title (a table body running to the page end)."""
    run: list[Line] = []
    last = y
    for line in sorted((l for l in lines if l.top >= y), key=lambda l: l.top):
        if line.top - last > 1.5 * max(line.bottom - line.top, 1.0) or _is_context(line, settings):
            break
        run.append(line)
        last = line.bottom
    return run


