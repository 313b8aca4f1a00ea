"""Scoring text layers (govbudget/parsers/read/text_layer.py, the OCR decision in read/ocr/detect.py).

A page is believed only when its text reads as budget text: budget words among its
hanzi, years and subject codes of plausible digits. Clean corpus pages always pass.
"""

import random

import pypdfium2 as pdfium
import pytest

from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from govbudget.parsers.page_model import Char, PageContent
from govbudget.parsers.read import text_layer
from govbudget.parsers.read.ocr.detect import digit_damaged_pages, ocr_reason
from govbudget.parsers.read.pdfium_page import read_page
from testkit.corpus import CORPUS


def _page(lines: list[str], number: int = 1) -> PageContent:
    chars = [
        Char(ch, 10.0 * i, 20.0 * row, 10.0 * i + 9, 20.0 * row + 10, size=10.0)
        for row, line in enumerate(lines)
        for i, ch in enumerate(line)
    ]
    return PageContent(number, 595, 842, chars=chars)


def test_random_hanzi_have_no_budget_vocabulary():
    rng = random.Random(3)
    text = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(400))
    assert text_layer.vocabulary_verdict(text) == text_layer.NO_VOCABULARY


def test_budget_text_has_vocabulary():
    text = "2025年一般公共预算财政拨款支出表 单位：万元 功能分类科目 基本支出 项目支出 合计 行政运行 一般行政管理事务"
    assert text_layer.vocabulary_verdict(text) is None


def test_years_and_subject_codes_are_digit_evidence():
    page = _page(["2025年部门预算", "201 一般公共服务支出 144.20", "20101 人大事务", "2010101 行政运行 30.40"])
    found = text_layer.digit_evidence(text_layer.spaced_text(page.chars))
    assert found == text_layer.DigitEvidence(years=1, bad_years=0, codes=3, bad_codes=0)
    assert not found.off


def test_digits_read_as_other_digits_are_off_by_the_year():
    """201 → 312 is still a class code (an economic one); 2025 → 3136 is no budget year."""
    page = _page(["3136年部门预算", "312 一般公共服务支出 255.31", "31212 人大事务", "3121212 行政运行 41.51"])
    assert text_layer.digit_evidence(text_layer.spaced_text(page.chars)).off


def test_digits_read_as_other_digits_are_off_by_the_codes():
    page = _page(["538 一般公共服务支出 255.31", "53883 人大事务", "5388383 行政运行 41.51"])
    assert text_layer.digit_evidence(text_layer.spaced_text(page.chars)).off


def test_a_page_without_years_or_codes_takes_the_documents_digit_verdict():
    cover = _page(["3136年部门预算", "3136年度"], 1)
    figures_only = _page(["人员经费 255.31 41.51"], 2)
    assert digit_damaged_pages([cover, figures_only]) == {1, 2}
    assert digit_damaged_pages([_page(["2025年部门预算", "2025年度"], 1), _page(["人员经费 255.31"], 2)]) == set()


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.pdf")))
def test_no_clean_corpus_page_is_doubted(name):
    pdf = pdfium.PdfDocument(str(CORPUS / name))
    try:
        contents, reasons = [], {}
        for index in range(len(pdf)):
            page = pdf[index]
            content = read_page(page, index + 1, DEFAULT_SETTINGS)
            reasons[index + 1] = ocr_reason(content, page)
            contents.append(content)
    finally:
        pdf.close()
    assert {p: r for p, r in reasons.items() if r} == {}
    assert digit_damaged_pages(contents) == set()
