"""run_crawl options and the report's flags, each on a small crawl of its own."""

from __future__ import annotations

import json

import pytest

from govbudget.errors import ConfigError
from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.registry import load_registry
from govbudget.demo import serve_replica
from govbudget.spiders.state import STATE_NAME
from tests.spiders.conftest import CORPUS, FAST


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    with serve_replica(CORPUS) as server:
        path = tmp_path_factory.mktemp("replica") / "portals.yaml"
        xxgk = next(e for e in server.registry_entries() if e["id"] == "replica-yq-xxgk")
        old_hanweb = next(e for e in server.registry_entries() if e["id"] == "replica-gy-hanweb-old")
        entries = server.registry_entries() + [
            {"id": "replica-gy-news-only", "name": "只有新闻的栏目", "region": ["宁夏回族自治区", "固原市"],
             "admin_level": "city", "family": "generic", "start_urls": [f"{server.base_url}/gy/zwgk/czgk/list_1.html"]},
            xxgk | {"id": "replica-yq-xxgk-no-robots",
                    "politeness": {"obey_robots": False, "robots_override_reason": "test of the explicit override"}},
            old_hanweb | {"id": "replica-gy-hanweb-old-post", "params": {"paging": "post"}},
        ]
        path.write_text(json.dumps({"portals": entries}, ensure_ascii=False), "utf-8")
        yield server, path


@pytest.fixture(scope="module")
def dry_run(replica):
    server, registry = replica
    server.clear_log()
    result = run_crawl(["replica-yq-xxgk"], None, registry=registry, settings=FAST, dry_run=True)
    return result, server.requests


def test_dry_run_lists_the_attachments(dry_run):
    result, _ = dry_run
    assert sorted(f.url.rsplit("/", 1)[-1] for f in result.found) == ["P020240612555000000001.pdf", "P020250610512345678901.pdf"]


def test_dry_run_classifies_what_it_found(dry_run):
    result, _ = dry_run
    assert sorted(f.classification.fiscal_year for f in result.found) == [2024, 2025]


def test_dry_run_downloads_no_file(dry_run):
    _, log = dry_run
    assert [r.path for r in log if r.path.endswith(".pdf")] == []


def test_dry_run_leaves_the_archive_untouched(replica, archive):
    _, registry = replica
    run_crawl(["replica-yq-xxgk"], archive, registry=registry, settings=FAST, dry_run=True)
    assert (archive.get_state(STATE_NAME), archive.close()) == (None, None)  # no state, no write began a run


def test_year_filter_keeps_only_that_fiscal_year(replica, archive):
    _, registry = replica
    result = run_crawl(["replica-yq-xxgk"], archive, registry=registry, settings=FAST, year=2024)
    assert [d.classification.fiscal_year for d in result.documents] == [2024]


def test_portal_without_documents_is_flagged(replica, archive):
    _, registry = replica
    result = run_crawl(["replica-gy-news-only"], archive, registry=registry, settings=FAST)
    assert result.report.flags == ["zero-documents: replica-gy-news-only yielded no documents"]


def recrawl_having_forgotten(archive, registry, portal_id: str, key: str, remembered: list):
    """Crawl twice, the state in between rewritten as if only ``remembered`` had been seen."""
    run_crawl([portal_id], archive, registry=registry, settings=FAST)
    state = json.loads(archive.get_state(STATE_NAME))
    state["portals"][portal_id][key] = remembered
    archive.put_state(STATE_NAME, json.dumps(state).encode())
    return run_crawl([portal_id], archive, registry=registry, settings=FAST)


def test_newly_listed_fiscal_year_is_flagged(replica, archive):
    result = recrawl_having_forgotten(archive, replica[1], "replica-yq-xxgk", "fiscal_years", [2025])
    assert result.report.flags == ["new-fiscal-year: replica-yq-xxgk lists 2024 for the first time"]


def test_newly_listed_publisher_is_flagged(replica, archive):
    result = recrawl_having_forgotten(archive, replica[1], "replica-yc-hanweb", "publishers", ["阳城县政务服务中心"])
    assert result.report.flags == ["new-publisher: replica-yc-hanweb lists 阳城县行政审批服务管理局 for the first time"]


def test_unknown_portal_is_a_config_error(replica, archive):
    _, registry = replica
    with pytest.raises(ConfigError, match="unknown portal id 'nope'"):
        run_crawl(["nope"], archive, registry=registry)


def test_crawl_from_inside_a_running_event_loop(replica, archive):
    """Orchestrators (Prefect, notebooks) call from async code: the crawl's own loop is private."""
    import asyncio

    _, registry = replica

    async def caller():
        return run_crawl(["replica-sx-bmp"], archive, registry=registry, settings=FAST)

    assert asyncio.run(caller()).report.documents_new == 2


def test_default_registry_is_used_without_a_registry_argument(archive):
    with pytest.raises(ConfigError, match="unknown portal id 'replica-yq-xxgk'"):
        run_crawl(["replica-yq-xxgk"], archive)
    assert load_registry().get("yangquan-xxgk").verified is False


def test_robots_override_fetches_the_disallowed_path(replica, archive):
    server, registry = replica
    server.clear_log()
    run_crawl(["replica-yq-xxgk-no-robots"], archive, registry=registry, settings=FAST)
    assert "/yq/xxgk/private/t20250530_7.shtml" in [r.path for r in server.requests]


def test_robots_override_is_logged(replica, caplog, archive):
    _, registry = replica
    with caplog.at_level("WARNING", logger="govbudget.spiders"):
        run_crawl(["replica-yq-xxgk-no-robots"], archive, registry=registry, settings=FAST, dry_run=True)
    assert [r.getMessage() for r in caplog.records if "robots" in r.getMessage()] == [
        "robots.txt NOT obeyed: test of the explicit override"
    ]


def test_timeout_is_reported_as_a_failure(replica, archive):
    server, registry = replica
    settings = FAST | {"DOWNLOAD_TIMEOUT": 0.3, "RETRY_TIMES": 1}
    result = run_crawl(["replica-gy-czgk"], archive, registry=registry, settings=settings)
    url = f"{server.base_url}/gy/zwgk/czgk/t20250218_2001.html"
    assert [f["reason"] for f in result.report.failures if f["url"] == url] == [f"Getting {url} took longer than 0.3 seconds."]


def test_crawl_of_no_portals_reports_nothing(tmp_path, archive):
    registry = tmp_path / "empty.yaml"
    registry.write_text("portals: []\n", "utf-8")
    assert run_crawl(None, archive, registry=registry).report.portal_ids == []


@pytest.fixture(scope="module")
def refused_post(replica):
    """An older Hanweb column configured for the POST form its proxy does not take."""
    server, registry = replica
    server.clear_log()
    result = run_crawl(["replica-gy-hanweb-old-post"], None, registry=registry, settings=FAST, dry_run=True)
    return result, [(r.method, r.path.split("&")[0], r.status) for r in server.requests if "dataproxy" in r.path]


def test_refused_post_form_falls_back_to_get_pages(refused_post):
    _, proxy_requests = refused_post
    assert proxy_requests == [
        ("POST", "/module/jpage/dataproxy.jsp?startrecord=3", 404),
        ("GET", "/module/jpage/dataproxy.jsp?page=2", 200),
        ("GET", "/module/jpage/dataproxy.jsp?page=3", 200),
    ]


def test_refused_post_form_still_finds_every_disclosure(refused_post):
    result, _ = refused_post
    assert sorted(f.url.rsplit("/", 1)[-1] for f in result.found) == ["12345-ys-bb.pdf", "sx-js-mirror.pdf"]
