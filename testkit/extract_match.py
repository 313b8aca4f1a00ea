"""Truth tables matched to extracted tables, compared cell by cell as printed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from govbudget.parsers.extract import extract_document
from govbudget.parsers.page_model import RawExtraction, RawTable
from govbudget.parsers.read.pdf_input import open_pdf
from testkit.corpus import CORPUS


@dataclass(slots=True)
class TruthTable:
    doc_file: str
    id: str
    title: str
    first_page: int
    block: dict


def squash(text: str) -> str:
    """Text without whitespace.

    The only normalisation used: a space inside a cell can come from a printed space
    glyph or from the typesetter's gap between Latin and CJK runs, and the truth keeps
    whichever the source document had.
    """
    return "".join(text.split())


def load_manifest(corpus: Path = CORPUS) -> list[dict]:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"]


def truth_tables(doc: dict, corpus: Path = CORPUS) -> list[TruthTable]:
    truth = json.loads((corpus / doc["truth"]).read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in truth["blocks"] if b["type"] == "table"}
    return [
        TruthTable(doc["file"], t["id"], t["title"], t["pages"][0], blocks[t["id"]])
        for t in doc["tables"]
    ]


def extract_file(path: Path) -> RawExtraction:
    pdf, _ = open_pdf(path)
    try:
        return extract_document(pdf)
    finally:
        pdf.close()


def match_tables(truths: list[TruthTable], extraction: RawExtraction) -> list[RawTable | None]:
    """For each truth table, in order, the first unused extracted table with its title
    that starts on the truth's first page (forms repeat titles, even on one page)."""
    used: set[int] = set()
    matched: list[RawTable | None] = []
    for truth in truths:
        found = None
        for index, table in enumerate(extraction.tables):
            if index in used or not table.pages or table.pages[0] != truth.first_page:
                continue
            if squash(table.title) == squash(truth.title):
                found = index
                break
        if found is not None:
            used.add(found)
        matched.append(extraction.tables[found] if found is not None else None)
    return matched


def cell_scores(truth_rows: list[list[str]], table: RawTable | None) -> tuple[int, int, int]:
    """(cells, exact matches, whitespace-insensitive matches); extra extracted cells count in cells."""
    got = table.texts() if table else []
    total = exact = loose = 0
    for r, row in enumerate(truth_rows):
        for c, want in enumerate(row):
            have = got[r][c] if r < len(got) and c < len(got[r]) else None
            total += 1
            exact += have == want
            loose += have is not None and squash(have) == squash(want)
    # cells the truth does not have (extra rows or columns) count as wrong
    total += sum(max(len(row) - (len(truth_rows[r]) if r < len(truth_rows) else 0), 0) for r, row in enumerate(got))
    return total, exact, loose
