"""The parser's Python API: one PDF → :class:`ParseResult`, or many in parallel.

``parse_pdf`` opens (or refuses) the PDF, extracts its printed content
(:func:`govbudget.parsers.extract.extract_document`: pages classified cheaply first, tables
only on table pages) and gives it meaning with :func:`interpret`. ``parse_many``
spreads documents over capped worker processes (:mod:`govbudget.parsers.workers`) so
a batch uses every core and one hostile file fails alone, yielding each file's
result or error without stopping at the first failure.
"""

from __future__ import annotations

import hashlib
import logging
import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from govbudget import log
from govbudget.pdfium_lock import pdfium_lock
from govbudget.errors import GovbudgetError
from govbudget.schema import Document, ParseResult, TableKind
from govbudget.parsers.checks.arithmetic import run_checks
from govbudget.parsers.file_names import text_name
from govbudget.parsers.limits import Limits
from govbudget.parsers.interpret.metadata import read_metadata
from govbudget.parsers.interpret.narrative import read_facts
from govbudget.parsers.read.ocr import OcrSettings
from govbudget.parsers.checks.digit_repair import repair_digits, unverified_readings
from govbudget.parsers.checks.ocr_header import unresolved_headers
from govbudget.parsers.checks.ocr_form_funds import incomplete_forms
from govbudget.parsers.checks.ocr_unplaced import unplaced_tables
from govbudget.parsers.page_model import RawExtraction
from govbudget.parsers.workers import default_workers, memory_reason, run_isolated
from govbudget.parsers.interpret.performance import is_self_assessment, read_targets
from govbudget.parsers.interpret.table_records import build_table, table_kind
from govbudget.schema.vocab import FORM_KINDS

logger = logging.getLogger(__name__)
OCR_MODES = ("auto", "always", "never")


def interpret(extraction: RawExtraction, doc_id: str, source_file: str | None = None) -> ParseResult:
    """Meaning for printed content: metadata, tables, targets, facts, checks."""
    targets = []
    for index, raw in enumerate(extraction.tables):
        if table_kind(raw) in FORM_KINDS:
            targets.extend(
                read_targets(raw.texts(), raw.row_pages, doc_id, f"t{index:02d}", is_self_assessment(raw.title))
            )
    cell_text = "\n".join(c.text for raw in extraction.tables for row in raw.rows for c in row)
    meta = read_metadata(extraction.lines, targets, cell_text)
    tables = [build_table(raw, f"t{i:02d}", meta.fiscal_year) for i, raw in enumerate(extraction.tables)]
    facts = read_facts(extraction.lines, doc_id)
    repairs = repair_digits(tables)  # OCR'd figures only; before the checks, which then see the fix
    checks = run_checks(tables, facts)
    checks += unverified_readings(tables)
    checks += unresolved_headers(extraction.tables, tables, meta.fiscal_year)
    checks += unplaced_tables(tables)
    checks += incomplete_forms(tables)
    document = Document(
        doc_id=doc_id,
        source_file=source_file,
        **asdict(meta),
        page_count=extraction.page_count,
        pages_without_text=list(extraction.pages_without_text),
        ocr_pages=sorted(p for p, src in extraction.page_sources.items() if src == "ocr"),
    )
    return ParseResult(
        document=document,
        tables=tables,
        performance_targets=targets,
        facts=facts,
        checks=checks,
        warnings=extraction.page_warnings + _warnings(document, tables) + [repair.describe(tables) for repair in repairs],
    )


def _warnings(document: Document, tables) -> list[str]:
    warnings = []
    if document.pages_without_text:
        pages = ", ".join(map(str, document.pages_without_text))
        warnings.append(f"pages without a text layer: {pages}")
    if document.ocr_pages:
        warnings.append("pages read by OCR: " + ", ".join(map(str, document.ocr_pages)))
    if not tables:
        warnings.append("no tables found")
    unknown = [t.title for t in tables if t.kind == TableKind.other]
    if unknown:
        warnings.append("tables of no standard kind: " + "; ".join(unknown))
    return warnings


def parse_pdf(
    source: str | Path | bytes, *, name: str | None = None, ocr: str = "auto", limits: Limits | None = None
) -> ParseResult:
    """Parse one disclosure PDF. Raises :class:`govbudget.errors.InputError` for unreadable input.

    ``limits`` (default: :meth:`Limits.from_env`) bound what the file may cost; the
    memory and time limits need a worker process, see :func:`parse_many`.
    """
    from govbudget.parsers.extract import extract_document
    from govbudget.parsers.read.pdf_input import open_pdf

    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    label = name or (str(source) if not isinstance(source, (bytes, bytearray)) else "<bytes>")
    with pdfium_lock:  # PDFium is not thread-safe: in-process parses on many threads take turns
        pdf, data = open_pdf(source, label, limits)
        try:
            extraction = extract_document(pdf, ocr=OcrSettings(mode=ocr))
        finally:
            pdf.close()
    doc_id = hashlib.sha256(data).hexdigest()
    bound = log.bind(logger, doc_id=doc_id, file=label)
    result = interpret(extraction, doc_id, text_name(Path(label).name) if label != "<bytes>" else None)
    failed = sum(not c.passed for c in result.checks)
    bound.info("parsed", extra={"tables": len(result.tables), "checks_failed": failed})
    return result


@dataclass(slots=True)
class Outcome:
    """One file of a batch: its result, or why it could not be parsed."""

    file: str
    result: ParseResult | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None

    def to_contract(self) -> dict:
        if self.result is not None:
            return self.result.to_contract(text_name(self.file))
        return {
            "file": text_name(self.file),
            "ok": False,
            "error": self.error,
            "document": None,
            "tables": [],
            "performance_targets": [],
            "facts": [],
            "checks": [],
            "warnings": [],
        }


def parse_one(path: str, ocr: str = "auto", limits: Limits | None = None) -> Outcome:
    """A batch worker: never raises for a bad document, reports it instead (in one line)."""
    limits = limits or Limits.from_env()
    try:
        return Outcome(path, result=parse_pdf(path, ocr=ocr, limits=limits))
    except GovbudgetError as exc:
        return Outcome(path, error=exc.reason)
    except MemoryError:
        return Outcome(path, error=memory_reason(limits))
    except Exception as exc:  # a parser bug must not sink the batch
        logger.debug("parser failure", exc_info=True, extra={"file": text_name(path)})
        return Outcome(path, error=f"parser failure: {type(exc).__name__}: {_last_line(exc)} ({_where(exc)})")


def _where(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno}"


def _last_line(exc: BaseException) -> str:
    """A message's last line: some libraries (onnxruntime via rapidocr) put a whole traceback in it."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def parse_many(
    paths: Iterable[str | Path], workers: int | None = None, ocr: str = "auto", limits: Limits | None = None
) -> Iterator[Outcome]:
    """Parse documents in capped worker processes (one per core by default), in completion order.

    Even one file runs in a worker: a decompression bomb then kills a worker, not the caller.
    """
    limits = limits or Limits.from_env()
    items = [(str(p), ocr, limits) for p in paths]
    yield from run_isolated(
        parse_one, items, workers=workers or default_workers(), limits=limits,
        failed=lambda item, reason: Outcome(item[0], error=reason),
    )
