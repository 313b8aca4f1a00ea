"""``govbudget serve`` registers the deployments with their schedules and runs a triggered one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govbudget.flows.server import start_local_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A local Prefect server and ``govbudget serve`` of two deployments against it."""
    archive = tmp_path_factory.mktemp("served") / "archive"
    server = start_local_server()
    env = dict(os.environ, PREFECT_API_URL=server.api_url, GOVBUDGET_ARCHIVE=str(archive), GOVBUDGET_PARSE_PROCESSES="0")
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "govbudget", "serve", "--deployment", "parser-upgrade", "--deployment", "weekly-full"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield server.api_url, archive, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        server.stop()


def _read_deployment(api_url: str, name: str, timeout: float = 90.0) -> dict:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = httpx.get(f"{api_url}/deployments/name/{name}")
        if response.status_code == 200:
            return response.json()
        time.sleep(1)
    raise AssertionError(f"deployment {name} never appeared")


def test_scheduled_deployment_is_registered_with_its_cron(served):
    api_url, _, _ = served
    deployment = _read_deployment(api_url, "pipeline/weekly-full")
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"]) for s in deployment["schedules"]] == [("0 2 * * 0", "Asia/Shanghai")]


def test_triggered_deployment_run_completes(served):
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url, archive, log = served
    _read_deployment(api_url, "reparse-all/parser-upgrade")
    with temporary_settings({PREFECT_API_URL: api_url}):
        flow_run = run_deployment("reparse-all/parser-upgrade", timeout=240, poll_interval=2)
    assert flow_run.state.is_completed(), log.read_text(errors="replace")[-3000:]
    assert list(archive.glob("runs/*/report.md")) != []
