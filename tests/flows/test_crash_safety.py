"""A ``govbudget crawl`` killed with SIGKILL at any moment loses nothing, and leaves no process behind.

Each trial runs the real CLI in a subprocess against the replica portals, kills it
after a seeded random delay spread over a clean run's duration (so kills land in
the crawl, the parse and the dataset commits), then runs it again to its end. The
datasets must then equal those of a run never interrupted, the archive must verify,
the killed run must be listed as ``interrupted`` and no descendant of the killed
process may still be running.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govbudget import storage
from govbudget.reaper import descendants
from govbudget.storage import layout
from govbudget.storage.verify import verify

ROOT = Path(__file__).resolve().parents[2]
PORTAL = "replica-sx-bmp"
TRIALS = int(os.environ.get("GOVBUDGET_CRASH_TRIALS", "3"))
SEED = 13


def crawl_command(registry: str, archive: Path) -> list[str]:
    return [sys.executable, "-m", "govbudget", "crawl", "--registry", registry, "--portal", PORTAL,
            "--archive", str(archive), "--json"]


def alive(pids: set[int]) -> set[int]:
    """Of ``pids``, those still running (a zombie has finished)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        return "?"


def current_rows(location: Path) -> set[tuple]:
    """The current line items, without what depends on the run (run id, edition stamps are content)."""
    from deltalake import DeltaTable

    archive = storage.open_archive(str(location))
    table = DeltaTable(archive.tables.uri("line_items")).to_pyarrow_table(filters=[("is_current", "=", True)])
    columns = ["doc_id", "table_id", "row_seq", "column_key", "value_text", "value_yuan"]
    return set(zip(*(table.column(c).to_pylist() for c in columns)))


def run_to_end(registry: str, archive: Path) -> tuple[int, float]:
    began = time.monotonic()
    proc = subprocess.run(crawl_command(registry, archive), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 3), proc.stderr[-2000:]
    return proc.returncode, time.monotonic() - began


@pytest.fixture(scope="module")
def clean(replica, tmp_path_factory):
    """An uninterrupted run: its datasets and how long it took."""
    _, registry = replica
    archive = tmp_path_factory.mktemp("clean") / "archive"
    code, seconds = run_to_end(registry, archive)
    rows = current_rows(archive)
    assert rows, "the clean run parsed nothing: the trials would prove nothing"
    return code, seconds, rows


@pytest.mark.slow
def test_a_crawl_killed_at_random_moments_is_completed_by_the_next_run(replica, clean, tmp_path):
    _, registry = replica
    code, seconds, rows = clean
    rng = random.Random(SEED)
    for trial in range(TRIALS):
        archive = tmp_path / f"trial-{trial}" / "archive"
        delay = rng.uniform(0.1, seconds)
        proc = subprocess.Popen(crawl_command(registry, archive), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        children: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            children |= set(descendants(proc.pid))
            time.sleep(0.05)
        killed = proc.poll() is None
        if killed:
            children |= set(descendants(proc.pid))
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        survivors = alive(children)
        give_up = time.monotonic() + 15  # the watcher notices within a second, then allows a grace period
        while survivors and time.monotonic() < give_up:
            time.sleep(0.5)
            survivors = alive(children)
        names = {pid: command_line(pid) for pid in survivors}
        for pid in survivors:  # never leave them running, even when the test fails
            os.kill(pid, signal.SIGKILL)
        assert survivors == set(), f"trial {trial} (killed after {delay:.1f} s): children outlived the run: {names}"

        if killed and (archive / "originals").exists():
            listed = storage.open_archive(str(archive)).interrupted_runs()
            finished = storage.open_archive(str(archive)).run_ids()
            assert [m["run_id"] for m in listed] + finished, f"trial {trial}: the killed run is recorded nowhere"
        assert run_to_end(registry, archive)[0] == code
        archive_now = storage.open_archive(str(archive))
        assert verify(archive_now) == [], f"trial {trial} (killed after {delay:.1f} s)"
        assert current_rows(archive) == rows, f"trial {trial} (killed after {delay:.1f} s): datasets differ"
        assert archive_now.interrupted_runs(unrecovered=True) == [], f"trial {trial}: interrupted run not completed"


@pytest.mark.slow
def test_a_crawl_into_an_archive_another_run_holds_refuses_with_one_line_naming_it(replica, tmp_path):
    _, registry = replica
    archive = tmp_path / "archive"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        held = storage.open_archive(str(archive))
        marker = {"run_id": "20260101T000000000000Z-hold", "host": socket.gethostname(), "pid": holder.pid,
                  "started_at": "2026-01-01T00:00:00.000+00:00"}
        held.store.put(layout.run_file(marker["run_id"], layout.RUN_STARTED), json.dumps(marker).encode())
        proc = subprocess.run(crawl_command(registry, archive), cwd=ROOT, capture_output=True, text=True, timeout=600)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"run 20260101T000000000000Z-hold (pid {holder.pid} on " in lines[0], proc.stderr[-3000:]
    assert storage.open_archive(str(archive)).run_ids() == []  # the refused run left no manifest


@pytest.mark.slow
def test_two_crawls_at_once_into_one_archive_leave_the_datasets_of_one_clean_run(replica, clean, tmp_path):
    _, registry = replica
    archive = tmp_path / "archive"
    procs = [subprocess.Popen(crawl_command(registry, archive), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes in ([clean[0], clean[0]], [clean[0], 2]), results
    for code, stderr in results:
        if code == 2:  # refused: one error line naming the run that held the archive, no traceback
            errors = [line for line in stderr.splitlines() if line.startswith("govbudget: error:")]
            assert len(errors) == 1 and "is writing this archive" in errors[0], stderr[-3000:]
            assert "Traceback" not in stderr and "ArchiveHeld" not in stderr, stderr[-3000:]
    assert current_rows(archive) == clean[2]
    assert verify(storage.open_archive(str(archive))) == []
