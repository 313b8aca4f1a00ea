"""A scanned page comes back as the PageContent its text layer would have given."""

import pypdfium2 as pdfium
import pytest

from govbudget.schema.amounts import is_numeric_text
from govbudget.parsers.extract import extract_pages
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from testkit.ocr_scores import word_boxes
from govbudget.parsers.read.pdfium_page import read_page
from tests.parsers.read.ocr.conftest import CORPUS, SCANNED, truth_table


def _text_layer(scanned):
    pdf = pdfium.PdfDocument(str(CORPUS / scanned.source))
    try:
        return read_page(pdf[scanned.page - 1], scanned.page, DEFAULT_SETTINGS)
    finally:
        pdf.close()


@pytest.fixture(params=SCANNED, ids=lambda s: f"{s.source}-p{s.page}")
def scanned(request):
    return request.param


def test_ocr_page_is_marked_as_ocr_and_sized_in_points(ocr_results, scanned):
    content = ocr_results[scanned]
    original = _text_layer(scanned)
    assert content.source == "ocr"
    assert (content.width, content.height) == pytest.approx((original.width, original.height), abs=1.0)


def test_every_figure_lands_where_the_text_layer_prints_it(ocr_results, scanned):
    read = [w for w in word_boxes(ocr_results[scanned].chars) if is_numeric_text(w.text)]
    for want in (w for w in word_boxes(_text_layer(scanned).chars) if is_numeric_text(w.text)):
        centre = ((want.x0 + want.x1) / 2, (want.top + want.bottom) / 2)
        near = [w.text for w in read if abs((w.x0 + w.x1) / 2 - centre[0]) < 4 and abs((w.top + w.bottom) / 2 - centre[1]) < 4]
        assert near == [want.text], f"{want.text} at {centre}"


def test_ruling_lines_match_the_text_layer_rules(ocr_results, scanned):
    read = ocr_results[scanned].edges
    for want in _text_layer(scanned).edges:
        if want.orientation == "h":
            assert any(
                e.orientation == "h" and abs(e.top - want.top) < 2.5 and min(e.x1, want.x1) - max(e.x0, want.x0) > 0.8 * (want.x1 - want.x0)
                for e in read
            ), want
        else:
            assert any(
                e.orientation == "v" and abs(e.x0 - want.x0) < 2.5
                and min(e.bottom, want.bottom) - max(e.top, want.top) > 0.8 * (want.bottom - want.top)
                for e in read
            ), want


def test_no_rule_is_invented(ocr_results, scanned):
    printed = _text_layer(scanned).edges
    for edge in ocr_results[scanned].edges:
        position = edge.top if edge.orientation == "h" else edge.x0
        assert any(
            p.orientation == edge.orientation and abs((p.top if p.orientation == "h" else p.x0) - position) < 2.5
            for p in printed
        ), edge


def test_scanned_tables_extract_with_the_truth_figures(ocr_results, scanned):
    """The extractor, unchanged, recovers every numeric cell of the scanned table."""
    tables = extract_pages([ocr_results[scanned]]).tables
    for table_id in scanned.table_ids:
        truth = truth_table(scanned.source, table_id)
        table = next(t for t in tables if "".join(t.title.split()) == "".join(truth["title"].split()))
        got = table.texts()
        for r, row in enumerate(truth["rows"]):
            for c, want in enumerate(row):
                if is_numeric_text(want):
                    assert got[r][c] == want, (r, c)
