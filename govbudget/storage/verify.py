"""Consistency check of an archive: what must hold after any crash or outage."""

from __future__ import annotations

import hashlib
import json

from govbudget.errors import StorageError
from govbudget.storage import layout, runs
from govbudget.storage.archive import TABLE_NAMES, ObjectArchive
from govbudget.storage.commit import in_doubt, read_catalog


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
    for doc_id, entry in read_catalog(archive.tables).items():
        if entry["parse_key"] not in keys:
            problems.append(f"catalog {doc_id}: names missing {entry['parse_key']}")
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
