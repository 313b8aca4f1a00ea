"""Cell accuracy of the raw extraction against the corpus truth, per document.

    python benchmarks/extract_accuracy.py [tests/fixtures/corpus]

Every truth table is matched to the extracted table with the same title that starts
on the page the manifest gives; its ``rows`` are compared cell by cell. "exact"
compares printed text as is; "no-space" ignores spaces (see :func:`squash`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from testkit.corpus import CORPUS  # noqa: E402
from testkit.extract_match import cell_scores, extract_file, load_manifest, match_tables, truth_tables  # noqa: E402


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
