"""Shared helpers: saved pages as Scrapy responses, the corpus, fast crawl settings."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = FIXTURES / "spiders"
CORPUS = FIXTURES / "corpus"

# Politeness off for loopback tests; retries back off in milliseconds.
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "GOVBUDGET_RETRY_BACKOFF_BASE": 0.05,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def open_local_archive(directory: Path):
    """The real local backend, so crawls are checked through the public Archive interface."""
    from govbudget import storage

    return storage.open_archive(str(directory / "archive"))


@pytest.fixture
def archive(tmp_path):
    return open_local_archive(tmp_path)


def file_response(name: str, url: str, response_class=HtmlResponse) -> TextResponse:
    """A saved page as the response Scrapy would hand a callback (city-scrapers style)."""
    return response_class(url=url, request=Request(url), body=(PAGES / name).read_bytes())


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def corpus_sha(name: str) -> str:
    """sha256 of a corpus file: the archive key its bytes must end up under."""
    return hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def replica_registry(tmp_path_factory):
    """A running replica and a registry file pointing at it, for one test module."""
    from govbudget.demo import serve_replica

    with serve_replica(CORPUS) as server:
        yield server, server.write_registry(tmp_path_factory.mktemp("replica") / "portals.yaml")


@pytest.fixture
def restored_logging():
    """govbudget.log.configure (run by the CLI's main) changes process-wide loggers: put them back."""
    names = ("govbudget", "scrapy")
    saved = {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names}
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)
