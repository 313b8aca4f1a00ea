"""The catalog as one Delta table, ``tables/documents``: one row per document (= one edition).

Listing, filtering and change detection read this one table instead of one
object per document. A row carries what readers filter on as columns (unit,
year, kind, edition) and the full document metadata as JSON.
"""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa

from govbudget.schema import ParseResult
from govbudget.schema.datasets import EDITION_COLUMNS
from govbudget.schema.tabular import parquet_bytes
from govbudget.changes.units import unit_key

NAME = "documents"

SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string()),
        pa.field("fiscal_year", pa.int32()),
        pa.field("publisher", pa.string()),
        pa.field("publisher_code", pa.string()),
        pa.field("parent_department", pa.string()),
        pa.field("region", pa.list_(pa.string())),
        pa.field("kind", pa.string()),
        pa.field("scope", pa.string()),
        pa.field("parser_version", pa.string()),
        pa.field("unit_name", pa.string()),  # normalised, see govbudget.changes.units
        pa.field("unit_parent", pa.string()),
        pa.field("edition_key", pa.string()),  # documents sharing it are editions of one disclosure
        pa.field("edition", pa.int32()),  # 1 = first published
        pa.field("is_current", pa.bool_()),  # the latest edition
        pa.field("source_url", pa.string()),
        pa.field("original_key", pa.string()),
        pa.field("republication_of", pa.string()),
        pa.field("first_seen", pa.string()),
        pa.field("parse_key", pa.string()),
        pa.field("run_id", pa.string()),
        pa.field("content_digest", pa.string()),  # of the dataset rows: an identical re-store writes nothing
        pa.field("dataset_rows", pa.int64()),
        pa.field("document", pa.string()),  # the Document as JSON
    ]
)

# Catalog entry keys that are columns (everything else comes from the document JSON).
_COLUMNS = [f.name for f in SCHEMA if f.name != "document"]


def base_edition_key(entry: dict) -> str:
    """Unit, year, kind and scope: same key, same disclosure (before following republication_of)."""
    parts = [*unit_key(entry), entry.get("fiscal_year"), entry.get("kind"), entry.get("scope")]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:24]


def entry_for(result: ParseResult, provenance: dict | None, parse_key: str, run_id: str, digest: str, rows: int) -> dict:
    doc = result.document.model_dump(mode="json")
    provenance = provenance or {}
    sightings = sorted(provenance.get("sightings", []), key=lambda s: s["fetched_at"])
    entry = {
        **doc,
        "source_url": sightings[0]["url"] if sightings else None,
        "original_key": provenance.get("key"),
        "republication_of": provenance.get("republication_of"),
        "first_seen": provenance.get("first_seen"),
        "parse_key": parse_key,
        "run_id": run_id,
        "content_digest": digest,
        "dataset_rows": rows,
    }
    entry["unit_name"], entry["unit_parent"] = unit_key(entry)
    return entry


def to_table(entries: list[dict]) -> pa.Table:
    rows = []
    for entry in entries:
        row = {c: entry.get(c) for c in _COLUMNS}
        row["document"] = json.dumps({k: v for k, v in entry.items() if k not in _COLUMNS}, ensure_ascii=False, sort_keys=True)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def to_entries(table: pa.Table) -> list[dict]:
    """Rows back as catalog entries: the document's fields plus the catalog columns."""
    entries = []
    for row in table.to_pylist():
        document = json.loads(row.pop("document") or "{}")
        entries.append({**document, **row})
    return entries


def content_digest(tables: dict[str, pa.Table]) -> str:
    """Identifies a document's rows: storing the same parse again commits nothing."""
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        digest.update(parquet_bytes(tables[name].drop_columns(list(EDITION_COLUMNS))))
    return digest.hexdigest()[:32]
