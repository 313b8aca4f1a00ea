"""Full-grid tables: ruling lines → cells (pdfplumber's algorithms) → text grid.

pdfplumber.table does the geometry (snapping, joining, intersections, smallest
cells, grouping into tables) on the edges pdfium read. Merged cells are cells that
span more than one of the table's column or row boundaries; their text goes to the
top-left position and the covered positions stay ''.
"""

from __future__ import annotations

from bisect import bisect_right

from pdfplumber import table as plumber_table

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.grid_model import PageTable
from govbudget.parsers.layout.overflow_text import overflow_rows
from govbudget.parsers.page_model import Char, Edge
from govbudget.parsers.layout.text_lines import group_lines, join_wrapped, line_text

Bbox = tuple[float, float, float, float]


def find_cell_groups(edges: list[Edge], settings: ExtractSettings) -> list[list[Bbox]]:
    """Groups of cells, one group per ruled table, top to bottom."""
    if not edges:
        return []
    merged = plumber_table.merge_edges(
        [_edge_dict(e) for e in edges],
        settings.snap_tolerance,
        settings.snap_tolerance,
        settings.join_tolerance,
        settings.join_tolerance,
    )
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= settings.min_rule_length]
    merged += _closing_edges(merged, settings.snap_tolerance)
    intersections = plumber_table.edges_to_intersections(
        merged, settings.intersection_tolerance, settings.intersection_tolerance
    )
    cells = plumber_table.intersections_to_cells(intersections)
    return plumber_table.cells_to_tables(cells)


def _closing_edges(edges: list[dict], tolerance: float) -> list[dict]:
    """Horizontal edges where several vertical rules end together beyond the last rule.

    A row cut by a page break is often drawn without its top (or bottom) border on
    the page it continues on; its vertical rules still stop at the same height, and
    closing them there keeps the row in the table instead of losing it as text.
    """
    horizontals = [e for e in edges if e["orientation"] == "h"]
    verticals = [e for e in edges if e["orientation"] == "v"]
    ends: list[tuple[float, float]] = [(v["top"], v["x0"]) for v in verticals] + [(v["bottom"], v["x0"]) for v in verticals]
    ends.sort()
    added = []
    group: list[tuple[float, float]] = []
    for end in ends + [(float("inf"), 0.0)]:
        if group and end[0] - group[0][0] > tolerance:
            y = sum(g[0] for g in group) / len(group)
            x0, x1 = min(g[1] for g in group), max(g[1] for g in group)
            across = [h["top"] for h in horizontals if h["x0"] < x1 and h["x1"] > x0]
            open_end = across and (y < min(across) - tolerance or y > max(across) + tolerance)
            if len(group) >= 2 and x1 - x0 > tolerance and open_end:
                added.append(_edge_dict(Edge("h", x0, y, x1, y)))
            group = []
        group.append(end)
    return added


def _edge_dict(edge: Edge) -> dict:
    return {
        "x0": edge.x0,
        "x1": edge.x1,
        "top": edge.top,
        "bottom": edge.bottom,
        "doctop": edge.top,
        "width": edge.x1 - edge.x0,
        "height": edge.bottom - edge.top,
        "orientation": edge.orientation,
        "object_type": "line",
    }


def cells_to_page_table(cells: list[Bbox], chars: list[Char], page: int, settings: ExtractSettings) -> PageTable:
    """Place every character in its cell and read the cell texts."""
    xs = _boundaries([c[0] for c in cells] + [c[2] for c in cells])
    ys = _boundaries([c[1] for c in cells] + [c[3] for c in cells])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner: dict[tuple[int, int], int] = {}
    spans = []
    for index, (x0, top, x1, bottom) in enumerate(cells):
        r0, r1 = _index(ys, top), _index(ys, bottom)
        c0, c1 = _index(xs, x0), _index(xs, x1)
        spans.append((r0, c0, max(r1 - r0, 1), max(c1 - c0, 1)))
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                owner.setdefault((r, c), index)
    cell_chars: list[list[Char]] = [[] for _ in cells]
    inside = [c for c in chars if c.x0 < xs[-1] and c.x1 > xs[0] and ys[0] <= (c.top + c.bottom) / 2 <= ys[-1]]
    moved = overflow_rows(inside, xs, ys)
    for char in inside:
        cy = (char.top + char.bottom) / 2
        # punctuation hanging over the table's outer rule still belongs to its edge cell
        cx = min(max((char.x0 + char.x1) / 2, xs[0]), xs[-1] - 0.01)
        r = moved.get(id(char), min(bisect_right(ys, cy) - 1, n_rows - 1))
        c = min(bisect_right(xs, cx) - 1, n_cols - 1)
        index = owner.get((r, c))
        if index is not None:
            cell_chars[index].append(char)
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    line_counts = [0] * n_rows
    merges = []
    for index, (r0, c0, rowspan, colspan) in enumerate(spans):
        lines = group_lines(cell_chars[index], settings)
        rows[r0][c0] = join_wrapped([line_text(line.chars, settings) for line in lines])
        line_counts[r0] = max(line_counts[r0], len(lines))
        if rowspan > 1 or colspan > 1:
            merges.append((r0, c0, rowspan, colspan))
    merges.sort()
    return PageTable(
        page=page,
        bbox=(xs[0], ys[0], xs[-1], ys[-1]),
        rows=rows,
        merges=merges,
        row_tops=ys[:-1],
        row_bottoms=ys[1:],
        col_edges=xs,
        rule_style="grid",
        row_line_counts=line_counts,
    )


def _boundaries(values: list[float], tolerance: float = 0.5) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest to ``value``."""
    i = bisect_right(bounds, value)
    if i > 0 and (i == len(bounds) or value - bounds[i - 1] <= bounds[i] - value):
        return i - 1
    return i
