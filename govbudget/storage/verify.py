"""Consistency check of an archive: what must hold after any crash or outage."""

from __future__ import annotations

import hashlib
import io
import json

import pyarrow.parquet as pq

from govbudget.storage import layout, runs
from govbudget.storage.archive import ObjectArchive


def _json(store, key: str, problems: list[str]) -> dict:
    try:
        return json.loads(store.get(key) or b"")
    except ValueError:
        problems.append(f"{key}: not complete JSON")
        return {}


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
    for key in sorted(k for k in keys if k.startswith(layout.CATALOG + "/")):
        entry = _json(store, key, problems)
        problems += [f"{key}: names missing {ref}" for ref in [entry.get("parse_key"), *entry.get("dataset_files", [])] if ref not in keys]
    for key in sorted(k for k in keys if k.startswith(layout.DATASETS + "/")):
        try:
            pq.read_metadata(io.BytesIO(store.get(key) or b""))
        except Exception as exc:  # noqa: BLE001 - any unreadable part is the finding
            problems.append(f"{key}: unreadable Parquet ({exc})")
    for run_id in runs.list_run_ids(store):
        manifest = _json(store, layout.run_manifest_key(run_id), problems)
        named = {k for files in manifest.get("snapshot", {}).values() for k in files} | set(manifest.get("dataset_files_written", []))
        problems += [f"run {run_id}: names missing {k}" for k in sorted(named - keys)]
    return problems
