"""A full crawl of every replica portal over real HTTP on 127.0.0.1.

One crawl per module; each test asserts one behaviour on its documents, its
report, the archive, or the replica's request log.
"""

from __future__ import annotations

import hashlib

import pytest

from spiders.crawl import run_crawl
from spiders.settings import USER_AGENT
from tests.spiders.conftest import CORPUS, FAST, corpus_sha as sha
from tests.spiders.memory_archive import MemoryArchive


@pytest.fixture(scope="module")
def crawl(replica_registry):
    server, registry = replica_registry
    archive = MemoryArchive()
    return server, archive, run_crawl(None, archive, registry=registry, settings=FAST)


def by_sha(result, name):
    return [d for d in result.documents if d.sha256 == sha(name)]


def paths(server):
    return [r.path for r in server.requests]


# --- every disclosure, with its metadata ------------------------------------------------


def test_every_corpus_disclosure_is_archived(crawl):
    _, archive, _ = crawl
    wanted = {"000-2024-office.pdf", "000-office.pdf", "002-office.pdf", "003-office.pdf", "004-office.pdf", "004-reportlab.pdf"}
    assert {sha(n) for n in wanted} <= set(archive.originals)


def test_nothing_but_disclosures_is_archived(crawl):
    _, archive, result = crawl
    xlsx = [d.sha256 for d in result.documents if d.filename == "czj-2024-js.xlsx"]
    expected = {sha(n) for n in ("000-2024-office.pdf", "000-office.pdf", "002-office.pdf", "003-office.pdf", "004-office.pdf", "004-reportlab.pdf")}
    assert set(archive.originals) == expected | set(xlsx)


def test_two_fiscal_years_of_the_same_publisher(crawl):
    _, _, result = crawl
    years = {(d.classification.publisher, d.classification.fiscal_year) for d in by_sha(result, "000-2024-office.pdf") + by_sha(result, "000-office.pdf")}
    assert years == {("阳泉市12315投诉举报中心", 2024), ("阳泉市12315投诉举报中心", 2025)}


def test_final_account_from_the_json_api(crawl):
    doc = by_sha(crawl[2], "003-office.pdf")[0]
    assert (doc.classification.kind, doc.classification.fiscal_year, doc.classification.scope) == ("final_account", 2024, "unit")


def test_provenance_of_a_trs_document(crawl):
    server, _, result = crawl
    doc = next(d for d in by_sha(result, "000-2024-office.pdf"))
    assert (doc.portal_id, doc.list_url, doc.article_url, doc.title, doc.publish_date, doc.source_unit, doc.column) == (
        "replica-yq-xxgk",
        f"{server.base_url}/yq/xxgk/czyjs/index_1.shtml",
        f"{server.base_url}/yq/xxgk/czyjs/202406/t20240612_0901.shtml",
        "2024年度阳泉市12315投诉举报中心单位预算公开",
        "2024-06-12",
        "阳泉市市场监督管理局",
        "财政预决算",
    )


def test_provenance_keeps_status_headers_size_and_time(crawl):
    doc = by_sha(crawl[2], "003-office.pdf")[0]
    assert (doc.http_status, doc.headers.get("Content-Type"), doc.size, doc.fetched_at is not None) == (
        200, "application/pdf", (CORPUS / "003-office.pdf").stat().st_size, True,
    )


def test_link_text_is_kept(crawl):
    doc = by_sha(crawl[2], "000-2024-office.pdf")[0]
    assert doc.link_text == "2024年度单位预算公开（在线阅读）"


def test_unitless_hanweb_title_takes_the_publisher_from_the_source(crawl):
    doc = by_sha(crawl[2], "004-reportlab.pdf")[0]
    assert (doc.title, doc.classification.publisher) == ("2025年单位预算公开", "阳城县行政审批服务管理局")


def test_gbk_list_and_article_pages_are_decoded(crawl):
    doc = by_sha(crawl[2], "002-office.pdf")[0]
    assert (doc.title, doc.classification.publisher) == ("固原市“12345”便民服务中心2025年部门预算", "固原市“12345”便民服务中心")


# --- file names ---------------------------------------------------------------------------


def test_raw_gbk_content_disposition_name(crawl):
    doc = next(d for d in by_sha(crawl[2], "004-office.pdf") if d.portal_id == "replica-yc-hanweb")
    assert doc.filename == "阳城县政务服务中心2025年度单位预算公开.pdf"


def test_rfc5987_content_disposition_name(crawl):
    assert by_sha(crawl[2], "003-office.pdf")[0].filename == "山西省政务服务投诉举报中心2024年度单位决算公开.pdf"


def test_raw_utf8_content_disposition_name(crawl):
    assert by_sha(crawl[2], "002-office.pdf")[0].filename == "固原市“12345”便民服务中心2025年部门预算.pdf"


def test_download_redirect_is_followed_and_both_urls_kept(crawl):
    server, _, result = crawl
    doc = next(d for d in by_sha(result, "004-office.pdf") if d.portal_id == "replica-yc-hanweb")
    assert doc.urls == [
        f"{server.base_url}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
        f"{server.base_url}/module/download/downfile.jsp?classid=0&filename=5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
    ]


# --- attachments of every kind -------------------------------------------------------------


def test_pdf_inside_a_zip_is_extracted(crawl):
    server, _, result = crawl
    assert by_sha(result, "004-reportlab.pdf")[0].url == (
        f"{server.base_url}/attach/0/9a8b7c6d5e4f30211203948576abcdef.zip#阳城县行政审批服务管理局2025年单位预算.pdf"
    )


def test_spreadsheet_attachment_is_recorded(crawl):
    doc = next(d for d in crawl[2].documents if d.filename == "czj-2024-js.xlsx")
    assert (doc.classification.kind, doc.classification.publisher) == ("final_account", "阳泉市财政局")


def test_iframe_embedded_pdf_is_found(crawl):
    server, _, result = crawl
    urls = {u for d in by_sha(result, "000-office.pdf") for u in d.urls}
    assert f"{server.base_url}/yq/czj/uploads/2025/yq12315-ys.pdf" in urls


# --- duplicates ----------------------------------------------------------------------------


def test_same_bytes_under_two_urls_are_stored_once(crawl):
    _, archive, _ = crawl
    assert archive.puts.count(sha("004-office.pdf")) == 2 and len(archive.originals) == len(set(archive.puts))


def test_same_bytes_under_two_urls_keep_both_urls(crawl):
    server, archive, _ = crawl
    assert {
        f"{server.base_url}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
        f"{server.base_url}/bmp_pub/files/2025/06/P020250620140522.pdf",
    } <= set(archive.get_provenance(sha("004-office.pdf"))["urls"])


def test_second_url_of_known_bytes_is_reported_duplicate(crawl):
    assert sorted(d.status for d in by_sha(crawl[2], "004-office.pdf")) == ["duplicate", "new"]


# --- noise and boundaries --------------------------------------------------------------------


def test_non_disclosure_attachments_are_never_downloaded(crawl):
    server, _, _ = crawl
    noise = ("/yq/xxgk/czyjs/202506/P020250605600000000001.pdf", "/bmp_pub/files/2025/03/notice.pdf",
             "/module/download/downfile.jsp?classid=0&filename=00000000000000000000000000000000.pdf")
    assert [p for p in paths(server) if p in noise] == []


def test_non_disclosure_articles_are_not_even_opened(crawl):
    server, _, _ = crawl
    assert [p for p in paths(server) if "t20250605_1002" in p or "art_2701_6000" in p] == []


def test_off_site_links_are_never_followed(crawl):
    server, _, _ = crawl
    assert [r.path for r in server.requests if r.host.startswith("localhost")] == []


def test_robots_disallowed_paths_are_never_fetched(crawl):
    server, _, _ = crawl
    assert [p for p in paths(server) if p.startswith("/yq/xxgk/private/")] == []


def test_requests_name_the_project_in_the_user_agent(crawl):
    server, _, _ = crawl
    assert {r.headers.get("User-Agent") for r in server.requests} == {USER_AGENT}


# --- paging -----------------------------------------------------------------------------------


def test_zero_based_trs_paging_stops_at_the_stub(crawl):
    server, _, _ = crawl
    assert [p for p in paths(server) if p.startswith("/yq/xxgk/czyjs/index")] == [
        "/yq/xxgk/czyjs/index.shtml", "/yq/xxgk/czyjs/index_1.shtml", "/yq/xxgk/czyjs/index_2.shtml",
    ]


def test_one_based_trs_paging_goes_to_list_2_and_stops_at_the_stub(crawl):
    server, _, _ = crawl
    assert [p for p in paths(server) if p.startswith("/yq/czj/yjsgk/list")] == [
        "/yq/czj/yjsgk/list.shtml", "/yq/czj/yjsgk/list_2.shtml", "/yq/czj/yjsgk/list_3.shtml",
    ]


def test_hanweb_second_group_is_posted_with_the_page_ids(crawl):
    server, _, _ = crawl
    posts = [(r.method, r.path) for r in server.requests if "dataproxy" in r.path]
    assert posts == [("POST", "/module/web/jpage/dataproxy.jsp?startrecord=10&endrecord=18&perpage=3")]


def test_json_api_pages_until_the_last(crawl):
    server, _, _ = crawl
    assert sorted({p for p in paths(server) if p.startswith("/bmp_pub/api/")}) == [
        "/bmp_pub/api/disclosures?page=1", "/bmp_pub/api/disclosures?page=2",
    ]


def test_generic_list_follows_the_next_link(crawl):
    server, _, _ = crawl
    assert "/gy/zwgk/czgk/list_1.html" in paths(server)


# --- faults -----------------------------------------------------------------------------------


def test_500_is_retried_until_success(crawl):
    server, _, _ = crawl
    statuses = [r.status for r in server.requests if r.path == "/yq/xxgk/czyjs/202406/P020240612555000000001.pdf"]
    assert statuses == [500, 200]


def test_cookie_gate_is_passed_despite_the_duplicate_filter(crawl):
    server, _, _ = crawl
    first = [(r.status, "bmp_gate=ok" in r.headers.get("Cookie", "")) for r in server.requests if r.path == "/bmp_pub/api/disclosures?page=1"]
    assert first == [(302, False), (200, True)]


def test_slow_article_is_waited_for(crawl):
    assert by_sha(crawl[2], "002-office.pdf")[0].article_url.endswith("/gy/zwgk/czgk/t20250218_2001.html")


def test_html_served_as_pdf_is_rejected_with_its_reason(crawl):
    server, _, result = crawl
    assert {"portal": "replica-gy-czgk", "url": f"{server.base_url}/gy/upload/2025/xfj-ys.pdf",
            "reason": "HTML page served as .pdf"} in result.report.failures


def test_truncated_pdf_is_rejected_with_its_reason(crawl):
    server, _, result = crawl
    assert {"portal": "replica-gy-czgk", "url": f"{server.base_url}/gy/upload/2025/xfj-js.pdf",
            "reason": "truncated PDF (no %%EOF trailer)"} in result.report.failures


def test_rejected_bytes_are_not_stored(crawl):
    server, archive, _ = crawl
    rejected = {hashlib.sha256(server.file_bytes(p)).hexdigest() for p in ("/gy/upload/2025/xfj-ys.pdf", "/gy/upload/2025/xfj-js.pdf")}
    assert rejected & set(archive.originals) == set()


def test_redirect_loop_is_a_reported_failure(crawl):
    assert [f["reason"] for f in crawl[2].report.failures if "/loop/" in f["url"]] == ["redirect loop (max redirections reached)"]


def test_blocked_portals_are_reported_with_url_and_challenge(crawl):
    server, _, result = crawl
    assert result.report.blocked == {
        "replica-blocked-ruishu": f"{server.base_url}/rs/index.html (ruishu-412)",
        "replica-blocked-wzws": f"{server.base_url}/wz/index.html (wzws)",
        "replica-blocked-waf": f"{server.base_url}/nx/index.html (waf-405)",
    }


# --- the report -------------------------------------------------------------------------------


def test_report_counts(crawl):
    report = crawl[2].report
    assert (report.documents_new, report.documents_duplicate, report.documents_changed, report.documents_unchanged, report.documents_failed) == (7, 2, 0, 0, 3)


def test_report_bytes_cover_every_response(crawl):
    server, _, result = crawl
    assert result.report.bytes_downloaded == sum(r.body_bytes for r in server.requests)


def test_first_crawl_raises_no_novelty_flags(crawl):
    assert crawl[2].report.flags == []


def test_report_counts_every_page_response(crawl):
    server, _, result = crawl
    files = set(server.site.files)
    pages = [r for r in server.requests if r.path.split("?")[0] not in files and "downfile" not in r.path and "/loop/" not in r.path]
    assert result.report.pages_fetched == len(pages)


def test_every_provenance_field_is_filled_for_an_article_document(crawl):
    doc = next(d for d in by_sha(crawl[2], "004-office.pdf") if d.portal_id == "replica-yc-hanweb")
    fields = ("list_url", "article_url", "link_text", "title", "publish_date", "source_unit", "column",
              "filename", "content_type", "http_status", "fetched_at")
    assert [f for f in fields if getattr(doc, f) in (None, "")] == []



def test_raw_gbk_header_is_kept_readable_in_the_provenance(crawl):
    doc = next(d for d in by_sha(crawl[2], "004-office.pdf") if d.portal_id == "replica-yc-hanweb")
    assert doc.headers["Content-Disposition"] == 'attachment; filename="阳城县政务服务中心2025年度单位预算公开.pdf"'
