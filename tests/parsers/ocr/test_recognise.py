"""Recognised text and where each character lands."""

import sys

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from govbudget.errors import ConfigError
from parsers.ocr.lines import Rule
from parsers.ocr.recognise import (
    detect_boxes,
    engine,
    glyph_width,
    lone_zero,
    place_chars,
    recognise,
    split_at_rules,
    to_chars,
    without_light_marks,
)
from parsers.ocr.render import render_page
from tests.parsers.ocr.conftest import CORPUS


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


def test_cjk_glyphs_get_twice_the_width_of_digits():
    chars = place_chars((0, 0, 155, 30), "2025年", 20.0, [1, 5, 9, 13, 18], [0.9] * 5, [(0, 155)])
    digit, cjk = chars[0].x1 - chars[0].x0, chars[4].x1 - chars[4].x0
    assert cjk / digit == pytest.approx(glyph_width("年") / glyph_width("2"))
    assert (chars[0].x0, chars[-1].x1) == (0, 155)


def test_a_code_and_a_name_printed_apart_stay_apart():
    # "201" inked over 0-30 px, "一般" over 45-100 px: a 0.75 em gap at em = 20 px
    chars = place_chars((0, 0, 100, 31), "201一般", 20.0, [1, 3, 5, 11, 16], [0.9] * 5, [(0, 30), (45, 100)])
    assert [c.text for c in chars if c.x1 <= 30] == ["2", "0", "1"]
    assert [c.text for c in chars if c.x0 >= 45] == ["一", "般"]


def test_a_narrow_gap_inside_a_number_does_not_split_it():
    # "117.30": the first 1's side bearing leaves 0.3 em of paper before the second 1
    chars = place_chars((0, 0, 70, 31), "117.30", 14.0, [0, 3, 5, 7, 9, 12], [0.9] * 6, [(0, 6), (12, 70)])
    assert all(b.x0 == pytest.approx(a.x1) for a, b in zip(chars, chars[1:]))


def test_a_read_space_with_a_real_gap_splits_two_figures():
    columns = [1, 3, 5, 6, 8, 10, 20, 25, 27, 29, 30, 32, 34]  # the space at step 20
    chars = place_chars((0, 0, 200, 31), "144.20 117.30", 40.0, columns, [0.9] * 13, [(0, 60), (120, 200)])
    assert "".join(c.text for c in chars if c.x1 <= 60) == "144.20"
    assert "".join(c.text for c in chars if c.x0 >= 120) == "117.30"


def test_a_box_across_a_vertical_rule_is_cut_there():
    rule = Rule("v", 99, 0, 101, 500)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(40, 100, 98.0, 130), (102.0, 100, 200, 130)]


def test_a_rule_that_ends_above_the_box_does_not_cut_it():
    rule = Rule("v", 99, 0, 101, 90)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(40, 100, 200, 130)]


def test_a_sliver_left_by_a_cut_is_dropped():
    rule = Rule("v", 44, 0, 46, 500)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(47.0, 100, 200, 130)]


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
