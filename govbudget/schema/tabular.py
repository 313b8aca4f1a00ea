"""Tables as files researchers open: Parquet, and CSV that Excel reads as UTF-8.

Excel decodes a CSV without a byte-order mark in the machine's legacy code page,
so Chinese labels show as mojibake; every CSV govbudget writes starts with the
UTF-8 BOM, declared as ``utf-8-sig`` wherever a descriptor names the encoding.
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
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


class TableFileWriter:
    """Tables appended to one Parquet or CSV file as they come, so an export never holds all of them.

    Parquet row groups are gathered to ``row_group_bytes`` (in memory) first: a
    filtered stream arrives in small pieces, and tiny row groups make a slow
    file; gathering by bytes, not rows, keeps what waits small however wide the rows.
    Encoding (most of an export's time) runs on a thread of its own, one chunk at
    a time, while the caller reads the next: the caller waits only when the
    previous chunk is still being encoded, so at most one extra chunk is held.
    An encoding error is raised by the next ``write`` or by ``close``.
    """

    def __init__(self, path: str | Path, schema: pa.Schema, fmt: str, row_group_bytes: int = 16 * 1024 * 1024,
                 statistics: list[str] | None = None):
        """``statistics``: the Parquet columns given min/max statistics (None: all). A reader skips row groups
        by them only where a column's values are clustered; elsewhere they cost a quarter of the encoding."""
        self.path, self.schema, self.fmt, self.row_group_bytes = Path(path), schema, fmt, row_group_bytes
        self._pending: list[pa.Table] = []
        self._pending_bytes = 0
        self._encoder = ThreadPoolExecutor(1, thread_name_prefix=f"write-{self.path.name}")
        self._encoding: Future | None = None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self.path, schema, compression="zstd",
                                             write_statistics=True if statistics is None else statistics)
        else:
            self._file = self.path.open("wb")
            self._file.write(_BOM)
            self._csv = pacsv.CSVWriter(self._file, schema)

    def write(self, table: pa.Table) -> None:
        if self.fmt == "csv":
            self._encode(self._csv.write_table, table)
            return
        self._pending.append(table)
        self._pending_bytes += table.nbytes
        if self._pending_bytes >= self.row_group_bytes:
            self._flush()

    def _encode(self, write, table: pa.Table, **options) -> None:
        """Hand ``table`` to the encoding thread once it has finished the previous one."""
        self._wait()
        self._encoding = self._encoder.submit(write, table, **options)

    def _wait(self) -> None:
        if self._encoding is not None:
            encoding, self._encoding = self._encoding, None
            encoding.result()

    def _flush(self) -> None:
        if self._pending:
            gathered = pa.concat_tables(self._pending)
            self._pending, self._pending_bytes = [], 0
            self._encode(self._parquet.write_table, gathered, row_group_size=max(gathered.num_rows, 1))

    def close(self) -> None:
        """Write what is left and close the file; raises the first encoding error, the file closed either way."""
        try:
            if self.fmt == "parquet":
                self._flush()
            self._wait()
        finally:
            self._encoder.shutdown(wait=True, cancel_futures=True)
            if self.fmt == "csv":
                self._csv.close()
                self._file.close()
            else:
                self._parquet.close()
