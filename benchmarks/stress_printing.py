"""Stress classes: corpus disclosures re-printed the ways real producers print them.

    python benchmarks/stress_printing.py [CLASS …]

(benchmarks/stress.py covers the damaged-text-layer and turned-page classes.)

Each class (:data:`STRESS_CLASSES`) prints, per variant, the numeric cells expected
(the corpus truth grids given meaning by the parser's own semantic steps), found,
recall and precision (target ≥ 99 % each), and how much slower the variant parses
than the same content printed plainly in the same run. Form classes also print the
cells ``govbudget changes`` reports between each rendering and the reference one
(target 0).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from govbudget.changes.diff import compare  # noqa: E402
from govbudget.parsers.api import parse_pdf  # noqa: E402
from testkit.cells import cells, grid_cells, scores  # noqa: E402
from testkit.stress import continued, forms  # noqa: E402
from testkit.truth_tables import truth  # noqa: E402
from testkit.variants.renderer import Layout, render  # noqa: E402

HEADER = f"{'class':18} {'variant':22} {'truth':>6} {'found':>6} {'recall':>8} {'precision':>9} {'changed':>8} {'time×':>6}"


def _timed(pdf: bytes, name: str):
    start = time.perf_counter()
    result = parse_pdf(pdf, name=name)
    return result, time.perf_counter() - start


def _line(cls: str, variant: str, expected: Counter, found: Counter, changed: int | None, ratio: float) -> str:
    recall, precision = scores(expected, found)
    shown = "-" if changed is None else str(changed)
    return (f"{cls:18} {variant:22} {sum(expected.values()):6} {sum(found.values()):6} "
            f"{recall:8.2%} {precision:9.2%} {shown:>8} {ratio:6.2f}")


# ---------------------------------------------------------------- continued tables, forms by tool
def continued_tables(misses: int) -> Iterator[str]:
    """Every line-item table broken over two pages under each 续表 caption style
    (testkit/stress/continued.py), per corpus document."""
    plain = {}
    for doc in continued.DOCS:
        _, seconds = _timed(render(truth(doc)["blocks"], Layout()), f"{doc}-plain.pdf")
        plain[doc] = seconds
    total_expected, total_found, total_seconds = Counter(), Counter(), 0.0
    for style in continued.STYLES:
        expected, found, seconds = Counter(), Counter(), 0.0
        for doc in continued.DOCS:
            pdf, _ = continued.build(doc, style)
            result, took = _timed(pdf, f"{doc}-{style}.pdf")
            expected += continued.line_item_cells(grid_cells(truth(doc)))
            found += continued.line_item_cells(cells(result.tables))
            seconds += took
        total_expected += expected
        total_found += found
        total_seconds += seconds
        yield _line("continued_tables", style, expected, found, None, seconds / sum(plain.values()))
        for miss in sorted((expected - found).elements())[:misses]:
            yield f"    miss  {miss}"
        for extra in sorted((found - expected).elements())[:misses]:
            yield f"    extra {extra}"
    ratio = total_seconds / len(continued.STYLES) / sum(plain.values())
    yield _line("continued_tables", "all", total_expected, total_found, None, ratio)


def forms_by_tool(misses: int) -> Iterator[str]:
    """The corpus's performance forms and a 部门整体绩效目标表 printed by each tool of
    testkit/stress/forms.py; changed = cells ``compare`` reports against the reference."""
    blocks = [b for b in forms.form_blocks() if b["type"] == "table"]
    expected = cells_of_blocks(blocks)
    reference, reference_seconds = _timed(forms.build("office"), "forms-office.pdf")
    for tool in forms.TOOLS:
        result, seconds = (reference, reference_seconds) if tool == "office" else _timed(forms.build(tool), f"forms-{tool}.pdf")
        found = cells(result.tables)
        changed = len(compare(reference, result, kind="republication").changes)
        yield _line("forms_by_tool", tool, expected, found, changed, seconds / reference_seconds)
        for miss in sorted((expected - found).elements())[:misses]:
            yield f"    miss  {miss}"
        for extra in sorted((found - expected).elements())[:misses]:
            yield f"    extra {extra}"


def cells_of_blocks(blocks: list[dict]) -> Counter:
    return grid_cells({"doc": {"fiscal_year": 2025}, "blocks": blocks})


STRESS_CLASSES: dict[str, Callable[[int], Iterator[str]]] = {
    "continued_tables": continued_tables,
    "forms_by_tool": forms_by_tool,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("classes", nargs="*", help=f"default: all of {', '.join(STRESS_CLASSES)}")
    parser.add_argument("--misses", type=int, default=5, help="misses and extras to list per variant")
    args = parser.parse_args(argv)
    unknown = [c for c in args.classes if c not in STRESS_CLASSES]
    if unknown:
        parser.error(f"unknown stress class {', '.join(unknown)}; known: {', '.join(STRESS_CLASSES)}")
    print(HEADER)
    for name in args.classes or STRESS_CLASSES:
        for line in STRESS_CLASSES[name](args.misses):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
