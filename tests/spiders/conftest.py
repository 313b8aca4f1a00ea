"""Shared helpers: saved pages as Scrapy responses, the corpus, fast crawl settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = FIXTURES / "spiders"
CORPUS = FIXTURES / "corpus"

# Politeness off for loopback tests; retries back off in milliseconds.
FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "GOVBUDGET_RETRY_BACKOFF_BASE": 0.05,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def file_response(name: str, url: str, response_class=HtmlResponse) -> TextResponse:
    """A saved page as the response Scrapy would hand a callback (city-scrapers style)."""
    return response_class(url=url, request=Request(url), body=(PAGES / name).read_bytes())


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
