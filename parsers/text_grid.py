"""Tables framed by horizontal rules only ("three-line" tables).

Rows come from text lines between the rules; columns from text alignment: the
body's text pieces that overlap horizontally form one column, and header labels
above empty columns add theirs. Upper header labels are centred over the columns
they span, so each is given the run of columns whose centre is nearest to its own
(a small dynamic programme). Never guesses beyond that: a region whose text does
not form at least two columns stays text.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.extract_settings import ExtractSettings
from parsers.grid_model import PageTable
from parsers.page_model import Char, Edge, PageContent
from parsers.table_context import NOTE_START, ORG, TITLE, UNIT
from parsers.text_lines import Line, group_lines, join_wrapped, line_text, split_at_gaps

_CELL_GAP = 0.35  # × font size: whitespace that separates two cells on a line
_UNRULED_GAP = 1.0  # × font size: without rules, only wide whitespace marks a column


@dataclass(slots=True)
class _Piece:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    centred_over_rows: bool = False  # printed half-way between two header rows

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def find_rule_framed_tables(
    content: PageContent, chars: list[Char], taken: list[tuple[float, float, float, float]], settings: ExtractSettings
) -> list[PageTable]:
    """Tables framed by long horizontal rules among ``chars`` (outside ruled tables)."""
    rules = _long_rules(content.edges, taken, content.width, settings)
    if len(rules) < 2:
        return []
    lines = group_lines(chars, settings)
    tables = []
    for frame in _frames(rules, lines, settings):
        table = _frame_table(frame, lines, content.page_number, settings)
        if table is not None:
            tables.append(table)
    return tables


def find_unruled_tables(page: int, chars: list[Char], settings: ExtractSettings) -> list[PageTable]:
    """Tables with no rules at all, only where a table title announces them.

    Under a title (and its unit/org lines), a run of lines that each split into
    two or more aligned pieces, some of them figures, is read as a table: leading
    lines without figures are its header. Anything less stays text (never guess).
    """
    lines = group_lines(chars, settings)
    tables: list[PageTable] = []
    index = 0
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
    block: list[Line] = []
    for line in lines:
        pieces = split_at_gaps(line, _UNRULED_GAP)
        if len(pieces) < 2 or _is_context(line, settings):
            break
        if block and line.top - block[-1].bottom > 1.5 * (line.bottom - line.top):
            break
        block.append(line)
    return block


def _block_table(block: list[Line], page: int, settings: ExtractSettings) -> PageTable | None:
    figures = [any(_is_figure(p.text) for p in _pieces(line, settings)) for line in block]
    if len(block) < 2 or not any(figures):
        return None
    first_body = figures.index(True)
    bbox = (min(l.x0 for l in block), block[0].top - 0.5, max(l.x1 for l in block), block[-1].bottom + 0.5)
    table = _lines_table(block[:first_body], block[first_body:], bbox, page, "none", settings)
    if table is None or table.width < 3:
        return None
    return table


def _long_rules(edges: list[Edge], taken, page_width: float, settings: ExtractSettings) -> list[Edge]:
    rules = []
    for e in edges:
        if e.orientation != "h" or e.x1 - e.x0 < settings.rule_span * page_width * 0.8:
            continue
        if any(b[0] - 2 <= e.x0 and e.x1 <= b[2] + 2 and b[1] - 2 <= e.top <= b[3] + 2 for b in taken):
            continue
        if rules and abs(rules[-1].top - e.top) < 1.0:
            continue
        rules.append(e)
    rules.sort(key=lambda e: e.top)
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
    text = line_text(line.chars, settings)
    return bool(TITLE.search(text) or UNIT.search(text) or ORG.match(text) or NOTE_START.match(text))


def _frame_table(frame: list[Edge], lines: list[Line], page: int, settings: ExtractSettings) -> PageTable | None:
    top, header_rule, bottom = frame[0].top, frame[1].top, frame[-1].top
    if len(frame) == 2:
        bottom = header_rule
    x0, x1 = frame[0].x0, frame[0].x1
    inside = [l for l in lines if x0 - 2 <= l.x0 and l.x1 <= x1 + 2]
    if len(frame) == 2 and _runs_on_below(inside, header_rule):
        # top rule and header rule at the foot of a page: the body runs to the page end
        below = _runs_on_below(inside, header_rule)
        bottom = below[-1].bottom + 0.5
    header_lines = [l for l in inside if top < l.middle < header_rule] if bottom > header_rule else []
    body_top = header_rule if bottom > header_rule else top
    body_lines = [l for l in inside if body_top < l.middle < bottom]
    return _lines_table(header_lines, body_lines, (x0, top, x1, bottom), page, "three_line", settings)


def _lines_table(
    header_lines: list[Line], body_lines: list[Line], bbox, page: int, rule_style: str, settings: ExtractSettings
) -> PageTable | None:
    """A grid from header and body text lines: columns by alignment, header spans by centring."""
    x0, top, x1, bottom = bbox
    body = [pieces for pieces in (_pieces(l, settings) for l in body_lines) if pieces]
    header_rows = _header_rows([_pieces(l, settings) for l in header_lines])
    leaves = _leaf_pieces(header_rows)
    columns = _label_columns(_columns([p for row in body for p in row]), leaves)
    if len(columns) < 2:
        return None
    n = len(columns)
    rows, merges = _header_grid(header_rows, columns)
    tops = [min(p.top for p in row) for row in header_rows]
    bottoms = [max(p.bottom for p in row) for row in header_rows]
    for group in _logical_rows(body):
        row = [""] * n
        for pieces in group:
            for piece in pieces:
                col = _column_of(piece, columns)
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


def _logical_rows(body: list[list[_Piece]]) -> list[list[list[_Piece]]]:
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


def _runs_on_below(lines: list[Line], y: float) -> list[Line]:
    """Lines directly under ``y``, each close under the one before (a table body)."""
    run: list[Line] = []
    last = y
    for line in sorted((l for l in lines if l.top >= y), key=lambda l: l.top):
        if line.top - last > 1.5 * max(line.bottom - line.top, 1.0):
            break
        run.append(line)
        last = line.bottom
    return run


def _pieces(line: Line, settings: ExtractSettings) -> list[_Piece]:
    return [
        _Piece(line_text(p.chars, settings), p.x0, p.x1, p.top, p.bottom)
        for p in split_at_gaps(line, _CELL_GAP, number_gap=0.1)
    ]


def _header_rows(rows: list[list[_Piece]]) -> list[list[_Piece]]:
    """Header lines; a line whose labels touch no label above or below it is a label
    centred over several header rows, and belongs to the row above."""
    rows = [r for r in rows if r]
    merged: list[list[_Piece]] = []
    for i, row in enumerate(rows):
        neighbours = rows[i - 1 : i] + rows[i + 1 : i + 2]
        if (
            merged
            and i + 1 < len(rows)
            and _midway(row, rows[i - 1], rows[i + 1])
            and not any(_overlaps(p, q) for p in row for n in neighbours for q in n)
        ):
            for piece in row:
                piece.centred_over_rows = True
            merged[-1] = sorted(merged[-1] + row, key=lambda p: p.x0)
        else:
            merged.append(row)
    return merged


def _midway(row: list[_Piece], above: list[_Piece], below: list[_Piece]) -> bool:
    """The row's labels sit half-way between the rows around it (vertically centred)."""
    def middle(pieces: list[_Piece]) -> float:
        return sum((p.top + p.bottom) / 2 for p in pieces) / len(pieces)

    height = max(p.bottom - p.top for p in row)
    return abs(middle(row) - (middle(above) + middle(below)) / 2) < 0.5 * height


def _leaf_pieces(header_rows: list[list[_Piece]]) -> list[_Piece]:
    """Labels with no label under them: the bottom label row plus labels spanning down to it."""
    labels, _ = _split_number_row(header_rows)
    leaves = []
    for r, row in enumerate(labels):
        for piece in row:
            if r == len(labels) - 1 or piece.centred_over_rows or _alone_at_edge(piece, labels[r + 1 :]):
                leaves.append(piece)
    return leaves


def _alone_at_edge(piece: _Piece, rows: list[list[_Piece]]) -> bool:
    """Nothing under the label, and lower labels on one side of it only: a label
    spanning down at the table's edge, not a group label centred over its columns."""
    lower = [q for row in rows for q in row]
    if any(_overlaps(piece, q) for q in lower):
        return False
    return all(q.x1 <= piece.x0 for q in lower) or all(q.x0 >= piece.x1 for q in lower)


def _split_number_row(header_rows: list[list[_Piece]]) -> tuple[list[list[_Piece]], list[_Piece]]:
    """(label rows, the trailing column-number row or [])."""
    if header_rows and _is_number_row(header_rows[-1]):
        return header_rows[:-1], header_rows[-1]
    return header_rows, []


def _is_number_row(pieces: list[_Piece]) -> bool:
    texts = [p.text for p in pieces]
    if texts and texts[0] == "栏次":
        return True
    return len(texts) >= 2 and all(t.isdigit() and len(t) <= 2 for t in texts)


def _header_grid(header_rows: list[list[_Piece]], columns) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Header labels placed on the columns, top-down.

    Upper labels share out the columns not already covered by a label spanning down
    from above; a label with no label under its columns spans down to the last
    label row. The bottom label row and a column-number row map one label per column.
    """
    n = len(columns)
    labels, numbers = _split_number_row(header_rows)
    rows = [[""] * n for _ in header_rows]
    merges: list[tuple[int, int, int, int]] = []
    covered: set[tuple[int, int]] = set()
    last = len(labels) - 1
    for r, row_labels in enumerate(labels):
        if r == last:
            _place(rows[r], row_labels, columns)
            continue
        free = [c for c in range(n) if (r, c) not in covered]
        below = {_column_of(q, columns) for lower in labels[r + 1 :] for q in lower}
        for piece, (a, b) in zip(row_labels, _spans(row_labels, [columns[c] for c in free])):
            cols = free[a:b]
            rowspan = 1 if below & set(cols) else last - r + 1
            rows[r][cols[0]] = piece.text
            covered.update((rr, c) for rr in range(r + 1, r + rowspan) for c in cols)
            if rowspan > 1 or len(cols) > 1:
                merges.append((r, cols[0], rowspan, cols[-1] + 1 - cols[0]))
    if numbers:
        _place(rows[-1], numbers, columns)
    return rows, merges


def _place(row: list[str], pieces: list[_Piece], columns) -> None:
    for piece in pieces:
        col = _column_of(piece, columns)
        row[col] = piece.text if not row[col] else row[col] + piece.text


def _has_below(piece: _Piece, rows: list[list[_Piece]]) -> bool:
    return any(_overlaps(piece, q) for row in rows for q in row)


def _overlaps(a: _Piece, b: _Piece) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _columns(pieces: list[_Piece]) -> list[tuple[float, float, bool]]:
    """Text columns: unions of horizontally overlapping pieces, and whether they hold figures."""
    spans: list[list] = []
    for piece in sorted(pieces, key=lambda p: p.x0):
        figure = _is_figure(piece.text)
        if spans and piece.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], piece.x1)
            spans[-1][2] = spans[-1][2] and figure
        else:
            spans.append([piece.x0, piece.x1, figure])
    return [(a, b, f) for a, b, f in spans]


def _is_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch.isdigit() or ch in ",.-+%" for ch in text)


def _label_columns(body: list[tuple[float, float]], leaves: list[_Piece]) -> list[tuple[float, float]]:
    """Column extents: one per bottom header label, widened by the body text under it.

    A body column overlapping a label belongs to it. One between two labels belongs
    to the label on its left when it holds figures (right-aligned under a centred
    label) and to the label on its right when it holds words (left-aligned).
    Without a header, the body columns are the columns.
    """
    if not leaves:
        return [(a, b) for a, b, _ in body]
    labels = sorted(leaves, key=lambda p: p.x0)
    columns = [[p.x0, p.x1] for p in labels]
    for a, b, figures in body:
        overlaps = [min(b, c[1]) - max(a, c[0]) for c in columns]
        best = max(range(len(columns)), key=lambda i: overlaps[i])
        if overlaps[best] <= 0:
            left = [i for i, c in enumerate(columns) if labels[i].x1 <= a]
            right = [i for i, c in enumerate(columns) if labels[i].x0 >= b]
            if figures and left:
                best = left[-1]
            elif right:
                best = right[0]
            elif left:
                best = left[-1]
        columns[best] = [min(columns[best][0], a), max(columns[best][1], b)]
    return [(a, b) for a, b in columns]


def _column_of(piece: _Piece, columns: list[tuple[float, float]]) -> int:
    best, best_overlap = 0, float("-inf")
    for i, (a, b) in enumerate(columns):
        overlap = min(b, piece.x1) - max(a, piece.x0)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _spans(labels: list[_Piece], columns: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Contiguous column runs, one per label in order, centred under the labels.

    Minimises the total distance between each label's centre and its run's centre
    over every way of cutting the columns into ``len(labels)`` ordered runs.
    """
    n, m = len(columns), len(labels)
    if m == 0:
        return []
    if m > n:
        return [(min(_column_of(p, columns), n - 1), min(_column_of(p, columns), n - 1) + 1) for p in labels]
    bounds = [columns[0][0]] + [(columns[i][1] + columns[i + 1][0]) / 2 for i in range(n - 1)] + [columns[-1][1]]
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    choice = [[0] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        centre = labels[j - 1].center
        for stop in range(j, n + 1):
            for start in range(j - 1, stop):
                if cost[j - 1][start] == inf:
                    continue
                value = cost[j - 1][start] + abs(centre - (bounds[start] + bounds[stop]) / 2)
                if value < cost[j][stop]:
                    cost[j][stop], choice[j][stop] = value, start
    runs = []
    stop = n
    for j in range(m, 0, -1):
        start = choice[j][stop]
        runs.append((start, stop))
        stop = start
    return runs[::-1]
