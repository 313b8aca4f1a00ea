"""Intermediate page and table shapes shared by the parser steps.

These are internal to govbudget/parsers/ (the public shapes are in govbudget.schema).
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
    run: int = 0  # id of the drawing operation (text object) that printed it; 0 = unknown

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
    turned: int = 0  # degrees clockwise the text layer was turned beyond /Rotate to read it as printed
    mixed_directions: bool = False  # text runs several ways: part of it is read backwards


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
    # Heuristic guess of the leading header rows (non-numeric rows and column-number
    # rows such as 栏次/1 2 3 above the first data row); None when no guess is made.
    header_rows: int | None = None

    def texts(self) -> list[list[str]]:
        """The grid as plain strings, the shape of the corpus truth ``rows``."""
        return [[cell.text for cell in row] for row in self.rows]


@dataclass(slots=True)
class TextLine:
    """One printed line outside every table (title, unit line, note, heading, paragraph)."""

    text: str
    page: int  # 1-based
    top: float
    x0: float
    x1: float
    size: float  # dominant font size of the line


@dataclass(slots=True)
class RawExtraction:
    """Everything printed in a document, before any meaning is given to it.

    ``lines`` excludes table cells; the lines that describe a table (title, number,
    unit, org line, notes) are kept in ``lines`` too, so narrative readers see them.
    """

    page_count: int
    lines: list[TextLine]
    tables: list[RawTable]  # document order, stitched across pages
    pages_without_text: list[int]  # 1-based: image-only or unreadable text layer
    page_sources: dict[int, str] = field(default_factory=dict)  # page -> 'text' | 'ocr'
    # why pages were read otherwise than their text layer says, or not read (one line each)
    page_warnings: list[str] = field(default_factory=list)
