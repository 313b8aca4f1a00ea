"""Interrupted runs stay safe: a process killed mid-run, an S3 endpoint that goes away mid-run.

Afterwards the archive is consistent (no partial objects, no dangling
pointers), nothing archived is lost, and a rerun completes the work.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from govbudget import storage
from govbudget.errors import StorageError
from govbudget.storage.ingest import ingest
from govbudget.storage.verify import verify
from tests.conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY, start_moto
from tests.storage.archive_worker import items

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 30
KILL_AFTER = 10


def run_worker(location: str, *, kill_after: int | None = None) -> list[int]:
    """Run the worker; with ``kill_after``, SIGKILL it once that many documents are done."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.archive_worker", location, str(DOCUMENTS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    done = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("done "):
            done.append(int(line.split()[1]))
            if kill_after is not None and len(done) == kill_after:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=120)
    return done


def test_a_killed_run_leaves_a_consistent_archive_and_a_rerun_completes(archive_location):
    done = run_worker(archive_location, kill_after=KILL_AFTER)
    archive = storage.open_archive(archive_location)
    assert verify(archive) == []
    assert archive.run_ids() == []  # the killed run never published a manifest
    wanted = [item.raw.sha256 for item in items(DOCUMENTS)]
    # nothing reported done was lost: originals and parse results are stored at once (rows commit in batches)
    assert all(archive.has_original(wanted[i]) and archive.get_parse(wanted[i]) for i in done)

    assert len(run_worker(archive_location)) == DOCUMENTS
    (run_id,) = archive.run_ids()
    manifest = archive.manifest(run_id)
    assert manifest["status"] == "complete"
    assert sorted(manifest["documents_parsed"]) == sorted(e["doc_id"] for e in archive.catalog()) == sorted(wanted)
    assert manifest["counts"]["originals_new"] <= DOCUMENTS - len(done)
    assert verify(archive) == []


@pytest.fixture
def flaky_s3(aws_env, monkeypatch, tmp_path):
    """A moto server of this test's own, so it can be stopped and restarted on the same port."""
    server = start_moto()
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
    monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
    bucket = server.new_bucket()
    state = {"server": server}
    yield f"s3://{bucket}/archive", state
    state["server"].server.stop()


def fast_failing(location: str):
    return storage.open_archive(location, attempts=2, botocore_attempts=1, backoff_seconds=0.01, connect_timeout=1)


def test_an_endpoint_refusing_connections_mid_run_is_reported_and_a_rerun_completes(flaky_s3, tmp_path):
    location, state = flaky_s3
    archive = fast_failing(location)
    batch = list(items(10))

    def stop_after_fourth(index, _item):
        if index == 3:
            state["server"].server.stop()

    with pytest.raises(StorageError) as failure:
        ingest(archive, batch, on_item=stop_after_fourth)
    assert location.split("/")[2] in str(failure.value)
    assert TEST_SECRET_KEY not in str(failure.value) and TEST_ACCESS_KEY not in str(failure.value)
    assert len(archive.spool.pending()) == 6  # kept locally: no second download needed

    state["server"] = start_moto(state["server"].port)  # the endpoint comes back
    archive = fast_failing(location)
    assert verify(archive) == []
    assert all(archive.has_original(item.raw.sha256) for item in batch[:4])

    with archive.run("after-outage"):
        pass  # starting a run sends what the spool kept
    assert archive.spool.pending() == []
    assert all(archive.has_original(item.raw.sha256) for item in batch)

    report = ingest(archive, batch, run_id="rerun")
    assert report.failed == {}
    assert report.manifest["status"] == "complete"
    assert sorted(report.manifest["documents_parsed"]) == sorted(item.raw.sha256 for item in batch)
    assert sorted(e["doc_id"] for e in archive.catalog()) == sorted(item.raw.sha256 for item in batch)
    assert verify(archive) == []


def test_a_batch_killed_between_its_commits_is_repaired_by_the_next(archive_location, monkeypatch):
    """Rows committed, catalog not: the intent left behind makes a later batch remove or redo them."""
    import json

    from govbudget.storage import commit, tables
    from govbudget.schema.datasets import dataset_tables
    from govbudget.storage.pull import load
    from tests.storage.truth_results import truth_result

    archive = storage.open_archive(archive_location, backoff_seconds=0.01)
    with archive.run("before"):
        archive.put_parse(truth_result("000"))
    write = tables.Tables.write

    def dies_at_the_catalog(self, name, *args, **kwargs):
        if name == "documents":
            raise StorageError(name, "killed")
        return write(self, name, *args, **kwargs)

    monkeypatch.setattr(tables.Tables, "write", dies_at_the_catalog)
    changed = truth_result("000").model_copy(deep=True)
    changed.tables[1].rows[1].values["本年收入/合计"] = "999.99"
    with pytest.raises(StorageError):
        with archive.run("dies"):  # its batch commits the rows, then dies before the catalog
            archive.put_parse(truth_result("002"))  # new: rows committed, never catalogued
            archive.put_parse(changed)  # stored before: new rows committed, catalog still names the old parse
    monkeypatch.setattr(tables.Tables, "write", write)
    (intent,) = list(archive.store.list(f"{commit.INTENTS}/"))
    stale = json.loads(archive.store.get(intent))
    stale["created"] = "2001-01-01T00:00:00+00:00"  # long dead
    archive.store.put(intent, json.dumps(stale).encode())
    new_id = truth_result("002").document.doc_id
    uncatalogued = {n: t.num_rows for n, t in dataset_tables(truth_result("002"), None).items() if t.num_rows}
    assert verify(archive) == [  # 000's new rows count as many as its catalogued ones: only 002's are found
        *(f"tables/{n}: {rows} row(s) of {new_id} have no catalog entry (interrupted batch {intent}: the next run repairs it)"
          for n, rows in sorted(uncatalogued.items())),
        f"{intent}: a commit batch of 2 document(s) was interrupted (the next run repairs it)"]

    again = storage.open_archive(archive_location, backoff_seconds=0.01)
    with again.run("after"):
        again.put_parse(truth_result("004"))
    assert list(again.store.list(f"{commit.INTENTS}/")) == []
    rows = load(again)
    catalogued = {e["doc_id"] for e in again.catalog()}
    assert set(rows.column("doc_id").to_pylist()) == catalogued  # no rows without a catalog row
    # 000 holds its stored parse result (the later one, stored before the batch died), once
    assert rows.column("value_text").to_pylist().count("999.99") == 1
    assert rows.num_rows == sum(len(truth_result(n).line_items()) for n in ("000", "004"))
    assert verify(again) == []


def test_an_intent_whose_writer_is_gone_is_in_doubt_at_once_and_a_live_writers_is_not(tmp_path):
    """A batch killed mid-commit is repaired by the very next run, not ten minutes later."""
    import json
    import socket

    from govbudget.storage import commit

    store = storage.open_archive(str(tmp_path / "archive")).store
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    now = "2026-12-05T00:00:00+00:00"
    for name, pid in (("dead", int(dead.stdout)), ("live", os.getpid())):
        intent = {"created": now, "host": socket.gethostname(), "pid": pid, "doc_ids": [name]}
        store.put(f"{commit.INTENTS}/{name}.json", json.dumps(intent).encode())
    from datetime import datetime

    assert commit.in_doubt(store, datetime.fromisoformat(now)) == {f"{commit.INTENTS}/dead.json": ["dead"]}


def test_a_batch_that_failed_midway_is_kept_and_its_retry_writes_each_row_once(tmp_path, monkeypatch):
    """The archive failed after the first table's commit (then came back): nothing staged is dropped or doubled."""
    from govbudget.storage import tables
    from govbudget.storage.pull import load
    from tests.storage.truth_results import truth_result

    archive = storage.open_archive(str(tmp_path / "archive"))
    write = tables.Tables.write
    failures = iter([StorageError("performance_targets", "write failed: No space left on device")])

    def fails_once_after_the_first_table(self, name, *args, **kwargs):
        if name == "performance_targets" and (failure := next(failures, None)):
            raise failure
        return write(self, name, *args, **kwargs)

    monkeypatch.setattr(tables.Tables, "write", fails_once_after_the_first_table)
    with archive.run("flaky"):
        archive.put_parse(truth_result("000"))
        with pytest.raises(StorageError):
            archive.flush()  # line_items committed, then the failure
    assert archive.manifest("flaky")["status"] == "complete"  # the run's end committed the batch again
    assert [e["doc_id"] for e in archive.catalog()] == [truth_result("000").document.doc_id]
    assert load(archive).num_rows == len(truth_result("000").line_items())
    assert verify(archive) == []
