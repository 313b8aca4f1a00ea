"""Stress classes (testkit/stress): numeric-cell recall and precision with the default ``--ocr auto``.

    python benchmarks/stress.py [--classes text_digits turned_ccw ...] [--rounds N]

1. For every registered stress class, each sample (a few pages of a corpus PDF) is
   damaged, parsed with ``parse_pdf`` (``ocr="auto"``) and compared cell by cell with
   the parse of the same pages of the clean file: recall and precision (target
   ≥ 99 %), and the number of wrong or missing cells no warning or failing check
   names the page of ("untold", target 0).
2. Clean-corpus parse speed with and without the per-page text-layer scoring
   (``govbudget.parsers.read.text_layer``), measured in the same run; the ratio must
   stay ≤ 1.10.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from govbudget.parsers.api import parse_pdf  # noqa: E402
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS  # noqa: E402
from govbudget.parsers.read.ocr.detect import digit_damaged_pages, page_text  # noqa: E402
from govbudget.parsers.read.pdfium_page import read_page  # noqa: E402
from testkit.corpus import CORPUS  # noqa: E402
from testkit.stress.classes import CLASSES  # noqa: E402
from testkit.stress.pages import copy_pages  # noqa: E402
from testkit.stress.score import StressScore, score  # noqa: E402


def run_class(name: str, tmp: Path) -> tuple[StressScore, float]:
    stress = CLASSES[name]
    total, seconds = StressScore(), 0.0
    for file, pages in stress.samples.items():
        source = CORPUS / file
        clean = parse_pdf(copy_pages(source, tmp / f"clean-{name}-{file}", pages))
        damaged_file = stress.generate(source, tmp / f"{name}-{file}", pages)
        started = time.perf_counter()
        try:
            damaged = parse_pdf(damaged_file)
        except Exception as exc:  # a crash is a result too: every cell lost, nothing told
            total.merge(StressScore(reference=score(clean, clean).reference, untold=[f"{file}: {type(exc).__name__}: {exc}"]))
            continue
        finally:
            seconds += time.perf_counter() - started
        total.merge(score(clean, damaged))
    return total, seconds


def speed(rounds: int) -> None:
    """Whole parses with scoring on and off (per file, best of ``rounds``), and the
    scoring alone over every clean page: the direct cost, steadier on a loaded machine."""
    from govbudget.parsers.read import text_layer

    files = sorted(CORPUS.glob("*.pdf"))
    best = {(path, scoring): float("inf") for path in files for scoring in (True, False)}
    for _ in range(rounds):
        for path in files:  # on and off back to back per file: load drifts less between them
            for scoring in (True, False):
                text_layer.ENABLED = scoring
                started = time.perf_counter()
                parse_pdf(path)
                best[path, scoring] = min(best[path, scoring], time.perf_counter() - started)
    text_layer.ENABLED = True
    timings = {scoring: sum(best[path, scoring] for path in files) for scoring in (True, False)}
    print(
        f"clean corpus ({len(files)} files): with text-layer scoring {timings[True]:.2f} s, "
        f"without {timings[False]:.2f} s, ratio {timings[True] / timings[False]:.3f} (target ≤ 1.10)"
    )
    contents = [content for path in files for content in _read(path)]
    started = time.perf_counter()
    for content in contents:
        text = page_text(content.chars)
        text_layer.foreign_share(text)
        text_layer.vocabulary_verdict(text)
    digit_damaged_pages(contents)
    alone = time.perf_counter() - started
    print(f"scoring alone: {alone * 1000:.0f} ms for {len(contents)} pages = {alone / timings[False]:.2%} of a parse without it")


def _read(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [read_page(pdf[i], i + 1, DEFAULT_SETTINGS) for i in range(len(pdf))]
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", nargs="*", choices=sorted(CLASSES))
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds (best of)")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.classes or list(CLASSES):
            result, seconds = run_class(name, Path(tmp))
            print(
                f"{name:24s} [{CLASSES[name].family}] cells={result.reference:4d} recall={result.recall:7.2%} "
                f"precision={result.precision:7.2%} untold={len(result.untold)} parse={seconds:.1f}s",
                flush=True,
            )
            for line in result.untold[:5]:
                print("    untold", line)
    if not args.no_speed:
        speed(args.rounds)


if __name__ == "__main__":
    main()
