"""``govbudget portals list|check`` and ``govbudget crawl`` against the replica (never the internet)."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

from govbudget import storage
from govbudget.cli import main
from govbudget.spiders import cli
from govbudget.spiders.check import check_portal, mark_verified
from govbudget.spiders.registry import DEFAULT_REGISTRY, load_registry
from govbudget.demo import serve_replica
from govbudget.spiders.settings import DEFAULTS
from tests.spiders.conftest import CORPUS, FAST


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="govbudget")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture(autouse=True)
def fast_crawls(monkeypatch):
    """The CLI crawls with the polite defaults: zero delays on loopback."""
    for name, value in FAST.items():
        monkeypatch.setitem(DEFAULTS, name, value)


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    with serve_replica(CORPUS) as server:
        registry = server.write_registry(tmp_path_factory.mktemp("replica") / "portals.yaml")
        yield server, registry


def test_list_prints_every_portal_as_json(capsys):
    assert run(["portals", "list", "--json"]) == 0
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert ids == [p.id for p in load_registry().portals]


def test_check_reachable_portal(replica):
    _, registry = replica
    result = check_portal(load_registry(registry).get("replica-yq-xxgk"))
    assert (result.status, result.detail) == ("reachable", "HTTP 200, 1145 bytes")


def test_check_reports_the_challenge_of_a_blocked_portal(replica):
    _, registry = replica
    result = check_portal(load_registry(registry).get("replica-blocked-ruishu"))
    assert (result.status, result.detail) == ("blocked", "ruishu-412")


def test_check_recognises_a_wzws_redirect(replica):
    _, registry = replica
    assert check_portal(load_registry(registry).get("replica-blocked-wzws")).detail == "wzws"


def test_check_reads_robots_txt(replica):
    server, registry = replica
    portal = load_registry(registry).get("replica-yq-xxgk").model_copy(update={"start_urls": [f"{server.base_url}/yq/xxgk/private/x.shtml"]})
    assert check_portal(portal).robots_allowed is False


def test_check_unreachable_portal(replica):
    _, registry = replica
    portal = load_registry(registry).get("replica-yq-xxgk").model_copy(update={"start_urls": ["http://127.0.0.1:9/index.shtml"]})
    assert check_portal(portal, timeout=2).status == "unreachable"


def test_check_exit_status_is_nonzero_when_a_portal_is_blocked(replica, capsys):
    _, registry = replica
    assert run(["portals", "check", "--registry", str(registry), "replica-yq-xxgk", "replica-blocked-waf"]) == 1


def test_mark_sets_verified_only_on_reachable_portals(tmp_path):
    registry = tmp_path / "portals.yaml"
    shutil.copy(DEFAULT_REGISTRY, registry)
    mark_verified(registry, ["guyuan-czgk"])
    assert {p.id: p.verified for p in load_registry(registry).portals}["guyuan-czgk"] is True


def test_mark_keeps_the_other_entries_unverified(tmp_path):
    registry = tmp_path / "portals.yaml"
    shutil.copy(DEFAULT_REGISTRY, registry)
    mark_verified(registry, ["guyuan-czgk"])
    assert sorted(p.id for p in load_registry(registry).portals if p.verified) == ["guyuan-czgk"]


def test_crawl_dry_run_command(replica, capsys):
    _, registry = replica
    from govbudget.cli import main  # govbudget.flows.cli owns `crawl`; its dry run is govbudget.spiders.cli.cmd_crawl

    assert main(["crawl", "--registry", str(registry), "--portal", "replica-sx-bmp", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents_found"] == 2


def test_check_of_an_unknown_portal_fails_with_one_clear_line(capsys, restored_logging):
    assert main(["portals", "check", "no-such-portal"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"govbudget: error: {DEFAULT_REGISTRY}: unknown portal id 'no-such-portal' (`govbudget portals list` shows the known ids)"
    ]


def test_crawl_of_an_unknown_portal_names_the_registry_file(replica, capsys, restored_logging):
    _, registry = replica
    assert main(["crawl", "--registry", str(registry), "--portal", "nope", "--dry-run"]) == 2
    assert capsys.readouterr().err.startswith(f"govbudget: error: {registry}: unknown portal id 'nope'")


def test_crawl_dry_run_prints_a_row_per_portal_and_stores_nothing(replica, tmp_path, capsys):
    _, registry = replica
    main(["crawl", "--dry-run", "--registry", str(registry), "--portal", "replica-sx-bmp", "--portal", "replica-blocked-waf"])
    rows = {line.split()[0]: line.split()[1:8] for line in capsys.readouterr().out.splitlines() if line.startswith("replica-")}
    assert (rows["replica-sx-bmp"], rows["replica-blocked-waf"]) == (
        ["3", "0", "2", "0", "0", "0", "0"], ["1", "0", "0", "0", "0", "0", "0"],  # pages, articles, found …; the 405
    )


def test_crawl_dry_run_names_the_blocked_portal_with_url_and_challenge(replica, tmp_path, capsys):
    server, registry = replica
    main(["crawl", "--dry-run", "--registry", str(registry), "--portal", "replica-blocked-waf"])
    assert f"blocked replica-blocked-waf: {server.base_url}/nx/index.html (waf-405)" in capsys.readouterr().out.splitlines()




def test_crawl_dry_run_prints_each_portals_paging_method_and_off_site_links(replica, capsys):
    server, registry = replica
    main(["crawl", "--dry-run", "--registry", str(registry), "--portal", "replica-yq-xxgk"])
    lines = capsys.readouterr().out.splitlines()
    offsite = server.base_url.replace("127.0.0.1", "localhost") + "/yq/mirror/t20250601_9.shtml"
    assert ("paging replica-yq-xxgk: pager-script" in lines, f"off-site, not requested replica-yq-xxgk: {offsite}" in lines) == (True, True)
