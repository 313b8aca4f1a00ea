"""The pipeline's parse pool: a document that kills its worker fails alone, and the pool goes on."""

from __future__ import annotations

import hashlib
import os

import pytest

from govbudget.flows.archives import archive_for
from govbudget.flows.parsing import ParseFailure, parse_original
from govbudget.parsers.limits import Limits
from govbudget.parsers.workers import run_one, stop_shared_pool
from tests.flows.conftest import CORPUS
from tests.flows.test_ingest import raw_for
from tests.parsers.hostile.builders import content_bomb

MB = 1024 * 1024
PDF = (CORPUS / "002-reportlab.pdf").read_bytes()


@pytest.fixture
def started_pool(monkeypatch):
    """The shared pool already running, as in any process that parsed before, and stopped
    after the test: the limits the test sets afterwards must still reach the parse."""
    monkeypatch.setenv("GOVBUDGET_PARSE_PROCESSES", "1")
    run_one(os.getpid, (), workers=1, limits=Limits.from_env())
    yield
    stop_shared_pool()


@pytest.mark.slow
def test_a_document_that_kills_its_worker_is_its_own_parse_failure(tmp_path, monkeypatch, started_pool):
    monkeypatch.setenv("GOVBUDGET_PARSE_PROCESSES", "1")
    monkeypatch.setenv("GOVBUDGET_WORKER_MEMORY", str(400 * MB))
    monkeypatch.setenv("GOVBUDGET_MAX_STREAM_BYTES", str(64 * 1024 * MB))  # the stream check steps aside
    bomb = content_bomb(600 * MB, ["FlateDecode", "FlateDecode"])
    location = str(tmp_path / "archive")
    store = archive_for(location)
    store.put_original(PDF, raw_for(PDF, "http://127.0.0.1/a.pdf"))
    store.put_original(bomb, raw_for(bomb, "http://127.0.0.1/bomb.pdf"))
    store.close()

    with pytest.raises(ParseFailure, match=r"the parse worker died|out of memory") as failure:
        parse_original(hashlib.sha256(bomb).hexdigest(), location)
    assert "400 MB per file (GOVBUDGET_WORKER_MEMORY)" in str(failure.value)
    assert parse_original(hashlib.sha256(PDF).hexdigest(), location).document.doc_id == hashlib.sha256(PDF).hexdigest()
