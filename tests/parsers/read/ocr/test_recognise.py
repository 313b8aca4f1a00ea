"""What the recogniser reads, and how it is helped where it falters."""

import sys

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from govbudget.errors import ConfigError
from govbudget.parsers.read.ocr.boxes import detect_boxes
from govbudget.parsers.read.ocr.engine import engine
from govbudget.parsers.read.ocr.placement import to_chars
from govbudget.parsers.read.ocr.recognise import lone_zero, recognise, without_light_marks
from govbudget.parsers.read.ocr.render import render_page
from tests.parsers.read.ocr.conftest import CORPUS


@pytest.fixture(scope="module")
def page_head():
    """The top half of 000-office page 4 at 200 dpi: title, org line, unit, table head.

    Not a thin strip: the detector scales the short side up to 736 px."""
    pdf = pdfium.PdfDocument(str(CORPUS / "000-office.pdf"))
    image = render_page(pdf[3], 200)
    pdf.close()
    gray = image.pixels[:800]
    return recognise(gray, detect_boxes(gray, 0.55)), image.scale


def test_rendered_known_strings_are_read(page_head):
    lines, _ = page_head
    texts = [line.text for line in lines]
    assert "2025年预算收支总表" in texts
    assert "单位：万元" in texts
    assert any("阳泉市12315投诉举报中心" in t for t in texts)


def test_every_character_carries_its_confidence(page_head):
    lines, scale = page_head
    chars = to_chars(lines, scale)
    assert chars and all(0.5 <= c.confidence <= 1.0 for c in chars)
    assert all(c.fontname == "OCR" for c in chars)


def _glyph(height: int, width: int) -> np.ndarray:
    crop = np.full((31, 28), 255, np.uint8)
    cv2.ellipse(crop, (14, 15), (width // 2, height // 2), 0, 0, 360, 0, 2)
    return crop


def test_a_lone_round_glyph_of_digit_height_is_a_zero():
    assert lone_zero("o", _glyph(11, 10)) == "0"
    assert lone_zero("〇", _glyph(12, 9)) == "0"


def test_a_small_circle_stays_what_it_was_read_as():
    assert lone_zero("。", _glyph(5, 5)) == "。"
    assert lone_zero("oo", _glyph(11, 10)) == "oo"


def test_without_the_ocr_extra_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    engine.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"pip install 'govbudget\[ocr\]'"):
            engine()
    finally:
        engine.cache_clear()


def test_a_watermark_behind_a_figure_is_cleared_for_a_second_reading():
    crop = np.full((43, 39), 249, np.uint8)
    cv2.line(crop, (0, 42), (38, 0), 215, 6)  # light grey watermark stroke
    cv2.ellipse(crop, (19, 20), (5, 7), 0, 0, 360, 100, 2)  # the figure's dark ink
    cleared = without_light_marks(crop)
    assert cleared[5, 34] == 255  # watermark gone
    assert cleared[20, 14] == 100  # ink kept
