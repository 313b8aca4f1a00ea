"""No child outlives its run: a small watcher process ends our descendants when we die.

A run starts children it does not fully control (Prefect's temporary API server,
the parse workers of the process pool, multiprocessing's resource
tracker). On a normal exit each stops itself; after ``kill -9`` of the ``govbudget``
process nothing would. So the command, when run as a program, starts
``python -m govbudget.reaper <pid>``: it notes the descendants of that process
every half second and, once the process is gone, sends them SIGTERM, then SIGKILL
to those still running after a grace period. Linux only (``/proc``); elsewhere it
does nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.5
GRACE_SECONDS = 3.0


def start_time(pid: int) -> str | None:
    """A process's start time (field 22 of /proc/PID/stat): tells a pid reused later from the one we saw."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` with its start time."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in children:
                started = start_time(child)
                if child not in found and started is not None and child != os.getpid():
                    found[child] = started
                    todo.append(child)
    return found


def _signal(seen: dict[int, str], signum: int) -> dict[int, str]:
    """Send ``signum`` to those of ``seen`` still running as the same process; returns them."""
    hit = {}
    for pid, started in seen.items():
        if start_time(pid) == started:
            try:
                os.kill(pid, signum)
                hit[pid] = started
            except ProcessLookupError:
                pass
    return hit


def watch(parent: int) -> None:
    started = start_time(parent)
    seen: dict[int, str] = {}
    while start_time(parent) == started and os.getppid() == parent:
        seen.update(descendants(parent))
        time.sleep(POLL_SECONDS)
    seen = {pid: s for pid, s in seen.items() if pid != parent}
    if _signal(seen, signal.SIGTERM):
        time.sleep(GRACE_SECONDS)
        _signal(seen, signal.SIGKILL)


def start() -> subprocess.Popen | None:
    """Watch this process (call once, as a program starts; Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    return subprocess.Popen([sys.executable, "-m", "govbudget.reaper", str(os.getpid())],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":  # pragma: no cover - run as the watcher process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the run; we end when it has ended
    watch(int(sys.argv[1]))
