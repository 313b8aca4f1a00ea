"""Every run writes a start marker first: a run killed before its manifest is listed as interrupted, and
an exclusive run refuses to start while another run holds the archive."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from govbudget import storage
from govbudget.errors import StorageError
from govbudget.storage import layout, runs


def put_marker(archive, run_id: str, pid: int, *, host: str | None = None, age_hours: float = 0) -> None:
    """A start marker as a run of process ``pid`` (on ``host``) would have written it."""
    marker = {"run_id": run_id, "host": host or socket.gethostname(), "pid": pid,
              "started_at": (runs.utc_now() - timedelta(hours=age_hours)).isoformat(timespec="milliseconds")}
    archive.store.put(layout.run_file(run_id, layout.RUN_STARTED), json.dumps(marker).encode())


@pytest.fixture
def dead_pid():
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


@pytest.fixture
def live_pid():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def test_a_finished_run_is_not_interrupted(archive_location):
    archive = storage.open_archive(archive_location)
    with archive.run() as run_id:
        pass
    assert (archive.run_ids(), archive.interrupted_runs()) == ([run_id], [])


def test_a_run_whose_process_died_before_its_manifest_is_interrupted(archive_location, dead_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-dead", dead_pid)
    assert [m["run_id"] for m in archive.interrupted_runs()] == ["20260101T000000000000Z-dead"]
    assert archive.run_ids() == []  # --as-of never reads it


def test_a_run_still_in_progress_is_not_interrupted(archive_location, live_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-live", live_pid)
    assert archive.interrupted_runs() == []


def test_a_run_on_another_host_counts_as_interrupted_only_when_old(archive_location):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-fresh", 1, host="elsewhere.invalid", age_hours=1)
    put_marker(archive, "20260101T000000000000Z-stale", 1, host="elsewhere.invalid",
               age_hours=runs.STALE_AFTER_HOURS + 1)
    assert [m["run_id"] for m in archive.interrupted_runs()] == ["20260101T000000000000Z-stale"]


def test_a_recovered_run_is_still_listed_but_no_longer_pending(archive_location, dead_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-dead", dead_pid)
    archive.mark_recovered(["20260101T000000000000Z-dead"], "20260102T000000000000Z-next")
    assert (len(archive.interrupted_runs()), archive.interrupted_runs(unrecovered=True)) == (1, [])


def test_an_exclusive_run_refuses_while_another_holds_the_archive_naming_it(archive_location, live_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-live", live_pid)
    with pytest.raises(StorageError, match=rf"run 20260101T000000000000Z-live \(pid {live_pid} on "):
        archive.begin_run(exclusive=True)
    # the refused run left nothing: no manifest, no marker, no run in progress
    assert (archive.run_ids(), archive.interrupted_runs(), archive._run) == ([], [], None)


def test_an_exclusive_run_takes_over_from_a_dead_holder(archive_location, dead_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "20260101T000000000000Z-dead", dead_pid)
    with archive.run(exclusive=True) as run_id:
        pass
    assert archive.run_ids() == [run_id]


def test_of_two_exclusive_runs_started_at_once_the_later_gives_way(archive_location, live_pid):
    archive = storage.open_archive(archive_location)
    put_marker(archive, "29990101T000000000000Z-later", live_pid)  # wrote its marker, has not checked yet
    with archive.run(exclusive=True) as run_id:  # the earlier run id goes on
        assert runs.holder(archive.store, "29990101T000000000000Z-later")["run_id"] == run_id
