"""OCR'd tables are marked as such, with the recogniser's confidence on every cell it can place."""

import pypdfium2 as pdfium
import pytest

from govbudget.parsers.extract import extract_document, extract_pages
from govbudget.parsers.read.ocr import OcrMode, OcrSettings
from govbudget.parsers.read.ocr.cell_confidence import PageReading, mark_ocr_tables
from govbudget.parsers.page_model import Char
from tests.parsers.read.ocr.conftest import SCANNED


def _chars(text: str, confidences: list[float]) -> list[Char]:
    return [Char(ch, i * 5.0, 0, i * 5.0 + 5, 10, confidence=c) for i, (ch, c) in enumerate(zip(text, confidences))]


def test_a_cell_takes_its_least_confident_character():
    reading = PageReading(_chars("合计194.63", [0.99, 0.99, 0.98, 0.71, 0.99, 0.97, 0.99, 0.99]))
    assert reading.confidence_of("194.63") == pytest.approx(0.71)


def test_a_figure_printed_twice_gets_the_worse_reading():
    reading = PageReading(_chars("7.557.55", [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.6, 0.99]))
    assert reading.confidence_of("7.55") == pytest.approx(0.6)


def test_text_not_found_on_the_page_gets_no_confidence():
    assert PageReading(_chars("合计", [0.9, 0.9])).confidence_of("基本支出") is None


def test_tables_of_ocr_pages_are_marked(ocr_results):
    scanned = SCANNED[0]
    content = ocr_results[scanned]
    tables = extract_pages([content]).tables
    mark_ocr_tables(tables, {scanned.page: PageReading(content.chars)})
    table = tables[0]
    assert table.source == "ocr"
    figures = [c for row in table.rows for c in row if c.text == "194.63"]
    assert figures and all(0.5 <= c.confidence <= 1.0 for c in figures)


def test_extract_document_ocrs_only_the_pages_that_need_it(scans):
    """auto: the scanned page is OCR'd and its table comes back; never: it stays empty."""
    path = scans[SCANNED[2]]
    pdf = pdfium.PdfDocument(str(path))
    try:
        never = extract_document(pdf, ocr=OcrSettings(mode=OcrMode.never))
        auto = extract_document(pdf)
    finally:
        pdf.close()
    assert never.tables == [] and never.page_sources == {1: "text"}
    assert auto.page_sources == {1: "ocr"}
    assert [t.source for t in auto.tables] == ["ocr"]
    assert auto.tables[0].title == "一般公共预算财政拨款支出决算表"
