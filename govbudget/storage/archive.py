"""The archive logic, written once on top of any :class:`ObjectStore`.

Write order is what keeps a reader safe: bytes before their sidecar, the parse
result before its rows, dataset tables before the catalog table, everything
before the run manifest. Each write is atomic (an object PUT, a Delta commit),
so at any moment of a crash every pointer that exists points at something
complete. Parsed documents are staged and committed to the Delta tables in
batches (at the end of a run, every ``FLUSH_DOCUMENTS``, or before a read).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyarrow.dataset as ds

from govbudget.schema.filetypes import sniff_extension  # from the bytes: the same content always gets the same key
from govbudget.errors import ArchiveHeld, InputError, StorageError
from govbudget.log import phase
from govbudget.schema import ParseResult, RawDocument
from govbudget.storage import catalog as catalog_table
from govbudget.storage import commit, compaction, layout, runs
from govbudget.schema.datasets import DATASETS, dataset_tables
from govbudget.storage.interface import OriginalRef
from govbudget.storage.objectstore import ObjectStore
from govbudget.storage.sidecar import merge_sidecar
from govbudget.storage.spool import Spool
from govbudget.storage.tables import TABLES, Tables

log = logging.getLogger(__name__)

FLUSH_DOCUMENTS = 200  # staged documents per commit batch: bounds memory, amortises commits
TABLE_NAMES = (*DATASETS, catalog_table.NAME)


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _version_order(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version))


def first_url(provenance: dict | None) -> str | None:
    """Where the bytes were first seen: the URL a citation should give."""
    sightings = sorted((provenance or {}).get("sightings", []), key=lambda s: s["fetched_at"])
    return sightings[0]["url"] if sightings else None


class ObjectArchive:
    """:class:`govbudget.storage.interface.Archive` over a local directory or an S3 bucket."""

    def __init__(self, store: ObjectStore, spool_dir: str | Path | None = None):
        self.store = store
        self.location = store.location
        self.spool = Spool(spool_dir) if spool_dir else None
        self.tables = Tables(store.url(TABLES), store.storage_options())
        self._run: runs.RunRecorder | None = None
        self._sidecar_locks = [threading.Lock() for _ in range(64)]  # read-modify-write per sha, per process
        self._staged: dict[str, commit.Staged] = {}
        self._failed_intents: dict[str, list[str]] = {}  # of this process's batches that failed: redone by the next
        self._stage_lock = threading.Lock()
        self._flush_lock = threading.Lock()

    # -- runs ---------------------------------------------------------------

    def begin_run(self, run_id: str | None = None, *, implicit: bool = False, exclusive: bool = False) -> str:
        """Start a run; an explicit one first writes its start marker (a run killed later shows as interrupted).

        ``exclusive``: refuse (StorageError naming the holder, before any work and
        without a manifest) while another run started earlier is still in progress.
        """
        if self._run is not None:
            raise StorageError(self._run.run_id, "a run is already in progress on this archive")
        recorder = runs.RunRecorder(layout.safe_name(run_id or runs.new_run_id(), "run id"), implicit=implicit)
        if not implicit:
            marker_key = layout.run_file(recorder.run_id, layout.RUN_STARTED)
            self.store.put(marker_key, _json_bytes(runs.start_marker(recorder.run_id, recorder.started_at)), "application/json")
            if exclusive:
                try:
                    self._check_not_held(recorder.run_id)
                except ArchiveHeld:
                    self.store.delete(marker_key)
                    raise
        self._run = recorder
        if self.spool:
            self.spool.flush(self)
        return self._run.run_id

    def finish_run(self) -> dict:
        """Write the run manifest (last, after everything it names) and end the run."""
        if self._run is None:
            raise StorageError(self.location, "no run in progress")
        try:
            self.flush()
            self._compact_if_due()
            manifest = self._run.manifest(runs.latest_manifest(self.store), self.tables.versions(TABLE_NAMES))
            self.store.put(layout.run_manifest_key(self._run.run_id), _json_bytes(manifest), "application/json")
        finally:
            self._run = None  # a run that could not finish leaves no manifest; its parse results are kept
        log.info("run finished", extra={"run_id": manifest["run_id"], "counts": manifest["counts"]})
        return manifest

    def _check_not_held(self, run_id: str | None = None) -> None:
        """StorageError naming the run in progress that holds the archive (against ``run_id``: started earlier)."""
        held = runs.holder(self.store, run_id or runs.new_run_id())
        if held:
            raise ArchiveHeld(self.location, f"run {held['run_id']} (pid {held['pid']} on {held['host']}, "
                                              f"started {held['started_at']}) is writing this archive; try again when it has finished")

    def check_not_held(self) -> None:
        """Before a flow starts: one line naming the run that holds the archive (begin_run checks again, race-free)."""
        self._check_not_held()

    def _compact_if_due(self) -> None:
        """Optimize the tables whose versions this run carried across a multiple of AUTO_COMPACT_EVERY."""
        assert self._run is not None
        started = self._run.first_versions
        due = [name for name, version in self._run.table_versions.items() if compaction.due(started.get(name), version)]
        if due:
            began, done = time.perf_counter(), []
            for name in due:  # best effort: a compaction racing another writer's is retried by a later run
                try:
                    done += list(compaction.optimize(self, [name]))
                except Exception as exc:  # noqa: BLE001 - the run's data is committed; only the merge is missing
                    log.warning("table compaction failed; a later run retries it", extra={"table": name, "reason": str(exc)})
            self._run.timed("compaction", time.perf_counter() - began)
            self._run.compacted = sorted(done)

    @contextmanager
    def run(self, run_id: str | None = None, *, exclusive: bool = False) -> Iterator[str]:
        """``with archive.run() as run_id:`` – the manifest is written even when the body fails."""
        run_id = self.begin_run(run_id, exclusive=exclusive)
        try:
            yield run_id
        except BaseException as exc:
            if self._run is not None:
                self._run.failed(self.location, f"run aborted: {type(exc).__name__}: {exc}")
            raise
        finally:
            if self._run is not None:
                self.finish_run()

    def _recorder(self) -> runs.RunRecorder:
        """Writes outside ``run()`` join an implicit run that :meth:`close` finishes."""
        if self._run is None:
            self.begin_run(implicit=True)
        assert self._run is not None
        return self._run

    def record_failure(self, subject: str, reason: str) -> None:
        self._recorder().failed(subject, reason)

    def close(self) -> dict | None:
        return self.finish_run() if self._run is not None else None

    def __enter__(self) -> "ObjectArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def manifest(self, as_of: str | None = None) -> dict | None:
        return runs.manifest_as_of(self.store, as_of)

    def run_ids(self) -> list[str]:
        return runs.list_run_ids(self.store)

    def interrupted_runs(self, *, unrecovered: bool = False) -> list[dict]:
        """Start markers of runs killed before their manifest (see :func:`runs.interrupted_runs`)."""
        return runs.interrupted_runs(self.store, unrecovered=unrecovered)

    def mark_recovered(self, run_ids: list[str], by_run: str) -> None:
        """After ``by_run``'s manifest: the interrupted runs' documents are complete, stop looking at them."""
        for run_id in run_ids:
            note = {"run_id": run_id, "recovered_by": by_run, "at": runs.utc_now().isoformat(timespec="milliseconds")}
            self.store.put(layout.run_file(run_id, layout.RUN_RECOVERED), _json_bytes(note), "application/json")

    # -- originals ----------------------------------------------------------

    def put_original(self, data: bytes, raw: RawDocument | None = None) -> OriginalRef:
        sha256 = hashlib.sha256(data).hexdigest()
        if raw is not None and raw.sha256 != sha256:
            raise StorageError(raw.url, f"bytes hash to {sha256[:12]}…, the document says {raw.sha256[:12]}…")
        recorder = self._recorder()
        key = layout.original_key(sha256, sniff_extension(data))
        started = time.perf_counter()
        try:
            is_new = self.store.put_if_absent(key, data, "application/pdf" if key.endswith(".pdf") else None)
            self._update_sidecar(sha256, key, len(data), raw)
        except StorageError as exc:
            if self.spool:
                self.spool.keep(sha256, data, raw)
            recorder.failed(raw.url if raw else key, exc.reason)
            log.error("original not archived", extra={"doc_id": sha256, "url": raw.url if raw else None, "reason": exc.reason})
            raise
        recorder.timed("originals", time.perf_counter() - started)
        recorder.original(sha256, len(data), raw.url if raw else None, is_new, raw.republication_of if raw else None)
        return OriginalRef(sha256=sha256, key=key, is_new=is_new)

    def _update_sidecar(self, sha256: str, key: str, size: int, raw: RawDocument | None) -> None:
        with self._sidecar_locks[int(sha256[:2], 16) % len(self._sidecar_locks)]:
            existing = self.get_provenance(sha256)
            sidecar = merge_sidecar(existing, sha256, size, raw, runs.utc_now())
            sidecar["key"] = key
            if sidecar != existing:
                self.store.put(layout.sidecar_key(sha256), _json_bytes(sidecar), "application/json")

    def has_original(self, sha256: str) -> bool:
        return self.store.exists(layout.sidecar_key(sha256))  # written after the bytes

    def get_original(self, sha256: str) -> bytes:
        sidecar = self.get_provenance(sha256)
        data = self.store.get(sidecar["key"]) if sidecar else None
        if data is None:
            raise StorageError(layout.original_key(sha256), "no such original in the archive")
        return data

    def get_provenance(self, sha256: str) -> dict | None:
        data = self.store.get(layout.sidecar_key(sha256))
        return json.loads(data) if data is not None else None

    def original_url(self, sha256: str) -> str:
        sidecar = self.get_provenance(sha256)
        return self.store.url(sidecar["key"] if sidecar else layout.original_key(sha256))

    def original_ids(self) -> list[str]:
        """The sha256 of every archived original (its sidecar is written after the bytes)."""
        prefix = f"{layout.ORIGINALS}/"
        return sorted(key.rsplit("/", 1)[1][:-5] for key in self.store.list(prefix) if key.endswith(".json"))

    def is_pdf(self, sha256: str) -> bool:
        """Whether the original's bytes are a PDF (zip, xls and doc attachments are archived, not parsed)."""
        sidecar = self.get_provenance(sha256) or {}
        return sidecar.get("key", "").endswith(".pdf")  # the key's extension was sniffed from the bytes

    def put_run_file(self, run_id: str, name: str, data: bytes, content_type: str) -> str:
        """A file that travels with a run's manifest (run report, change report); returns where a reader finds it."""
        key = f"{layout.RUNS}/{layout.safe_name(run_id, 'run id')}/{layout.safe_name(name, 'file name')}"
        self.store.put(key, data, content_type)
        return self.store.url(key)

    # -- parse results and datasets -----------------------------------------

    def put_parse(self, result: ParseResult) -> str:
        """Store the parse result now; its rows reach the tables with the next commit batch."""
        recorder = self._recorder()
        doc = result.document
        started = time.perf_counter()
        key = layout.parse_key(doc.doc_id, doc.parser_version)
        self.store.put(key, result.model_dump_json().encode("utf-8"), "application/json")
        self.restage(result, key, recorder.run_id)
        recorder.timed("parse_store", time.perf_counter() - started)
        return key

    def restage(self, result: ParseResult, parse_key: str, run_id: str) -> None:
        """Stage the rows of a parse result already stored under ``parse_key`` (re-publication, migration)."""
        self._stage(result, parse_key, run_id)
        recorder = self._recorder()
        recorder.parsed(result.document.doc_id)
        # Outside an explicit run nobody may ever call close() (a task in a worker process): commit now.
        if recorder.implicit or len(self._staged) >= FLUSH_DOCUMENTS:
            self.flush()

    def _stage(self, result: ParseResult, key: str, run_id: str) -> None:
        doc_id = result.document.doc_id
        provenance = self.get_provenance(doc_id) if re.fullmatch(r"[0-9a-f]{64}", doc_id) else None
        tables = dataset_tables(result, first_url(provenance))
        rows = sum(t.num_rows for t in tables.values())
        entry = catalog_table.entry_for(result, provenance, key, run_id, catalog_table.content_digest(tables), rows)
        with self._stage_lock:
            self._staged[doc_id] = commit.Staged(entry, tables)

    def flush(self) -> commit.Committed | None:
        """Commit staged documents to the Delta tables (datasets first, then the catalog)."""
        with self._flush_lock:
            with self._stage_lock:
                staged, self._staged = list(self._staged.values()), {}
            written: dict[str, list[str]] = {}  # the intent of this batch, once written
            try:
                stale = {**commit.in_doubt(self.store), **self._failed_intents}
                if not staged and not stale:
                    return None
                started = time.perf_counter()
                self._restage(stale, {s.doc_id for s in staged})
                with self._stage_lock:
                    staged += list(self._staged.values())
                    self._staged = {}
                with phase(log, "commit", documents=len(staged)):  # the dataset (Delta) writes
                    done = commit.commit(self.store, self.tables, staged, stale, written)
            except BaseException:  # keep them staged: a later flush (a task's retry, the run's end) commits them
                with self._stage_lock:
                    self._staged = {**{s.doc_id: s for s in staged}, **self._staged}
                self._failed_intents.update(written)
                raise
            self._failed_intents = {}
            if self._run is not None:
                self._run.committed(done)
                self._run.timed("tables_commit", time.perf_counter() - started)
            return done

    def uncommitted(self) -> list[str]:
        """Documents stored by this process whose rows have not reached the tables yet (staged; kept when a commit failed)."""
        with self._stage_lock:
            return sorted(self._staged)

    def _restage(self, stale: dict[str, list[str]], staged: set[str]) -> None:
        """Documents of an interrupted batch that are catalogued: stage their catalogued parse again."""
        ids = sorted({d for ids in stale.values() for d in ids} - staged)
        if not ids:
            return
        for entry in commit.read_catalog(self.tables, ds.field("doc_id").isin(ids)).values():
            data = self.store.get(entry["parse_key"])
            if data is not None:
                self._stage(ParseResult.model_validate_json(data), entry["parse_key"], entry["run_id"])

    def parser_versions(self, doc_id: str) -> list[str]:
        prefix = layout.parse_prefix(doc_id)
        versions = {key[len(prefix) :].split("/", 1)[0] for key in self.store.list(prefix)}
        return sorted(versions, key=_version_order)

    def get_parse(self, doc_id: str, parser_version: str | None = None) -> ParseResult | None:
        if parser_version is None:
            versions = self.parser_versions(doc_id)
            if not versions:
                return None
            parser_version = versions[-1]
        data = self.store.get(layout.parse_key(doc_id, parser_version))
        return ParseResult.model_validate_json(data) if data is not None else None

    def catalogued_parse(self, entry: dict) -> ParseResult | None:
        """The parse result whose rows a catalog entry describes: one GET by its ``parse_key``, no listing."""
        data = self.store.get(entry["parse_key"]) if entry.get("parse_key") else None
        if data is None:
            return self.get_parse(entry["doc_id"])
        return ParseResult.model_validate_json(data)

    # -- catalog ------------------------------------------------------------

    def catalog_entry(self, doc_id: str) -> dict | None:
        found = self.catalog(doc_ids=[doc_id])
        return found[0] if found else None

    def catalog(self, *, doc_ids=None, parents=None, current_only: bool = False, as_of: str | None = None) -> list[dict]:
        """Catalog entries (one per document and edition) from the ``documents`` table.

        ``doc_ids`` / ``parents`` (normalised parent departments, ``unit_parent``,
        see :func:`govbudget.changes.units.unit_key`) narrow the read; ``as_of``
        reads the catalog as a run left it.
        """
        self.flush()
        conditions = []
        if doc_ids is not None:
            conditions.append(ds.field("doc_id").isin(sorted(set(doc_ids))))
        if parents is not None:
            conditions.append(ds.field("unit_parent").isin(sorted(set(parents))))
        if current_only:
            conditions.append(ds.field("is_current") == True)  # noqa: E712 - an Arrow expression
        where = None
        for condition in conditions:
            where = condition if where is None else where & condition
        version = self.table_versions(as_of).get(catalog_table.NAME, -1) if as_of else None
        if version == -1:
            return []
        return sorted(commit.read_catalog(self.tables, where, version).values(), key=lambda e: e["doc_id"])

    def table_versions(self, as_of: str | None = None) -> dict[str, int]:
        """Delta table versions of run ``as_of`` (or of the last run finished by that date); now when None."""
        if as_of is None:
            self.flush()
            return self.tables.versions(TABLE_NAMES)
        manifest = self.manifest(as_of)
        if manifest is None:
            return {}
        if "table_versions" not in manifest:
            raise InputError(manifest["run_id"], "this run predates the table format (migrate-archive); its data is in the first run after migration")
        return manifest["table_versions"]

    def parsed_ids(self, parser_version: str | None = None) -> set[str]:
        """Documents whose rows are in the tables (by ``parser_version``, when given): one catalog read."""
        self.flush()
        where = ds.field("parser_version") == parser_version if parser_version else None
        table = self.tables.read(catalog_table.NAME, catalog_table.SCHEMA, filter=where, columns=["doc_id"])
        return set(table.column("doc_id").to_pylist())

    # -- state --------------------------------------------------------------

    def get_state(self, name: str) -> bytes | None:
        return self.store.get(layout.state_key(name))

    def put_state(self, name: str, data: bytes) -> None:
        self.store.put(layout.state_key(name), data)
