"""A ``govbudget crawl`` killed with SIGKILL at any moment loses nothing, and leaves no process behind.

Each trial runs the real CLI in a subprocess against the replica portals, kills it
with SIGKILL, then runs it again to its end. The datasets (every dataset, pulled)
must then equal those of a run never interrupted, the archive must verify, the
killed run must be listed as ``interrupted`` (and completed by the next run) and no
descendant of the killed process may still be running.

Kill moments come from the run's own log (``phase started`` / ``phase finished``
lines, GOVBUDGET_LOG_LEVEL=INFO, see tests/flows/crash.py): a trial kills after a
seeded random delay once its target phase has begun (``parse``, or ``commit``: the
Delta writes), or at a seeded moment anywhere in the run; the log written up to the
kill then proves which phase was hit. Local and S3 archives (moto on 127.0.0.1).
On the local archive the killed run uses Prefect's temporary API, as ``govbudget
crawl`` does by default (its server must end too); every other run shares one Prefect
server (started once, on 127.0.0.1), which saves each the start of a temporary one.

``GOVBUDGET_CRASH_TRIALS=N``: N trials per archive kind, cycling through parse,
commit and anywhere (default 1 each: local killed during parse, S3 during commit).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from govbudget import storage
from govbudget.storage import layout
from govbudget.storage.verify import verify
from tests.flows.crash import (
    ROOT, Kill, assert_next_run_completes, assert_no_survivors, crawl_command, kill_during, pulls, run_env,
)

CONFIGURED = os.environ.get("GOVBUDGET_CRASH_TRIALS")
SEED = 13
PLAN = ("parse", "commit", None)  # None: a moment anywhere in the run (the phases' clean durations: conftest's clean_run)
TRIALS = int(CONFIGURED or 1)
# pytest-timeout's 600 s is for one test of the default trial; 20 trials take ~15 minutes
TIMEOUT = max(600, 300 + 120 * TRIALS)
MISSES_ALLOWED = 3  # a kill that lands after its phase ended is tried again, sooner (a busy machine's timing)


@pytest.fixture(params=["local", "s3"])
def new_location(request, tmp_path, monkeypatch):
    """A fresh archive location per call (S3: a new bucket on the moto server; runs inherit its settings)."""
    if request.param == "local":
        counter = iter(range(1000))
        return lambda: str(tmp_path / f"archive-{next(counter)}")
    server = request.getfixturevalue("s3_server")
    request.getfixturevalue("aws_env")
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
    monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
    return lambda: f"s3://{server.new_bucket()}/archive"


def check_completed_by_next_run(registry: str, location: str, env: dict, killed: Kill, clean_run, what: str) -> None:
    """After a kill: the killed run is interrupted, the next run completes it, the datasets are a clean run's."""
    code, datasets, _ = clean_run
    archive = storage.open_archive(location)
    if killed.code is not None:  # the run ended before the kill came
        assert killed.code == code and pulls(location) == datasets, what
        return
    interrupted = [m["pid"] for m in archive.interrupted_runs()]
    if not interrupted:  # killed before its start marker: it had written nothing (the marker comes first)
        assert archive.original_ids() == [], f"{what}: originals archived by a run recorded nowhere"
    else:
        assert interrupted == [killed.pid], f"{what}: the killed run is not recorded as interrupted"
    assert_next_run_completes(registry, location, env, clean_run, what)


@pytest.mark.slow
@pytest.mark.timeout(TIMEOUT)
def test_a_crawl_killed_during_parse_dataset_commits_or_anywhere_is_completed_by_the_next_run(
        crash_registry, clean_run, prefect_api, new_location, request):
    """Local (and kills anywhere): the killed run uses Prefect's temporary API, as ``govbudget crawl`` does
    by default, so that temporary server is among the children that must end; else the shared server. The next
    run uses the shared server. Default: one trial per archive (local: a kill during parse; S3: during
    the Delta commits).
    """
    kind = request.node.callspec.params["new_location"]
    rng = random.Random(f"{SEED}-{kind}")
    first = 0 if kind == "local" else 1
    for trial in range(TRIALS):
        phase = PLAN[(first + trial) % len(PLAN)]
        share = rng.uniform(0.0, 0.6)  # of the phase's duration in the clean (local) run
        moment = rng.uniform(5.0, 45.0)  # for a kill anywhere: seconds after the start (a run takes 20–40 s here)
        tables = rng.randrange(clean_run[2]["tables"]) if phase == "commit" else 0  # count the delay from the k-th table
        for attempt in range(MISSES_ALLOWED + 1):
            location = new_location()
            delay = share * clean_run[2][phase] / max(tables, 1) / 2 ** attempt if phase else moment
            # None: the temporary API (its server must end too; a crawl killed there leaves its portal's
            # concurrency slot to that API, not to the shared server, whose slots expire only after minutes)
            killed_api = None if kind == "local" or phase is None else prefect_api
            killed = kill_during(crawl_command(crash_registry, location), run_env(killed_api), phase, delay, tables)
            what = (f"{kind} trial {trial} (kill {delay:.3f} s after {phase or 'the start'}"
                    f"{f' + {tables} table(s)' if tables else ''}, attempt {attempt}: hit {killed.phase}"
                    f"{f' after {killed.tables_written} table(s)' if killed.phase == 'commit' else ''})")
            print(what)
            assert_no_survivors(killed.children, what)
            if phase is None or killed.phase == phase:
                break
            assert killed.code is None, f"{what}: the run ended (exit {killed.code}) before the kill"
        assert killed.phase == phase or phase is None, f"{what}: the kill landed in {killed.phase!r}, not {phase!r}"
        check_completed_by_next_run(crash_registry, location, run_env(prefect_api), killed, clean_run, what)


@pytest.mark.slow
def test_a_crawl_into_an_archive_another_run_holds_refuses_with_one_line_naming_it(crash_registry, tmp_path):
    registry = crash_registry
    archive = tmp_path / "archive"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        held = storage.open_archive(str(archive))
        marker = {"run_id": "20260101T000000000000Z-hold", "host": socket.gethostname(), "pid": holder.pid,
                  "started_at": "2026-01-01T00:00:00.000+00:00"}
        held.store.put(layout.run_file(marker["run_id"], layout.RUN_STARTED), json.dumps(marker).encode())
        proc = subprocess.run(crawl_command(registry, str(archive)), cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"run 20260101T000000000000Z-hold (pid {holder.pid} on " in lines[0], proc.stderr[-3000:]
    assert storage.open_archive(str(archive)).run_ids() == []  # the refused run left no manifest


@pytest.mark.slow
def test_two_crawls_at_once_into_one_archive_leave_the_datasets_of_one_clean_run(
        crash_registry, clean_run, prefect_api, tmp_path):
    archive = str(tmp_path / "archive")
    procs = [subprocess.Popen(crawl_command(crash_registry, archive), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env=run_env(prefect_api)) for _ in range(2)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes in ([clean_run[0], clean_run[0]], [clean_run[0], 2]), results
    for code, stderr in results:
        if code == 2:  # refused: one error line naming the run that held the archive, no traceback
            errors = [line for line in stderr.splitlines() if line.startswith("govbudget: error:")]
            assert len(errors) == 1 and "is writing this archive" in errors[0], stderr[-3000:]
            assert "Traceback" not in stderr and "ArchiveHeld" not in stderr, stderr[-3000:]
    assert pulls(archive) == clean_run[1]
    assert verify(storage.open_archive(archive)) == []
