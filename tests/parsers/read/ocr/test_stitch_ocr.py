"""A table continued over a page break is stitched on scans as on text pages."""

from govbudget.parsers.extract import extract_pages


def test_scanned_continuation_joins_the_table_it_continues(continued_pages):
    extraction = extract_pages(continued_pages)
    (table,) = extraction.tables
    assert table.title == "省级政务服务投诉举报业务经费项目支出绩效自评表"
    assert table.pages == [18, 19]


def test_scanned_page_number_that_lost_a_dash_is_not_a_line(continued_pages):
    extraction = extract_pages(continued_pages)
    assert [line.text for line in extraction.lines if line.page == 18] == [
        "省级政务服务投诉举报业务经费项目支出绩效自评表",
        "(2024年度)",
    ]
