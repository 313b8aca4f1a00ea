"""Parser accuracy against the corpus truth: precision and recall of numeric cells.

    python benchmarks/accuracy.py [--misses N] [FILE.pdf …]

For every PDF of the corpus manifest, ``parse_pdf`` runs end to end and its
tables are compared with the truth JSON of that document.

A *cell* is a printed number or percentage in a table body, identified by
(table kind, row key, side, column key, printed text):

- row key: the subject code when the row has one, else its label without spaces;
- column key: the truth side is given meaning by the SAME semantic steps as the
  parser (``govbudget.parsers.interpret.table_records.build_table`` on a RawTable built from the truth
  rows, merges and header_rows — header_keys decides the column keys, table_rows
  the rows), so this scores extraction + semantics against what the truth grid
  means, not against a second hand-written mapping;
- performance forms, which have no header, key a cell by the nearest label to its
  left (the corpus diff's convention);
- text must be identical to the truth's printed string.

Recall = truth cells found / truth cells; precision = found cells that are in the
truth / cells found. Both are multiset comparisons per document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from govbudget.parsers.api import parse_pdf  # noqa: E402
from govbudget.parsers.interpret.table_records import build_table  # noqa: E402
from testkit.cells import CellKey, cells  # noqa: E402
from testkit.truth_tables import CORPUS, raw_table, truth, truth_tables  # noqa: E402


def truth_cells(doc: str) -> Counter[CellKey]:
    year = truth(doc)["doc"]["fiscal_year"]
    tables = [build_table(raw_table(block), block["id"], year) for block in truth_tables(doc)]
    return cells(tables)


def score(pdf: Path, doc: str) -> tuple[Counter[CellKey], Counter[CellKey], Counter[CellKey]]:
    result = parse_pdf(pdf)
    expected = truth_cells(doc)
    found = cells(result.tables)
    return expected, found, expected & found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="PDFs of the corpus manifest (default: all)")
    parser.add_argument("--misses", type=int, default=20, help="misses to list per document")
    args = parser.parse_args(argv)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"]
    wanted = {Path(f).name for f in args.files}
    totals = Counter()
    print(f"{'document':24} {'truth':>6} {'found':>6} {'match':>6} {'recall':>8} {'precision':>9}")
    for entry in manifest:
        if wanted and entry["file"] not in wanted:
            continue
        doc = Path(entry["truth"]).stem
        expected, found, matched = score(CORPUS / entry["file"], doc)
        n_exp, n_found, n_match = sum(expected.values()), sum(found.values()), sum(matched.values())
        totals.update(truth=n_exp, found=n_found, match=n_match)
        recall = n_match / n_exp if n_exp else 1.0
        precision = n_match / n_found if n_found else 1.0
        print(f"{entry['file']:24} {n_exp:6} {n_found:6} {n_match:6} {recall:8.2%} {precision:9.2%}")
        for miss in list((expected - found).elements())[: args.misses]:
            print("    miss", miss)
    recall = totals["match"] / totals["truth"] if totals["truth"] else 1.0
    precision = totals["match"] / totals["found"] if totals["found"] else 1.0
    print(f"{'all':24} {totals['truth']:6} {totals['found']:6} {totals['match']:6} {recall:8.2%} {precision:9.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
