"""Pages scanned sideways or upside down are turned upright before reading."""

import pypdfium2 as pdfium
import pytest

from testkit.ocr_scores import words
from govbudget.parsers.read.ocr.orient import is_sideways, turn, upside_down
from govbudget.parsers.read.ocr.page import ocr_image
from govbudget.parsers.read.ocr.boxes import detect_boxes
from govbudget.parsers.read.ocr.render import PageImage, render_page
from tests.parsers.read.ocr.conftest import SCANNED


@pytest.fixture(scope="module")
def page_top(scans) -> PageImage:
    """The top of the scanned 003-reportlab page 7: title, org line, table head."""
    pdf = pdfium.PdfDocument(str(scans[SCANNED[2]]))
    image = render_page(pdf[0], 200)
    pdf.close()
    return PageImage(image.pixels[:700], image.scale)


def test_tall_text_boxes_mean_a_sideways_page():
    assert is_sideways([(100, 100 + 300 * i, 130, 380 + 300 * i) for i in range(6)])
    assert not is_sideways([(100, 100 + 40 * i, 380, 130 + 40 * i) for i in range(6)])


def test_upside_down_lines_are_recognised_as_such(page_top):
    flipped = turn(page_top.pixels, 2)
    assert upside_down(flipped, detect_boxes(flipped, 0.55))
    assert not upside_down(page_top.pixels, detect_boxes(page_top.pixels, 0.55))


def test_a_sideways_scan_is_read_upright(page_top):
    content = ocr_image(PageImage(turn(page_top.pixels, 3), page_top.scale), 7)
    assert "一般公共预算财政拨款支出决算表" in words(content.chars)
    assert (content.width, content.height) == pytest.approx((page_top.width_pt, page_top.height_pt))
