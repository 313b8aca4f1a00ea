"""Article pages: metadata and attachments in discovery order, from saved pages."""

from govbudget.spiders.article import find_attachments, iso_date, read_article
from tests.spiders.conftest import file_response

TRS = file_response("article_trs.html", "https://xxgk.yq.gov.cn/zwgk/202507/t20250708_1781234.shtml")
GBK = file_response("article_gbk.html", "http://www.nxgy.gov.cn/zwgk/czgk/202502/t20250219_2002.html")


def test_title_from_cms_meta():
    assert read_article(TRS.selector).title == "阳泉市城区教育局2025年部门预算公开"


def test_publish_date_from_cms_meta():
    assert read_article(TRS.selector).publish_date == "2025-07-08"


def test_source_from_cms_meta():
    assert read_article(TRS.selector).source_unit == "阳泉市城区教育局"


def test_column_from_cms_meta():
    assert read_article(TRS.selector).column == "部门预决算"


def test_attachments_in_discovery_order_direct_pdfjs_embed_script():
    assert [(a.via, a.url) for a in find_attachments(TRS.selector, TRS.url)] == [
        ("direct", "https://xxgk.yq.gov.cn/zwgk/202507/P020250708390000000001.pdf"),
        ("pdfjs", "https://xxgk.yq.gov.cn/zwgk/202507/P020250708390000000002.pdf"),
        ("embed", "https://xxgk.yq.gov.cn/zwgk/202507/P020250708390000000003.pdf"),
        ("script", "https://xxgk.yq.gov.cn/zwgk/202507/P020250708390000000004.zip"),
    ]


def test_attachment_link_text_is_kept():
    assert find_attachments(TRS.selector, TRS.url)[0].link_text == "阳泉市城区教育局2025年部门预算公开.pdf"


def test_gbk_page_is_decoded():
    assert read_article(GBK.selector).title == "固原市信访局2025年部门预算"


def test_visible_publish_date_when_there_are_no_meta_tags():
    assert read_article(GBK.selector).publish_date == "2025-02-19"


def test_visible_source_when_there_are_no_meta_tags():
    assert read_article(GBK.selector).source_unit == "固原市信访局"


def test_column_from_the_breadcrumb():
    assert read_article(GBK.selector).column == "财政信息"


def test_onclick_opened_spreadsheet_is_an_attachment():
    assert [a.url for a in find_attachments(GBK.selector, GBK.url)][1] == "http://www.nxgy.gov.cn/u/cms/www/202502/19101010abce.xls"


def test_chinese_date_to_iso():
    assert iso_date("2025年2月9日") == "2025-02-09"
