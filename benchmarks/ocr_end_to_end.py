"""End to end on scanned corpus PDFs: figures right, and every wrong one caught by a failing check.

    python benchmarks/ocr_end_to_end.py [--docs 000-office ...]

Each corpus PDF is scanned whole (testkit.scans: 150 dpi, grayscale,
0.3–0.8° skew alternating in sign, noise, JPEG) and parsed with govbudget.parsers.api;
its tables are compared figure by figure with the parse of the original text
layer. A figure that differs (or is missing) is *caught* when, after digit
repair, an identity using that cell fails, the reading is reported as
unverified (low confidence, no identity), or its table's OCR'd header failed
to resolve (``ocr_header_unresolved``); a figure whose row is missing is caught
when an OCR'd table on its page could not be placed (``ocr_table_unplaced``).
Every figure of an OCR'd performance form is caught when the form's funds block
is incomplete or does not add up (``ocr_form_incomplete``): a lost or shifted
cell leaves the form's figures in doubt, not only the cell that went missing.
Needs govbudget.parsers.api (parsers-semantics).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from govbudget.schema.amounts import parse_decimal  # noqa: E402
from govbudget.parsers.api import parse_pdf  # noqa: E402
from govbudget.parsers.checks.identities import CellRef, holds, identities  # noqa: E402
from govbudget.schema.vocab import FORM_KINDS  # noqa: E402
from govbudget.parsers.checks.digit_repair import TOLERANCE, repair_digits, unverified_readings  # noqa: E402
from testkit.scans import ScanStyle, scan_pdf  # noqa: E402
from testkit.scans import skew_of  # noqa: E402

from testkit.corpus import CORPUS  # noqa: E402


def scan_document(source: Path, target: Path) -> Path:
    pages = len(pdfium.PdfDocument(str(source)))
    parts = []
    for p in range(1, pages + 1):
        parts.append(scan_pdf(source, [p], target.with_suffix(f".{p}.pdf"), ScanStyle(skew_degrees=skew_of(p), seed=p)))
    merged = pdfium.PdfDocument.new()
    for part in parts:
        merged.import_pages(pdfium.PdfDocument(str(part)))
    merged.save(str(target))
    return target


_PUNCTUATION = str.maketrans("（）：，“”‘’", "():,\"\"''")


def _title(table) -> tuple[str, str]:
    """Match key: OCR reads brackets, colons and quotes full width or half as the glyph looks."""
    return "".join(table.title.split()).translate(_PUNCTUATION), table.kind


def _figures(row) -> list[tuple[str, str]]:
    """(key, text) of a row's figures in printed order."""
    return [(k, v) for k, v in row.values.items() if parse_decimal(v) is not None]


def compare(text, ocr) -> tuple[int, int, list[str], list[str], Counter]:
    """(figures, right, wrong-and-caught, wrong-and-missed, tallies) for one document;
    the tallies count repairs and figures (right) in tables and in performance forms.

    Tables are matched by kind and title, rows by position, figures by column
    key, or for forms (whose keys are their printed labels, punctuation and all)
    by their order in the row.
    """
    tables = ocr.tables
    repair_digits(tables)  # a no-op when parse_pdf already repaired
    found = identities(tables)
    failing_cells = {ref for i in found if not holds(tables, i, TOLERANCE) for ref in i.cells}
    flagged = {c.check_id for c in unverified_readings(tables, found)}
    doubted_tables = {  # parse_pdf fails the whole table (govbudget.parsers.checks.ocr_header, govbudget.parsers.checks.ocr_form_funds)
        c.check_id.rsplit(".", 1)[0]
        for c in ocr.checks
        if c.check_id.endswith((".ocr_header_unresolved", ".ocr_form_incomplete")) and not c.passed
    }
    unplaced_pages = {  # an untitled piece: the rows of the table it continues are missing
        p for c in ocr.checks if c.check_id.endswith(".ocr_table_unplaced") and not c.passed for p in c.pages
    }
    by_title: dict[tuple, list[int]] = {}
    for t_index, table in enumerate(tables):
        by_title.setdefault(_title(table), []).append(t_index)
    total = right = 0
    caught, missed = [], []
    repaired: Counter = Counter()
    used: set[int] = set()
    for ref_table in text.tables:
        candidates = [i for i in by_title.get(_title(ref_table), []) if i not in used]
        t_index = candidates[0] if candidates else None
        if t_index is not None:
            used.add(t_index)
        form = ref_table.kind in FORM_KINDS
        for r_index, row in enumerate(ref_table.rows):
            other = tables[t_index].rows[r_index] if t_index is not None and r_index < len(tables[t_index].rows) else None
            read = _figures(other) if other is not None else []
            for n, (key, want) in enumerate(_figures(row)):
                total += 1
                repaired["forms" if form else "tables"] += 1
                if form:
                    got_key, got = read[n] if n < len(read) else (None, None)
                else:
                    got_key, got = key, (other.values.get(key) if other is not None else None)
                if other is not None and got_key in other.ocr_readings:
                    repaired["repaired right" if got == want else "repaired wrong"] += 1
                if got == want:
                    right += 1
                    repaired[("forms" if form else "tables") + " right"] += 1
                    continue
                where = f"{ref_table.table_id} row {r_index} {row.code or row.label} {key}: {want!r} read {got!r}"
                flag = other is not None and f"{tables[t_index].table_id}.{other.code or other.label or other.seq}.{got_key}.ocr_confidence"
                if other is not None and (
                    CellRef(t_index, r_index, got_key) in failing_cells
                    or flag in flagged
                    or tables[t_index].table_id in doubted_tables
                ) or (other is None and row.page in unplaced_pages):
                    caught.append(where)
                else:
                    missed.append(where)
    return total, right, caught, missed, repaired


def rescore(keep: Path, docs: list[str] | None) -> None:
    """Compare parse results kept by an earlier run again (no OCR)."""
    from govbudget.schema import ParseResult

    grand: Counter = Counter()
    for kept in sorted(keep.glob("*.ocr.json")):
        stem = kept.name.removesuffix(".ocr.json")
        if docs and stem not in docs:
            continue
        ocr = ParseResult.model_validate_json(kept.read_text(encoding="utf-8"))
        grand += tally(stem, parse_pdf(CORPUS / f"{stem}.pdf"), ocr)
    summary(grand, seconds=None)


def tally(name: str, text, ocr) -> Counter:
    """Compare, print one document's line, and return its counts for the grand total."""
    total, right, caught, missed, counts = compare(text, ocr)
    report(name, total, right, caught, missed, counts)
    return counts + Counter(figures=total, right=right, caught=len(caught), missed=len(missed))


def summary(grand: Counter, seconds: float | None, pages: int = 0) -> None:
    wrong = grand["figures"] - grand["right"]
    speed = f"; {seconds / max(pages, 1):.2f} s per OCR'd page" if seconds is not None else ""
    print(
        f"all: {grand['right']}/{grand['figures']} figures right = {grand['right'] / max(grand['figures'], 1):.2%} "
        f"(tables {grand['tables right']}/{grand['tables']}, forms {grand['forms right']}/{grand['forms']}); "
        f"wrong {wrong}: {grand['caught']} caught by a failing check, {grand['missed']} not{speed}"
    )


def report(name: str, total: int, right: int, caught: list[str], missed: list[str], repaired: Counter) -> None:
    tables = f"{repaired['tables right']}/{repaired['tables']}"
    forms = f"{repaired['forms right']}/{repaired['forms']}"
    fixes = {k.split()[1]: repaired[k] for k in ("repaired right", "repaired wrong") if repaired[k]}
    print(f"{name:22s} figures={total:4d} right={right / max(total, 1):7.2%} (tables {tables}, forms {forms}) "
          f"wrong: caught={len(caught)} uncaught={len(missed)} repairs={fixes}", flush=True)
    for line in missed[:12]:
        print("   uncaught", line)
    for line in caught[:6]:
        print("   caught  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*")
    parser.add_argument("--keep", help="folder to write each scanned document's ParseResult to (JSON)")
    parser.add_argument("--rescore", action="store_true", help="only compare the results kept in --keep again")
    args = parser.parse_args()
    if args.rescore:
        rescore(Path(args.keep), args.docs)
        return
    grand: Counter = Counter()
    pages, seconds = 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for source in sorted(CORPUS.glob("*.pdf")):
            if args.docs and source.stem not in args.docs:
                continue
            scanned = scan_document(source, Path(tmp) / source.name)
            text = parse_pdf(source)
            started = time.perf_counter()
            ocr = parse_pdf(scanned)
            seconds += time.perf_counter() - started
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                (Path(args.keep) / f"{source.stem}.ocr.json").write_text(ocr.model_dump_json(), encoding="utf-8")
            pages += len(ocr.document.ocr_pages)
            grand += tally(source.name, text, ocr)
    summary(grand, seconds, pages)


if __name__ == "__main__":
    main()
