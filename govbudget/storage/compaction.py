"""Compaction policy: merge small files (optimize), and free unreachable ones (vacuum) only on request.

Every commit batch adds a few small files per partition; readers pay per file.
``optimize`` rewrites a table's small files into few large ones as a new
version — nothing is removed, so time travel (``--as-of``) is untouched. The
archive runs it automatically on a table whenever a run's commits cross a
multiple of ``AUTO_COMPACT_EVERY`` versions.

Dataset tables are clustered by ``publisher`` as they are compacted: each
partition (table kind × fiscal year) that gained small files since its last
compaction is rewritten sorted by publisher (a one-column Z-order) into files
of ``TARGET_FILE_BYTES`` with row groups of ``ROW_GROUP_ROWS``, so a file's —
and a row group's — publisher min/max statistics cover a narrow range and a
one-unit pull opens only the files (and reads only the row groups) that can
hold that unit. This rewrites whole partitions, not just their small files: a
compaction costs O(the partitions that received documents since the last one),
typically the current fiscal years, once per ``AUTO_COMPACT_EVERY`` versions.
The catalog table (no partitions; lookups go by doc id) is only bin-packed.

``vacuum`` deletes files no longer in the current version. It is never
automatic: ``govbudget compact-archive --vacuum [--retain-days D]`` keeps every
file that the current version or any run finished within the last D days
(default ``RETAIN_DAYS``) reads, so ``--as-of`` keeps working for those runs;
older runs then answer with a clear error instead of partial data.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pyarrow as pa

from govbudget.storage import runs
from govbudget.storage.tables import CLUSTER_BY

log = logging.getLogger(__name__)

AUTO_COMPACT_EVERY = 50  # versions of one table between automatic optimizes
RETAIN_DAYS = 400  # a year of daily runs, and the same date last year, stay reachable by --as-of


def due(before: int | None, after: int) -> bool:
    """Did the commits from ``before`` to ``after`` cross a multiple of AUTO_COMPACT_EVERY?"""
    return max(before or 0, 0) // AUTO_COMPACT_EVERY != after // AUTO_COMPACT_EVERY


TARGET_FILE_BYTES = 32 * 1024 * 1024
ROW_GROUP_ROWS = 8192
SMALL_FILE_BYTES = TARGET_FILE_BYTES // 4  # a partition with two of these gained files since it was last clustered


def optimize(archive, names) -> dict[str, dict]:
    """Merge small files of ``names`` (clustering dataset tables by publisher); delta-rs's metrics per table."""
    done = {}
    for name in names:
        table = archive.tables.open(name)
        if table is None:
            continue
        columns = table.metadata().partition_columns
        if columns and CLUSTER_BY in table.schema().to_arrow().names:
            done[name] = cluster(table, columns)
        else:
            done[name] = table.optimize.compact()
        log.info("table compacted", extra={"table": name, "metrics": done[name]})
    return done


def unclustered_partitions(table, columns: list[str]) -> list[dict]:
    """Partitions holding two or more small files: written to since they were last clustered."""
    actions = pa.table(table.get_add_actions(flatten=True)).select(["size_bytes", *(f"partition.{c}" for c in columns)])
    small: dict[tuple, int] = {}
    for row in actions.to_pylist():
        if row["size_bytes"] < SMALL_FILE_BYTES:
            key = tuple(row[f"partition.{c}"] for c in columns)
            small[key] = small.get(key, 0) + 1
    return [dict(zip(columns, key)) for key, count in sorted(small.items(), key=str) if count > 1]


def cluster(table, columns: list[str]) -> dict:
    """Z-order each unclustered partition by publisher; metrics summed over the partitions."""
    from deltalake import WriterProperties

    totals = {"numFilesAdded": 0, "numFilesRemoved": 0, "partitionsClustered": 0}
    for partition in unclustered_partitions(table, columns):
        if any(v is None for v in partition.values()):
            continue  # delta-rs cannot name a null partition in a filter; its files stay as they are
        metrics = table.optimize.z_order(
            [CLUSTER_BY],
            partition_filters=[(c, "=", str(v)) for c, v in partition.items()],
            target_size=TARGET_FILE_BYTES,
            writer_properties=WriterProperties(max_row_group_size=ROW_GROUP_ROWS),
        )
        totals["numFilesAdded"] += metrics["numFilesAdded"]
        totals["numFilesRemoved"] += metrics["numFilesRemoved"]
        totals["partitionsClustered"] += 1
    return totals


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
