"""Committing a batch of parsed documents to the Delta tables: each figure held once.

Per batch, one commit per dataset table and one to ``documents``, in that order
(the catalog row is the document's "done" marker). A document stored before is
*replaced* — its old rows deleted and the new ones added in the same commit —
and so is an earlier edition a re-publication displaces (its rows are re-stamped
``is_current = false``). New documents are plain appends, so a daily run costs
O(its own documents), not O(archive).

A crash between the dataset commits and the catalog commit would leave rows
without a catalog row: an *intent* object naming the batch is written first and
removed last; the next batch replaces whatever those documents left behind.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from govbudget.storage import catalog, editions, runs
from govbudget.schema.datasets import DATASETS
from govbudget.storage.objectstore import ObjectStore
from govbudget.storage.tables import TABLES, Tables

log = logging.getLogger(__name__)

INTENTS = f"{TABLES}/_intents"
# An intent this old belongs to a batch that died (a live batch commits in seconds, not minutes);
# one whose writer is gone (same host, pid ended: killed) is in doubt at once.
STALE_INTENT = timedelta(minutes=10)


@dataclass
class Staged:
    """One parsed document waiting for the next commit."""

    entry: dict  # its catalog entry (see govbudget.storage.catalog.entry_for)
    tables: dict[str, pa.Table]  # dataset name -> rows

    @property
    def doc_id(self) -> str:
        return self.entry["doc_id"]


@dataclass
class Committed:
    versions: dict[str, int] = field(default_factory=dict)  # table -> version this batch made
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    displaced: list[str] = field(default_factory=list)  # earlier editions now not current
    rows: int = 0


def read_catalog(tables: Tables, filter=None, version: int | None = None) -> dict[str, dict]:
    table = tables.read(catalog.NAME, catalog.SCHEMA, version=version, filter=filter)
    return {e["doc_id"]: e for e in catalog.to_entries(table)}


def intents(store: ObjectStore) -> dict[str, dict]:
    """Intent key -> intent, of every batch begun and not finished (live or interrupted)."""
    found = {key: json.loads(store.get(key) or b"{}") for key in store.list(f"{INTENTS}/")}
    return {key: intent for key, intent in found.items() if intent}


def in_doubt(store: ObjectStore, now: datetime | None = None) -> dict[str, list[str]]:
    """Intent key -> documents, for batches interrupted between their first and last commit."""
    now = now or datetime.now(timezone.utc)
    return {key: intent["doc_ids"] for key, intent in intents(store).items()
            if now - datetime.fromisoformat(intent["created"]) > STALE_INTENT or runs.gone(intent)}


def commit(store: ObjectStore, tables: Tables, staged: list[Staged], stale: dict[str, list[str]] | None = None,
           written: dict[str, list[str]] | None = None) -> Committed:
    """``stale``: intents (from :func:`in_doubt`) whose documents the caller has re-staged if it could.

    ``written`` receives this batch's intent as soon as it exists: if the batch fails, the
    caller passes it back among ``stale`` when it tries again (its writer is alive, so
    :func:`in_doubt` would not name it yet), and whatever it committed is replaced, not doubled.
    """
    result = Committed()
    stale = stale or {}
    leftovers = {doc_id for ids in stale.values() for doc_id in ids}
    batch = {s.doc_id: s for s in staged}
    entries = {doc_id: dict(s.entry) for doc_id, s in batch.items()}
    targets = {e["republication_of"] for e in entries.values() if e.get("republication_of")}
    known = read_catalog(tables, ds.field("doc_id").isin(sorted(set(entries) | targets)))
    editions.resolve_keys(entries, known)

    for doc_id, entry in list(entries.items()):
        before = known.get(doc_id)
        if before and doc_id not in leftovers and (before["content_digest"], before["parse_key"], before["edition_key"]) == (
            entry["content_digest"], entry["parse_key"], entry["edition_key"]):
            result.unchanged.append(doc_id)
            del entries[doc_id]
        else:
            (result.changed if before else result.added).append(doc_id)
    if not entries and not leftovers:
        return result

    keys = sorted({e["edition_key"] for e in entries.values()})
    members = read_catalog(tables, ds.field("edition_key").isin(keys)) if keys else {}
    displaced: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    for entry in [*(dict(m) for d, m in members.items() if d not in entries), *entries.values()]:
        groups.setdefault(entry["edition_key"], []).append(entry)
    for group in groups.values():
        for entry in editions.number(group):
            old = members.get(entry["doc_id"])
            if entry["doc_id"] not in entries and old is not None and (old["edition"], old["is_current"]) != (
                entry["edition"], entry["is_current"]):
                displaced[entry["doc_id"]] = entry
    result.displaced = sorted(displaced)

    replace = (set(entries) & set(known)) | set(displaced) | leftovers
    intent = f"{INTENTS}/{secrets.token_hex(8)}.json"
    created = datetime.now(timezone.utc).isoformat()
    doc_ids = sorted(set(entries) | set(displaced))
    store.put(intent, json.dumps({"created": created, **runs.writer(), "doc_ids": doc_ids}).encode(), "application/json")
    if written is not None:
        written[intent] = doc_ids
    for spec in DATASETS.values():
        parts = [editions.with_edition(batch[d].tables[spec.name], e["edition"], e["is_current"]) for d, e in entries.items()]
        if displaced:
            rows = tables.read(spec.name, spec.schema, filter=ds.field("doc_id").isin(sorted(displaced)))
            for doc_id, entry in displaced.items():
                mine = rows.filter(pc.equal(rows["doc_id"], doc_id))
                parts.append(editions.with_edition(mine, entry["edition"], entry["is_current"]))
        data = pa.concat_tables(parts) if parts else spec.schema.empty_table()
        result.rows += sum(batch[d].tables[spec.name].num_rows for d in entries)
        if data.num_rows or replace:
            result.versions[spec.name] = tables.write(spec.name, data, list(spec.partition_by), replace)
            log.info("table written", extra={"table": spec.name, "version": result.versions[spec.name]})
    rows = catalog.to_table([*entries.values(), *displaced.values()])
    result.versions[catalog.NAME] = tables.write(catalog.NAME, rows, [], (set(entries) & set(known)) | set(displaced))
    log.info("table written", extra={"table": catalog.NAME, "version": result.versions[catalog.NAME]})
    for key in [intent, *stale]:
        store.delete(key)
    return result
