"""Intermediate page and table shapes shared by the parser steps.

These are internal to parsers/ (the public shapes are in govbudget.schema).
Text-layer extraction and OCR both produce :class:`PageContent`, so everything
downstream (regions, grid, headers, rows) is the same for both.
Coordinates are PDF points with a top-left origin, like pdfplumber's.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    fontname: str = ""
    upright: bool = True
    color: tuple[float, ...] | None = None  # fill colour, 0..1 per channel
    confidence: float | None = None  # OCR only

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Edge:
    """A ruling line segment; orientation is 'h' or 'v'."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageContent:
    page_number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    source: str = "text"  # text | ocr
    has_images: bool = False


@dataclass(slots=True)
class Cell:
    text: str
    bbox: tuple[float, float, float, float] | None = None
    confidence: float | None = None


@dataclass(slots=True)
class RawTable:
    """A table's printed grid before it is given meaning.

    ``rows`` are the grid's rows top to bottom, already stitched over pages, with
    merged cells' text in their top-left cell and '' in the cells they cover
    (the same convention as the corpus truth). ``row_pages`` gives each row's page.
    """

    title: str
    pages: list[int]
    rows: list[list[Cell]]
    row_pages: list[int]
    number: str | None = None  # 表一 / 预算公开表1 / 公开01表
    unit: str | None = None
    org_line: str | None = None
    period: str | None = None
    subtitle: str | None = None
    note: str | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # row, col, rowspan, colspan
    source: str = "text"
    rule_style: str = "grid"  # grid | three_line | none
