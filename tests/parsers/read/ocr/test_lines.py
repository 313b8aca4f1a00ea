"""Rules and skew from page pixels: a synthetic ruled table with known geometry."""

import cv2
import numpy as np
import pytest

from govbudget.parsers.read.ocr.lines import erase_rules, estimate_skew, find_rules, rotate, rules_to_edges, skew_from_profile, ink_mask

ROWS_Y = [300 + 60 * i for i in range(11)]
COLS_X = [150, 420, 690, 960, 1100]
LINE_HEIGHT = 38.0  # px, a text box of 10 pt text at 200 dpi


def _noisy(image: np.ndarray, seed: int = 1) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 6, image.shape)
    return np.clip(image.astype(float) + noise, 0, 255).astype(np.uint8)


def _table(with_glyphs: bool = True) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    page = np.full((1600, 1240), 255, np.uint8)
    for y in ROWS_Y:
        cv2.line(page, (COLS_X[0], y), (COLS_X[-1], y), 0, 2)
    for x in COLS_X:
        cv2.line(page, (x, ROWS_Y[0]), (x, ROWS_Y[-1]), 0, 2)
    boxes = []
    if with_glyphs:  # 一 and 丨 strokes inside text boxes: glyphs, not rules
        for y in ROWS_Y[:-1]:
            cv2.line(page, (180, y + 30), (250, y + 30), 0, 3)
            cv2.line(page, (460, y + 18), (460, y + 44), 0, 3)
            boxes += [(170, y + 12, 262, y + 48), (440, y + 12, 480, y + 48)]
    return page, boxes


def _text_page() -> np.ndarray:
    """Lines of 'text' (blocks of glyph-sized ink) and no rules."""
    page = np.full((1600, 1240), 255, np.uint8)
    rng = np.random.default_rng(3)
    for y in range(200, 1400, 45):
        x = 120
        while x < 1050:
            w = int(rng.integers(18, 28))
            cv2.rectangle(page, (x, y), (x + w, y + 24), 0, 2)
            x += w + int(rng.integers(4, 12))
    return page


def _tilt(page: np.ndarray, degrees: float) -> np.ndarray:
    height, width = page.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(page, matrix, (width, height), borderValue=255)


@pytest.mark.parametrize("degrees", [0.3, -0.55, 0.8])
def test_skew_of_a_ruled_page_is_the_tilt_of_its_rules(degrees):
    page, _ = _table()
    assert estimate_skew(_noisy(_tilt(page, degrees))) == pytest.approx(-degrees, abs=0.05)


@pytest.mark.parametrize("degrees", [0.4, -0.7])
def test_skew_of_a_page_without_rules_comes_from_its_text_lines(degrees):
    tilted = _noisy(_tilt(_text_page(), degrees))
    assert skew_from_profile(ink_mask(tilted), 5.0) == pytest.approx(-degrees, abs=0.1)
    assert estimate_skew(tilted) == pytest.approx(-degrees, abs=0.1)


def test_deskewed_rules_are_found_where_they_were_drawn():
    page, boxes = _table()
    tilted = _noisy(_tilt(page, 0.6))
    level = rotate(tilted, estimate_skew(tilted))
    rules = find_rules(level, LINE_HEIGHT, boxes)
    horizontal = sorted(r.centre for r in rules if r.orientation == "h")
    vertical = sorted(r.centre for r in rules if r.orientation == "v")
    assert horizontal == pytest.approx(ROWS_Y, abs=2.5)
    assert vertical == pytest.approx(COLS_X, abs=2.5)


def test_rules_span_the_table():
    page, boxes = _table()
    rules = find_rules(_noisy(page), LINE_HEIGHT, boxes)
    top_rule = min((r for r in rules if r.orientation == "h"), key=lambda r: r.top)
    assert (top_rule.x0, top_rule.x1) == pytest.approx((COLS_X[0], COLS_X[-1]), abs=3)


def test_glyph_strokes_inside_text_boxes_are_not_rules():
    page, boxes = _table()
    rules = find_rules(_noisy(page), LINE_HEIGHT, boxes)
    assert not [r for r in rules if r.orientation == "h" and 175 < r.x0 < 260]
    assert not [r for r in rules if r.orientation == "v" and 450 < r.centre < 470]


def test_without_text_boxes_a_long_stroke_would_pass_the_length_test():
    """The containment filter is what rejects the 一 strokes (they are 70 px long)."""
    page, _ = _table()
    rules = find_rules(_noisy(page), LINE_HEIGHT, [])
    assert [r for r in rules if r.orientation == "h" and 175 < r.x0 < 260]


def test_erased_rules_leave_paper():
    page, boxes = _table(with_glyphs=False)
    clean = erase_rules(page, find_rules(page, LINE_HEIGHT, boxes))
    assert clean.min() == 255


def test_rules_become_edges_in_points():
    page, _ = _table(with_glyphs=False)
    edges = rules_to_edges(find_rules(page, LINE_HEIGHT), scale=200 / 72)
    first_v = min((e for e in edges if e.orientation == "v"), key=lambda e: e.x0)
    assert first_v.x0 == first_v.x1 == pytest.approx(150.5 * 72 / 200, abs=0.5)
    assert (first_v.top, first_v.bottom) == pytest.approx((300 * 72 / 200, 900 * 72 / 200), abs=1.5)


def test_a_short_cell_wall_spanned_by_a_text_box_is_kept():
    """The detector boxed two header cells as one; the wall between them still counts."""
    page = np.full((600, 600), 255, np.uint8)
    for y in (300, 340):
        cv2.line(page, (100, y), (500, y), 0, 2)
    cv2.line(page, (300, 300), (300, 340), 0, 2)
    rules = find_rules(_noisy(page), LINE_HEIGHT, [(200, 304, 400, 337)])
    assert [r.centre for r in rules if r.orientation == "v"] == pytest.approx([300.5], abs=1.5)


def test_a_title_stroke_reaching_past_its_box_is_not_a_rule():
    page = np.full((600, 600), 255, np.uint8)
    cv2.line(page, (300, 100), (300, 146), 0, 4)  # 丨 of a large title glyph
    assert find_rules(_noisy(page), LINE_HEIGHT, [(250, 98, 400, 141)]) == []
