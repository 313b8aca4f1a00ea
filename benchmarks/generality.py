"""Parser accuracy on generated disclosures it has never seen (testkit/variants).

    python benchmarks/generality.py [--misses N] [VARIANT …]

Each variant is rendered, parsed end to end with ``parse_pdf`` and scored twice:

- **grid**: as ``benchmarks/accuracy.py`` scores the corpus — the truth grid is given
  meaning by the parser's own semantic steps, so this measures extraction;
- **meaning**: against the records the generator knows (table kind, row key = code
  or label, side, column key, printed text), so a wrong column key or a lost code
  counts as a miss too;
- **facts**: the first statement of each headline figure of the text (key, value in
  yuan) against the figures the generator wrote into it.

Recall = expected cells found / expected cells; precision = found cells that are
expected / cells found (multisets per document).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from testkit.cells import cells, grid_cells, meaning_cells  # noqa: E402
from govbudget.parsers.api import parse_pdf  # noqa: E402
from testkit.variants import VARIANTS, build  # noqa: E402


def stated_facts(truth: dict, facts) -> tuple[Counter, Counter]:
    """(expected, found) first statements of the keys the generator wrote into the text;
    other facts the parser reads (shares, changes) are not part of the truth."""
    expected = Counter((key, Decimal(value)) for key, value in truth["facts"])
    keys = {key for key, _ in expected}
    first: dict[str, Decimal | None] = {}
    for fact in facts:
        if fact.key in keys:
            first.setdefault(fact.key, fact.value)
    return expected, Counter(first.items())


def score(name: str) -> dict[str, tuple[Counter, Counter]]:
    """``{'grid' | 'meaning' | 'facts': (expected, found)}`` for one variant."""
    pdf, truth = build(name)
    result = parse_pdf(pdf, name=f"{name}.pdf")
    found = cells(result.tables)
    return {"grid": (grid_cells(truth), found), "meaning": (meaning_cells(truth), found),
            "facts": stated_facts(truth, result.facts)}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _by_kind(expected: Counter, matched: Counter) -> list[str]:
    """``kind matched/expected`` for every table kind of the variant."""
    totals: Counter = Counter()
    for (kind, *_), n in expected.items():
        totals[kind, "expected"] += n
        totals[kind, "matched"] += matched[(kind, *_)]
    kinds = sorted({kind for kind, _ in totals})
    return [f"{kind} {totals[kind, 'matched']}/{totals[kind, 'expected']}" for kind in kinds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("variants", nargs="*", help=f"default: all of {', '.join(VARIANTS)}")
    parser.add_argument("--misses", type=int, default=20, help="misses and extras to list per variant")
    args = parser.parse_args(argv)
    print(f"{'variant':28} {'score':8} {'truth':>6} {'found':>6} {'match':>6} {'recall':>8} {'precision':>9}")
    for name in args.variants or VARIANTS:
        for mode, (expected, found) in score(name).items():
            matched = expected & found
            n_exp, n_found, n_match = sum(expected.values()), sum(found.values()), sum(matched.values())
            print(f"{name:28} {mode:8} {n_exp:6} {n_found:6} {n_match:6} "
                  f"{_ratio(n_match, n_exp):8.2%} {_ratio(n_match, n_found):9.2%}")
            if mode == "meaning":
                print("    by kind: " + ", ".join(_by_kind(expected, matched)))
                for miss in sorted((expected - found).elements())[: args.misses]:
                    print("    miss ", miss)
                for extra in sorted((found - expected).elements())[: args.misses]:
                    print("    extra", extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
