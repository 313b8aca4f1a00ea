"""The ingest steps as plain functions (no Prefect): parse cache, re-parse targets, failures."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pytest

from govbudget.schema import RawDocument
from govbudget.flows import ingest
from govbudget.flows.archives import archive_for
from govbudget.flows.parsing import ParseFailure, parse_original
from tests.flows.conftest import CORPUS

PDF = (CORPUS / "002-reportlab.pdf").read_bytes()
SHA = hashlib.sha256(PDF).hexdigest()


def raw_for(data: bytes, url: str) -> RawDocument:
    return RawDocument(sha256=hashlib.sha256(data).hexdigest(), size=len(data), portal_id="p1", url=url,
                       title="测试单位2025年部门预算", fetched_at=datetime.now(timezone.utc))


@pytest.fixture
def archive(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_PARSE_PROCESSES", "0")
    location = str(tmp_path / "archive")
    archive_for(location).put_original(PDF, raw_for(PDF, "http://127.0.0.1/a.pdf"))
    archive_for(location).close()
    return location


def test_an_archived_original_parses_to_its_sha256(archive):
    assert parse_original(SHA, archive).document.doc_id == SHA


def test_a_document_without_a_current_parse_is_stale(archive):
    assert ingest.stale_documents(archive) == [SHA]


def test_a_stored_parse_is_the_cache(archive):
    ingest.store_parse(parse_original(SHA, archive), archive)
    assert (ingest.has_current_parse(SHA, archive), ingest.stale_documents(archive)) == (True, [])


def test_cached_result_is_the_stored_one(archive):
    result = parse_original(SHA, archive)
    ingest.store_parse(result, archive)
    assert ingest.cached_result(SHA, archive) == result


def test_a_non_pdf_original_is_archived_but_never_stale(archive):
    data = b"PK\x03\x04" + b"\x00" * 2000
    archive_for(archive).put_original(data, raw_for(data, "http://127.0.0.1/a.zip"))
    assert (ingest.is_pdf(hashlib.sha256(data).hexdigest(), archive), ingest.stale_documents(archive)) == (False, [SHA])


def test_a_document_the_parser_rejects_fails_with_its_reason(archive):
    data = b"%PDF-1.4\n" + b"garbage" * 300 + b"\n%%EOF\n"
    archive_for(archive).put_original(data, raw_for(data, "http://127.0.0.1/broken.pdf"))
    with pytest.raises(ParseFailure):
        parse_original(hashlib.sha256(data).hexdigest(), archive)


def test_a_failed_document_is_listed_in_the_manifest(archive):
    from govbudget.flows.archives import archive_run

    store = archive_for(archive)
    with archive_run(archive) as run_id:
        outcome = ingest.failed_outcome(raw_for(PDF, "http://127.0.0.1/a.pdf"), "not a PDF", archive)
    assert (outcome.failure, store.manifest(run_id)["failures"]) == (
        "not a PDF", [{"subject": "http://127.0.0.1/a.pdf", "reason": "not a PDF"}])


def test_an_archived_document_is_rebuilt_from_its_sidecar(archive):
    raw = ingest.archived_document(SHA, archive)
    assert (raw.url, raw.portal_id, raw.title, raw.status) == ("http://127.0.0.1/a.pdf", "p1", "测试单位2025年部门预算", "archived")


def test_parsed_outcome_prefers_what_the_parser_read(archive):
    result = parse_original(SHA, archive)
    outcome = ingest.parsed_outcome(raw_for(PDF, "http://127.0.0.1/a.pdf"), result, "parsed")
    assert (outcome.publisher, outcome.fiscal_year, outcome.tables) == (
        result.document.publisher, result.document.fiscal_year, len(result.tables))

