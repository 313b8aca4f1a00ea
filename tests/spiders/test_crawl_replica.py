"""A full crawl of every replica portal over real HTTP on 127.0.0.1, into a local archive.

One crawl per module; each test asserts one behaviour on its documents, its
report, the archive (through the public Archive interface and the run manifest),
or the replica's request log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pytest

from govbudget.schema import RawDocument
from govbudget.spiders.crawl import CrawlResult, run_crawl
from govbudget.demo import ReplicaServer
from govbudget.spiders.report import PORTAL_COUNTS
from govbudget.spiders.settings import USER_AGENT
from tests.spiders.conftest import CORPUS, FAST, corpus_sha as sha, open_local_archive

DISCLOSURES = ("000-2024-office.pdf", "000-office.pdf", "002-office.pdf", "002-reportlab.pdf", "003-office.pdf", "003-reportlab.pdf",
               "004-office.pdf", "004-reportlab.pdf")


@dataclass
class ReplicaCrawl:
    server: ReplicaServer
    archive: Any  # storage.ObjectArchive on a local directory
    result: CrawlResult
    manifest: dict  # the archive run the crawl wrote into


@pytest.fixture(scope="module")
def crawl(replica_registry, tmp_path_factory) -> ReplicaCrawl:
    server, registry = replica_registry
    archive = open_local_archive(tmp_path_factory.mktemp("crawl"))
    result = run_crawl(None, archive, registry=registry, settings=FAST)
    return ReplicaCrawl(server, archive, result, archive.close())


def by_sha(crawl: ReplicaCrawl, name: str) -> list[RawDocument]:
    return [d for d in crawl.result.documents if d.sha256 == sha(name)]


def hanweb_doc(crawl: ReplicaCrawl) -> RawDocument:
    return next(d for d in by_sha(crawl, "004-office.pdf") if d.portal_id == "replica-yc-hanweb")


def paths(server: ReplicaServer) -> list[str]:
    return [r.path for r in server.requests]


def added(crawl: ReplicaCrawl) -> list[str]:
    """sha256 of every original the crawl's archive run added, in order."""
    return [o["sha256"] for o in crawl.manifest["originals_added"]]


# --- every disclosure, with its metadata ------------------------------------------------


def test_every_corpus_disclosure_is_archived(crawl):
    assert [n for n in DISCLOSURES if not crawl.archive.has_original(sha(n))] == []


def test_archived_bytes_are_the_published_bytes(crawl):
    assert crawl.archive.get_original(sha("003-office.pdf")) == (CORPUS / "003-office.pdf").read_bytes()


def test_nothing_but_disclosures_is_archived(crawl):
    xlsx = [d.sha256 for d in crawl.result.documents if d.filename == "czj-2024-js.xlsx"]
    assert set(added(crawl)) == {sha(n) for n in DISCLOSURES} | set(xlsx)


def test_two_fiscal_years_of_the_same_publisher(crawl):
    years = {(d.classification.publisher, d.classification.fiscal_year) for d in by_sha(crawl, "000-2024-office.pdf") + by_sha(crawl, "000-office.pdf")}
    assert years == {("阳泉市12315投诉举报中心", 2024), ("阳泉市12315投诉举报中心", 2025)}


def test_final_account_from_the_json_api(crawl):
    doc = by_sha(crawl, "003-office.pdf")[0]
    assert (doc.classification.kind, doc.classification.fiscal_year, doc.classification.scope) == ("final_account", 2024, "unit")


def test_provenance_of_a_trs_document(crawl):
    doc = next(d for d in by_sha(crawl, "000-2024-office.pdf"))
    assert (doc.portal_id, doc.list_url, doc.article_url, doc.title, doc.publish_date, doc.source_unit, doc.column) == (
        "replica-yq-xxgk",
        f"{crawl.server.base_url}/yq/xxgk/czyjs/index_1.shtml",
        f"{crawl.server.base_url}/yq/xxgk/czyjs/202406/t20240612_0901.shtml",
        "2024年度阳泉市12315投诉举报中心单位预算公开",
        "2024-06-12",
        "阳泉市市场监督管理局",
        "财政预决算",
    )


def test_provenance_keeps_status_headers_size_and_time(crawl):
    doc = by_sha(crawl, "003-office.pdf")[0]
    assert (doc.http_status, doc.headers.get("Content-Type"), doc.size, doc.fetched_at is not None) == (
        200, "application/pdf", (CORPUS / "003-office.pdf").stat().st_size, True,
    )


def test_link_text_is_kept(crawl):
    doc = by_sha(crawl, "000-2024-office.pdf")[0]
    assert doc.link_text == "2024年度单位预算公开（在线阅读）"


def test_unitless_hanweb_title_takes_the_publisher_from_the_source(crawl):
    doc = by_sha(crawl, "004-reportlab.pdf")[0]
    assert (doc.title, doc.classification.publisher) == ("2025年单位预算公开", "阳城县行政审批服务管理局")


def test_gbk_list_and_article_pages_are_decoded(crawl):
    doc = by_sha(crawl, "002-office.pdf")[0]
    assert (doc.title, doc.classification.publisher) == ("固原市“12345”便民服务中心2025年部门预算", "固原市“12345”便民服务中心")


# --- file names ---------------------------------------------------------------------------


def test_raw_gbk_content_disposition_name(crawl):
    doc = hanweb_doc(crawl)
    assert doc.filename == "阳城县政务服务中心2025年度单位预算公开.pdf"


def test_rfc5987_content_disposition_name(crawl):
    assert by_sha(crawl, "003-office.pdf")[0].filename == "山西省政务服务投诉举报中心2024年度单位决算公开.pdf"


def test_raw_utf8_content_disposition_name(crawl):
    assert by_sha(crawl, "002-office.pdf")[0].filename == "固原市“12345”便民服务中心2025年部门预算.pdf"


def test_download_redirect_is_followed_and_both_urls_kept(crawl):
    doc = hanweb_doc(crawl)
    assert doc.urls == [
        f"{crawl.server.base_url}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
        f"{crawl.server.base_url}/module/download/downfile.jsp?classid=0&filename=5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
    ]


# --- attachments of every kind -------------------------------------------------------------


def test_pdf_inside_a_zip_is_extracted(crawl):
    assert by_sha(crawl, "004-reportlab.pdf")[0].url == (
        f"{crawl.server.base_url}/attach/0/9a8b7c6d5e4f30211203948576abcdef.zip#阳城县行政审批服务管理局2025年单位预算.pdf"
    )


def test_spreadsheet_attachment_is_recorded(crawl):
    doc = next(d for d in crawl.result.documents if d.filename == "czj-2024-js.xlsx")
    assert (doc.classification.kind, doc.classification.publisher) == ("final_account", "阳泉市财政局")


def test_iframe_embedded_pdf_is_found(crawl):
    urls = {u for d in by_sha(crawl, "000-office.pdf") for u in d.urls}
    assert f"{crawl.server.base_url}/yq/czj/uploads/2025/yq12315-ys.pdf" in urls


# --- duplicates ----------------------------------------------------------------------------


def test_same_bytes_under_two_urls_are_stored_once(crawl):
    twice_published = {sha("004-office.pdf"), sha("000-office.pdf")}  # across portals; within one portal
    assert (sorted(added(crawl)), sorted(crawl.manifest["originals_seen_again"])) == (sorted(set(added(crawl))), sorted(twice_published))


def test_same_bytes_under_two_urls_keep_every_url_in_the_sidecar(crawl):
    base = crawl.server.base_url
    assert crawl.archive.get_provenance(sha("004-office.pdf"))["urls"] == sorted([
        f"{base}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
        f"{base}/bmp_pub/files/2025/06/P020250620140522.pdf",
        f"{base}/module/download/downfile.jsp?classid=0&filename=5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
    ])


def test_same_bytes_under_two_urls_keep_both_portals_in_the_sidecar(crawl):
    assert crawl.archive.get_provenance(sha("004-office.pdf"))["portals"] == ["replica-sx-bmp", "replica-yc-hanweb"]


def test_sidecar_keeps_one_sighting_per_url_with_its_article(crawl):
    base = crawl.server.base_url
    sightings = crawl.archive.get_provenance(sha("004-office.pdf"))["sightings"]
    assert sorted((s["portal_id"], s["url"], s["article_url"]) for s in sightings) == [
        ("replica-sx-bmp", f"{base}/bmp_pub/files/2025/06/P020250620140522.pdf", f"{base}/bmp_pub/detail/yc-2025-ys.html"),
        ("replica-yc-hanweb", f"{base}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf", f"{base}/art/2025/6/16/art_2701_50001.html"),
    ]


def test_second_url_of_known_bytes_is_reported_duplicate(crawl):
    assert sorted(d.status for d in by_sha(crawl, "004-office.pdf")) == ["duplicate", "new"]


# --- noise and boundaries --------------------------------------------------------------------


def test_non_disclosure_attachments_are_never_downloaded(crawl):
    noise = ("/yq/xxgk/czyjs/202506/P020250605600000000001.pdf", "/bmp_pub/files/2025/03/notice.pdf",
             "/module/download/downfile.jsp?classid=0&filename=00000000000000000000000000000000.pdf")
    assert [p for p in paths(crawl.server) if p in noise] == []


def test_non_disclosure_articles_are_not_even_opened(crawl):
    assert [p for p in paths(crawl.server) if "t20250605_1002" in p or "art_2701_6000" in p] == []


def test_off_site_links_are_never_followed(crawl):
    assert [r.path for r in crawl.server.requests if r.host.startswith("localhost")] == []


def test_off_site_links_are_reported_with_their_urls(crawl):
    base = crawl.server.base_url.replace("127.0.0.1", "localhost")
    report = crawl.result.report
    assert (report.offsite["replica-yq-xxgk"], report.per_portal["replica-yq-xxgk"]["offsite"]) == (
        [f"{base}/yq/mirror/t20250601_9.shtml"], 1)


def test_robots_disallowed_paths_are_never_fetched(crawl):
    assert [p for p in paths(crawl.server) if p.startswith("/yq/xxgk/private/")] == []


def test_requests_name_the_project_in_the_user_agent(crawl):
    assert {r.headers.get("User-Agent") for r in crawl.server.requests} == {USER_AGENT}


# --- paging -----------------------------------------------------------------------------------


def test_zero_based_trs_paging_stops_at_the_stub(crawl):
    assert [p for p in paths(crawl.server) if p.startswith("/yq/xxgk/czyjs/index")] == [
        "/yq/xxgk/czyjs/index.shtml", "/yq/xxgk/czyjs/index_1.shtml", "/yq/xxgk/czyjs/index_2.shtml",
    ]


def test_one_based_trs_paging_passes_over_a_missing_list_1_and_stops_at_the_stub(crawl):
    assert [p for p in paths(crawl.server) if p.startswith("/yq/czj/yjsgk/list")] == [
        "/yq/czj/yjsgk/list.shtml", "/yq/czj/yjsgk/list_1.shtml", "/yq/czj/yjsgk/list_2.shtml", "/yq/czj/yjsgk/list_3.shtml",
    ]


def test_report_names_the_paging_method_of_every_portal(crawl):
    paging = crawl.result.report.paging
    assert (paging["replica-yq-xxgk"], paging["replica-yc-hanweb"], paging["replica-gy-hanweb-old"], paging["replica-blocked-waf"]) == (
        "pager-script", "jpage-post", "jpage-get", "none")


def test_report_counts_the_missing_list_page(crawl):
    assert crawl.result.report.per_portal["replica-yq-czj"]["missing"] == 1


def test_hanweb_second_group_is_posted_with_the_page_ids(crawl):
    posts = [(r.method, r.path) for r in crawl.server.requests if r.path.startswith("/module/web/jpage/dataproxy.jsp")]
    assert posts == [("POST", "/module/web/jpage/dataproxy.jsp?startrecord=10&endrecord=18&perpage=3")]


def test_older_hanweb_column_pages_by_get_until_the_last_page(crawl):
    assert [(r.method, r.path.split("&")[0]) for r in crawl.server.requests if "/module/jpage/" in r.path] == [
        ("GET", "/module/jpage/dataproxy.jsp?page=2"), ("GET", "/module/jpage/dataproxy.jsp?page=3"),
    ]


def test_older_hanweb_paging_keeps_the_query_of_the_nextgroup_link(crawl):
    page3 = next(r.path for r in crawl.server.requests if r.path.startswith("/module/jpage/dataproxy.jsp?page=3"))
    assert page3.split("?")[1] == (
        "page=3&appid=1&webid=3&path=/&columnid=1811&unitid=4101&webname=%25E5%259B%25BA%25E5%258E%259F&permissiontype=0"
    )


def test_older_hanweb_documents_come_from_the_later_pages(crawl):
    docs = by_sha(crawl, "003-reportlab.pdf")
    assert [(d.portal_id, d.list_url.split("&")[0]) for d in docs] == [
        ("replica-gy-hanweb-old", f"{crawl.server.base_url}/module/jpage/dataproxy.jsp?page=3"),
    ]


def test_json_api_pages_until_the_last(crawl):
    assert sorted({p for p in paths(crawl.server) if p.startswith("/bmp_pub/api/")}) == [
        "/bmp_pub/api/disclosures?page=1", "/bmp_pub/api/disclosures?page=2",
    ]


def test_generic_list_follows_the_next_link(crawl):
    assert "/gy/zwgk/czgk/list_1.html" in paths(crawl.server)


# --- faults -----------------------------------------------------------------------------------


def test_500_is_retried_until_success(crawl):
    statuses = [r.status for r in crawl.server.requests if r.path == "/yq/xxgk/czyjs/202406/P020240612555000000001.pdf"]
    assert statuses == [500, 200]


def test_cookie_gate_is_passed_despite_the_duplicate_filter(crawl):
    first = [(r.status, "bmp_gate=ok" in r.headers.get("Cookie", "")) for r in crawl.server.requests if r.path == "/bmp_pub/api/disclosures?page=1"]
    assert first == [(302, False), (200, True)]


def test_slow_article_is_waited_for(crawl):
    assert by_sha(crawl, "002-office.pdf")[0].article_url.endswith("/gy/zwgk/czgk/t20250218_2001.html")


def test_html_served_as_pdf_is_rejected_with_its_reason(crawl):
    assert {"portal": "replica-gy-czgk", "url": f"{crawl.server.base_url}/gy/upload/2025/xfj-ys.pdf",
            "reason": "HTML page served as .pdf"} in crawl.result.report.failures


def test_truncated_pdf_is_rejected_with_its_reason(crawl):
    assert {"portal": "replica-gy-czgk", "url": f"{crawl.server.base_url}/gy/upload/2025/xfj-js.pdf",
            "reason": "truncated PDF (no %%EOF trailer)"} in crawl.result.report.failures


def test_rejected_bytes_are_not_stored(crawl):
    rejected = {hashlib.sha256(crawl.server.file_bytes(p)).hexdigest() for p in ("/gy/upload/2025/xfj-ys.pdf", "/gy/upload/2025/xfj-js.pdf")}
    assert [s for s in rejected if crawl.archive.has_original(s)] == []


def test_redirect_loop_is_a_reported_failure(crawl):
    assert [f["reason"] for f in crawl.result.report.failures if "/loop/" in f["url"]] == ["redirect loop (max redirections reached)"]


def test_blocked_portals_are_reported_with_url_and_challenge(crawl):
    assert crawl.result.report.blocked == {
        "replica-blocked-ruishu": f"{crawl.server.base_url}/rs/index.html (ruishu-412)",
        "replica-blocked-wzws": f"{crawl.server.base_url}/wz/index.html (wzws)",
        "replica-blocked-waf": f"{crawl.server.base_url}/nx/index.html (waf-405)",
    }


# --- the report -------------------------------------------------------------------------------


def test_report_counts(crawl):
    report = crawl.result.report
    assert (report.documents_new, report.documents_duplicate, report.documents_changed, report.documents_unchanged, report.documents_failed) == (9, 2, 0, 0, 3)


def test_report_bytes_cover_every_response(crawl):
    assert crawl.result.report.bytes_downloaded == sum(r.body_bytes for r in crawl.server.requests)


def test_first_crawl_raises_no_novelty_flags(crawl):
    assert crawl.result.report.flags == []


def test_report_counts_every_page_response(crawl):
    files = set(crawl.server.site.files)
    pages = [r for r in crawl.server.requests if r.path.split("?")[0] not in files and "downfile" not in r.path
             and "/loop/" not in r.path and r.path != "/robots.txt"]
    assert crawl.result.report.pages_fetched == len(pages)


def test_every_provenance_field_is_filled_for_an_article_document(crawl):
    doc = hanweb_doc(crawl)
    fields = ("list_url", "article_url", "link_text", "title", "publish_date", "source_unit", "column",
              "filename", "content_type", "http_status", "fetched_at")
    assert [f for f in fields if getattr(doc, f) in (None, "")] == []



def test_raw_gbk_header_is_kept_readable_in_the_provenance(crawl):
    doc = hanweb_doc(crawl)
    assert doc.headers["Content-Disposition"] == 'attachment; filename="阳城县政务服务中心2025年度单位预算公开.pdf"'


# --- the report, per portal -------------------------------------------------------------------


def test_report_per_portal_counts_documents_pages_and_bytes(crawl):
    log = crawl.server.requests
    robots = next(r.body_bytes for r in log if r.path == "/robots.txt")  # each portal reads it once
    gy_bytes = sum(r.body_bytes for r in log if r.path.startswith("/gy/")) + robots
    assert crawl.result.report.per_portal["replica-gy-czgk"] == {
        "pages": 2, "articles": 4, "found": 4, "new": 1, "changed": 0, "unchanged": 0, "duplicate": 0, "failed": 3,
        "downloaded": 3, "rejected": 2, "blocked": 0, "offsite": 0, "missing": 0, "bytes": gy_bytes,
    }  # downloaded: the redirect loop never answers 200; rejected: HTML-as-PDF and the truncated PDF


def test_report_per_portal_pages_add_up_to_the_total(crawl):
    report = crawl.result.report
    assert sum(c["pages"] + c["articles"] for c in report.per_portal.values()) == report.pages_fetched


def test_report_per_portal_bytes_add_up_to_the_total(crawl):
    report = crawl.result.report
    assert sum(c["bytes"] for c in report.per_portal.values()) == report.bytes_downloaded


def test_report_per_portal_lists_a_blocked_portal_with_nothing_found(crawl):
    assert crawl.result.report.per_portal["replica-blocked-waf"] | {"pages": 0, "bytes": 0} == dict.fromkeys(
        PORTAL_COUNTS, 0) | {"blocked": 1}
