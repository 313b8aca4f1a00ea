"""Run manifests: what each run did, and the table versions it left behind.

A manifest is written last, after every commit it names, so it never points at
something missing; a run killed before that leaves no manifest and is simply
invisible to ``--as-of``. Its ``table_versions`` (Delta table -> version after
the run's last commit) are what make ``--as-of RUN|DATE`` return exactly the
data as it stood: time travel to those versions. Its size is O(the run's own
documents), never O(archive).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, time as dtime, timezone

from govbudget.errors import InputError
from govbudget.storage import layout
from govbudget.storage.objectstore import ObjectStore


def new_run_id(now: datetime | None = None) -> str:
    """Sortable by time: listing runs in key order lists them chronologically."""
    now = now or datetime.now(timezone.utc)
    return f"{now.strftime('%Y%m%dT%H%M%S%fZ')}-{secrets.token_hex(2)}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass
class RunRecorder:
    """Collects one run's events in memory until :meth:`manifest` is written."""

    run_id: str
    started_at: datetime = field(default_factory=utc_now)
    originals_added: list[dict] = field(default_factory=list)
    originals_seen_again: dict[str, None] = field(default_factory=dict)  # ordered set
    documents_parsed: dict[str, None] = field(default_factory=dict)
    documents_added: dict[str, None] = field(default_factory=dict)
    documents_changed: dict[str, None] = field(default_factory=dict)
    editions_displaced: dict[str, None] = field(default_factory=dict)
    republications: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    table_versions: dict[str, int] = field(default_factory=dict)
    first_versions: dict[str, int] = field(default_factory=dict)  # each table's version before the run's first commit
    compacted: list[str] = field(default_factory=list)
    implicit: bool = False  # begun by a write outside ``run()``: its rows commit at once
    seconds: dict[str, float] = field(default_factory=dict)
    rows_written: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _clock: float = field(default_factory=time.perf_counter, repr=False)

    def timed(self, stage: str, seconds: float) -> None:
        with self._lock:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def original(self, sha256: str, size: int, url: str | None, is_new: bool, republication_of: str | None) -> None:
        with self._lock:
            if is_new:
                self.originals_added.append({"sha256": sha256, "size": size, "url": url})
            else:
                self.originals_seen_again[sha256] = None
            if republication_of:
                self.republications.append({"sha256": sha256, "republication_of": republication_of, "url": url})

    def parsed(self, doc_id: str) -> None:
        with self._lock:
            self.documents_parsed[doc_id] = None

    def committed(self, committed) -> None:
        """A batch reached the tables (a :class:`govbudget.storage.commit.Committed`)."""
        with self._lock:
            for name, ids in (("documents_added", committed.added), ("documents_changed", committed.changed),
                              ("editions_displaced", committed.displaced)):
                getattr(self, name).update(dict.fromkeys(ids))
            self.rows_written += committed.rows
            for table, version in committed.versions.items():
                self.first_versions.setdefault(table, version - 1)
                self.table_versions[table] = max(version, self.table_versions.get(table, -1))

    def failed(self, subject: str, reason: str) -> None:
        with self._lock:
            self.failures.append({"subject": subject, "reason": reason})

    def manifest(self, previous: dict | None, current_versions: dict[str, int]) -> dict:
        """``current_versions``: every table's version at the end of the run (what ``--as-of`` reads)."""
        with self._lock:
            finished = utc_now()
            return {
                "run_id": self.run_id,
                "previous_run": (previous or {}).get("run_id"),
                "started_at": self.started_at.isoformat(timespec="milliseconds"),
                "finished_at": finished.isoformat(timespec="milliseconds"),
                "status": "incomplete" if self.failures else "complete",
                "durations": {
                    "total_seconds": round(time.perf_counter() - self._clock, 3),
                    **{f"{k}_seconds": round(v, 3) for k, v in sorted(self.seconds.items())},
                },
                "counts": {
                    "originals_new": len(self.originals_added),
                    "originals_seen_again": len(self.originals_seen_again),
                    "bytes_new": sum(o["size"] for o in self.originals_added),
                    "documents_parsed": len(self.documents_parsed),
                    "documents_added": len(self.documents_added),
                    "documents_changed": len(self.documents_changed),
                    "editions_displaced": len(self.editions_displaced),
                    "dataset_rows_written": self.rows_written,
                    "failures": len(self.failures),
                },
                "originals_added": self.originals_added,
                "originals_seen_again": list(self.originals_seen_again),
                "documents_parsed": list(self.documents_parsed),
                "documents_added": list(self.documents_added),
                "documents_changed": list(self.documents_changed),
                "editions_displaced": list(self.editions_displaced),
                "republications": self.republications,
                "failures": self.failures,
                "tables_written": dict(sorted(self.table_versions.items())),
                "tables_compacted": self.compacted,
                "table_versions": dict(sorted(current_versions.items())),
            }


STALE_AFTER_HOURS = 24  # a run started on another host without a manifest since is taken as interrupted


def start_marker(run_id: str, started_at: datetime) -> dict:
    """Written first by every explicit run: a run with a marker and no manifest never finished."""
    return {"run_id": run_id, **writer(), "started_at": started_at.isoformat(timespec="milliseconds")}


def writer() -> dict:
    """Who writes: host and pid, for :func:`gone`."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def gone(record: dict) -> bool:
    """Has the process named by ``record`` (its ``host`` and ``pid``) ended? Known on its own host only."""
    if record.get("host") != socket.gethostname() or record.get("pid") is None:
        return False
    try:
        os.kill(int(record["pid"]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _alive(marker: dict) -> bool:
    """Is the process that wrote ``marker`` still running? Same host: ask the kernel; other host: by age."""
    if marker.get("host") == socket.gethostname():
        return not gone(marker)
    age = utc_now() - parse_time(marker["started_at"])
    return age.total_seconds() < STALE_AFTER_HOURS * 3600


def _run_keys(store: ObjectStore, name: str) -> set[str]:
    suffix = f"/{name}"
    return {key[len(layout.RUNS) + 1 : -len(suffix)] for key in store.list(f"{layout.RUNS}/") if key.endswith(suffix)}


def interrupted_runs(store: ObjectStore, *, unrecovered: bool = False) -> list[dict]:
    """Start markers of runs that never wrote a manifest and whose process is gone (oldest first).

    ``unrecovered``: only those no later run has completed the documents of yet.
    """
    started = _run_keys(store, layout.RUN_STARTED) - _run_keys(store, layout.RUN_MANIFEST)
    if unrecovered:
        started -= _run_keys(store, layout.RUN_RECOVERED)
    markers = [json.loads(data) for run_id in sorted(started)
               if (data := store.get(layout.run_file(run_id, layout.RUN_STARTED))) is not None]
    return [m for m in markers if not _alive(m)]


def holder(store: ObjectStore, run_id: str) -> dict | None:
    """The run that holds the archive against ``run_id``: an earlier-started run still in progress.

    Every exclusive run writes its start marker, then looks for others; of two that
    start at once both see both markers and the later run id gives way.
    """
    started = _run_keys(store, layout.RUN_STARTED) - _run_keys(store, layout.RUN_MANIFEST)
    for other in sorted(r for r in started if r < run_id):
        data = store.get(layout.run_file(other, layout.RUN_STARTED))
        if data is not None and _alive(marker := json.loads(data)):
            return marker
    return None


def list_run_ids(store: ObjectStore) -> list[str]:
    """Finished runs (those with a manifest), chronologically."""
    return sorted(_run_keys(store, layout.RUN_MANIFEST))


def read_manifest(store: ObjectStore, run_id: str) -> dict | None:
    data = store.get(layout.run_manifest_key(run_id))
    return json.loads(data) if data is not None else None


def latest_manifest(store: ObjectStore) -> dict | None:
    ids = list_run_ids(store)
    return read_manifest(store, ids[-1]) if ids else None


def _moment(text: str) -> datetime | None:
    """A date means the end of that day (UTC); a datetime without zone is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) <= 10:
        moment = datetime.combine(moment.date(), dtime.max)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def manifest_as_of(store: ObjectStore, as_of: str | None) -> dict | None:
    """The manifest of run ``as_of``, of the last run finished by date ``as_of``, or the latest."""
    ids = list_run_ids(store)
    if as_of is None:
        return read_manifest(store, ids[-1]) if ids else None
    if as_of in ids:
        return read_manifest(store, as_of)
    moment = _moment(as_of)
    if moment is None:
        raise InputError(as_of, "--as-of is neither a run id in this archive nor an ISO date")
    chosen = None
    for run_id in ids:  # chronological; finished_at decides (a long run finishes after a later start)
        manifest = read_manifest(store, run_id)
        if manifest and parse_time(manifest["finished_at"]) <= moment:
            if chosen is None or manifest["finished_at"] >= chosen["finished_at"]:
                chosen = manifest
    if chosen is None:
        raise InputError(as_of, "no run had finished by then")
    return chosen
