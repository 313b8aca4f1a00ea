"""The corpus truth as the parser's own intermediate shapes.

Semantic steps (kinds, header keys, rows, checks) are specified against
RawTables built from the truth JSON, so their tests are exact and do not depend
on how well a PDF was extracted.
"""

from __future__ import annotations

import json
from functools import lru_cache

from govbudget.parsers.page_model import Cell, RawExtraction, RawTable, TextLine

from testkit.corpus import CORPUS  # noqa: E402
from testkit.corpus import TRUTH  # noqa: E402
DOCS = ("000", "000-2024", "002", "003", "004")


@lru_cache(maxsize=None)
def truth(doc: str) -> dict:
    return json.loads((TRUTH / f"{doc}.json").read_text(encoding="utf-8"))


def truth_tables(doc: str) -> list[dict]:
    return [b for b in truth(doc)["blocks"] if b["type"] == "table"]


def truth_table(doc: str, table_id: str) -> dict:
    return next(t for t in truth_tables(doc) if t["id"] == table_id)


def raw_table(block: dict, page: int = 1) -> RawTable:
    """A truth table block as extraction would hand it over."""
    rows = [[Cell(text) for text in row] for row in block["rows"]]
    return RawTable(
        title=block["title"],
        pages=[page],
        rows=rows,
        row_pages=[page] * len(rows),
        number=block.get("number"),
        unit=block.get("unit"),
        org_line=block.get("org_line"),
        period=block.get("period"),
        subtitle=block.get("subtitle"),
        note=block.get("note"),
        merges=[tuple(m) for m in block.get("merges", [])],
        header_rows=block.get("header_rows"),
    )


def raw_extraction(doc: str) -> RawExtraction:
    """The whole truth document: headings and paragraphs as lines, tables as RawTables.

    Every block is placed on its own pseudo page so page evidence stays traceable;
    headings are set larger and paragraphs indented, as printed.
    """
    lines: list[TextLine] = []
    tables: list[RawTable] = []
    for page, block in enumerate(truth(doc)["blocks"], start=1):
        if block["type"] == "table":
            tables.append(raw_table(block, page))
            for text in (block.get("number"), block["title"], block.get("org_line")):
                if text:
                    lines.append(TextLine(text, page, 0.0, 0.0, 0.0, 14.0))
        else:
            heading = block["type"] == "heading"
            for text in block["text"].split("\n"):
                lines.append(TextLine(text, page, 0.0, 0.0 if heading else 24.0, 500.0, 14.0 if heading else 12.0))
    return RawExtraction(
        page_count=len(truth(doc)["blocks"]),
        lines=lines,
        tables=tables,
        pages_without_text=[],
    )
