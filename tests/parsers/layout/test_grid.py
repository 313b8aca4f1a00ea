"""Full-grid, three-line and rule-less tables come out as the printed grid."""

import pytest

from govbudget.parsers.extract import extract_document
from govbudget.parsers.read.pdf_input import open_pdf
from tests.parsers.pdf_builders import rotated_pdf, table_pdf

HEADER = [["项目", "", "2025年预算数", ""], ["科目编码", "科目名称", "合计", "基本支出"]]
BODY = [["201", "一般公共服务支出", "10.00", "8.00"], ["20101", "人大事务", "10.00", ""]]
WIDTHS = [70, 120, 80, 80]
MERGES = [(0, 0, 1, 2), (0, 2, 1, 2)]


def _only_table(data: bytes):
    pdf, _ = open_pdf(data, "test.pdf")
    extraction = extract_document(pdf)
    assert len(extraction.tables) == 1
    return extraction.tables[0], extraction


def test_full_grid_with_merged_header_cells():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES))
    assert table.texts() == HEADER + BODY
    assert table.merges == MERGES
    assert table.rule_style == "grid"


def test_rules_drawn_as_thin_filled_boxes_make_the_same_grid():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES, lines="filled"))
    assert table.texts() == HEADER + BODY
    assert table.merges == MERGES


def test_full_grid_context_lines():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES, note="注：本表无数据"))
    assert (table.title, table.unit, table.note) == ("2025年测试收支总表", "万元", "注：本表无数据")
    assert table.row_pages == [1, 1, 1, 1]


def test_table_cells_are_not_text_lines():
    _, extraction = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES))
    assert [line.text for line in extraction.lines] == ["2025年测试收支总表", "单位：万元"]


def test_three_line_table_columns_from_alignment():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES, lines="three_line", header_rows=2))
    assert table.texts() == HEADER + BODY
    assert table.rule_style == "three_line"
    assert table.merges == MERGES


def test_three_line_header_rows_guess():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES, lines="three_line", header_rows=2))
    assert table.header_rows == 2


def test_grid_header_rows_guess_counts_rows_above_the_first_amount():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES))
    assert table.header_rows == 2


def test_rule_less_table_under_a_title_is_read_from_alignment():
    table, _ = _only_table(table_pdf(HEADER + BODY, WIDTHS, MERGES, lines="none"))
    assert table.texts() == HEADER + BODY
    assert table.rule_style == "none"
    assert table.title == "2025年测试收支总表"


def test_rule_less_table_keeps_rows_without_figures():
    body = [BODY[0], ["20102", "政协事务", "", ""], ["", "其他支出", "", ""], BODY[1]]
    table, _ = _only_table(table_pdf(HEADER + body, WIDTHS, MERGES, lines="none"))
    assert table.texts() == HEADER + body


def test_rule_less_table_opening_with_a_lone_group_label_keeps_it_as_header():
    header = [["", "", "经济分类", ""], HEADER[1]]
    table, _ = _only_table(table_pdf(header + BODY, WIDTHS, lines="none"))
    first, *rest = table.texts()
    assert ([text for text in first if text], rest) == (["经济分类"], HEADER[1:] + BODY)


def test_aligned_text_without_a_title_stays_text():
    data = table_pdf(HEADER + BODY, WIDTHS, MERGES, lines="none", title=None)
    pdf, _ = open_pdf(data, "test.pdf")
    extraction = extract_document(pdf)
    assert extraction.tables == []
    assert "一般公共服务支出" in [line.text for line in extraction.lines]


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_page_shown_upright_by_rotate_reads_like_an_upright_page(rotation):
    table, extraction = _only_table(rotated_pdf(table_pdf(HEADER + BODY, WIDTHS, MERGES), rotation))
    assert table.texts() == HEADER + BODY
    assert [line.text for line in extraction.lines] == ["2025年测试收支总表", "单位：万元"]


def test_title_and_unit_rows_inside_the_grid_are_context_not_cells():
    caption = [["2025年测试收支总表", "", "", ""], ["单位：万元", "", "", ""]]
    note = [["注：本表为测试", "", "", ""]]
    merges = [(0, 0, 1, 4), (1, 0, 1, 4), (2, 0, 1, 2), (2, 2, 1, 2), (6, 0, 1, 4)]
    table, extraction = _only_table(table_pdf(caption + HEADER + BODY + note, WIDTHS, merges, title=None, unit=None))
    assert table.texts() == HEADER + BODY
    assert table.merges == MERGES
    assert (table.title, table.unit, table.note) == ("2025年测试收支总表", "万元", "注：本表为测试")
