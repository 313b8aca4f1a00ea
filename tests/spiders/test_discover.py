"""`govbudget portals discover URL` against both replica sites over loopback."""

from __future__ import annotations

import pytest
import yaml

from govbudget.cli import main
from govbudget.spiders.crawl import run_crawl
from govbudget.spiders.discover import discover
from govbudget.spiders.registry import parse_registry
from govbudget.demo import serve_replica
from tests.spiders.conftest import CORPUS, FAST
from tests.spiders.sites import county
from tests.spiders.sites.server import SiteServer


@pytest.fixture(scope="module")
def sites():
    with SiteServer() as ours, serve_replica(CORPUS) as bundled:
        county.build(ours, CORPUS)
        yield ours, bundled


def test_a_home_page_linking_disclosure_columns_gives_a_trs_entry_starting_there(sites):
    ours, _ = sites
    entry, notes = discover(f"{ours.base_url}/", 5)
    assert (entry["family"], entry["start_urls"], entry["region"], entry["admin_level"]) == ("trs", [f"{ours.base_url}/"], ["泽州县"], "county")


def test_the_home_pages_notes_name_each_column_and_its_paging(sites):
    ours, _ = sites
    _, notes = discover(f"{ours.base_url}/", 5)
    assert [f"{ours.base_url}/zwgk/czyjs/list.htm (trs, 2 links, 1 disclosure titles; pager script: 4 pages)" in n for n in notes[:1]] == [True]


def test_a_discovered_entry_crawls_every_disclosure_its_domains_allow(sites, tmp_path):
    ours, _ = sites
    entry, _ = discover(f"{ours.base_url}/", 5)
    registry = tmp_path / "portals.yaml"
    registry.write_text(yaml.safe_dump({"portals": [entry]}, allow_unicode=True), "utf-8")
    result = run_crawl(None, None, registry=registry, settings=FAST, dry_run=True)
    found = {f.url.removeprefix(ours.base_url) for f in result.found}
    assert ({"/uploadfile/2024/bmjs/003.pdf", "/uploadfile/2025/bmjs/004.pdf", county.RETRIED} <= found,
            result.report.offsite[entry["id"]]) == (True, [f"{ours.alias_url}/cdn/yjs/002.pdf", f"{ours.other_url}/mirror/002-copy.pdf"])


def test_a_json_platform_entry_takes_its_api_and_config_keys_from_the_start_page(sites):
    ours, _ = sites
    entry, notes = discover(f"{ours.base_url}/yjsgk/index.html?from=home", 5)
    assert (entry["family"], entry["params"]) == ("json_api", {
        "list_api": "/yjsgk/api/list", "query": {"sid": {"from_config": "SID"}, "divisions": {"from_config": "DIVISIONS"}}})


def test_a_json_platform_entry_tells_the_reviewer_what_pages_cannot_show(sites):
    ours, _ = sites
    _, notes = discover(f"{ours.base_url}/yjsgk/index.html?from=home", 5)
    assert "network panel" in notes[0]


def test_a_hanweb_column_gives_its_jpage_ids(sites):
    _, bundled = sites
    entry, _ = discover(f"{bundled.base_url}/col/col2701/index.html", 5)
    assert (entry["family"], {k: entry["params"][k] for k in ("columnid", "unitid", "webid")}) == (
        "hanweb", {"columnid": "2701", "unitid": "8251", "webid": "74"})


@pytest.mark.parametrize(("path", "family"), [
    ("/yq/xxgk/czyjs/index.shtml", "trs"), ("/yq/czj/yjsgk/list.shtml", "trs"), ("/bmp_pub/index_gfa.html", "json_api"),
    ("/gy/zwgk/czgk/list.html", "generic"),
])
def test_the_bundled_replica_columns_are_recognised(sites, path, family):
    _, bundled = sites
    assert discover(bundled.base_url + path, 5)[0]["family"] == family


def test_every_discovered_entry_loads_as_a_registry(sites):
    ours, bundled = sites
    entries = [discover(url, 5)[0] for url in (f"{ours.base_url}/", f"{bundled.base_url}/col/col2701/index.html",
                                                f"{bundled.base_url}/bmp_pub/index_gfa.html")]
    assert len(parse_registry({"portals": entries}, "discovered").portals) == 3


def test_a_challenged_page_is_one_error_line_naming_the_url(sites, capsys, restored_logging):
    ours, _ = sites
    assert main(["portals", "discover", f"{ours.base_url}/jsl/index.html", "--timeout", "5"]) != 0
    assert capsys.readouterr().err.strip() == (
        f"govbudget: error: {ours.base_url}/jsl/index.html: blocked by a js-shell-521 challenge: nothing to read")


def test_a_robots_disallowed_page_is_not_read(sites, capsys, restored_logging):
    ours, _ = sites
    assert main(["portals", "discover", f"{ours.base_url}/zwgk/nbgk/t20250101_1.html", "--timeout", "5"]) != 0
    assert "robots.txt disallows this page" in capsys.readouterr().err


def test_the_cli_prints_yaml_with_review_notes(sites, capsys, restored_logging):
    ours, _ = sites
    assert main(["portals", "discover", f"{ours.base_url}/", "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert (out.startswith("# Drafted by `govbudget portals discover`"), yaml.safe_load(out)[0]["family"]) == (True, "trs")
