"""Parsing on Dask: a local cluster, a cluster started separately (the multi-machine shape), a worker lost mid-run.

Each crawl is ``govbudget crawl`` in its own process against a real Prefect server (the
Dask workers report their task runs to it), over a replica portal on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govbudget import exitcodes
from govbudget.flows.runners import DASK_ALLOWED_FAILURES
from govbudget.flows.server import start_local_server
from govbudget.net import free_port

pytestmark = pytest.mark.slow

CRAWL_TIMEOUT = 300  # seconds: a hang fails the test instead of stalling the suite


@pytest.fixture(scope="module")
def prefect_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("dask-prefect")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREFECT_HOME", str(home / "prefect"))
        (home / "prefect").mkdir()
        server = start_local_server()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVBUDGET_DASK", "GOVBUDGET_TASK_RUNNER"))}
    env.update(PREFECT_HOME=str(home / "prefect"), PREFECT_API_URL=server.api_url, GOVBUDGET_HOME=str(home / "govbudget"))
    try:
        yield env
    finally:
        server.stop()


def govbudget_crawl(env: dict, registry: str, archive: Path, *portals: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "govbudget", "crawl", "--registry", registry, "--archive", str(archive)]
    command += [arg for portal in portals for arg in ("--portal", portal)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT)


def parsed_and_failed(out: str) -> tuple[int, int]:
    """The summary table's parsed and failed counts."""
    (row,) = [line for line in out.splitlines() if line.strip().startswith("│") and line.replace("│", "").split()[0].isdigit()]
    cells = [int(c) for c in row.replace("│", " ").split()]
    return cells[3], cells[-1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, prefect_env):
    """``dask scheduler`` and two ``dask worker`` processes, as on separate machines (here on 127.0.0.1)."""
    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = str(Path(sys.executable).parent / "dask")
    env = dict(prefect_env, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=str(DASK_ALLOWED_FAILURES))
    processes = {"scheduler": subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
        env=env, stdout=(logs / "scheduler.log").open("wb"), stderr=subprocess.STDOUT)}
    for name in ("w1", "w2"):
        processes[name] = subprocess.Popen(
            [dask, "worker", address, "--name", name, "--nthreads", "1", "--no-nanny",
             "--no-dashboard"], env=env, stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT)
    from distributed import Client

    client = Client(address, timeout=60)
    try:
        client.wait_for_workers(2, timeout=120)
        yield address, client, processes
    finally:
        client.close()
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_crawl_completes_on_a_local_dask_cluster(replica, prefect_env, tmp_path):
    _, registry = replica
    done = govbudget_crawl(dict(prefect_env, GOVBUDGET_TASK_RUNNER="dask"), registry, tmp_path / "archive", "replica-sx-bmp")
    assert (done.returncode, parsed_and_failed(done.stdout)) == (0, (2, 0)), done.stderr[-3000:]


def test_a_crawl_completes_on_a_separately_started_cluster(replica, prefect_env, cluster, tmp_path):
    _, registry = replica
    address, client, _ = cluster
    done = govbudget_crawl(dict(prefect_env, GOVBUDGET_DASK_ADDRESS=address), registry, tmp_path / "archive",
                           "replica-sx-bmp")
    assert (done.returncode, parsed_and_failed(done.stdout)) == (0, (2, 0)), done.stderr[-3000:]
    assert len(client.scheduler_info()["workers"]) == 2


def _kill_the_first_busy_worker(client, processes: dict, killed: list, deadline: float) -> None:
    while time.monotonic() < deadline and not killed:
        busy = [worker for worker, tasks in client.processing().items() if any("parse" in t for t in tasks)]
        if busy:
            name = client.scheduler_info()["workers"][busy[0]]["name"]
            processes[name].send_signal(signal.SIGKILL)
            killed.append(name)
        time.sleep(0.1)


def test_a_worker_lost_mid_run_fails_the_run_loudly_and_in_bounded_time(replica, prefect_env, cluster, tmp_path):
    _, registry = replica
    address, client, processes = cluster
    killed: list[str] = []
    killer = threading.Thread(target=_kill_the_first_busy_worker,
                              args=(client, processes, killed, time.monotonic() + CRAWL_TIMEOUT))
    killer.start()
    try:
        done = govbudget_crawl(dict(prefect_env, GOVBUDGET_DASK_ADDRESS=address), registry, tmp_path / "archive",
                               "replica-sx-bmp", "replica-yq-czj")
    finally:
        killed.append("crawl over")  # stops the killer if it never found a parse running
        killer.join()
    assert killed[0] in {"w1", "w2"}, "no parse was ever seen running on a worker"
    assert done.returncode == exitcodes.COMPLETED_WITH_FAILURES, done.stderr[-3000:]
    assert "KilledWorker" in done.stdout
    parsed, failed = parsed_and_failed(done.stdout)
    assert (parsed >= 1, failed >= 1) == (True, True)  # the surviving worker parsed the rest
