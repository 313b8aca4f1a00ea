"""Crawls of a replica site the spiders were not written against (tests/spiders/sites/county.py).

Three crawls into one archive: the first finds everything, the second downloads no
PDF body, the third (after the site re-publishes one file at the same URL) downloads
only that body and links it to the edition it replaces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from govbudget.spiders.crawl import CrawlResult, run_crawl
from tests.spiders.conftest import CORPUS, FAST, open_local_archive
from tests.spiders.sites import county
from tests.spiders.sites.server import Logged, SiteServer

pytestmark = pytest.mark.slow


@dataclass
class Crawls:
    server: SiteServer
    results: list[CrawlResult]
    logs: list[list[Logged]]  # the server's request log of each crawl
    archive: object


def sha(corpus_name: str) -> str:
    return hashlib.sha256((CORPUS / corpus_name).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    directory = tmp_path_factory.mktemp("county")
    with SiteServer() as server:
        county.build(server, CORPUS)
        registry = directory / "portals.yaml"
        registry.write_text(yaml.safe_dump({"portals": county.registry(server)}, allow_unicode=True), "utf-8")
        archive = open_local_archive(directory)
        results, logs = [], []
        for step in range(3):
            if step == 2:
                server.republish()
            server.clear_log()
            results.append(run_crawl(None, archive, registry=registry, settings=FAST))
            logs.append(server.requests())
        yield Crawls(server, results, logs, archive)
        archive.close()


def pdf_bodies(log: list[Logged]) -> list[str]:
    return [r.path for r in log if r.status == 200 and r.body_bytes and (".pdf" in r.path or "download" in r.path)]


# --- first crawl: every disclosure, right classification ------------------------------------


def test_every_disclosure_is_archived_with_publisher_year_kind_and_scope(crawls):
    stored = {d.sha256: (d.classification.publisher, d.classification.fiscal_year, d.classification.kind, d.classification.scope)
              for d in crawls.results[0].documents}
    assert stored == {sha(t.corpus): (t.publisher, t.fiscal_year, t.kind, t.scope) for t in county.TRUTH.values()}


def test_the_columns_are_reached_from_the_home_page_and_paged_each_its_own_way(crawls):
    assert crawls.results[0].report.paging["zz-home"] == "columns-from-start-page+pager-script+probe"


def test_the_six_argument_pager_is_walked_past_the_missing_page_1_and_3(crawls):
    lists = [(r.path, r.status) for r in crawls.logs[0] if r.path.startswith("/zwgk/czyjs/list")]
    assert sorted(lists) == [("/zwgk/czyjs/list.htm", 200), ("/zwgk/czyjs/list_1.htm", 404), ("/zwgk/czyjs/list_2.htm", 200),
                             ("/zwgk/czyjs/list_3.htm", 404), ("/zwgk/czyjs/list_4.htm", 200)]


def test_the_column_without_a_readable_pager_is_probed_until_two_misses(crawls):
    lists = [(r.path, r.status) for r in crawls.logs[0] if r.path.startswith("/zwgk/bmjs/index") and r.status != 302]
    assert sorted(lists) == [("/zwgk/bmjs/index.html", 200), ("/zwgk/bmjs/index_1.html", 200), ("/zwgk/bmjs/index_2.html", 200),
                             ("/zwgk/bmjs/index_3.html", 404), ("/zwgk/bmjs/index_4.html", 404)]


def test_the_cookie_gate_is_passed_once(crawls):
    assert [r.path for r in crawls.logs[0] if r.status == 302 and r.path.startswith("/zwgk/")] == ["/zwgk/bmjs/index.html"]


def test_the_home_page_itself_is_not_paged(crawls):
    assert [r.path for r in crawls.logs[0] if r.path.startswith("/index")] == []


def test_the_json_platform_is_walked_over_division_kind_year_and_page(crawls):
    calls = {frozenset(parse_qsl(urlsplit(r.path).query)) for r in crawls.logs[0] if r.path.startswith("/yjsgk/api/list")}
    expected = [{"from": "home", "sid": "zz2025", "division": d, "kind": k, "year": str(y), "pageNo": "1"}
                for d in county.DIVISIONS for k in ("ys", "js") for y in (2024, 2025)]
    second = {"from": "home", "sid": "zz2025", "division": "140525100", "kind": "ys", "year": "2025", "pageNo": "2"}
    assert calls == {frozenset(q.items()) for q in [*expected, second]}


def test_a_budget_briefing_meeting_and_a_notice_are_not_archived_nor_their_pdfs_requested(crawls):
    assert [r.path for r in crawls.logs[0] if r.path in (county.MEETING_PDF, county.NOTICE_PDF)] == []


def test_a_500_is_retried_and_the_file_then_stored(crawls):
    assert [r.status for r in crawls.logs[0] if r.path == county.RETRIED] == [500, 200]


def test_html_served_as_pdf_and_a_truncated_pdf_are_rejected_with_their_reasons(crawls):
    failures = {f["url"].removeprefix(crawls.server.base_url): f["reason"] for f in crawls.results[0].report.failures}
    assert (failures[county.HTML_AS_PDF], failures[county.TRUNCATED]) == (
        "HTML page served as .pdf", "truncated PDF (no %%EOF trailer)")


def test_rejections_are_counted_per_portal(crawls):
    assert crawls.results[0].report.per_portal["zz-home"]["rejected"] == 2


def test_a_redirect_loop_is_given_up_and_reported(crawls):
    failures = {f["url"].removeprefix(crawls.server.base_url): f["reason"] for f in crawls.results[0].report.failures}
    assert failures[county.LOOP] == "redirect loop (max redirections reached)"


def test_a_robots_disallowed_article_is_never_requested(crawls):
    assert [r.path for r in crawls.logs[0] if r.path.startswith(county.ROBOTS_DISALLOWED)] == []


def test_an_attachment_on_another_host_is_never_requested_and_is_reported(crawls):
    report = crawls.results[0].report
    assert (crawls.server.requests("127.0.0.2"), report.offsite["zz-home"], report.per_portal["zz-home"]["offsite"]) == (
        [], [f"{crawls.server.other_url}/mirror/002-copy.pdf"], 1)


def test_an_attachment_on_the_declared_file_host_is_fetched(crawls):
    assert [(r.path, r.status) for r in crawls.logs[0] if r.host.startswith("localhost") and r.path != "/robots.txt"] == [
        ("/cdn/yjs/002.pdf", 200)]


def test_the_js_challenge_portal_is_reported_blocked(crawls):
    assert crawls.results[0].report.blocked == {"zz-jsl": f"{crawls.server.base_url}/jsl/index.html (js-shell-521)"}


def test_the_same_bytes_under_two_urls_are_stored_once(crawls):
    docs = [d for d in crawls.results[0].documents if d.sha256 == sha("004-office.pdf")]
    assert sorted(d.status for d in docs) == ["duplicate", "new"]


def test_the_report_counts_pages_articles_and_downloads_per_portal(crawls):
    counts = crawls.results[0].report.per_portal["zz-platform"]
    assert {k: counts[k] for k in ("pages", "articles", "found", "new", "downloaded")} == {
        "pages": 10, "articles": 0, "found": 3, "new": 3, "downloaded": 3}  # start page + 9 API calls


# --- second crawl: nothing downloaded again ------------------------------------------------


def test_a_second_crawl_downloads_no_pdf_body(crawls):
    assert pdf_bodies(crawls.logs[1]) == []


def test_a_second_crawl_stores_nothing_and_counts_every_disclosure_unchanged(crawls):
    report = crawls.results[1].report
    assert (crawls.results[1].documents, report.documents_unchanged) == ([], 9)


# --- third crawl: one file re-published at the same URL ------------------------------------


def test_the_republished_file_is_the_only_body_downloaded(crawls):
    assert pdf_bodies(crawls.logs[2]) == [county.REPUBLISHED[0]]


def test_the_republished_file_is_linked_to_the_edition_it_replaces(crawls):
    [doc] = crawls.results[2].documents
    assert (doc.status, doc.sha256, doc.republication_of) == ("changed", sha(county.REPUBLISHED[1]), sha("000-office.pdf"))


def test_a_portal_line_says_what_the_crawl_listed_opened_found_and_refused(crawls):
    from govbudget.spiders.report import portal_line

    assert portal_line(crawls.results[0].report, "zz-home") == (  # 12: the cookie gate's 302 is a list response too
        "zz-home: 12 list pages, 8 articles, 9 disclosures found, 8 downloaded, 0 not modified, 2 rejected, "
        "0 blocked, 1 off-site skipped; paging columns-from-start-page+pager-script+probe")
