"""Columns of text tables: pieces of lines, their alignment, and the labels over them.

A line splits into pieces at whitespace wider than a cell gap. Body pieces that
overlap horizontally form a column; the bottom header labels anchor the columns
and the body text under each widens it. Figures right-aligned under a centred
label may not overlap it: they join the label on their left, words the one on
their right.
"""

from __future__ import annotations

from dataclasses import dataclass

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.text_lines import Line, line_text, split_at_gaps


@dataclass(slots=True)
class Piece:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    centred_over_rows: bool = False  # printed half-way between two header rows
    rows_spanned: int = 0  # header rows the label's cell covers, when the row grid is known

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def pieces_of(line: Line, settings: ExtractSettings) -> list[Piece]:
    return [
        Piece(line_text(p.chars, settings), p.x0, p.x1, p.top, p.bottom)
        for p in split_at_gaps(line, settings.cell_gap, number_gap=settings.figure_gap)
    ]


def text_columns(pieces: list[Piece]) -> list[tuple[float, float, bool]]:
    """Text columns: unions of horizontally overlapping pieces, and whether they hold figures."""
    spans: list[list] = []
    for piece in sorted(pieces, key=lambda p: p.x0):
        figure = is_figure(piece.text)
        if spans and piece.x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], piece.x1)
            spans[-1][2] = spans[-1][2] and figure
        else:
            spans.append([piece.x0, piece.x1, figure])
    return [(a, b, f) for a, b, f in spans]


def is_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch.isdigit() or ch in ",.-+%" for ch in text)


def label_columns(body: list[tuple[float, float]], leaves: list[Piece]) -> list[tuple[float, float]]:
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


def column_of(piece: Piece, columns: list[tuple[float, float]]) -> int:
    best, best_overlap = 0, float("-inf")
    for i, (a, b) in enumerate(columns):
        overlap = min(b, piece.x1) - max(a, piece.x0)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def overlaps(a: Piece, b: Piece) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0
