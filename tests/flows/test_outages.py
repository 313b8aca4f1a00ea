"""The archive goes away mid-run (an S3 endpoint down for longer than the retries, a full disk), then comes back.

The run must end by itself within its retry budget, with exit code 1, its failures
listed one line each (no traceback), and must not be recorded as complete; nothing
archived is lost, and the next run, once the archive is back, completes every
document: the datasets equal those of a run never interrupted. Real processes, a
real S3-compatible server on 127.0.0.1 (moto, stopped and restarted on its port)
and a real filesystem that fills (a small tmpfs).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from govbudget import storage
from tests.flows.crash import ROOT, assert_next_run_completes, crawl_command, run_env

FAST_RETRIES = {  # the retry budget, made small: the run gives up in seconds, not minutes
    "GOVBUDGET_S3_ATTEMPTS": "2", "GOVBUDGET_S3_BACKOFF_SECONDS": "0.2", "AWS_MAX_ATTEMPTS": "1",
    "GOVBUDGET_TASK_RETRY_DELAY_SECONDS": "0.2",
}
GIVE_UP_WITHIN = 90  # seconds from the outage to the run's end (the default budget would take minutes)
# Where the outage begins. Each phase costs two full runs (~50 s here): by default S3 goes away when
# the Delta commits begin (the writer with the longest retries of its own) and the disk fills when
# parsing begins; GOVBUDGET_CRASH_TRIALS (any value) runs S3 at crawl, parse and commit, the disk at
# parse and commit.
ALL_PHASES = bool(os.environ.get("GOVBUDGET_CRASH_TRIALS"))


def run_with_outage(command: list[str], env: dict, phase: str, outage) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``command``; call ``outage()`` when its log says ``phase`` started. Returns the run and its seconds after."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    began: list[float] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if not began and '"phase started"' in line and f'"phase": "{phase}"' in line:
                outage()
                began.append(time.monotonic())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert proc.stdout is not None
    out = proc.stdout.read()  # stderr is the reader's alone
    proc.wait(timeout=600)
    reader.join(timeout=30)
    assert began, f"the run never reached its {phase} phase: {''.join(lines)[-3000:]}"
    return subprocess.CompletedProcess(command, proc.returncode, out, "".join(lines)), time.monotonic() - began[0]


def assert_failed_with_one_line_each(run: subprocess.CompletedProcess, seconds: float, where: str) -> dict:
    """Exit 1, the report lists the failures (the archive's among them), no traceback, every error one line."""
    assert run.returncode == 1, run.stderr[-3000:]
    assert seconds < GIVE_UP_WITHIN, f"the run took {seconds:.0f} s to give up after the outage"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    errors = [line for line in run.stderr.splitlines() if '"level": "error"' in line or "ERROR" in line]
    for line in errors:  # one JSON line each, naming what failed and why
        record = json.loads(line)
        assert record.get("url") and record.get("reason"), line
    report = json.loads(run.stdout)
    print(*errors, *(f"failed {f['where']}: {f['reason']}" for f in report["failures"]), sep="\n")
    assert report["status"] == "incomplete"
    archive_failures = [f for f in report["failures"] if f["where"] == report["archive"]]
    assert len(archive_failures) == 1 and where in archive_failures[0]["reason"], report["failures"]
    assert all(f["reason"] and "\n" not in f["reason"] for f in report["failures"]), report["failures"]
    return report


def assert_not_recorded_complete(location: str, run_id: str) -> None:
    archive = storage.open_archive(location)
    manifest = archive.manifest(run_id) if run_id in archive.run_ids() else None
    if manifest is None:
        assert run_id in [m["run_id"] for m in archive.interrupted_runs()], "the run is recorded nowhere"
    else:
        assert manifest["status"] == "incomplete" and manifest["failures"], manifest


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["crawl", "parse", "commit"] if ALL_PHASES else ["commit"])
def test_an_s3_endpoint_gone_longer_than_the_retries_fails_the_run_and_the_next_run_completes_it(
        crash_registry, clean_run, prefect_api, aws_env, monkeypatch, tmp_path, phase):
    from tests.conftest import start_moto

    server = start_moto()  # this test's own: stopped and restarted on its port (the data stays in this process)
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
        monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
        location = f"s3://{server.new_bucket()}/archive"
        env = run_env(prefect_api, **FAST_RETRIES)
        run, seconds = run_with_outage(crawl_command(crash_registry, location), env, phase, server.server.stop)
        report = assert_failed_with_one_line_each(run, seconds, server.endpoint_url)
        assert all(location.split("/")[2] in f["reason"] for f in report["failures"]), report["failures"]

        server = start_moto(server.port)  # the endpoint comes back
        assert_not_recorded_complete(location, report["run_id"])
        assert_next_run_completes(crash_registry, location, env, clean_run, f"after an S3 outage in {phase}")
    finally:
        server.server.stop()


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of its own (enlarged later with ``mount -o remount``); skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True,
                           text=True) if shutil.which("mount") else None
    if tried is None or tried.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {tried.stderr.strip() if tried else 'no mount'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(directory: Path) -> None:
    """Take every free byte of the filesystem holding ``directory`` (unbuffered: no flush left to fail)."""
    descriptor = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 12, 1):
            while True:
                try:
                    os.write(descriptor, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(descriptor)


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["parse", "commit"] if ALL_PHASES else ["parse"])
def test_a_disk_that_fills_mid_run_fails_the_run_and_after_it_is_enlarged_the_next_run_completes_it(
        crash_registry, clean_run, prefect_api, small_disk, phase):
    location = str(small_disk / "archive")
    env = run_env(prefect_api, **FAST_RETRIES)
    run, seconds = run_with_outage(crawl_command(crash_registry, location), env, phase, lambda: fill(small_disk))
    report = assert_failed_with_one_line_each(run, seconds, "No space left on device")
    reasons = [f["reason"] for f in report["failures"]]
    assert all(location in r and "No space left on device" in r for r in reasons), reasons
    originals = storage.open_archive(location).original_ids()
    assert len(originals) == len(report["documents"]), "an archived original was lost"

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)  # the disk is enlarged
    assert_not_recorded_complete(location, report["run_id"])
    assert_next_run_completes(crash_registry, location, env, clean_run, "after a full disk")
