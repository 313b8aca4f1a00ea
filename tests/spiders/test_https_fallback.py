"""https that cannot be set up falls back to http: a registry entry with an https start URL
pointing at the replica, which speaks plain http only (the TLS handshake fails)."""

from __future__ import annotations

import json
import ssl
import urllib.error

import pytest
from scrapy.exceptions import DownloadConnectionRefusedError, DownloadTimeoutError

from govbudget.spiders.check import check_portal
from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.fallback import http_twin, is_setup_failure
from govbudget.spiders.registry import load_registry
from govbudget.demo import serve_replica
from tests.spiders.conftest import CORPUS, FAST, corpus_sha as sha, open_local_archive

PORTAL = "replica-yq-xxgk-https"


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    with serve_replica(CORPUS) as server:
        xxgk = next(e for e in server.registry_entries() if e["id"] == "replica-yq-xxgk")
        https_start = xxgk["start_urls"][0].replace("http://", "https://")
        path = tmp_path_factory.mktemp("https") / "portals.yaml"
        entries = [xxgk | {"id": PORTAL, "start_urls": [https_start]}]
        path.write_text(json.dumps({"portals": entries}, ensure_ascii=False), "utf-8")
        yield server, path


@pytest.fixture(scope="module")
def crawl(replica, tmp_path_factory):
    server, registry = replica
    server.clear_log()
    archive = open_local_archive(tmp_path_factory.mktemp("crawl"))
    return server, archive, run_crawl([PORTAL], archive, registry=registry, settings=FAST)


def test_documents_of_an_https_portal_are_fetched_over_http(crawl):
    _, archive, _ = crawl
    assert (archive.has_original(sha("000-office.pdf")), archive.has_original(sha("000-2024-office.pdf"))) == (True, True)


def test_documents_record_the_http_url_they_came_from(crawl):
    server, _, result = crawl
    assert sorted(d.url for d in result.documents) == [
        f"{server.base_url}/yq/xxgk/czyjs/202406/P020240612555000000001.pdf",
        f"{server.base_url}/yq/xxgk/czyjs/202506/P020250610512345678901.pdf",
    ]


def test_paging_continues_over_http(crawl):
    server, _, _ = crawl
    assert [r.path for r in server.requests if r.path.startswith("/yq/xxgk/czyjs/index")] == [
        "/yq/xxgk/czyjs/index.shtml", "/yq/xxgk/czyjs/index_1.shtml", "/yq/xxgk/czyjs/index_2.shtml",
    ]


def test_robots_txt_is_read_over_http_and_obeyed(crawl):
    server, _, _ = crawl
    assert ("/robots.txt" in [r.path for r in server.requests], [r.path for r in server.requests if "/private/" in r.path]) == (True, [])


def test_the_fallback_is_flagged_in_the_report(crawl):
    server, _, result = crawl
    https_robots = server.base_url.replace("http://", "https://") + "/robots.txt"
    assert result.report.flags == [f"http-fallback: {PORTAL} crawled over http, https failed at {https_robots}"]


def test_check_reports_the_portal_reachable_over_http(replica):
    _, registry = replica
    result = check_portal(load_registry(registry).get(PORTAL), timeout=5)
    assert (result.status, result.detail.split(" over http; ")[0]) == ("reachable", "HTTP 200, 1145 bytes")


def test_http_twin_drops_the_default_https_port():
    assert http_twin("https://czj.yq.gov.cn:443/a?b=1") == "http://czj.yq.gov.cn/a?b=1"


def test_http_urls_have_no_twin():
    assert http_twin("http://czj.yq.gov.cn/") is None


def test_tls_failure_wrapped_by_scrapy_is_a_setup_failure():
    try:
        try:
            raise ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")
        except ssl.SSLError as tls:
            raise DownloadConnectionRefusedError("Cannot connect to host") from tls
    except DownloadConnectionRefusedError as wrapped:
        assert is_setup_failure(wrapped)


def test_tls_failure_inside_urllib_error_is_a_setup_failure():
    assert is_setup_failure(urllib.error.URLError(ssl.SSLCertVerificationError(1, "certificate has expired")))


def test_timeout_is_not_a_setup_failure():
    assert not is_setup_failure(DownloadTimeoutError("Getting https://x/ took longer than 60 seconds."))
