"""Hanweb jpage: records in the embedded datastore and in dataproxy.jsp XML."""

from spiders.families.hanweb import jpage_ids, jpage_records
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
