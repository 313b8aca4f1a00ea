"""Consistency check of an archive: what must hold after any crash or outage."""

from __future__ import annotations

import hashlib
import json

import pyarrow.compute as pc

from govbudget.errors import StorageError
from govbudget.storage import layout, runs
from govbudget.storage.archive import TABLE_NAMES, ObjectArchive
from govbudget.storage.commit import in_doubt, intents, read_catalog
from govbudget.schema.datasets import DATASETS


def _json(store, key: str, problems: list[str]) -> dict:
    try:
        return json.loads(store.get(key) or b"")
    except ValueError:
        problems.append(f"{key}: not complete JSON")
        return {}


def _table_problems(archive: ObjectArchive, keys: set[str]) -> list[str]:
    """Every file a table's current version names exists; every catalog row's parse exists."""
    problems = []
    for name in TABLE_NAMES:
        try:
            table = archive.tables.open(name)
        except StorageError as exc:
            problems.append(f"tables/{name}: {exc.reason}")
            continue
        if table is None:
            continue
        for path in table.get_add_actions(flatten=True).column("path").to_pylist():
            if f"{layout.TABLES}/{name}/{path}" not in keys:
                problems.append(f"tables/{name}: names missing file {path}")
    catalog = read_catalog(archive.tables)
    for doc_id, entry in catalog.items():
        if entry["parse_key"] not in keys:
            problems.append(f"catalog {doc_id}: names missing {entry['parse_key']}")
    return problems + _row_problems(archive, catalog)


def _row_counts(archive: ObjectArchive) -> tuple[dict[str, dict[str, int]], bool]:
    """doc_id -> dataset table -> rows it holds there (one scan of each table's doc_id column); all tables read?"""
    counts: dict[str, dict[str, int]] = {}
    complete = True
    for spec in DATASETS.values():
        try:
            ids = archive.tables.read(spec.name, spec.schema, columns=["doc_id"]).column("doc_id")
        except StorageError:  # a table naming missing files: reported above, its counts unknown
            complete = False
            continue
        for item in pc.value_counts(ids).to_pylist():
            counts.setdefault(item["values"], {})[spec.name] = item["counts"]
    return counts, complete


def _row_problems(archive: ObjectArchive, catalog: dict[str, dict]) -> list[str]:
    """Dataset rows without a catalog row; catalog rows whose recorded row count the tables do not hold.

    The catalog records each document's total (``dataset_rows``), not one count per table: a
    mismatch names the document and what each table holds (not checked while a table is
    unreadable). Documents of a batch still in progress (its intent's writer alive) are left
    alone; those of an interrupted one are reported, with the batch that the next run repairs.
    """
    problems = []
    counts, complete = _row_counts(archive)
    doubtful = {doc_id: key for key, ids in in_doubt(archive.store).items() for doc_id in ids}
    live = {doc_id for intent in intents(archive.store).values() for doc_id in intent["doc_ids"]} - set(doubtful)

    def note(doc_id: str) -> str:
        return f" (interrupted batch {doubtful[doc_id]}: the next run repairs it)" if doc_id in doubtful else ""

    for doc_id, held in sorted(counts.items()):
        if doc_id not in catalog and doc_id not in live:
            problems += [f"tables/{name}: {n} row(s) of {doc_id} have no catalog entry{note(doc_id)}"
                         for name, n in sorted(held.items())]
    for doc_id, entry in sorted(catalog.items()) if complete else ():
        held = counts.get(doc_id, {})
        if entry.get("dataset_rows") is None or doc_id in live or sum(held.values()) == entry["dataset_rows"]:
            continue
        each = ", ".join(f"tables/{name} {held.get(name, 0)}" for name in DATASETS)
        problems.append(f"catalog {doc_id}: records {entry['dataset_rows']} dataset row(s), the tables hold "
                        f"{sum(held.values())} ({each}){note(doc_id)}")
    return problems


def verify(archive: ObjectArchive) -> list[str]:
    """Problems found (empty when consistent): partial objects, corrupt originals, dangling pointers."""
    store = archive.store
    problems: list[str] = []
    keys = set(store.list(""))
    originals = sorted(k for k in keys if k.startswith(layout.ORIGINALS + "/"))
    for key in (k for k in originals if not k.endswith(".json")):
        sha = key.rsplit("/", 1)[-1].split(".", 1)[0]
        if hashlib.sha256(store.get(key) or b"").hexdigest() != sha:
            problems.append(f"{key}: content does not hash to its key")
    for key in (k for k in originals if k.endswith(".json")):
        if _json(store, key, problems).get("key") not in keys:
            problems.append(f"{key}: sidecar names a missing original")
    for key in sorted(k for k in keys if k.startswith(layout.PARSED + "/")):
        _json(store, key, problems)
    problems += _table_problems(archive, keys)
    for key, doc_ids in in_doubt(store).items():
        problems.append(f"{key}: a commit batch of {len(doc_ids)} document(s) was interrupted (the next run repairs it)")
    current = archive.tables.versions(TABLE_NAMES)
    for run_id in runs.list_run_ids(store):
        manifest = _json(store, layout.run_manifest_key(run_id), problems)
        for name, version in manifest.get("table_versions", {}).items():
            if version > current.get(name, -1):
                problems.append(f"run {run_id}: names version {version} of tables/{name}, which has {current.get(name)}")
    return problems
