"""Parsed records → files: one dataset per record type, in Parquet, CSV or JSON Lines.

``line_items`` is the long form researchers aggregate (one numeric cell per row,
with exact Decimal yuan); ``documents``, ``tables``, ``performance_targets``,
``facts`` and ``checks`` sit beside it and join on ``doc_id`` / ``table_id``.
Decimals are written as strings so no value is rounded by a float on the way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from govbudget.errors import InputError
from govbudget.parsers.file_names import one_line
from govbudget.schema import ParseResult

FORMATS = ("parquet", "csv", "json")
DATASETS = ("documents", "tables", "line_items", "performance_targets", "facts", "checks")


def records(results: Iterable[ParseResult]) -> dict[str, list[dict[str, Any]]]:
    """Every dataset's rows for a batch of results."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
    for result in results:
        doc_id = result.document.doc_id
        out["documents"].append(result.document.model_dump(mode="json"))
        for table in result.tables:
            row = table.model_dump(mode="json", exclude={"rows", "columns"})
            row["doc_id"] = doc_id
            row["columns"] = json.dumps(table.columns, ensure_ascii=False)
            row["row_count"] = len(table.rows)
            out["tables"].append(row)
        out["line_items"].extend(item.model_dump(mode="json") for item in result.line_items())
        out["performance_targets"].extend(t.model_dump(mode="json") for t in result.performance_targets)
        out["facts"].extend(f.model_dump(mode="json") for f in result.facts)
        for check in result.checks:
            row = check.model_dump(mode="json")
            row["doc_id"] = doc_id
            out["checks"].append(row)
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
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            table = pa.Table.from_pylist([_flat(r) for r in rows]) if rows else pa.table({})
            if fmt == "parquet":
                pq.write_table(table, path)
            else:
                pa_csv.write_csv(table, path)
        written.append(path)
    return written
