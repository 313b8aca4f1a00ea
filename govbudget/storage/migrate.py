"""``govbudget migrate-archive``: an archive of the old layout (Parquet part files + JSON catalog) → Delta tables.

The old layout kept ``catalog/documents/<doc_id>.json`` (naming each document's
parse result) and ``datasets/<table>/…/<doc_id>-<digest>.parquet`` part files,
with the live files listed in the last run manifest's ``snapshot``. Migration
stages every catalogued parse result again through the archive's one write
path, in one run, then checks the result: for every dataset, the rows the old
snapshot held must equal the new tables' rows (every edition), as multisets.
Nothing old is deleted; running it twice changes nothing the second time.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.parquet as pq

from govbudget.errors import StorageError
from govbudget.schema import ParseResult
from govbudget.schema.amounts import parse_amount
from govbudget.storage.archive import ObjectArchive
from govbudget.schema.datasets import DATASETS, EDITION_COLUMNS, PARTITION_TYPES

OLD_CATALOG = "catalog/documents/"


@dataclass
class Migration:
    run_id: str | None = None
    documents: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # dataset -> rows in the new table
    mismatches: list[str] = field(default_factory=list)


def old_entries(archive: ObjectArchive) -> list[dict]:
    return [json.loads(archive.store.get(key) or b"{}") for key in archive.store.list(OLD_CATALOG)]


# Columns today's rules derive anew from the stored parse: a figure that is not money has no
# value_yuan or unit any more (govbudget.schema.amounts.measure_of). Migration keeps every row;
# these columns follow the current rule, so they are not compared with the old files.
RECOMPUTED = {"value_yuan", "unit", "measure"}


def _old_keys(archive: ObjectArchive, dataset: str) -> list[str]:
    old_runs = [m for m in map(archive.manifest, archive.run_ids()) if m and "snapshot" in m]
    manifest = old_runs[-1] if old_runs else {}
    return sorted({k for files in manifest.get("snapshot", {}).values() for k in files if k.split("/")[1] == dataset})


def old_columns(archive: ObjectArchive, dataset: str) -> set[str]:
    """The columns the old part files of ``dataset`` had (partition columns included)."""
    keys = _old_keys(archive, dataset)
    if not keys:
        return set()
    return set(pq.read_schema(io.BytesIO(archive.store.get(keys[0]) or b"")).names) | set(DATASETS[dataset].partition_by)


def old_rows(archive: ObjectArchive, dataset: str) -> pa.Table:
    """What the old ``pull`` returned for ``dataset``: the latest snapshot's part files, partition columns restored."""
    spec = DATASETS[dataset]
    keys = _old_keys(archive, dataset)
    parts = []
    for key in keys:
        table = pq.read_table(io.BytesIO(archive.store.get(key) or b""))
        partition = dict(seg.split("=", 1) for seg in key.split("/")[2:-1])
        for position, column in enumerate(spec.partition_by):
            raw = partition.get(column)
            value = None if raw in (None, "__HIVE_DEFAULT_PARTITION__") else raw
            table = table.add_column(position, pa.field(column, PARTITION_TYPES[column]),
                                     pa.array([value] * table.num_rows, pa.string()).cast(PARTITION_TYPES[column]))
        parts.append(table)
    schema = pa.schema([f for f in spec.schema if f.name not in EDITION_COLUMNS])
    return pa.concat_tables([_conform(p, schema) for p in parts]) if parts else schema.empty_table()


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Old parts in today's schema: columns added since (line_items.measure, checks.unit) are
    null, and figures once stored as printed text (performance_targets.funds_*) are read as yuan."""
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, field.type))
        elif pa.types.is_decimal(field.type) and pa.types.is_string(table.schema.field(field.name).type):
            columns.append(pa.array([parse_amount(v, None) for v in table[field.name].to_pylist()], field.type))
        else:
            columns.append(table[field.name].cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _multiset(table: pa.Table) -> list[tuple]:
    return sorted((tuple(str(v) for v in row.values()) for row in table.to_pylist()))


def migrate(archive: ObjectArchive) -> Migration:
    entries = old_entries(archive)
    if not entries:
        raise StorageError(archive.location, "no old-layout catalog (catalog/documents/) to migrate")
    migration = Migration(documents=len(entries))
    with archive.run() as migration.run_id:
        for entry in sorted(entries, key=lambda e: (e.get("first_seen") or "", e.get("run_id") or "", e["doc_id"])):
            data = archive.store.get(entry["parse_key"])
            if data is None:
                archive.record_failure(entry["doc_id"], f"catalog names missing {entry['parse_key']}")
                continue
            archive.restage(ParseResult.model_validate_json(data), entry["parse_key"], entry.get("run_id") or migration.run_id)
    from govbudget.storage.pull import Selection, pull

    for dataset in DATASETS:
        new = pull(archive, Selection(table=dataset, all_editions=True)).table
        new = new.drop_columns(list(EDITION_COLUMNS))
        migration.rows[dataset] = new.num_rows
        compared = [c for c in new.column_names if c in old_columns(archive, dataset) and c not in RECOMPUTED]
        if _multiset(new.select(compared)) != _multiset(old_rows(archive, dataset).select(compared)):
            migration.mismatches.append(f"{dataset}: the new table's rows differ from the old snapshot's")
    return migration
