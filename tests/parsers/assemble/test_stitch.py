"""A table continued over pages is one table, its repeated header kept once."""

from govbudget.parsers.extract import extract_document
from govbudget.parsers.read.pdf_input import open_pdf
from govbudget.parsers.assemble.stitch import guess_header_rows
from tests.parsers.pdf_builders import two_page_table_pdf

HEADER = [["科目编码", "科目名称", "合计", "基本支出"]]
FIRST = [["201", "一般公共服务支出", "10.00", "8.00"], ["20101", "人大事务", "10.00", "8.00"]]
SECOND = [["202", "外交支出", "1.00", "1.00"], ["20201", "外交管理事务", "1.00", "1.00"]]
WIDTHS = [70, 120, 80, 80]


def _tables(data: bytes):
    pdf, _ = open_pdf(data, "test.pdf")
    return extract_document(pdf).tables


def test_repeated_header_is_dropped():
    (table,) = _tables(two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=True))
    assert table.texts() == HEADER + FIRST + SECOND
    assert table.pages == [1, 2]
    assert table.row_pages == [1, 1, 1, 2, 2]


def test_continuation_without_header_is_joined():
    (table,) = _tables(two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=False))
    assert table.texts() == HEADER + FIRST + SECOND
    assert table.row_pages == [1, 1, 1, 2, 2]


def test_running_header_does_not_break_a_continuation():
    data = two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=False, running_header="某某中心2025年部门预算", pages=3)
    pdf, _ = open_pdf(data, "test.pdf")
    extraction = extract_document(pdf)
    (table,) = extraction.tables
    assert table.texts() == HEADER + FIRST + SECOND
    assert [line.text for line in extraction.lines] == ["2025年测试支出总表", "单位：万元", "说明文字"]


def test_title_marked_continued_joins_the_table():
    data = two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=False, continued_title="2025年测试支出总表（续）")
    (table,) = _tables(data)
    assert table.texts() == HEADER + FIRST + SECOND
    assert table.title == "2025年测试支出总表"


def test_three_line_table_over_two_pages():
    (table,) = _tables(two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=True, lines="three_line"))
    assert table.texts() == HEADER + FIRST + SECOND
    assert table.rule_style == "three_line"


def test_corpus_form_row_cut_by_page_break_is_rejoined(corpus_extractions):
    table = corpus_extractions["000-office.pdf"].tables[13]
    label, text = table.texts()[11][:2]
    assert label == "项目设立必要性"
    assert text.endswith("要求我中心入驻社会治理中心，先需申请搬家及办公家具维修费，共计2万元。")
    assert table.pages == [17, 18]


def test_header_guess_reads_a_total_among_column_labels_as_header():
    rows = [
        ["项目", "2025年预算数", "", ""],
        ["", "合计", "一般公共预算", "政府性基金预算"],
        ["因公出国（境）费", "", "", ""],
        ["公务用车购置及运行费", "1.80", "1.80", ""],
    ]
    assert guess_header_rows(rows) == 2


def test_header_guess_counts_column_number_rows():
    rows = [["项目名称", "合计", "一般公共预算"], ["1", "2", "3"], ["某项目", "26.90", "26.90"]]
    assert guess_header_rows(rows) == 2


def test_header_guess_of_an_empty_table_is_its_header():
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["合计", "", "", "", ""]]
    assert guess_header_rows(rows) == 1


def test_rule_less_table_continued_at_the_next_page_top_is_joined():
    (table,) = _tables(two_page_table_pdf(HEADER, FIRST, SECOND, WIDTHS, repeat_header=True, lines="none"))
    assert table.texts() == HEADER + FIRST + SECOND
    assert table.row_pages == [1, 1, 1, 2, 2]
