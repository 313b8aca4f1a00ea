"""Where each recognised character lands in its box."""

import pytest

from govbudget.parsers.read.ocr.placement import BOX_TO_EM, PxChar, RecognisedLine, glyph_width, place_chars, to_chars


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


def _line(top: float, height: float, middle: float | None = None) -> RecognisedLine:
    line = RecognisedLine((0, top, 50, top + height), "合计", 0.99, middle=middle)
    line.chars = [PxChar("合", 0, 25, 0.99), PxChar("计", 25, 50, 0.99)]
    return line


def test_body_lines_get_one_glyph_size_and_headings_their_own():
    lines = [_line(0, 31), _line(40, 35), _line(80, 27), _line(120, 62)]
    heights = [round(c.height, 3) for c in to_chars(lines, scale=1.0)[::2]]
    typical = 33 / BOX_TO_EM  # the median box height
    assert heights == [round(typical, 3)] * 3 + [round(62 / BOX_TO_EM, 3)]


def test_characters_sit_on_the_middle_of_their_ink():
    (first, _) = to_chars([_line(0, 40, middle=24.0)], scale=2.0)
    assert (first.top + first.bottom) / 2 == pytest.approx(12.0)
