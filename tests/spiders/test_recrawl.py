"""Repeated crawls in one process: incremental fetching, re-publication, novelty flags."""

from __future__ import annotations

import json

import pytest

from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.state import STATE_NAME
from tests.spiders.conftest import FAST, corpus_sha as sha, open_local_archive

REPUBLISHED = "/yq/xxgk/czyjs/202506/P020250610512345678901.pdf"


@pytest.fixture(scope="module")
def crawls(replica_registry, tmp_path_factory):
    """Crawl, crawl again unchanged, then crawl after the replica re-publishes a file."""
    server, registry = replica_registry
    archive = open_local_archive(tmp_path_factory.mktemp("recrawl"))
    first = run_crawl(None, archive, registry=registry, settings=FAST)
    server.clear_log()
    second = run_crawl(None, archive, registry=registry, settings=FAST)
    second_log = server.requests
    server.clear_log()
    server.republish()
    third = run_crawl(["replica-yq-xxgk"], archive, registry=registry, settings=FAST)
    return server, archive, first, second, second_log, third


def test_second_crawl_downloads_no_file_body(crawls):
    server, _, _, _, log, _ = crawls
    assert [(r.path, r.status) for r in log if r.path.split("?")[0] in server.site.files and r.body_bytes] == []


def test_second_crawl_asks_conditionally_for_every_file(crawls):
    server, _, _, _, log, _ = crawls
    file_requests = [r for r in log if r.path.split("?")[0] in server.site.files]
    assert {r.status for r in file_requests} == {304}


def test_second_crawl_still_reads_list_and_article_pages(crawls):
    _, _, _, _, log, _ = crawls
    assert "/yq/xxgk/czyjs/202506/t20250610_1001.shtml" in [r.path for r in log]


def test_second_crawl_stores_nothing(crawls):
    assert crawls[3].documents == []


def test_second_crawl_reports_every_document_unchanged(crawls):
    first, second = crawls[2].report, crawls[3].report
    assert second.documents_unchanged == first.documents_new + first.documents_duplicate


def test_known_broken_files_stay_failures_without_download(crawls):
    assert sorted(f["reason"] for f in crawls[3].report.failures if "/gy/upload/2025/" in f["url"]) == [
        "HTML page served as .pdf (unchanged since it was rejected)",
        "truncated PDF (no %%EOF trailer) (unchanged since it was rejected)",
    ]


def test_republished_file_is_fetched_and_reported_changed(crawls):
    third = crawls[5]
    assert [(d.url.rsplit("/", 1)[-1], d.status) for d in third.documents] == [("P020250610512345678901.pdf", "changed")]


def test_republication_points_at_the_previous_bytes(crawls):
    assert crawls[5].documents[0].republication_of == sha("000-office.pdf")


def test_republished_bytes_are_archived_beside_the_old(crawls):
    _, archive, *_ = crawls
    assert (archive.has_original(sha("000-office.pdf")), archive.has_original(sha("000-reportlab.pdf"))) == (True, True)


def test_sidecar_of_the_republished_bytes_names_the_bytes_they_replace(crawls):
    _, archive, *_ = crawls
    assert archive.get_provenance(sha("000-reportlab.pdf"))["republication_of"] == sha("000-office.pdf")


def test_report_counts_the_republication(crawls):
    assert crawls[5].report.documents_changed == 1


def test_state_lives_in_the_archive(crawls):
    server, archive, *_ = crawls
    state = json.loads(archive.get_state(STATE_NAME))
    assert state["urls"][server.base_url + REPUBLISHED]["sha256"] == sha("000-reportlab.pdf")


def test_state_remembers_years_per_portal(crawls):
    _, archive, *_ = crawls
    assert json.loads(archive.get_state(STATE_NAME))["portals"]["replica-yq-xxgk"]["fiscal_years"] == [2024, 2025]
