"""extract_pages takes PageContent from any reader: the OCR hook."""

from govbudget.parsers.extract import extract_pages
from govbudget.parsers.page_model import Char, Edge, PageContent


def _word(text: str, x: float, top: float, size: float = 10.0) -> list[Char]:
    return [Char(ch, x + i * size, top, x + (i + 1) * size, top + size, size=size) for i, ch in enumerate(text)]


def _ocr_page() -> PageContent:
    chars = _word("2025年测试收支总表", 100, 40, 14) + _word("单位：万元", 100, 70)
    chars += _word("项目", 110, 105) + _word("金额", 210, 105)
    chars += _word("合计", 110, 125) + _word("1.00", 210, 125, 8)
    edges = [Edge("h", 100, y, 300, y) for y in (100, 120, 140)]
    edges += [Edge("v", x, 100, x, 140) for x in (100, 200, 300)]
    return PageContent(page_number=1, width=595, height=842, chars=chars, edges=edges, source="ocr")


def test_ocr_page_content_becomes_a_table():
    extraction = extract_pages([_ocr_page()])
    (table,) = extraction.tables
    assert table.texts() == [["项目", "金额"], ["合计", "1.00"]]
    assert (table.title, table.unit) == ("2025年测试收支总表", "万元")


def test_page_sources_record_the_reader():
    extraction = extract_pages([_ocr_page()])
    assert extraction.page_sources == {1: "ocr"}
    assert extraction.page_count == 1


def _page_with(text: str, x: float, top: float) -> PageContent:
    chars = _word("说明文字", 100, 40) + _word(text, x, top)
    return PageContent(page_number=1, width=595, height=842, chars=chars)


def test_page_number_at_the_page_foot_is_not_a_line():
    extraction = extract_pages([_page_with("3", 292, 800)])
    assert [line.text for line in extraction.lines] == ["说明文字"]


def test_lone_figure_inside_the_page_is_a_line_not_a_page_number():
    extraction = extract_pages([_page_with("301", 100, 400)])
    assert [line.text for line in extraction.lines] == ["说明文字", "301"]


def test_page_number_whose_dash_was_lost_is_not_a_line():
    extraction = extract_pages([_page_with("18-", 282, 800)])
    assert [line.text for line in extraction.lines] == ["说明文字"]
