"""Image-only and unreadable pages are reported for OCR, not silently empty."""

from govbudget.parsers.extract import extract_document
from govbudget.parsers.read.ocr import OcrMode, OcrSettings
from govbudget.parsers.read.pdf_input import open_pdf
from tests.parsers.pdf_builders import garbage_text_pdf, image_only_pdf


def _extract(data: bytes):
    """Text layer only: what OCR does with these pages is tests/parsers/ocr's business."""
    pdf, _ = open_pdf(data, "test.pdf")
    return extract_document(pdf, ocr=OcrSettings(mode=OcrMode.never))


def test_image_only_page_is_listed():
    extraction = _extract(image_only_pdf())
    assert extraction.pages_without_text == [2]
    assert [line.text for line in extraction.lines] == ["第一页有文字"]


def test_blank_page_is_not_sent_to_ocr():
    extraction = _extract(image_only_pdf(blank_page=True))
    assert extraction.page_count == 3
    assert extraction.pages_without_text == [2]


def test_cid_garbage_page_is_listed():
    extraction = _extract(garbage_text_pdf())
    assert extraction.pages_without_text == [1]
    assert extraction.lines == []


def test_page_sources_mark_text_layer_pages():
    assert _extract(image_only_pdf()).page_sources == {1: "text", 2: "text"}
