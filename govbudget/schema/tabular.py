"""Tables as files researchers open: Parquet, and CSV that Excel reads as UTF-8.

Excel decodes a CSV without a byte-order mark in the machine's legacy code page,
so Chinese labels show as mojibake; every CSV govbudget writes starts with the
UTF-8 BOM, declared as ``utf-8-sig`` wherever a descriptor names the encoding.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

CSV_ENCODING = "utf-8-sig"
_BOM = "\ufeff".encode("utf-8")


def csv_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink)
    return _BOM + sink.getvalue()


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def table_bytes(table: pa.Table, fmt: str) -> bytes:
    return parquet_bytes(table) if fmt == "parquet" else csv_bytes(table)


def write_table(table: pa.Table, path: str | Path, fmt: str) -> Path:
    path = Path(path)
    path.write_bytes(table_bytes(table, fmt))
    return path
