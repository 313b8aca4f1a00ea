"""Research pulls: select dataset records from one archive snapshot.

Reads go through a run manifest's snapshot, so a pull is always one consistent
version of the data (``as_of`` picks which), and only the part files whose
hive path matches the requested table kinds and years are fetched.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from govbudget.errors import InputError
from govbudget.storage import layout
from govbudget.storage.archive import ObjectArchive
from govbudget.storage.datasets import DATASETS, DatasetSpec, read_part


READ_THREADS = 8


@dataclass(frozen=True)
class Selection:
    """What a researcher asked for; empty tuples mean "everything"."""

    table: str = "line_items"
    regions: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()  # budget | final_account
    table_kinds: tuple[str, ...] = ()
    as_of: str | None = None

    @property
    def spec(self) -> DatasetSpec:
        if self.table not in DATASETS:
            raise InputError(self.table, f"unknown dataset; choose from {', '.join(DATASETS)}")
        return DATASETS[self.table]

    def wants_file(self, key: str) -> bool:
        """Partition pruning on the key alone: no request for files outside the selection."""
        if layout.dataset_table(key) != self.table:
            return False
        partition = layout.dataset_partition(key)
        if self.table_kinds and partition.get("table_kind", self.table_kinds[0]) not in self.table_kinds:
            return False  # datasets not partitioned by table kind are never pruned on it
        if self.years and partition.get("fiscal_year") not in {str(y) for y in self.years}:
            return False
        return True


@dataclass
class Pull:
    table: pa.Table
    run_id: str | None
    files: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # "--publisher 阳泉": filter values no record matched


def selected_files(archive: ObjectArchive, selection: Selection) -> tuple[str | None, list[str]]:
    manifest = archive.manifest(selection.as_of)
    if manifest is None:
        return None, []
    keys = sorted({k for files in manifest["snapshot"].values() for k in files if selection.wants_file(k)})
    return manifest["run_id"], keys


def _any(hits: list):
    result = hits[0]
    for hit in hits[1:]:
        result = pc.or_(result, hit)
    return result


def _filters(table: pa.Table, selection: Selection) -> dict[str, list]:
    """option → one boolean mask per value asked for."""
    filters: dict[str, list] = {}
    if selection.publishers:  # part of the name: 阳泉 finds every 阳泉市… unit
        names = pc.fill_null(table["publisher"], "")
        filters["--publisher"] = [(p, pc.match_substring(names, p)) for p in selection.publishers]
    if selection.kinds:
        filters["--kind"] = [(k, pc.equal(table["doc_kind"], k)) for k in selection.kinds]
    if selection.table_kinds and "table_kind" in table.column_names:
        filters["--table"] = [(k, pc.equal(table["table_kind"], k)) for k in selection.table_kinds]
    if selection.regions:  # whole segments of 省/市/县: 阳泉市 does not match 阳泉市郊区
        wrapped = pc.binary_join_element_wise("", pc.fill_null(table["region"], ""), "", "/")
        filters["--region"] = [(r, pc.match_substring(wrapped, f"/{r}/")) for r in selection.regions]
    if selection.years and "fiscal_year" in table.column_names:
        filters["--year"] = [(y, pc.equal(table["fiscal_year"], y)) for y in selection.years]
    return filters


def _row_filter(table: pa.Table, selection: Selection) -> tuple[pa.Table, list[str]]:
    """The selected rows, and the filter values that matched no row of ``table``."""
    mask, unmatched = None, []
    for option, values in _filters(table, selection).items():
        for value, hit in values:
            if not pc.any(pc.fill_null(hit, False)).as_py():
                unmatched.append(f"{option} {value}")
        any_hit = _any([hit for _, hit in values])
        mask = any_hit if mask is None else pc.and_(mask, any_hit)
    return (table if mask is None else table.filter(pc.fill_null(mask, False))), unmatched


def pull(archive: ObjectArchive, selection: Selection, on_file: Callable[[int, int], None] | None = None) -> Pull:
    """``on_file(done, total)`` is called after each part file (progress bars)."""
    spec = selection.spec
    run_id, keys = selected_files(archive, selection)
    def fetch(key: str) -> bytes:
        data = archive.store.get(key)
        if data is None:
            raise InputError(archive.store.url(key), "listed in the run manifest but missing from the archive")
        return data

    parts = []
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:  # many small objects: latency-bound
        for done, (key, data) in enumerate(zip(keys, pool.map(fetch, keys)), 1):
            parts.append(read_part(data, spec, layout.dataset_partition(key)))
            if on_file:
                on_file(done, len(keys))
    table = pa.concat_tables(parts) if parts else spec.schema.empty_table()
    selected, unmatched = _row_filter(table, selection)
    return Pull(selected, run_id, keys, unmatched)


def load(
    archive: ObjectArchive | str | None = None,
    table: str = "line_items",
    *,
    region: str | Iterable[str] | None = None,
    publisher: str | Iterable[str] | None = None,
    year: int | Iterable[int] | None = None,
    kind: str | Iterable[str] | None = None,
    table_kind: str | Iterable[str] | None = None,
    as_of: str | None = None,
    as_pandas: bool = False,
):
    """Notebook entry point: a pyarrow Table (or pandas DataFrame) of the selected records."""
    from govbudget.storage import open_archive

    def many(value) -> tuple:
        if value is None:
            return ()
        return (value,) if isinstance(value, (str, int)) else tuple(value)

    if not isinstance(archive, ObjectArchive):
        archive = open_archive(archive)
    selection = Selection(
        table=table,
        regions=many(region),
        publishers=many(publisher),
        years=tuple(int(y) for y in many(year)),
        kinds=many(kind),
        table_kinds=many(table_kind),
        as_of=as_of,
    )
    result = pull(archive, selection).table
    if not as_pandas:
        return result
    try:
        return result.to_pandas()
    except ImportError:
        raise InputError("pandas", "not installed; use as_pandas=False for a pyarrow Table") from None
