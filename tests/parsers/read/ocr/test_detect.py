"""Which pages go to OCR: image-only pages and unreadable text layers, never good ones."""

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from govbudget.parsers.read.ocr.detect import (
    looks_like_mojibake, needs_ocr, ocr_reason, should_ocr, unmapped_glyphs, unreadable_share,
)
from govbudget.parsers.read.ocr.settings import OcrMode, OcrSettings
from govbudget.parsers.page_model import Char, PageContent
from govbudget.parsers.read.pdfium_page import read_page
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from tests.parsers.read.ocr.conftest import CORPUS


def _chars(text: str) -> list[Char]:
    return [Char(ch, 10.0 * i, 100.0, 10.0 * i + 9, 110.0) for i, ch in enumerate(text)]


@pytest.fixture()
def text_page():
    pdf = pdfium.PdfDocument(str(CORPUS / "000-office.pdf"))
    yield pdf[3]
    pdf.close()


@pytest.fixture()
def image_page():
    """A page that is one full-page picture, as a scanner writes it."""
    buffer = io.BytesIO()
    Image.new("L", (620, 877), 255).save(buffer, "PDF", resolution=75)
    pdf = pdfium.PdfDocument(buffer.getvalue())
    yield pdf[0]
    pdf.close()


def test_image_only_page_needs_ocr(image_page):
    content = PageContent(page_number=1, width=595, height=842)
    assert ocr_reason(content, image_page) == "image_only"


def test_page_with_a_good_text_layer_does_not(text_page):
    content = read_page(text_page, 4, DEFAULT_SETTINGS)
    assert ocr_reason(content, text_page) is None


def test_cid_text_layer_needs_ocr(text_page):
    content = PageContent(page_number=4, width=595, height=842, chars=_chars("(cid:12)(cid:345)(cid:67)" * 5))
    assert ocr_reason(content, text_page) == "unreadable_text"


def test_cid_glyphs_as_single_chars_count_as_unreadable():
    chars = [Char("(cid:12)", 0, 0, 5, 5)] * 8 + _chars("合计")
    assert unreadable_share("".join(c.text for c in chars)) == pytest.approx(64 / 66)


def test_private_use_and_replacement_chars_need_ocr(text_page):
    content = PageContent(4, 595, 842, chars=_chars("\ue012\ue013\ufffd\x00" * 10 + "合计"))
    assert ocr_reason(content, text_page) == "unreadable_text"


def test_latin_mojibake_on_a_chinese_page_needs_ocr(text_page):
    content = PageContent(4, 595, 842, chars=_chars("ÄêÔ¤ËãÊÕÖ§×Ü±í µ¥Î»Ãû³Æ ÑôÈªÊÐ" * 3))
    assert ocr_reason(content, text_page) == "mojibake"


def test_a_page_of_figures_is_not_mojibake():
    assert not looks_like_mojibake("194.63 144.20 30.40 7.55 12.48 " * 5)


def test_mode_never_keeps_the_text_layer_even_of_an_image_page(image_page):
    content = PageContent(page_number=1, width=595, height=842)
    assert needs_ocr(content, image_page)
    assert not should_ocr(content, image_page, OcrSettings(mode=OcrMode.never))


def test_mode_always_ocrs_a_good_page(text_page):
    content = read_page(text_page, 4, DEFAULT_SETTINGS)
    assert should_ocr(content, text_page, OcrSettings(mode=OcrMode.always))
    assert not should_ocr(content, text_page, OcrSettings(mode=OcrMode.auto))


def test_scanned_corpus_page_needs_ocr(scans):
    path = next(iter(scans.values()))
    pdf = pdfium.PdfDocument(str(path))
    content = read_page(pdf[0], 1, DEFAULT_SETTINGS)
    assert ocr_reason(content, pdf[0]) == "image_only"
    pdf.close()


def test_a_scan_with_a_typed_header_still_needs_ocr():
    """Text outside the picture (a header, a page number) does not make the scan readable."""
    header = [Char(ch, 50 + 10 * i, 10, 59 + 10 * i, 20) for i, ch in enumerate("阳泉市12315投诉举报中心2025年部门预算公开")]
    content = PageContent(1, 595, 842, chars=header)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    image = pdfium.PdfImage.new(pdf)
    buffer = io.BytesIO()
    Image.new("L", (100, 100), 200).save(buffer, "JPEG")
    image.load_jpeg(buffer, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(595, 760).translate(0, 0))  # bottom 90 % of the page
    page.insert_obj(image)
    page.gen_content()
    assert ocr_reason(content, page) == "image_only"
    pdf.close()


def test_a_searchable_scan_uses_its_invisible_text_layer(image_page):
    layer = [Char(ch, 50 + 10 * (i % 40), 100 + 20 * (i // 40), 59 + 10 * (i % 40), 110 + 20 * (i // 40)) for i, ch in enumerate("一般公共预算支出表" * 10)]
    assert ocr_reason(PageContent(1, 595, 842, chars=layer), image_page) is None


@pytest.mark.parametrize(
    "text",
    [
        "2024年一般公共预算财政拨款支出表 201 一般公共服务支出 合计 324.26 240.08 " * 3,  # reads as a budget page
        "194.63 144.20 30.40 7.55 12.48 " * 5,  # a page of figures
        "科目编码 科目名称 2210203 购房补贴 3.76 -3.76 -100% " * 4,
    ],
)
def test_a_glyph_without_a_unicode_map_condemns_a_page_that_reads_well_otherwise(text_page, text):
    """One unmapped glyph (pdfium's map error, read as U+FFFD) may be a digit of a figure:
    the page goes to OCR however plausible the rest reads."""
    good = PageContent(4, 595, 842, chars=_chars(text))
    assert ocr_reason(good, text_page) is None
    assert unmapped_glyphs(text + "\ufffd") == 1
    doubted = PageContent(4, 595, 842, chars=_chars(text[:40] + "\ufffd" + text[40:]))
    assert ocr_reason(doubted, text_page) == "unreadable_text"
    assert ocr_reason(doubted, text_page, OcrSettings(max_unmapped_glyphs=1)) is None
