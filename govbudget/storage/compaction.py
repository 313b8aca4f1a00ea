"""Compaction policy: merge small files (optimize), and free unreachable ones (vacuum) only on request.

Every commit batch adds a few small files per partition; readers pay per file.
``optimize`` rewrites a table's small files into few large ones as a new
version — nothing is removed, so time travel (``--as-of``) is untouched. The
archive runs it automatically on a table whenever a run's commits cross a
multiple of ``AUTO_COMPACT_EVERY`` versions.

``vacuum`` deletes files no longer in the current version. It is never
automatic: ``govbudget compact-archive --vacuum [--retain-days D]`` keeps every
file that the current version or any run finished within the last D days
(default ``RETAIN_DAYS``) reads, so ``--as-of`` keeps working for those runs;
older runs then answer with a clear error instead of partial data.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from govbudget.storage import runs

log = logging.getLogger(__name__)

AUTO_COMPACT_EVERY = 50  # versions of one table between automatic optimizes
RETAIN_DAYS = 400  # a year of daily runs, and the same date last year, stay reachable by --as-of


def due(before: int | None, after: int) -> bool:
    """Did the commits from ``before`` to ``after`` cross a multiple of AUTO_COMPACT_EVERY?"""
    return max(before or 0, 0) // AUTO_COMPACT_EVERY != after // AUTO_COMPACT_EVERY


def optimize(archive, names) -> dict[str, dict]:
    """Merge small files of ``names``; returns delta-rs's metrics per table."""
    done = {}
    for name in names:
        table = archive.tables.open(name)
        if table is not None:
            done[name] = table.optimize.compact()
            log.info("table compacted", extra={"table": name, "metrics": done[name]})
    return done


def reachable_versions(archive, name: str, retain_days: float) -> list[int]:
    """Versions of ``name`` that runs finished within ``retain_days`` read."""
    since = runs.utc_now() - timedelta(days=retain_days)
    versions = set()
    for run_id in archive.run_ids():
        manifest = archive.manifest(run_id) or {}
        finished = manifest.get("finished_at")
        if finished and runs.parse_time(finished) >= since and name in manifest.get("table_versions", {}):
            versions.add(manifest["table_versions"][name])
    return sorted(versions)


def vacuum(archive, names, retain_days: float = RETAIN_DAYS) -> dict[str, list[str]]:
    """Delete files neither the current version nor a run of the last ``retain_days`` reads.

    Delta's own rule (files replaced less than ``retain_days`` ago stay) already
    keeps every run of that window readable; naming the runs' versions keeps
    them even where a replacement is older than the window says.
    """
    removed = {}
    for name in names:
        table = archive.tables.open(name)
        if table is None:
            continue
        removed[name] = table.vacuum(
            retention_hours=int(retain_days * 24),
            dry_run=False,
            enforce_retention_duration=False,
            keep_versions=reachable_versions(archive, name, retain_days),
        )
    return removed
