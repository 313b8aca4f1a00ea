"""Parsed records → files: one dataset per record type, in Parquet, CSV or JSON Lines.

``line_items``, ``performance_targets``, ``facts`` and ``checks`` have the columns
and types of the archive's tables (:mod:`govbudget.schema.datasets`), so a script
written against ``govbudget pull`` reads ``parse --out`` files unchanged (without
the archive's edition columns: loose files have no editions). ``documents`` and
``tables`` sit beside them and join on ``doc_id`` / ``table_id``. Amounts are exact
decimals (Parquet decimal128; text in CSV and JSON), CSV carries Excel's UTF-8 BOM.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from govbudget.errors import InputError
from govbudget.parsers.file_names import one_line
from govbudget.schema import ParseResult
from govbudget.schema.datasets import DATASETS as ARCHIVE_DATASETS
from govbudget.schema.datasets import EDITION_COLUMNS, dataset_tables, with_classifications
from govbudget.schema.tabular import table_bytes

FORMATS = ("parquet", "csv", "json")
DATASETS = ("documents", "tables", *ARCHIVE_DATASETS)


def records(results: Iterable[ParseResult]) -> dict[str, list[dict[str, Any]] | pa.Table]:
    """Every dataset of a batch of results: ``documents`` and ``tables`` as plain rows,
    the archive's datasets as Arrow tables of its schema."""
    loose: dict[str, list[dict[str, Any]]] = {"documents": [], "tables": []}
    archived: dict[str, list[pa.Table]] = {name: [] for name in ARCHIVE_DATASETS}
    for result in results:
        doc_id = result.document.doc_id
        loose["documents"].append(result.document.model_dump(mode="json"))
        for table in result.tables:
            row = table.model_dump(mode="json", exclude={"rows", "columns"})
            row["doc_id"] = doc_id
            row["columns"] = json.dumps(table.columns, ensure_ascii=False)
            row["row_count"] = len(table.rows)
            loose["tables"].append(row)
        for name, rows in dataset_tables(result, source_url=None).items():
            archived[name].append(rows.drop_columns(list(EDITION_COLUMNS)))
    out: dict[str, list[dict[str, Any]] | pa.Table] = dict(loose)
    for name, parts in archived.items():
        schema = ARCHIVE_DATASETS[name].schema
        table = pa.concat_tables(parts) if parts else pa.schema(
            [f for f in schema if f.name not in EDITION_COLUMNS]).empty_table()
        out[name] = with_classifications(table)  # line items: 功能/经济分类 columns, as a pull writes them
    return out


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Lists and Decimals as text so every format holds them without loss."""
    flat = {}
    for key, value in row.items():
        if isinstance(value, (list, tuple, dict)):
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, Decimal):
            value = str(value)
        flat[key] = value
    return flat


def check_out_dir(out_dir: str | Path) -> Path:
    """Create ``out_dir`` (or accept an existing directory) before any parsing, or raise
    :class:`InputError` naming it: finding out after an hour of parsing loses the hour."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {one_line(out)}", "exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {one_line(out)}", f"cannot create the directory ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(f"--out {one_line(out)}", "the directory is not writable")
    return out


def write_results(results: Iterable[ParseResult], out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every dataset of ``results`` into ``out_dir``; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = check_out_dir(out_dir)
    written = []
    for name, rows in records(results).items():
        path = out / f"{name}.{'jsonl' if fmt == 'json' else fmt}"
        if fmt == "json":
            with path.open("w", encoding="utf-8") as fh:
                for row in rows.to_pylist() if isinstance(rows, pa.Table) else rows:
                    fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            if not isinstance(rows, pa.Table):
                rows = pa.Table.from_pylist([_flat(r) for r in rows]) if rows else pa.table({})
            path.write_bytes(table_bytes(rows, fmt))
        written.append(path)
    return written
