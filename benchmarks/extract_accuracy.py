"""Cell accuracy of the raw extraction against the corpus truth, per document.

    python benchmarks/extract_accuracy.py [tests/fixtures/corpus]

Every truth table is matched to the extracted table with the same title that starts
on the page the manifest gives; its ``rows`` are compared cell by cell. "exact"
compares printed text as is; "no-space" ignores spaces (see :func:`squash`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from govbudget.parsers.extract import extract_document  # noqa: E402
from govbudget.parsers.page_model import RawExtraction, RawTable  # noqa: E402
from govbudget.parsers.pdf_input import open_pdf  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


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


def main(corpus: Path = CORPUS) -> None:
    grand = [0, 0, 0]
    print(f"{'document':24} {'tables ok':>10} {'cells':>7} {'exact':>8} {'no-space':>9}")
    for doc in load_manifest(corpus):
        extraction = extract_file(corpus / doc["file"])
        totals = [0, 0, 0]
        perfect = 0
        tables = truth_tables(doc, corpus)
        for truth, table in zip(tables, match_tables(tables, extraction)):
            scores = cell_scores(truth.block["rows"], table)
            totals = [a + b for a, b in zip(totals, scores)]
            perfect += scores[1] == scores[0]
        grand = [a + b for a, b in zip(grand, totals)]
        print(
            f"{doc['file']:24} {perfect:>4}/{len(tables):<5} {totals[0]:>7} "
            f"{totals[1] / totals[0]:>8.2%} {totals[2] / totals[0]:>9.2%}"
        )
    print(f"{'all':24} {'':>10} {grand[0]:>7} {grand[1] / grand[0]:>8.2%} {grand[2] / grand[0]:>9.2%}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
