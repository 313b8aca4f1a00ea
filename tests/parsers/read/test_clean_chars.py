"""Watermarks and fake-bold copies never reach the text."""

from govbudget.parsers.read.clean_chars import dedupe_chars, drop_overlay_chars
from govbudget.parsers.extract import extract_document
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from govbudget.parsers.page_model import Char
from govbudget.parsers.read.pdf_input import open_pdf
from tests.parsers.pdf_builders import rotated_pdf, table_pdf

ROWS = [["项目", "金额"], ["合计", "1.00"]]


def _extract(data: bytes):
    pdf, _ = open_pdf(data, "test.pdf")
    return extract_document(pdf)


def test_fake_bold_text_is_read_once():
    extraction = _extract(table_pdf(ROWS, [100, 80], fake_bold=True))
    assert "加粗说明文字" in [line.text for line in extraction.lines]


def test_rotated_grey_watermark_is_not_text():
    extraction = _extract(table_pdf(ROWS, [100, 80], watermark="仅供内部审核"))
    assert not any("审核" in line.text for line in extraction.lines)
    assert extraction.tables[0].texts() == ROWS


def test_corpus_watermark_is_removed_from_every_page(corpus_extractions):
    extraction = corpus_extractions["000-office.pdf"]
    assert not any("仅供内部审核" in line.text or "审核" in line.text for line in extraction.lines)


def test_dedupe_keeps_the_first_of_two_copies_a_fraction_apart():
    a = Char("预", 10.0, 20.0, 19.0, 29.0, size=9)
    b = Char("预", 10.3, 20.0, 19.3, 29.0, size=9)
    c = Char("算", 19.0, 20.0, 28.0, 29.0, size=9)
    assert dedupe_chars([a, b, c], 1.0) == [a, c]


def test_dedupe_keeps_repeated_chars_side_by_side():
    chars = [Char("0", x, 0.0, x + 5, 9.0, size=9) for x in (0.0, 5.0, 10.0)]
    assert dedupe_chars(chars, 1.0) == chars


def test_light_grey_and_turned_chars_are_dropped():
    ink = Char("字", 0, 0, 9, 9, size=9, color=(0.0, 0.0, 0.0))
    grey = Char("审", 0, 20, 9, 29, size=9, color=(0.8, 0.8, 0.8))
    turned = Char("核", 0, 40, 9, 49, size=9, upright=False)
    assert drop_overlay_chars([ink, grey, turned], DEFAULT_SETTINGS) == [ink]


def test_dedupe_keeps_glyphs_of_one_string_that_overprint():
    dashes = [Char("—", 10.0, 0.0, 26.0, 9.0, size=9, run=7) for _ in range(3)]
    assert dedupe_chars(dashes, 1.0) == dashes


def test_corpus_stacked_dashes_survive(corpus_extractions):
    table = corpus_extractions["003-office.pdf"].tables[5]
    assert table.texts()[7][8] == "———"


def test_watermark_inside_a_form_xobject_is_removed():
    data = rotated_pdf(table_pdf(ROWS, [100, 80], watermark="仅供内部审核"), 90)
    extraction = _extract(data)
    assert [line.text for line in extraction.lines] == ["2025年测试收支总表", "单位：万元"]
    assert extraction.tables[0].texts() == ROWS
