"""Schedules fire: a real ``prefect server`` creates scheduled runs of a prefect.yaml deployment, a worker runs one.

The fleet's way, end to end: ``prefect deploy`` of the project's prefect.yaml (its cron
overridden to every minute, its parameters to one replica portal), a process worker
started outside the checkout with no checkout setting, and the run it picks up ends
COMPLETED with its run report. The server's log must hold no error: with SQLAlchemy
2.1, Prefect 3.8's scheduler failed on every pass while everything else looked fine.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from govbudget.flows.deployments import PREFECT_YAML
from govbudget.flows.server import start_local_server

pytestmark = pytest.mark.slow

PORTAL = "replica-sx-bmp"  # a replica portal without failures: its run completes
# An error of the scheduler service, as Prefect 3.8 logs it (docket task ``schedule_deployments``)
SCHEDULER_ERROR = re.compile(r"\|\s*(ERROR|CRITICAL)\s*\|.*schedul|InvalidRequestError", re.IGNORECASE)


def _prefect(*args: str, env: dict, cwd: Path, timeout: float = 120) -> str:
    done = subprocess.run([sys.executable, "-m", "prefect", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


# `prefect work-pool create` asks the server for the collection registry, which the
# server fetches from raw.githubusercontent.com: the pool is created through the API
# with the process worker's own default template instead (nothing leaves 127.0.0.1).
_CREATE_POOL = """
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.workers.process import ProcessWorker

with get_client(sync_client=True) as client:
    client.create_work_pool(WorkPoolCreate(
        name="govbudget", type="process", base_job_template=ProcessWorker.get_default_base_job_template()))
"""


def _create_process_pool(env: dict, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _CREATE_POOL], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def _poll(what: str, probe, timeout: float, every: float = 1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def fleet(replica, tmp_path_factory):
    """A server on a free loopback port, prefect.yaml's weekly-full deployed every minute, a worker outside the checkout."""
    _, registry = replica
    home = tmp_path_factory.mktemp("fleet")
    elsewhere = tmp_path_factory.mktemp("not-a-checkout")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREFECT_HOME", str(home / "prefect"))
        patch.setenv("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "5")
        (home / "prefect").mkdir()
        server = start_local_server()
    env = {k: v for k, v in os.environ.items() if k not in ("GOVBUDGET_CHECKOUT", "PYTHONPATH")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1] / "netguard")  # the network guard, not the checkout
    env.update(PREFECT_HOME=str(home / "prefect"), PREFECT_API_URL=server.api_url, GOVBUDGET_HOME=str(home / "govbudget"),
               GOVBUDGET_ARCHIVE=str(home / "archive"), GOVBUDGET_PARSE_PROCESSES="0",
               PREFECT_WORKER_QUERY_SECONDS="2", PREFECT_WORKER_PREFETCH_SECONDS="5",
               # the worker and its flow runs log what they do (the tests' quiet settings would leave only its banner)
               PREFECT_LOGGING_LEVEL="INFO", PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="INFO")
    worker = None
    try:
        _create_process_pool(env, elsewhere)
        _prefect("--no-prompt", "deploy", "--prefect-file", str(PREFECT_YAML), "--name", "weekly-full",
                 "--cron", "* * * * *", "--params", json.dumps({"portals": [PORTAL], "registry": registry}),
                 env=env, cwd=elsewhere)
        worker_log = home / "worker.log"
        with worker_log.open("wb") as out:
            worker = subprocess.Popen([sys.executable, "-m", "prefect", "worker", "start", "--pool", "govbudget"],
                                      env=env, cwd=elsewhere, stdout=out, stderr=subprocess.STDOUT)
        yield server, worker_log, home / "archive"
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        server.stop()


def _flow_runs(api_url: str, deployment_id: str, **state_filter) -> list[dict]:
    body = {"flow_runs": {"deployment_id": {"any_": [deployment_id]}, **state_filter}, "sort": "EXPECTED_START_TIME_ASC"}
    response = httpx.post(f"{api_url}/flow_runs/filter", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def _diagnosis(api_url: str, deployment_id: str, worker_log: Path, run_id: str | None = None) -> str:
    """What a failure needs: every run's state history (a Crashed state's message says why), the run's logs, the worker's."""
    lines = []
    try:
        runs = _flow_runs(api_url, deployment_id)
        untouched = [r for r in runs if r["state_name"] == "Scheduled" and r["run_count"] == 0]
        lines.append(f"{len(runs)} runs, {len(untouched)} of them still as the scheduler made them")
        for run in (r for r in runs if r not in untouched):
            states = httpx.get(f"{api_url}/flow_run_states/", params={"flow_run_id": run["id"]}, timeout=10).json()
            history = " -> ".join(f"{s['type']}({s['name']}) {s['timestamp']}" + (f": {s['message']}" if s["message"] else "")
                                  for s in sorted(states, key=lambda s: s["timestamp"]))
            lines.append(f"run {run['name']} {run['id']} expected {run['expected_start_time']}: {history or run['state_type']}")
        if run_id:
            logs = httpx.post(f"{api_url}/logs/filter", timeout=10, json={
                "logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC", "limit": 200}).json()
            lines.append("its logs:")
            lines += [f"  {entry['timestamp']} {entry['level']:>2} {entry['name']}: {entry['message']}" for entry in logs]
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        lines.append(f"(the API did not say: {exc!r})")
    lines += ["worker log:", worker_log.read_text(errors="replace")[-20000:]]
    return "\n".join(lines)


def test_a_cron_deployment_gets_scheduled_runs_and_a_worker_completes_one(fleet):
    server, worker_log, archive = fleet
    api = server.api_url
    deployment = httpx.get(f"{api}/deployments/name/pipeline/weekly-full", timeout=10).json()
    # prefect.yaml's own cron, and the every-minute one the test adds
    assert sorted(s["schedule"]["cron"] for s in deployment["schedules"]) == ["* * * * *", "0 2 * * 0"]

    scheduled = _poll("SCHEDULED runs made by the scheduler", lambda: [
        r for r in _flow_runs(api, deployment["id"], state={"type": {"any_": ["SCHEDULED"]}}) if r["auto_scheduled"]],
        timeout=60)
    assert scheduled[0]["parameters"]["portals"] == [PORTAL]

    def finished():
        runs = _flow_runs(api, deployment["id"], state={"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}})
        return runs[:1]

    try:
        (run,) = _poll("a run finished by the worker", finished, timeout=150, every=2)
    except AssertionError:
        raise AssertionError("no run finished\n" + _diagnosis(api, deployment["id"], worker_log)) from None
    assert run["state"]["type"] == "COMPLETED", _diagnosis(api, deployment["id"], worker_log, run["id"])

    artifacts = httpx.post(f"{api}/artifacts/filter", timeout=10, json={
        "artifacts": {"flow_run_id": {"any_": [run["id"]]}, "key": {"any_": ["govbudget-run-report"]}}}).json()
    assert len(artifacts) == 1 and "# govbudget pipeline run" in artifacts[0]["data"]
    assert list(archive.glob("runs/*/report.md")) != []


def test_the_scheduler_logged_no_error(fleet):
    """Runs after the scheduler has made several passes (the test above waited for them).

    With SQLAlchemy 2.1 every pass logs ``ERROR | docket.dependencies - … schedule_deployments()``.
    """
    server, _, _ = fleet
    errors = [line for line in server.log_path.read_text(errors="replace").splitlines() if SCHEDULER_ERROR.search(line)]
    assert errors == []
