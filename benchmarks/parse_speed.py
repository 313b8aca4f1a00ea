"""Parse speed against the naive pdfplumber baseline, batch scaling and peak memory.

    python benchmarks/parse_speed.py [--rounds N]

1. Per core: every corpus PDF parsed by the full parser (``govbudget.parsers.api.parse_pdf``
   when it exists, else ``govbudget.parsers.extract.extract_document``) and, in the same run,
   by the baseline (``pdfplumber.open`` + ``extract_tables()`` on every page);
   pages/s for both and their ratio (target ≥ 2, aim ≥ 3). The same again, reported
   apart, for the generated variants of ``testkit/variants``: their
   non-embedded CID fonts make the parser recover glyphs pdfium drops (aim ≥ 2).
2. Batch: the corpus parsed with a process per core (ProcessPoolExecutor).
3. Memory: peak RSS of a fresh process parsing a 100-page document made by
   concatenating corpus PDFs (target < 500 MB).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from testkit.corpus import CORPUS  # noqa: E402


def _parser():
    """The most complete parser available: the full API, else the raw extraction."""
    try:
        from govbudget.parsers.api import parse_pdf  # type: ignore[attr-defined]

        return "govbudget.parsers.api.parse_pdf", lambda path: parse_pdf(path)
    except ImportError:
        from govbudget.parsers.extract import extract_document
        from govbudget.parsers.read.pdf_input import open_pdf

        def extract(path):
            pdf, _ = open_pdf(path)
            try:
                return extract_document(pdf)
            finally:
                pdf.close()

        return "govbudget.parsers.extract.extract_document", extract


def baseline(source: Path | bytes) -> int:
    with pdfplumber.open(source if isinstance(source, Path) else io.BytesIO(source)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        return len(pdf.pages)


def parse_one(path: str) -> int:
    _parser()[1](Path(path))
    return len(pdfium.PdfDocument(path))


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf"))


def variant_documents() -> list[bytes]:
    """The generated disclosures, rendered now (outside any timing)."""
    from testkit.variants import VARIANTS, build

    return [build(name)[0] for name in VARIANTS]


def page_count(files: list[Path] | list[bytes]) -> int:
    return sum(len(pdfium.PdfDocument(f)) for f in files)


def cpu_seconds(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def hundred_page_pdf() -> bytes:
    """Corpus PDFs concatenated up to exactly 100 pages."""
    out = pdfium.PdfDocument.new()
    while len(out) < 100:
        for path in corpus_files():
            src = pdfium.PdfDocument(path)
            take = min(len(src), 100 - len(out))
            out.import_pages(src, list(range(take)))
            if len(out) >= 100:
                break
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def peak_rss_mb(pdf_path: Path) -> float:
    """Peak RSS of a fresh process that parses ``pdf_path``."""
    code = (
        "import resource, sys; sys.path.insert(0, sys.argv[2]);"
        "from benchmarks.parse_speed import parse_one; parse_one(sys.argv[1]);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(pdf_path), str(ROOT)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def per_core(label: str, documents: list, rounds: int, parse, target: str) -> None:
    """CPU seconds of the parser and of the baseline on the same documents, and their ratio."""
    pages = page_count(documents) * rounds
    parse(documents[0])  # warm both: imports, pdfminer's CMaps (cached per process)
    baseline(documents[0])
    ours = cpu_seconds(lambda: [parse(d) for _ in range(rounds) for d in documents])
    base = cpu_seconds(lambda: [baseline(d) for _ in range(rounds) for d in documents])
    print(f"{label}: {len(documents)} PDFs, {pages} pages, one core (CPU seconds)")
    print(f"  ours      {ours:7.2f} s  {pages / ours:8.1f} pages/s")
    print(f"  baseline  {base:7.2f} s  {pages / base:8.1f} pages/s   (pdfplumber extract_tables on every page)")
    print(f"  ratio     {base / ours:7.2f} x  ({target})")


def main() -> None:
    parser_args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_args.add_argument("--rounds", type=int, default=1, help="repeat the corpus this many times")
    args = parser_args.parse_args()
    files = corpus_files()
    name, parse = _parser()
    print(f"parser: {name}")
    per_core("corpus", files, args.rounds, parse, "target >= 2, aim >= 3")
    per_core("variants", variant_documents(), args.rounds, parse, "aim >= 2")

    cores = os.cpu_count() or 1
    batch = [str(f) for _ in range(max(args.rounds, 1) * cores) for f in files]
    start = time.perf_counter()
    serial_pages = sum(map(parse_one, batch))
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=cores) as pool:
        batch_pages = sum(pool.map(parse_one, batch))
    wall = time.perf_counter() - start
    print(
        f"batch: {len(batch)} documents, {batch_pages / wall:.1f} pages/s on {cores} processes vs "
        f"{serial_pages / serial:.1f} pages/s in one (wall clock, x{serial / wall:.2f}; "
        f"load average {os.getloadavg()[0]:.1f})"
    )

    big = Path(os.environ.get("TMPDIR", "/tmp")) / "govbudget-100-pages.pdf"
    big.write_bytes(hundred_page_pdf())
    print(f"memory: peak RSS parsing a 100-page document: {peak_rss_mb(big):.0f} MB (target < 500)")


if __name__ == "__main__":
    main()
