"""Running ``govbudget crawl`` in a subprocess, killing it, and judging what it left (tests/flows crash tests).

Kill moments come from the run's own log: with GOVBUDGET_LOG_LEVEL=INFO every run
logs ``phase started`` / ``phase finished`` (field ``phase``: crawl, parse, changes,
commit) as JSON lines on stderr, and everything written before a SIGKILL is still
in the pipe, so the log read to its end tells which phase the kill hit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from govbudget import storage
from govbudget.reaper import descendants, start_time
from govbudget.schema.datasets import DATASETS
from govbudget.storage.pull import load

ROOT = Path(__file__).resolve().parents[2]
PORTAL = "replica-sx-bmp"  # two budget PDFs behind a cookie gate and a JSON list API


def fast_registry(registry: str, path: Path) -> str:
    """The replica registry with only PORTAL, crawled without a download delay (the replica is on loopback)."""
    portals = yaml.safe_load(Path(registry).read_text("utf-8"))["portals"]
    chosen = [dict(p, politeness={"download_delay": 0}) for p in portals if p["id"] == PORTAL]
    path.write_text(yaml.safe_dump({"portals": chosen}, allow_unicode=True), "utf-8")
    return str(path)


def crawl_command(registry: str, archive: str) -> list[str]:
    return [sys.executable, "-m", "govbudget", "crawl", "--registry", registry, "--portal", PORTAL,
            "--archive", archive, "--json"]


def alive(children: dict[int, str]) -> set[int]:
    """Of ``children`` (pid → start time), those still running as the process we saw: a zombie has
    finished, and a pid the kernel has since given to another process is not ours to kill."""
    running = set()
    for pid, started in children.items():
        if start_time(pid) != started:
            continue
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


def assert_no_survivors(children: dict[int, str], what: str) -> None:
    """Every child of a killed run ends (the watcher notices within a second, then allows a grace period)."""
    survivors = alive(children)
    give_up = time.monotonic() + 15
    while survivors and time.monotonic() < give_up:
        time.sleep(0.5)
        survivors = alive(children)
    names = {pid: command_line(pid) for pid in survivors}
    for pid in survivors:  # never leave them running, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == set(), f"{what}: children outlived the run: {names}"


def pulls(location: str) -> dict[str, Counter]:
    """Every dataset as ``govbudget pull`` returns it (current editions), each row counted."""
    archive = storage.open_archive(location)
    return {name: Counter(tuple(row.values()) for row in load(archive, name).to_pylist()) for name in DATASETS}


def run_to_end(registry: str, archive: str, env: dict | None = None) -> tuple[int, list[dict]]:
    """Exit code and the run's log records (JSON lines of stderr)."""
    proc = subprocess.run(crawl_command(registry, archive), cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=env)
    assert proc.returncode in (0, 3), proc.stderr[-3000:]
    return proc.returncode, records(proc.stderr.splitlines())


def records(lines: list[str]) -> list[dict]:
    found = []
    for line in lines:
        if line.startswith("{"):
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
    return found


def open_phase(logged: list[dict]) -> str | None:
    """The innermost phase begun and not finished (the one a kill at the end of this log hit)."""
    stack: list[str] = []
    for record in logged:
        if record.get("msg") == "phase started":
            stack.append(record["phase"])
        elif record.get("msg") in ("phase finished", "phase failed") and record["phase"] in stack:
            stack.remove(record["phase"])
    return stack[-1] if stack else None


def phase_seconds(logged: list[dict], name: str) -> float:
    """How long the first ``name`` phase of a finished run took, from its log's timestamps."""
    moments = {}
    for record in logged:
        if record.get("phase") == name and record.get("msg") in ("phase started", "phase finished"):
            moments.setdefault(record["msg"], datetime.fromisoformat(record["ts"]))
    return (moments["phase finished"] - moments["phase started"]).total_seconds()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@dataclass
class Kill:
    pid: int
    code: int | None  # the exit code when the run ended before the kill
    phase: str | None  # the phase the kill landed in
    tables_written: int = 0  # Delta tables the interrupted commit had written
    children: dict[int, str] = field(default_factory=dict)  # pid → start time (reaper.descendants)


def tables_written(logged: list[dict]) -> int:
    """Tables written since the last commit began (what a kill during that commit left behind)."""
    written = 0
    for record in logged:
        if record.get("msg") == "phase started" and record.get("phase") == "commit":
            written = 0
        elif record.get("msg") == "table written":
            written += 1
    return written


def kill_during(command: list[str], env: dict, phase: str | None, delay: float, after_tables: int = 0) -> Kill:
    """Start ``command``; SIGKILL it ``delay`` seconds after its log says ``phase`` started (None: after its start).

    ``after_tables``: the delay counts from the ``after_tables``-th Delta table that phase wrote.
    """
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines: list[str] = []
    written = -1  # the phase has not begun

    def read() -> None:  # the reader kills: the fewest steps between the log line and the signal
        nonlocal written
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if phase is None or written >= after_tables:
                continue
            if '"phase started"' in line and f'"phase": "{phase}"' in line:
                written = 0
            elif written >= 0 and '"table written"' in line:
                written += 1
            if written == after_tables:
                time.sleep(delay)
                _kill(proc)

    reader = threading.Thread(target=read, daemon=True)
    if phase is None:
        threading.Timer(delay, _kill, (proc,)).start()
    reader.start()
    children: dict[int, str] = {}
    while proc.poll() is None:
        children.update(descendants(proc.pid))
        time.sleep(0.05)
    reader.join(timeout=30)
    if proc.returncode != -signal.SIGKILL:
        return Kill(proc.pid, proc.returncode, None, children=children)
    logged = records(lines)
    return Kill(proc.pid, None, open_phase(logged), tables_written(logged), children)


def run_env(prefect_api: str | None, **extra: str) -> dict:
    env = {**os.environ, "GOVBUDGET_LOG_LEVEL": "INFO", **extra}
    if prefect_api:
        env["PREFECT_API_URL"] = prefect_api
    return env




def assert_next_run_completes(registry: str, location: str, env: dict, clean_run, what: str) -> None:
    """The next run ends as a clean run did, leaves no interrupted run pending, and the datasets are the clean run's."""
    from govbudget.storage.verify import verify

    code, datasets, _ = clean_run
    assert run_to_end(registry, location, env)[0] == code, what
    archive = storage.open_archive(location)
    assert verify(archive) == [], what
    assert archive.interrupted_runs(unrecovered=True) == [], f"{what}: interrupted run not completed"
    assert pulls(location) == datasets, f"{what}: datasets differ from an uninterrupted run's"
