"""Seconds per OCR'd page and how many truth figures OCR reads right, on scanned corpus pages.

    python benchmarks/ocr_speed.py [--docs 000-office 003-reportlab] [--max-pages N]

Each corpus PDF's table pages are rendered as a 150 dpi grayscale scan with
0.3–0.8° skew and noise (testkit.scans), then OCR'd page by page. The
baseline is rendering the same page at the OCR resolution (the floor any OCR
path pays), timed in the same process.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testkit.ocr_scores import NumberScore, numeric_words, truth_numbers  # noqa: E402
from govbudget.parsers.read.ocr.page import ocr_page  # noqa: E402
from govbudget.parsers.read.ocr.render import render_page  # noqa: E402
from govbudget.parsers.read.ocr.settings import OcrSettings  # noqa: E402
from testkit.scans import ScanStyle, scan_pdf, skew_of  # noqa: E402

from testkit.corpus import CORPUS  # noqa: E402


def table_groups(entry: dict) -> list[tuple[list[int], list[str]]]:
    """Tables that share pages, merged: (pages, table ids), so a page's figures are compared once."""
    groups: list[tuple[set[int], list[str]]] = []
    for table in entry["tables"]:
        pages = set(range(table["pages"][0], table["pages"][1] + 1))
        touching = [g for g in groups if g[0] & pages]
        for g in touching:
            groups.remove(g)
            pages |= g[0]
        groups.append((pages, [i for g in touching for i in g[1]] + [table["id"]]))
    return [(sorted(p), ids) for p, ids in groups]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", help="corpus file stems (default: all)")
    parser.add_argument("--max-pages", type=int, default=0, help="stop after this many pages per document")
    parser.add_argument("--dpi", type=int, default=OcrSettings().dpi)
    args = parser.parse_args()
    settings = OcrSettings(dpi=args.dpi)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    score, ocr_seconds, render_seconds, pages_done = NumberScore(), 0.0, 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for entry in manifest["documents"]:
            stem = entry["file"].removesuffix(".pdf")
            if args.docs and stem not in args.docs:
                continue
            truth = json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))
            tables = {b["id"]: b for b in truth["blocks"] if b["type"] == "table"}
            groups = table_groups(entry)
            pages = sorted({p for g, _ in groups for p in g})
            if args.max_pages:
                pages = pages[: args.max_pages]
            scans = {}
            for p in pages:
                path = Path(tmp) / f"{stem}-{p}.pdf"
                scan_pdf(CORPUS / entry["file"], [p], path, ScanStyle(skew_degrees=skew_of(p), seed=p))
                scans[p] = pdfium.PdfDocument(str(path))
            read: dict[int, object] = {}
            for p in pages:
                page = scans[p][0]
                started = time.perf_counter()
                render_page(page, settings.dpi)
                render_seconds += time.perf_counter() - started
                started = time.perf_counter()
                read[p] = numeric_words(ocr_page(page, p, settings).chars)
                ocr_seconds += time.perf_counter() - started
                pages_done += 1
            doc_score = NumberScore()
            for group_pages, ids in groups:
                if not all(p in read for p in group_pages):
                    continue
                got = sum((read[p] for p in group_pages), start=Counter())
                doc_score.add(truth_numbers([tables[i] for i in ids]), got)
            score.merge(doc_score)
            print(
                f"{stem:22s} pages={len(pages):3d} truth_numbers={doc_score.truth:5d} "
                f"right={doc_score.accuracy:7.2%} missed={dict(doc_score.missed.most_common(8))} "
                f"extra={dict(doc_score.extra.most_common(8))}",
                flush=True,
            )
    if not pages_done:
        sys.exit("no pages matched")
    per_page = ocr_seconds / pages_done
    print(
        f"OCR: {per_page:.2f} s/page over {pages_done} pages "
        f"({per_page / (render_seconds / pages_done):.0f}× rendering at {settings.dpi} dpi); "
        f"truth numbers read right: {score.right}/{score.truth} = {score.accuracy:.2%}"
    )


if __name__ == "__main__":
    main()
