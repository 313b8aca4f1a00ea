"""Spider callbacks on saved pages: what each family requests next, without any network."""

import json

from scrapy.http import FormRequest, Request, TextResponse

from govbudget.spiders.families import spider_for
from govbudget.spiders.families.json_api import page_count
from govbudget.spiders.registry import parse_registry
from tests.spiders.conftest import PAGES, file_response


def spider(family: str, start_url: str, **params):
    entry = {"id": "t", "name": "T", "region": ["某省"], "admin_level": "county", "family": family,
             "start_urls": [start_url], "params": params}
    portal = parse_registry({"portals": [entry]}, "test").portals[0]
    return spider_for(family)(portal=portal)


def requests_of(results):
    return [r for r in results if isinstance(r, Request)]


GENERIC = file_response("generic_list_files.html", "http://www.mx.gov.cn/col/col11/list.html")


def test_list_linking_a_file_directly_requests_the_file():
    urls = [r.url for r in requests_of(spider("generic", GENERIC.url).parse_list(GENERIC))]
    assert "http://www.mx.gov.cn/uploadfiles/2025/03/20250318093012345.pdf" in urls


def test_truncated_list_title_is_decided_on_the_article_page():
    urls = [r.url for r in requests_of(spider("generic", GENERIC.url).parse_list(GENERIC))]
    assert "http://www.mx.gov.cn/art/2025/3/17/art_11_990.html" in urls


def test_truncated_title_of_a_file_link_is_decided_by_the_file_name():
    urls = [r.url for r in requests_of(spider("generic", GENERIC.url).parse_list(GENERIC))]
    assert "http://www.mx.gov.cn/uploadfiles/2025/03/%E6%9F%90%E5%8E%BF%E8%B4%A2%E6%94%BF%E5%B1%802025%E5%B9%B4%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.pdf" in urls


def test_news_in_the_list_is_not_requested():
    urls = [r.url for r in requests_of(spider("generic", GENERIC.url).parse_list(GENERIC))]
    assert "http://www.mx.gov.cn/art/2025/3/16/art_11_989.html" not in urls


def test_decorated_next_link_is_followed():
    assert requests_of(spider("generic", GENERIC.url).parse_list(GENERIC))[-1].url == "http://www.mx.gov.cn/col/col11/list_2.html"


def test_allowed_domain_defaults_to_the_site_without_www():
    assert spider("generic", GENERIC.url).allowed_domains == ["mx.gov.cn"]


HANWEB = file_response("hanweb_column.html", "https://www.zezhou.gov.cn/col/col33017/index.html")


def test_hanweb_next_group_starts_after_the_embedded_records():
    group = [r for r in spider("hanweb", HANWEB.url).parse_list(HANWEB) if isinstance(r, FormRequest)]
    assert group[0].url == "https://www.zezhou.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=48&perpage=15"


def test_hanweb_group_request_posts_the_ids_read_from_the_page():
    group = [r for r in spider("hanweb", HANWEB.url).parse_list(HANWEB) if isinstance(r, FormRequest)]
    form = dict(pair.split("=", 1) for pair in group[0].body.decode().split("&"))
    assert (form["columnid"], form["unitid"], form["webid"]) == ("33017", "4101", "12")


def test_hanweb_registry_ids_override_the_page():
    group = [r for r in spider("hanweb", HANWEB.url, unitid=999).parse_list(HANWEB) if isinstance(r, FormRequest)]
    assert "unitid=999" in group[0].body.decode()


API_BODY = (PAGES / "json_api_list.json").read_bytes()


def api_response(page: int, body: bytes = API_BODY) -> TextResponse:
    url = f"https://czt.shanxi.gov.cn/bmp_pub/api/list?page={page}"
    return TextResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def test_json_api_page_count_from_total_and_page_size():
    assert page_count(json.loads(API_BODY)) == 1


def test_json_api_goes_straight_to_record_attachments():
    s = spider("json_api", "https://czt.shanxi.gov.cn/bmp_pub/index.html", list_api="/bmp_pub/api/list?page={page}")
    urls = [r.url for r in requests_of(s.parse_api(api_response(1), start_url=s.portal.start_urls[0], combo={}, page=1))]
    assert urls[:2] == ["https://czt.shanxi.gov.cn/bmp_pub/file/download?id=55501", "https://czt.shanxi.gov.cn/bmp_pub/file/download?id=55502"]


def test_json_api_record_without_attachments_opens_its_article():
    s = spider("json_api", "https://czt.shanxi.gov.cn/bmp_pub/index.html", list_api="/bmp_pub/api/list?page={page}")
    urls = [r.url for r in requests_of(s.parse_api(api_response(1), start_url=s.portal.start_urls[0], combo={}, page=1))]
    assert urls[2:] == ["https://czt.shanxi.gov.cn/bmp_pub/detail?id=90001"]


def test_json_api_that_repeats_its_last_page_is_not_paged_forever():
    data = json.loads(API_BODY)
    del data["result"]["totalCount"]  # no page count: only repetition can end the walk
    body = json.dumps(data).encode()
    s = spider("json_api", "https://czt.shanxi.gov.cn/bmp_pub/index.html", list_api="/bmp_pub/api/list?page={page}")
    first = [r.url for r in requests_of(s.parse_api(api_response(1, body), start_url=s.portal.start_urls[0], combo={}, page=1))]
    again = requests_of(s.parse_api(api_response(2, body), start_url=s.portal.start_urls[0], combo={}, page=2))
    assert (first[-1], again) == ("https://czt.shanxi.gov.cn/bmp_pub/api/list?page=2", [])


def test_json_api_walks_every_combination_of_the_declared_parameter_space():
    s = spider("json_api", "https://czt.shanxi.gov.cn/bmp_pub/index.html?ADMDIV=140522000", list_api="/bmp_pub/api/list",
               query={"type": ["ys", "js"], "year": {"range": [2024, 2025]}})
    urls = [r.url for r in s.first_requests(s.portal.start_urls[0])]
    assert urls == [f"https://czt.shanxi.gov.cn/bmp_pub/api/list?ADMDIV=140522000&type={t}&year={y}&page=1"
                    for t in ("ys", "js") for y in (2024, 2025)]


def test_json_api_placeholders_put_values_in_the_path():
    s = spider("json_api", "https://x.gov.cn/gkmlpt/index", list_api="/gkmlpt/api/all/{cat}", query={"cat": [5, 6]})
    assert [r.url for r in s.first_requests(s.portal.start_urls[0])] == [
        "https://x.gov.cn/gkmlpt/api/all/5?page=1", "https://x.gov.cn/gkmlpt/api/all/6?page=1"]


def test_json_api_values_are_read_from_the_start_pages_js_config():
    s = spider("json_api", "https://x.gov.cn/gkmlpt/index", list_api="/gkmlpt/api/all/5",
               query={"sid": {"from_config": "window._CONFIG.SID"}, "div": {"from_config": "DIVS"}})
    page = TextResponse("https://x.gov.cn/gkmlpt/index", body=(
        "<html><script>window._CONFIG = { SID: '755001', DIVS: ['1405', '1406'], ENV: \"prod\" };</script></html>"
    ).encode(), encoding="utf-8")
    assert [r.url for r in s.parse_start(page)] == [
        "https://x.gov.cn/gkmlpt/api/all/5?sid=755001&div=1405&page=1", "https://x.gov.cn/gkmlpt/api/all/5?sid=755001&div=1406&page=1"]


def test_json_api_start_page_without_the_config_value_is_a_failure_naming_it():
    s = spider("json_api", "https://x.gov.cn/gkmlpt/index", list_api="/gkmlpt/api/all/5", query={"sid": {"from_config": "SID"}})
    page = TextResponse("https://x.gov.cn/gkmlpt/index", body=b"<html><script>var a = 1;</script></html>", encoding="utf-8")
    assert [f.reason for f in s.parse_start(page)] == ["start page has no JS config value for SID"]


def test_json_api_record_fields_at_dotted_paths():
    s = spider("json_api", "https://x.gov.cn/", list_api="/api", records_path="data.rows", title_key="doc.title",
               attachments_key="doc.files", file_url_key="src", file_name_key="label", pages_key="data.pageInfo.pages")
    body = json.dumps({"data": {"pageInfo": {"pages": 1}, "rows": [{"doc": {
        "title": "阳泉市财政局2025年部门预算", "files": [{"src": "/f/1.pdf", "label": "预算.pdf"}]}}]}}).encode()
    response = TextResponse("https://x.gov.cn/api?page=1", body=body, encoding="utf-8")
    assert [r.url for r in requests_of(s.parse_api(response, start_url="https://x.gov.cn/", combo={}, page=1))] == ["https://x.gov.cn/f/1.pdf"]


HOME = (b"<html><body><div class='nav'><a href='/zwgk/czyjs/'>\xe8\xb4\xa2\xe6\x94\xbf\xe9\xa2\x84\xe5\x86\xb3\xe7\xae\x97</a></div>"
        b"<ul><li><a href='/xw/1.html'>\xe5\x8e\xbf\xe9\x95\xbf\xe4\xb8\xbb\xe6\x8c\x81\xe5\x8f\xac\xe5\xbc\x80\xe5\xb8\xb8\xe5\x8a\xa1\xe4\xbc\x9a\xe8\xae\xae</a></li></ul>"
        b"<a href='list_2.html'>\xe4\xb8\x8b\xe4\xb8\x80\xe9\xa1\xb5</a></body></html>")  # 财政预决算 nav link, one news row, 下一页


def _home_response(meta: dict) -> TextResponse:
    return TextResponse("http://www.zz.gov.cn/xwzx/list.html", body=HOME, encoding="utf-8",
                        request=Request("http://www.zz.gov.cn/xwzx/list.html", meta=meta))


def test_a_start_page_without_disclosures_follows_its_disclosure_column_and_is_not_paged():
    urls = [r.url for r in requests_of(spider("generic", "http://www.zz.gov.cn/xwzx/list.html").parse_list(
        _home_response({"govbudget_hub_depth": 0})))]
    assert urls == ["http://www.zz.gov.cn/zwgk/czyjs/"]


def test_a_later_list_page_without_disclosures_is_paged_not_read_as_a_hub():
    urls = [r.url for r in requests_of(spider("generic", "http://www.zz.gov.cn/xwzx/list.html").parse_list(_home_response({})))]
    assert urls == ["http://www.zz.gov.cn/xwzx/list_2.html"]


def test_a_trs_column_at_a_directory_url_without_pager_is_probed_with_its_links_extension():
    body = ("<html><body><ul><li><a href='./202503/t20250310_1.shtml' title='阳泉市财政局2025年部门预算公开'>x</a></li>"
            "</ul></body></html>").encode()
    response = TextResponse("http://x.gov.cn/czyjs/", body=body, encoding="utf-8", request=Request("http://x.gov.cn/czyjs/"))
    s = spider("trs", response.url)
    urls = [r.url for r in requests_of(s.parse_list(response)) if "t2025" not in r.url]
    assert (urls, s.paging_methods) == (["http://x.gov.cn/czyjs/index_1.shtml"], ["probe"])
