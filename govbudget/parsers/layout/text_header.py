"""Header rows of text tables: which labels share a row, and what each spans.

Without rules, a header's structure is read from where labels are printed: on an
equal-height row grid each label's middle tells its rows; otherwise labels printed
half-way between two rows span both. Upper labels spread over the run of columns
centred under them (a small dynamic programme over the free columns), nested like
a tree: a label reaching the bottom row keeps its own column, and a group label
never cuts a lower group in two, however far off-centre it is printed.
"""

from __future__ import annotations

from govbudget.parsers.layout.text_columns import Piece, column_of, is_figure, overlaps
from govbudget.parsers.layout.text_lines import join_wrapped


def header_rows_from_lines(rows: list[list[Piece]]) -> list[list[Piece]]:
    """Header lines; a line whose labels touch no label above or below it is a label
    centred over several header rows, and belongs to the row above."""
    rows = [r for r in rows if r]
    merged: list[list[Piece]] = []
    for i, row in enumerate(rows):
        neighbours = rows[i - 1 : i] + rows[i + 1 : i + 2]
        if (
            merged
            and i + 1 < len(rows)
            and _midway(row, rows[i - 1], rows[i + 1])
            and not any(overlaps(p, q) for p in row for n in neighbours for q in n)
        ):
            for piece in row:
                piece.centred_over_rows = True
            merged[-1] = sorted(merged[-1] + row, key=lambda p: p.x0)
        else:
            merged.append(row)
    return merged


def join_wrapped_labels(rows: list[list[Piece]], body: list[tuple[float, float, bool]]) -> list[list[Piece]]:
    """Header lines with each label wrapped over two lines (``2024年预算`` / ``数``) made one.

    Two labels are one wrapped label when they stack at line spacing (under half a
    line apart), start or centre on the same x, the lower is shorter, neither touches
    another label of the other's line, and together they stand over at most one body
    column (a group label stands over several).
    """
    rows = [list(row) for row in rows]
    for i, row in enumerate(rows):
        for upper in list(row):
            # the nearest line below with a label under this one (a label centred over
            # both header rows may sit on a line in between)
            for lower_row in (r for r in rows[i + 1 :] if any(overlaps(p, upper) for p in r)):
                lower = _wrapped_part(upper, row, lower_row, body)
                if lower is not None:
                    lower_row.remove(lower)
                    joined = Piece(join_wrapped([upper.text, lower.text]), min(upper.x0, lower.x0),
                                   max(upper.x1, lower.x1), upper.top, lower.bottom)
                    row[row.index(upper)] = joined
                break
    return [sorted(r, key=lambda p: p.x0) for r in rows if r]


def _wrapped_part(upper: Piece, row: list[Piece], lower_row: list[Piece], body) -> Piece | None:
    under = [p for p in lower_row if overlaps(p, upper)]
    if len(under) != 1:
        return None
    lower = under[0]
    height = max(upper.bottom - upper.top, lower.bottom - lower.top, 1.0)
    aligned = abs(upper.center - lower.center) <= height or abs(upper.x0 - lower.x0) <= height / 2
    close = lower.top - upper.bottom < height / 2  # line spacing, not a row gap
    alone = [p for p in row if overlaps(p, lower)] == [upper]
    x0, x1 = min(upper.x0, lower.x0), max(upper.x1, lower.x1)
    columns = sum(1 for a, b, _ in body if min(b, x1) - max(a, x0) > 0)
    # wrapping fills the first line, so what runs on is shorter; a row of column
    # numbers (栏次 1 2 3) is no continuation
    shorter = lower.x1 - lower.x0 < upper.x1 - upper.x0 - height / 2
    numbered = any(is_figure(p.text) for p in lower_row)
    if aligned and close and alone and shorter and columns <= 1 and not numbered:
        return lower
    return None


def row_grid(pieces: list[Piece], band: tuple[float, float]) -> list[list[Piece]] | None:
    """Header rows from a band of equal-height rows, each label centred in its cell.

    Tries 1, 2, … rows: with row height h, a label centred on rows i..i+span-1 has
    its middle at (2i + span)·h/2 below the band top. The fewest rows that place
    every label this way win; each label then knows its row and row span. A middle
    that fits a row and the rows around it alike (the middle of three) takes the
    most rows with no other label above or below it.
    """
    if not pieces:
        return None
    top, bottom = band
    for k in range(1, 7):
        h = (bottom - top) / k
        slots = []
        for piece in pieces:
            v = 2 * ((piece.top + piece.bottom) / 2 - top) / h
            slot = round(v)
            if abs(v - slot) > 0.3 or not 1 <= slot <= 2 * k - 1:
                break
            slots.append((slot, piece))
        else:
            narrowest = [(*_rows_centred_on(slot, k), piece) for slot, piece in slots]
            rows: list[list[Piece]] = [[] for _ in range(k)]
            for slot, piece in slots:
                row, span = _widest_free(slot, k, piece, narrowest)
                piece.rows_spanned = span
                rows[row].append(piece)
            if any(not r for r in rows):
                return None
            return [sorted(r, key=lambda p: p.x0) for r in rows]
    return None


def _rows_centred_on(slot: int, k: int) -> tuple[int, int]:
    """(first row, row count) of the fewest of ``k`` rows centred on ``slot``."""
    span = 1 if slot % 2 else 2
    while (slot - span) // 2 + span > k:
        span += 2
    return (slot - span) // 2, span


def _widest_free(slot: int, k: int, piece: Piece, placed: list[tuple[int, int, Piece]]) -> tuple[int, int]:
    """The most rows centred on ``slot`` that no other label above or below shares:
    the middle of three rows is a label of one row only under or over another label."""
    row, span = _rows_centred_on(slot, k)
    while row >= 1 and row + span < k:
        first, last = row - 1, row + span
        if any(q is not piece and overlaps(q, piece) and r <= last and r + n > first for r, n, q in placed):
            break
        row, span = first, span + 2
    return row, span


def _midway(row: list[Piece], above: list[Piece], below: list[Piece]) -> bool:
    """The row's labels sit half-way between the rows around it (vertically centred)."""
    def middle(pieces: list[Piece]) -> float:
        return sum((p.top + p.bottom) / 2 for p in pieces) / len(pieces)

    height = max(p.bottom - p.top for p in row)
    return abs(middle(row) - (middle(above) + middle(below)) / 2) < 0.5 * height


def leaf_labels(header_rows: list[list[Piece]]) -> list[Piece]:
    """Labels with no label under them: the bottom label row plus labels spanning down to it."""
    labels, _ = _split_number_row(header_rows)
    leaves = []
    for r, row in enumerate(labels):
        for piece in row:
            if piece.rows_spanned:
                reaches_bottom = r + piece.rows_spanned >= len(labels)
            else:
                reaches_bottom = piece.centred_over_rows or _alone_at_edge(piece, labels[r + 1 :])
            if r == len(labels) - 1 or reaches_bottom:
                leaves.append(piece)
    return leaves


def _alone_at_edge(piece: Piece, rows: list[list[Piece]]) -> bool:
    """Nothing under the label, and lower labels on one side of it only: a label
    spanning down at the table's edge, not a group label centred over its columns."""
    lower = [q for row in rows for q in row]
    if any(overlaps(piece, q) for q in lower):
        return False
    return all(q.x1 <= piece.x0 for q in lower) or all(q.x0 >= piece.x1 for q in lower)


def _split_number_row(header_rows: list[list[Piece]]) -> tuple[list[list[Piece]], list[Piece]]:
    """(label rows, the trailing column-number row or [])."""
    if header_rows and _is_number_row(header_rows[-1]):
        return header_rows[:-1], header_rows[-1]
    return header_rows, []


def _is_number_row(pieces: list[Piece]) -> bool:
    texts = [p.text for p in pieces]
    if texts and texts[0] == "栏次":
        return True
    return len(texts) >= 2 and all(t.isdigit() and len(t) <= 2 for t in texts)


def header_grid(header_rows: list[list[Piece]], columns) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Header labels placed on the columns, top-down.

    Upper labels share out the columns not already covered by a label spanning down
    from above; a label with no label under its columns spans down to the last
    label row. The bottom label row and a column-number row map one label per column.
    """
    n = len(columns)
    labels, numbers = _split_number_row(header_rows)
    rows = [[""] * n for _ in header_rows]
    merges: list[tuple[int, int, int, int]] = []
    for r, piece, cols, rowspan in _label_cells(labels, columns):
        rows[r][cols[0]] = piece.text
        if rowspan > 1 or len(cols) > 1:
            merges.append((r, cols[0], rowspan, cols[-1] + 1 - cols[0]))
    if labels:
        _place(rows[len(labels) - 1], labels[-1], columns)
    if numbers:
        _place(rows[-1], numbers, columns)
    return rows, merges


Cell = tuple[int, Piece, list[int], int]  # (row, label, its columns, rows spanned)


def _label_cells(labels: list[list[Piece]], columns) -> list[Cell]:
    """The cells of the labels above the bottom row, nested like the header's tree.

    A group label's columns are the whole columns of the groups under it: a label
    printed off-centre over its group must not cut a lower group in two. The lower
    groups come from the pass before, until the cells stop changing.
    """
    leaves = {id(p) for p in leaf_labels(labels)}
    locked: dict[int, set[int]] = {}
    cells = _cells_top_down(labels, columns, leaves, locked)
    for _ in range(len(labels)):
        inner = {r: {c for row, _, cols, _ in cells if row > r for c in cols[1:]} for r in range(len(labels))}
        if inner == locked:
            break
        locked = inner
        cells = _cells_top_down(labels, columns, leaves, locked)
    return cells


def _cells_top_down(labels: list[list[Piece]], columns, leaves: set[int], locked: dict[int, set[int]]) -> list[Cell]:
    """Each upper row's labels over the columns left free by the rows above: a label
    reaching the bottom row keeps its own column; the others share out the rest
    without starting a run inside a lower group (a column of ``locked``)."""
    n, last = len(columns), len(labels) - 1
    cells: list[Cell] = []
    covered: set[tuple[int, int]] = set()
    for r, row_labels in enumerate(labels[:-1]):
        free = [c for c in range(n) if (r, c) not in covered]
        below = {column_of(q, columns) for lower in labels[r + 1 :] for q in lower}
        own = [column_of(p, columns) if id(p) in leaves else None for p in row_labels]
        fits = _nested_runs(free, own, locked.get(r, set()))
        for j, (a, b) in enumerate(_spans(row_labels, [columns[c] for c in free], fits)):
            piece, cols = row_labels[j], free[a:b]
            if id(piece) in leaves:
                rowspan = last - r + 1
            elif piece.rows_spanned:
                rowspan = min(piece.rows_spanned, last - r + 1)
            else:
                rowspan = 1 if below & set(cols) else last - r + 1
            cells.append((r, piece, cols, rowspan))
            covered.update((rr, c) for rr in range(r + 1, r + rowspan) for c in cols)
    return cells


def _nested_runs(free: list[int], own: list[int | None], cuts: set[int]):
    """Which runs of ``free`` columns label j may take: exactly its own column when it
    has one, and never a run starting inside a lower group (a column of ``cuts``)."""

    def fits(j: int, start: int, stop: int) -> bool:
        if own[j] is not None and free[start:stop] != [own[j]]:
            return False
        return free[start] not in cuts or free[start] - 1 not in free[:start]

    return fits


def _place(row: list[str], pieces: list[Piece], columns) -> None:
    for piece in pieces:
        col = column_of(piece, columns)
        row[col] = piece.text if not row[col] else row[col] + piece.text


def _spans(labels: list[Piece], columns: list[tuple[float, float]], fits=None) -> list[tuple[int, int]]:
    """Contiguous column runs, one per label in order, centred under the labels.

    Minimises the total distance between each label's centre and its run's centre
    over every way of cutting the columns into ``len(labels)`` ordered runs; with
    ``fits(label index, start, stop)``, over the runs it allows when any cut does.
    """
    n, m = len(columns), len(labels)
    if m == 0:
        return []
    if m > n:
        return [(min(column_of(p, columns), n - 1), min(column_of(p, columns), n - 1) + 1) for p in labels]
    bounds = [columns[0][0]] + [(columns[i][1] + columns[i + 1][0]) / 2 for i in range(n - 1)] + [columns[-1][1]]
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    choice = [[0] * (n + 1) for _ in range(m + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        centre = labels[j - 1].center
        for stop in range(j, n + 1):
            for start in range(j - 1, stop):
                if cost[j - 1][start] == inf or (fits and not fits(j - 1, start, stop)):
                    continue
                value = cost[j - 1][start] + abs(centre - (bounds[start] + bounds[stop]) / 2)
                if value < cost[j][stop]:
                    cost[j][stop], choice[j][stop] = value, start
    if cost[m][n] == inf:
        return _spans(labels, columns)
    runs = []
    stop = n
    for j in range(m, 0, -1):
        start = choice[j][stop]
        runs.append((start, stop))
        stop = start
    return runs[::-1]
