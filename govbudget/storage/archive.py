"""The archive logic, written once on top of any :class:`ObjectStore`.

Write order is what keeps a reader safe: bytes before their sidecar, dataset
parts before the catalog entry naming them, everything before the run manifest.
Each single write is atomic in the store, so at any moment of a crash every
pointer that exists points at a complete object.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from govbudget.errors import StorageError
from govbudget.schema import ParseResult, RawDocument
from govbudget.storage import layout, runs
from govbudget.storage.datasets import dataset_parts
from govbudget.storage.interface import OriginalRef
from govbudget.storage.objectstore import ObjectStore
from govbudget.storage.sidecar import merge_sidecar
from govbudget.storage.spool import Spool

log = logging.getLogger(__name__)

UPLOAD_THREADS = 8
_MAGIC = ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"))


def sniff_extension(data: bytes) -> str:
    """From the bytes, not the URL: the same content always gets the same key."""
    head = data[:1024].lstrip()
    return next((ext for magic, ext in _MAGIC if head.startswith(magic)), "bin")


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
        self._run: runs.RunRecorder | None = None
        self._sidecar_locks = [threading.Lock() for _ in range(64)]  # read-modify-write per sha, per process

    # -- runs ---------------------------------------------------------------

    def begin_run(self, run_id: str | None = None) -> str:
        if self._run is not None:
            raise StorageError(self._run.run_id, "a run is already in progress on this archive")
        self._run = runs.RunRecorder(layout.safe_name(run_id or runs.new_run_id(), "run id"))
        if self.spool:
            self.spool.flush(self)
        return self._run.run_id

    def finish_run(self) -> dict:
        """Write the run manifest (last, after everything it names) and end the run."""
        if self._run is None:
            raise StorageError(self.location, "no run in progress")
        manifest = self._run.manifest(runs.latest_manifest(self.store))
        self.store.put(layout.run_manifest_key(self._run.run_id), _json_bytes(manifest), "application/json")
        self._run = None
        log.info("run finished", extra={"run_id": manifest["run_id"], "counts": manifest["counts"]})
        return manifest

    @contextmanager
    def run(self, run_id: str | None = None) -> Iterator[str]:
        """``with archive.run() as run_id:`` – the manifest is written even when the body fails."""
        run_id = self.begin_run(run_id)
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
            self.begin_run()
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

    # -- parse results and datasets -----------------------------------------

    def put_parse(self, result: ParseResult) -> str:
        recorder = self._recorder()
        doc = result.document
        started = time.perf_counter()
        key = layout.parse_key(doc.doc_id, doc.parser_version)
        self.store.put(key, result.model_dump_json().encode("utf-8"), "application/json")
        provenance = self.get_provenance(doc.doc_id) if re.fullmatch(r"[0-9a-f]{64}", doc.doc_id) else None
        source_url = first_url(provenance)
        parts = dataset_parts(result, source_url)
        files = [layout.dataset_key(p.table, p.partition, doc.doc_id, p.digest) for p in parts]
        # Parts are independent objects: upload them side by side (S3 latency, not bandwidth, bounds a run).
        with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
            list(pool.map(self._put_part, files, parts))
        rows = sum(p.rows for p in parts)
        previous = self.catalog_entry(doc.doc_id)
        entry = {
            **doc.model_dump(mode="json"),
            "source_url": source_url,
            "original_key": (provenance or {}).get("key"),
            "republication_of": (provenance or {}).get("republication_of"),
            "first_seen": (provenance or {}).get("first_seen"),
            "parse_key": key,
            "dataset_files": files,
            "run_id": recorder.run_id,
        }
        self.store.put(layout.catalog_key(doc.doc_id), _json_bytes(entry), "application/json")
        recorder.timed("parse_store", time.perf_counter() - started)
        recorder.parsed(doc.doc_id, files, rows, previous.get("dataset_files") if previous else None)
        return key

    def _put_part(self, key: str, part) -> bool:
        return self.store.put_if_absent(key, part.data, "application/vnd.apache.parquet")  # never overwritten

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

    # -- catalog ------------------------------------------------------------

    def catalog_entry(self, doc_id: str) -> dict | None:
        data = self.store.get(layout.catalog_key(doc_id))
        return json.loads(data) if data is not None else None

    def catalog(self) -> list[dict]:
        """Every parsed document, as its catalog entry (one read per document)."""
        entries = []
        for key in self.store.list(f"{layout.CATALOG}/"):
            data = self.store.get(key)
            if data is not None:
                entries.append(json.loads(data))
        return entries

    # -- state --------------------------------------------------------------

    def get_state(self, name: str) -> bytes | None:
        return self.store.get(layout.state_key(name))

    def put_state(self, name: str, data: bytes) -> None:
        self.store.put(layout.state_key(name), data)
