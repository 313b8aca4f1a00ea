"""A crawl into the S3 backend (moto over HTTP on 127.0.0.1), read back through the Archive interface.

The Hanweb and JSON API replica portals publish the same PDF under two URLs, so
one crawl exercises new bytes, known bytes at a second URL, and the crawl state.
"""

from __future__ import annotations

import json

import pytest

from govbudget import storage
from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.state import STATE_NAME
from tests.conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from tests.spiders.conftest import CORPUS, FAST, corpus_sha as sha

PORTALS = ["replica-yc-hanweb", "replica-sx-bmp"]


@pytest.fixture(scope="module")
def s3_crawl(replica_registry, s3_server, tmp_path_factory):
    server, registry = replica_registry
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
        env.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.setenv("GOVBUDGET_SPOOL", str(tmp_path_factory.mktemp("spool")))
        location = f"s3://{s3_server.new_bucket()}/govbudget"
        archive = storage.open_archive(location, endpoint_url=s3_server.endpoint_url, backoff_seconds=0.01)
        result = run_crawl(PORTALS, archive, registry=registry, settings=FAST)
        manifest = archive.close()
        yield server, storage.open_archive(location, endpoint_url=s3_server.endpoint_url), result, manifest


def test_documents_land_in_the_bucket(s3_crawl):
    _, archive, _, _ = s3_crawl
    assert archive.get_original(sha("003-office.pdf")) == (CORPUS / "003-office.pdf").read_bytes()


def test_pdf_from_a_zip_lands_in_the_bucket(s3_crawl):
    _, archive, _, _ = s3_crawl
    assert archive.has_original(sha("004-reportlab.pdf"))


def test_sidecar_in_the_bucket_keeps_both_urls_of_the_same_bytes(s3_crawl):
    server, archive, _, _ = s3_crawl
    urls = archive.get_provenance(sha("004-office.pdf"))["urls"]
    assert {f"{server.base_url}/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf",
            f"{server.base_url}/bmp_pub/files/2025/06/P020250620140522.pdf"} <= set(urls)


def test_run_manifest_counts_what_the_crawl_added(s3_crawl):
    _, _, result, manifest = s3_crawl
    assert (manifest["counts"]["originals_new"], manifest["counts"]["originals_seen_again"]) == (
        result.report.documents_new, result.report.documents_duplicate,
    )


def test_crawl_state_is_kept_in_the_bucket(s3_crawl):
    server, archive, _, _ = s3_crawl
    state = json.loads(archive.get_state(STATE_NAME))
    assert state["urls"][f"{server.base_url}/bmp_pub/files/2025/08/P020250820229103.pdf"]["sha256"] == sha("003-office.pdf")
