"""Hanweb jpage: records in the embedded datastore and in dataproxy.jsp XML."""

from govbudget.spiders.families.hanweb import jpage_ids, jpage_records, page_query, paging_form
from tests.spiders.conftest import PAGES, file_response

COLUMN = file_response("hanweb_column.html", "https://www.zezhou.gov.cn/col/col33017/index.html")
PROXY_XML = (PAGES / "hanweb_dataproxy.xml").read_text("utf-8")


def test_embedded_records_are_read_from_cdata():
    assert [e.title for e in jpage_records(COLUMN.text, COLUMN.url)] == [
        "泽州县审计局2025年部门预算公开", "泽州县召开预算管理一体化工作会议", "2024年度泽州县统计局部门决算",
    ]


def test_record_urls_are_absolute():
    assert jpage_records(COLUMN.text, COLUMN.url)[0].url == "https://www.zezhou.gov.cn/art/2025/9/16/art_33017_1502231.html"


def test_record_dates():
    assert jpage_records(COLUMN.text, COLUMN.url)[2].date == "2025-08-30"


def test_dataproxy_xml_records():
    assert [e.title for e in jpage_records(PROXY_XML, COLUMN.url)] == ["泽州县教育局2025年单位预算", "泽州县农业农村局2025年部门预算"]


def test_ids_are_read_from_the_page():
    ids = jpage_ids(COLUMN.text, COLUMN.url)
    assert (ids["columnid"], ids["unitid"], ids["webid"]) == ("33017", "4101", "12")


def test_paging_parameters_are_read_from_the_jpage_call():
    ids = jpage_ids(COLUMN.text, COLUMN.url)
    assert (ids["perpage"], ids["total"]) == ("15", "211")


def test_empty_datastore_has_no_records():
    assert jpage_records("<datastore><nextgroup></nextgroup></datastore>", COLUMN.url) == []


def test_current_proxy_pages_by_posted_record_ranges():
    assert paging_form({"proxy_path": "/module/web/jpage/dataproxy.jsp"}) == "post"


def test_older_proxy_paths_page_by_get():
    assert [paging_form({"proxy_path": p}) for p in ("/module/jpage/dataproxy.jsp", "/module/jslib/jquery/jpage/dataproxy.jsp")] == [
        "get", "get",
    ]


def test_registry_paging_param_overrides_the_proxy_path():
    assert paging_form({"proxy_path": "/module/web/jpage/dataproxy.jsp", "paging": "get"}) == "get"


def test_older_proxy_path_is_read_from_the_nextgroup_link():
    page = '<datastore><nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&columnid=9&unitid=8"></a>]]></nextgroup>'
    assert jpage_ids(page, "http://x.gov.cn/col/col9/index.html")["proxy_path"] == "/module/jpage/dataproxy.jsp"


def test_get_page_query_keeps_the_nextgroup_parameters():
    ids = {"nextgroup": "/module/jpage/dataproxy.jsp?page=1&amp;webid=3&amp;columnid=9&amp;unitid=8&amp;permissiontype=0"}
    assert page_query(ids, 4) == "page=4&webid=3&columnid=9&unitid=8&permissiontype=0"


def test_get_page_query_without_a_nextgroup_link_is_built_from_the_ids():
    assert page_query({"webid": "3", "columnid": "9", "unitid": "8"}, 2) == (
        "appid=1&webid=3&path=%2F&columnid=9&unitid=8&permissiontype=0&page=2"
    )
