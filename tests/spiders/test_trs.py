"""TRS WCM lists: rows and the two createPageHTML paging variants, from saved pages."""

from govbudget.spiders.families.base import links_as_entries
from govbudget.spiders.paging import Naming, read_pager
from tests.spiders.conftest import file_response

ZERO = file_response("trs_index_zero_based.html", "https://xxgk.yq.gov.cn/bmyjs/index.shtml")
ONE = file_response("trs_list_one_based.html", "http://www.nxgy.gov.cn/zwgk/czgk/list_2.html")
STUB = file_response("trs_stub.html", "https://xxgk.yq.gov.cn/bmyjs/index_37.shtml")


def test_row_titles_come_from_the_title_attribute_not_the_truncated_text():
    assert [e.title for e in links_as_entries(ZERO.selector, ZERO.url)][0] == "阳泉市城区教育局2025年部门预算公开"


def test_row_urls_are_resolved_against_the_list_page():
    assert links_as_entries(ZERO.selector, ZERO.url)[2].url == "https://xxgk.yq.gov.cn/ggfw/202506/t20250630_1770001.shtml"


def test_navigation_links_are_not_rows():
    assert "政务公开专栏首页" not in [e.title for e in links_as_entries(ZERO.selector, ZERO.url)]


def test_row_date_is_read_from_the_em():
    assert links_as_entries(ZERO.selector, ZERO.url)[0].date == "2025-07-08"


def test_table_rows_with_chinese_dates():
    assert [(e.title, e.date) for e in links_as_entries(ONE.selector, ONE.url)][1] == ("固原市原州区财政局2025年部门预算（本级）", "2025-03-14")


def test_row_xpath_from_the_registry_selects_rows():
    entries = links_as_entries(ONE.selector, ONE.url, "//table[@class='list-table']//tr[1]")
    assert [e.url for e in entries] == ["http://www.nxgy.gov.cn/art/2025/0315/a8812.html"]


def test_zero_based_four_argument_pager_is_read():
    assert (read_pager(ZERO.text).count, read_pager(ZERO.text).naming) == (38, Naming("index", "shtml"))


def test_one_based_six_argument_pager_is_read():
    assert (read_pager(ONE.text).count, read_pager(ONE.text).naming) == (5, Naming("list", "html"))


def test_stub_page_has_no_rows():
    assert links_as_entries(STUB.selector, STUB.url) == []
