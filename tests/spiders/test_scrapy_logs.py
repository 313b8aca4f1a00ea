"""Scrapy's own log records during a crawl: structured, with portal and URL, caller's setup kept."""

from __future__ import annotations

import io
import json
import logging

import pytest

from govbudget import log
from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.logs import url_in
from tests.spiders.conftest import FAST

DEAD_URL = "http://127.0.0.1:9/yjsgk/index.html"  # nothing listens on the discard port


@pytest.fixture
def unreachable_registry(tmp_path):
    """A portal Scrapy gives up on, which makes its retry middleware log an error."""
    path = tmp_path / "portals.yaml"
    entry = {"id": "dead-portal", "name": "不可达", "region": ["山西省"], "admin_level": "province",
             "family": "generic", "start_urls": [DEAD_URL]}
    path.write_text(json.dumps({"portals": [entry]}, ensure_ascii=False), "utf-8")
    return path


def crawl_dead_portal(registry):
    return run_crawl(["dead-portal"], None, registry=registry, settings=FAST | {"RETRY_TIMES": 1}, dry_run=True)


def scrapy_lines(stream: io.StringIO) -> list[dict]:
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if line["logger"].startswith("scrapy.")]


def test_scrapy_warnings_are_json_lines_with_portal_and_url(unreachable_registry, restored_logging):
    stream = io.StringIO()
    log.configure("WARNING", stream)
    crawl_dead_portal(unreachable_registry)
    gave_up = [line for line in scrapy_lines(stream) if line["msg"].startswith("Gave up retrying")]
    assert sorted((line["level"], line["portal"], line["url"]) for line in gave_up) == [
        ("error", "dead-portal", "http://127.0.0.1:9/robots.txt"), ("error", "dead-portal", DEAD_URL),
    ]


def test_scrapy_records_carry_no_object_reprs(unreachable_registry, restored_logging):
    stream = io.StringIO()
    log.configure("WARNING", stream)
    crawl_dead_portal(unreachable_registry)
    assert [line for line in scrapy_lines(stream) if "spider" in line or "item" in line] == []


def test_without_project_logging_scrapy_records_reach_the_callers_root_handlers(unreachable_registry, caplog):
    with caplog.at_level(logging.WARNING):
        crawl_dead_portal(unreachable_registry)
    assert {(r.name, r.portal) for r in caplog.records if r.getMessage().startswith("Gave up retrying")} == {
        ("scrapy.downloadermiddlewares.retry", "dead-portal")
    }


def test_scrapy_logger_is_left_as_the_caller_had_it(unreachable_registry):
    scrapy_logger = logging.getLogger("scrapy")
    before = (list(scrapy_logger.handlers), scrapy_logger.level, scrapy_logger.propagate)
    crawl_dead_portal(unreachable_registry)
    assert (list(scrapy_logger.handlers), scrapy_logger.level, scrapy_logger.propagate) == before


def test_scrapy_debug_chatter_stays_below_the_crawl_log_level(unreachable_registry, caplog):
    with caplog.at_level(logging.DEBUG):
        crawl_dead_portal(unreachable_registry)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("scrapy.") and r.levelno < logging.WARNING] == []


def test_url_is_read_from_the_request_a_message_names():
    from scrapy import Request

    assert url_in({"request": Request("http://x.gov.cn/a.pdf"), "reason": "timeout"}) == "http://x.gov.cn/a.pdf"
