"""Research pulls: select dataset records from one version of the archive's tables.

A pull reads the Delta table at one version (the latest, or the one a run left
with ``as_of``), so it is always one consistent state of the data. By default
it keeps the current edition of every disclosure (``is_current``), so each
figure is counted once; ``all_editions`` returns every edition. Partition
columns (table kind, fiscal year) and file statistics prune what is read.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from govbudget.errors import InputError
from govbudget.storage.archive import ObjectArchive
from govbudget.storage.datasets import DATASETS, DatasetSpec




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
    all_editions: bool = False  # True: every edition of a re-published disclosure, not just the current

    @property
    def spec(self) -> DatasetSpec:
        if self.table not in DATASETS:
            raise InputError(self.table, f"unknown dataset; choose from {', '.join(DATASETS)}")
        return DATASETS[self.table]

    def partitions(self) -> dict[str, list]:
        """Partition values to read (only the files of these partitions are opened)."""
        wanted = {"table_kind": list(self.table_kinds), "fiscal_year": list(self.years)}
        return {c: v for c, v in wanted.items() if v and c in self.spec.partition_by}

    def expression(self) -> ds.Expression | None:
        """What a reader can push down: partitions, edition, kind, publisher."""
        spec, conditions = self.spec, []
        if not self.all_editions:
            conditions.append(ds.field("is_current") == True)  # noqa: E712 - an Arrow expression
        if self.table_kinds and "table_kind" in spec.partition_by:
            conditions.append(ds.field("table_kind").isin(list(self.table_kinds)))
        if self.years:
            conditions.append(ds.field("fiscal_year").isin(list(self.years)))
        if self.kinds:
            conditions.append(ds.field("doc_kind").isin(list(self.kinds)))
        if self.publishers:
            conditions.append(ds.field("publisher").isin(list(self.publishers)))
        return reduce(operator.and_, conditions) if conditions else None


@dataclass
class Pull:
    table: pa.Table
    run_id: str | None  # the run whose versions were read (as_of), else None: the latest commit
    version: int | None  # the table version read for ``as_of``; None: the latest


def _region_filter(table: pa.Table, regions: tuple[str, ...]) -> pa.Table:
    """Whole segments of 省/市/县: 阳泉市 does not match 阳泉市郊区."""
    if not regions:
        return table
    wrapped = pc.binary_join_element_wise("", pc.fill_null(table["region"], ""), "", "/")
    hits = reduce(pc.or_, [pc.match_substring(wrapped, f"/{r}/") for r in regions])
    return table.filter(pc.fill_null(hits, False))


def pull(archive: ObjectArchive, selection: Selection, on_file: Callable[[int, int], None] | None = None) -> Pull:
    """``on_file(done, total)`` reports progress (once, when the read is done)."""
    spec = selection.spec
    run_id, version = None, None
    if selection.as_of:
        run_id = archive.manifest(selection.as_of)["run_id"]
        version = archive.table_versions(selection.as_of).get(spec.name)
        if version is None:  # the table did not exist yet then
            return Pull(spec.schema.empty_table(), run_id, None)
    else:
        archive.flush()
    table = archive.tables.read(spec.name, spec.schema, version=version, filter=selection.expression(),
                                partitions=selection.partitions())
    if on_file:
        on_file(1, 1)
    return Pull(_region_filter(table, selection.regions), run_id, version)


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
    all_editions: bool = False,
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
        all_editions=all_editions,
    )
    result = pull(archive, selection).table
    if not as_pandas:
        return result
    try:
        return result.to_pandas()
    except ImportError:
        raise InputError("pandas", "not installed; use as_pandas=False for a pyarrow Table") from None
