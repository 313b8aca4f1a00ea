"""The shape of one table found on one page, before stitching over pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class PageTable:
    """A table's grid on a single page; texts are final cell texts.

    ``row_tops``/``row_bottoms`` locate each row so stitching can tell a row cut by the
    page end, and ``bbox`` (x0, top, x1, bottom) lets context finding look around it.
    """

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # row, col, rowspan, colspan
    row_tops: list[float] = field(default_factory=list)
    row_bottoms: list[float] = field(default_factory=list)
    col_edges: list[float] = field(default_factory=list)  # column boundaries, left to right
    row_line_counts: list[int] = field(default_factory=list)  # most text lines in any cell of the row
    rule_style: str = "grid"
    header_rows: int | None = None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(slots=True)
class PageText:
    """A printed line outside the page's tables."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
