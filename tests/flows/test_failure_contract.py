"""The failure contract (docs/operations.md): a portal that fails makes the run say so everywhere.

A portal that is unreachable, blocked, or yields nothing where it yielded before:
``govbudget crawl`` exits 3 (completed with failures), the terminal's failed count is
report.md's, the manifest's status is ``incomplete`` with the failures listed, the Prefect
flow run is Failed ("completed with failures: …"), and the spiders' warnings are in the
run's logs on the Prefect API with portal and URL as fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from govbudget import exitcodes
from govbudget.cli import main
from govbudget.flows.runlogs import fields_of

pytestmark = pytest.mark.slow

DEAD_URL = "http://127.0.0.1:9/yjsgk/index.html"  # nothing listens on the discard port


@dataclass
class Crawl:
    code: int
    out: str
    archive: Path

    @property
    def run_dir(self) -> Path:
        return sorted(self.archive.glob("runs/*/manifest.json"))[-1].parent  # run ids sort by time: this crawl's

    @property
    def manifest(self) -> dict:
        return json.loads((self.run_dir / "manifest.json").read_text("utf-8"))

    @property
    def report_md(self) -> str:
        return (self.run_dir / "report.md").read_text("utf-8")


def crawl(capsys, archive: Path, registry, portal: str, *options: str) -> Crawl:
    code = main(["crawl", "--registry", str(registry), "--portal", portal, "--archive", str(archive), *options])
    return Crawl(code, capsys.readouterr().out, archive)


def registry_with(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "portals.yaml"
    path.write_text(json.dumps({"portals": entries}, ensure_ascii=False), "utf-8")
    return path


def latest_pipeline_run():
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["pipeline"])),
                                       sort=FlowRunSort.START_TIME_DESC, limit=1)
        return run


def api_logs(flow_run_id) -> list:
    """The logs of a flow run and of its subflow runs (crawls run in the ``crawl`` subflow), read from the API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId, LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    with get_client(sync_client=True) as client:
        subflows = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[flow_run_id])))
        run_ids = [flow_run_id, *(sub.id for sub in subflows)]
        return client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=run_ids)))


def table_failed_count(out: str) -> int:
    """The last column of the summary table's one row of counts."""
    (row,) = [line for line in out.splitlines() if re.fullmatch(r"\s*│(\s*\d+\s*│)+\s*", line)]
    return int(row.split("│")[-2])


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unreachable")
    registry = registry_with(tmp, [{"id": "dead-portal", "name": "不可达", "region": ["山西省"], "admin_level": "province",
                                    "family": "generic", "start_urls": [DEAD_URL]}])
    capture = _Capture()
    try:
        code = main(["crawl", "--registry", str(registry), "--portal", "dead-portal", "--archive", str(tmp / "archive")])
    finally:
        out = capture.done()
    return Crawl(code, out, tmp / "archive"), latest_pipeline_run()


class _Capture:
    """capsys is function-scoped; a module fixture captures stdout itself."""

    def __init__(self):
        import io
        import sys

        self._sys, self._old, self._buffer = sys, sys.stdout, io.StringIO()
        sys.stdout = self._buffer

    def done(self) -> str:
        self._sys.stdout = self._old
        return self._buffer.getvalue()


def test_an_unreachable_portal_exits_completed_with_failures(unreachable):
    result, _ = unreachable
    assert result.code == exitcodes.COMPLETED_WITH_FAILURES == 3


def test_the_terminal_report_and_manifest_count_the_same_failures(unreachable):
    result, _ = unreachable
    failed = table_failed_count(result.out)
    assert failed > 0
    assert f"### Failed: {failed}" in result.report_md
    assert (result.manifest["status"], result.manifest["counts"]["failures"]) == ("incomplete", failed)
    assert DEAD_URL in {f["subject"] for f in result.manifest["failures"]}


def test_the_prefect_run_is_failed_saying_completed_with_failures(unreachable):
    _, run = unreachable
    assert (run.state.type.value, run.state.message.startswith("completed with failures: ")) == ("FAILED", True)


def test_spider_warnings_reach_the_prefect_api_with_portal_and_url(unreachable):
    _, run = unreachable
    spider_logs = [log for log in api_logs(run.id) if not log.name.startswith("prefect")]
    fields = [(log.level >= 30, fields_of(log.message).get("portal"), fields_of(log.message).get("url"))
              for log in spider_logs]
    assert (True, "dead-portal", DEAD_URL) in fields
    assert all(level and portal == "dead-portal" and url for level, portal, url in fields)


def test_a_blocked_portal_exits_completed_with_failures(replica, tmp_path, capsys):
    _, registry = replica
    result = crawl(capsys, tmp_path / "archive", registry, "replica-blocked-waf")
    assert (result.code, table_failed_count(result.out)) == (exitcodes.COMPLETED_WITH_FAILURES, 1)
    assert "portal blocked the crawler" in result.report_md
    assert latest_pipeline_run().state.is_failed()


def test_a_portal_that_yields_nothing_where_it_yielded_before_fails_the_run(replica, tmp_path, capsys):
    server, registry = replica
    first = crawl(capsys, tmp_path / "archive", registry, "replica-sx-bmp")
    assert (first.code, first.manifest["status"], latest_pipeline_run().state.type.value) == (0, "complete", "COMPLETED")

    entries = server.registry_entries()
    bmp = next(e for e in entries if e["id"] == "replica-sx-bmp")
    moved = bmp | {"family": "generic", "params": {}, "start_urls": [f"{server.base_url}/gy/zwgk/czgk/list_1.html"]}
    silent = registry_with(tmp_path, [moved])  # the portal's list now holds no disclosure
    second = crawl(capsys, tmp_path / "archive", silent, "replica-sx-bmp")
    assert second.code == exitcodes.COMPLETED_WITH_FAILURES
    assert "stopped-yielding: replica-sx-bmp yielded documents in earlier crawls, none now" in second.report_md
    assert second.manifest["status"] == "incomplete"
