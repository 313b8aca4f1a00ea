"""The archive's datasets as Delta Lake tables (``deltalake``, delta-rs) under ``tables/<name>``.

Why Delta: one table per record type that pyarrow, pandas, Polars, DuckDB and
Spark read; a commit replaces a document's rows atomically (no reader ever sees
a figure twice); every commit is a version, so ``--as-of`` is time travel.
Concurrent writers: on S3 each commit file is created with a conditional PUT
(``If-None-Match: *``, ``AWS_CONDITIONAL_PUT=etag``), locally with an atomic
create; the loser of a race re-reads the log and retries (delta-rs), and a
logical conflict (two replacements of one file) is retried here.
"""

from __future__ import annotations

import atexit
import logging
import operator
import threading
import time
import weakref
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import reduce
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from govbudget.errors import StorageError
from govbudget.storage import layout
from govbudget.storage.secrets import scrub

log = logging.getLogger(__name__)

TABLES = layout.TABLES
COMMIT_ATTEMPTS = 5
SCAN_BATCH_ROWS = 65_536  # rows per batch of a streamed read: large enough for vectorised work, small in memory
# A streamed read fetches files ahead of the one it decodes (hiding S3 latency) while their compressed
# bytes stay under SCAN_BYTES_AHEAD: many small files overlap, compacted ones come one by one.
SCAN_BYTES_AHEAD = 16 * 1024 * 1024
SCAN_MAX_FILES_AHEAD = 8
CLUSTER_BY = "publisher"  # rows are written sorted by it, and compaction clusters files by it
# Time travel needs every log entry: never expire them (they are small; checkpoints keep loading fast).
TABLE_PROPERTIES = {
    "delta.enableExpiredLogCleanup": "false",
    "delta.logRetentionDuration": "interval 36500 days",
    "delta.checkpointInterval": "20",
}


def quoted(values) -> str:
    """A SQL ``IN`` list of string literals (doc ids are hex; quotes are escaped anyway)."""
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def holding(dataset: ds.FileSystemDataset, filter) -> ds.FileSystemDataset:
    """Only the files with a row matching ``filter``, found by reading the filter's columns alone.

    A lookup by doc id (random hex: no file's min/max statistics exclude it)
    would otherwise read every column of every file — the catalog's document
    JSON too — so a batch's lookups cost O(archive); this way they cost one
    narrow column per file plus the few files that hold the rows.
    """
    names = dataset.to_table(columns=["__filename"], filter=filter).column("__filename")
    wanted = set(names.unique().to_pylist())
    fragments = [f for f in dataset.get_fragments() if f.path in wanted]
    return ds.FileSystemDataset(fragments, dataset.schema, dataset.format, dataset.filesystem)


def may_hold(low, high, allowed: set[str]) -> bool:
    """Whether a file whose column statistics are ``low``..``high`` can hold one of ``allowed``.

    No statistics: it can. A truncated maximum is a prefix of the true one, so a
    value starting with it can be in the file too.
    """
    if low is None or high is None:
        return True
    return any(low <= v and (v <= high or v.startswith(high)) for v in allowed)


_OPEN_SCANS: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_open_scans() -> None:
    """Close the scans nobody finished. pyarrow's serial scan, left half-read until the interpreter tears
    down, crashes it (SIGSEGV) or hangs it for good (its reads ahead wait for a GIL that never comes):
    a notebook or script that stops reading early would end with a crash or never end."""
    for scan in list(_OPEN_SCANS):
        with suppress(ValueError):  # one still being read by a daemon thread: nothing to close it from here
            scan.close()


@dataclass
class Tables:
    """Where the Delta tables of one archive live and how to reach them."""

    root: str  # file path or s3://bucket/prefix/tables
    storage_options: dict[str, str] | None = None
    _handles: dict = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def uri(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    def open(self, name: str, version: int | None = None):
        """The table (at ``version``), or None when it was never written.

        The latest version comes from a handle kept open for the life of this
        object and brought up to date incrementally (one listing of the log
        after the version it holds, and only the entries other writers added):
        a run's log reads stay constant however many versions the table has.
        Loading a table from scratch reads its last checkpoint and every entry
        after it, so the archive does that once per table and process.
        """
        table = self._latest(name)
        if table is None or version is None or version == table.version():
            return table
        return self._load(name, version)

    def _latest(self, name: str):
        with self._lock:
            table = self._handles.get(name)
            if table is None:
                table = self._handles[name] = self._load(name)
            else:  # another writer may have committed since: never read a stale catalog
                try:
                    table.update_incremental()
                except Exception as exc:  # noqa: BLE001
                    raise StorageError(self.uri(name), scrub(f"cannot update table: {exc}")) from None
            return table

    def _load(self, name: str, version: int | None = None):
        from deltalake import DeltaTable
        from deltalake.exceptions import TableNotFoundError

        try:
            return DeltaTable(self.uri(name), version=version, storage_options=self.storage_options)
        except TableNotFoundError:
            if version is None:
                return None
            reason = f"version {version} is not readable (compacted away?)"
        except Exception as exc:  # noqa: BLE001 - storage errors surface as one StorageError
            reason = "cannot open table" if version is None else f"version {version} is not readable (compacted away?)"
            reason = f"{reason}: {exc}"
        raise StorageError(self.uri(name), scrub(reason)) from None

    def version(self, name: str) -> int | None:
        table = self.open(name)
        return table.version() if table is not None else None

    def dataset(self, name: str, version: int | None = None, partitions: dict[str, list] | None = None,
                values: dict[str, set[str]] | None = None) -> ds.Dataset | None:
        """The table's live files (at ``version``) as a pyarrow dataset, pruned to ``partitions`` first.

        Built from the log's file list with partition values only: ``deltalake``'s
        own ``to_pyarrow_dataset`` attaches every column's statistics to every
        file in Python, which costs more than the read once a table has hundreds
        of files. Row filters still use each file's Parquet row-group statistics.
        ``values`` (column → exact values) also drops the files whose min/max
        statistics in the log cannot hold any of them (tables are clustered by
        publisher when compacted, see :mod:`govbudget.storage.compaction`).
        """
        found = self.live_files(name, version, partitions, values)
        return self._as_dataset(name, *found) if found is not None else None

    def live_files(self, name: str, version: int | None, partitions: dict[str, list] | None,
                    values: dict[str, set[str]] | None) -> tuple[object, list[dict]] | None:
        """The table and the add actions (path, size, partition values) of its files that can hold the rows asked for."""
        table = self.open(name, version)
        if table is None:
            return None
        columns = table.metadata().partition_columns
        actions = pa.table(table.get_add_actions(flatten=True))
        ranges = {c: v for c, v in (values or {}).items() if f"min.{c}" in actions.column_names and f"max.{c}" in actions.column_names}
        actions = actions.select(["path", "size_bytes", *(f"partition.{c}" for c in columns),
                                  *(f"{end}.{c}" for c in ranges for end in ("min", "max"))])
        for c, allowed in (partitions or {}).items():  # in Arrow, before any per-file Python work
            if c in columns:
                actions = actions.filter(pc.is_in(actions[f"partition.{c}"], pa.array(list(allowed), actions.schema.field(f"partition.{c}").type)))
        files = [row for row in actions.to_pylist()
                 if all(may_hold(row[f"min.{c}"], row[f"max.{c}"], allowed) for c, allowed in ranges.items())]
        return table, files

    def _as_dataset(self, name: str, table, files: list[dict]) -> ds.FileSystemDataset:
        import pyarrow.fs as pa_fs
        from deltalake.fs import DeltaStorageHandler

        columns = table.metadata().partition_columns
        filesystem = pa_fs.PyFileSystem(DeltaStorageHandler(self.uri(name), self.storage_options,
                                                            {row["path"]: row["size_bytes"] for row in files}))
        file_format = ds.ParquetFileFormat(default_fragment_scan_options=ds.ParquetFragmentScanOptions(pre_buffer=True))
        fragments = []
        for row in files:
            where = [ds.field(c) == v if (v := row[f"partition.{c}"]) is not None else ds.field(c).is_null() for c in columns]
            fragments.append(file_format.make_fragment(row["path"], filesystem=filesystem,
                                                       partition_expression=reduce(operator.and_, where) if where else None))
        return ds.FileSystemDataset(fragments, pa.schema(table.schema().to_arrow()), file_format, filesystem)

    def read(self, name: str, schema: pa.Schema, version: int | None = None, filter=None, columns: list[str] | None = None,
             partitions: dict[str, list] | None = None, values: dict[str, set[str]] | None = None,
             locate: bool = True) -> pa.Table:
        """Rows matching the pyarrow ``filter`` expression, from the files of ``partitions`` (and ``values``) only.

        ``locate``: find the files holding matches by the filter's columns first
        (:func:`holding`) — for needle lookups such as doc ids; a bulk read passes False.
        """
        wanted = schema if columns is None else pa.schema([schema.field(c) for c in columns])
        dataset = self.dataset(name, version, partitions, values)
        if dataset is None:
            return wanted.empty_table()
        with self._readable(name, version):
            if filter is not None and locate:
                dataset = holding(dataset, filter)
            found = dataset.to_table(filter=filter, columns=columns)
        return found if found.schema == wanted else found.cast(wanted)

    def scan(self, name: str, schema: pa.Schema, version: int | None = None, filter=None,
             partitions: dict[str, list] | None = None, values: dict[str, set[str]] | None = None) -> Iterator[pa.RecordBatch]:
        """The rows :meth:`read` returns, as record batches in file order, so a bulk export's memory is a few batches.

        Every batch has ``schema``'s types (files written before a column was widened are cast).
        A scan still open when the interpreter exits is closed first (see :func:`_close_open_scans`).
        """
        batches = self._scan(name, schema, version, filter, partitions, values)
        _OPEN_SCANS.add(batches)
        return batches

    def _scan(self, name, schema, version, filter, partitions, values) -> Iterator[pa.RecordBatch]:
        found = self.live_files(name, version, partitions, values)
        if found is None:
            return
        table, files = found
        largest = max((row["size_bytes"] for row in files), default=0)
        ahead = max(1, min(SCAN_MAX_FILES_AHEAD, SCAN_BYTES_AHEAD // max(largest, 1)))
        with self._readable(name, version):
            # Decoded on the caller's thread, with I/O ahead bounded by bytes: pyarrow's threaded scan
            # runs ahead of a slow consumer without bound (3 million line items behind a writer held
            # 420 MB and growing), and its default readahead holds 4 files and 16 batches in flight.
            batches = self._as_dataset(name, table, files).to_batches(
                filter=filter, batch_size=SCAN_BATCH_ROWS, use_threads=False, fragment_readahead=ahead, batch_readahead=1)
            try:
                for batch in batches:
                    yield batch if batch.schema == schema else batch.cast(schema)
            finally:  # a scan left half-read until the interpreter exits hangs it: its reads ahead wait for the GIL
                batches.close()

    @contextmanager
    def _readable(self, name: str, version: int | None):
        """A read of files an old version lists fails as one StorageError naming the table."""
        try:
            yield
        except (FileNotFoundError, OSError) as exc:
            if version is None:  # the latest version lists it: the archive is damaged
                reason = f"a data file the table lists cannot be read (run govbudget verify-archive): {exc}"
            else:  # a vacuum removed what this old version read
                reason = f"version {version} is no longer readable (its files were vacuumed; pick a later run): {exc}"
            raise StorageError(self.uri(name), scrub(reason)) from None

    def write(self, name: str, data: pa.Table, partition_by: list[str], replace_ids: set[str] | None = None) -> int:
        """Append ``data``; with ``replace_ids``, first remove those documents' rows — one commit either way.

        Returns the table version this commit made.
        """
        from deltalake import write_deltalake
        from deltalake.exceptions import CommitFailedError

        if replace_ids:  # delta-rs requires every new row to match the replace predicate too
            replace_ids = set(replace_ids) | set(data.column("doc_id").to_pylist())
        predicate = f"doc_id IN ({quoted(sorted(replace_ids))})" if replace_ids else None
        if CLUSTER_BY in data.column_names:  # stable: a document's rows keep their order
            data = data.sort_by([(CLUSTER_BY, "ascending")])
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            table = self.open(name)  # the kept handle, brought up to date: no full log replay per commit
            try:
                with self._lock:
                    write_deltalake(
                        table if table is not None else self.uri(name),
                        data,
                        partition_by=partition_by or None,
                        mode="overwrite" if predicate else "append",
                        predicate=predicate,
                        configuration=TABLE_PROPERTIES,
                        storage_options=self.storage_options,
                    )
                break
            except CommitFailedError as exc:  # another writer replaced the same files first
                if attempt == COMMIT_ATTEMPTS:
                    raise StorageError(self.uri(name), scrub(f"commit failed {attempt} times: {exc}")) from None
                log.warning("table commit conflict, retrying", extra={"table": name, "attempt": attempt})
                time.sleep(0.05 * attempt)
            except Exception as exc:  # noqa: BLE001
                raise StorageError(self.uri(name), scrub(f"write failed: {exc}")) from None
        if table is None:  # the commit created the table: its handle is loaded once, here
            table = self._latest(name)
        assert table is not None
        return table.version()  # the handle moved to the version this commit made

    def versions(self, names) -> dict[str, int]:
        """The current version of each table that exists."""
        found = {name: self.version(name) for name in names}
        return {name: v for name, v in found.items() if v is not None}
