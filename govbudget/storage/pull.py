"""Research pulls: select dataset records from one version of the archive's tables.

A pull reads the Delta table at one version (the latest, or the one a run left
with ``as_of``), so it is always one consistent state of the data. By default
it keeps the current edition of every disclosure (``is_current``), so each
figure is counted once; ``all_editions`` returns every edition. Partition
columns (table kind, fiscal year) and file statistics prune what is read.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from govbudget.errors import InputError
from govbudget.storage import catalog as catalog_table
from govbudget.storage.archive import ObjectArchive
from govbudget.storage.tables import SCAN_BATCH_ROWS
from govbudget.schema.datasets import DATASETS, DatasetSpec


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
        """What a reader can push down: partitions, edition, kind (publishers match by part of the name, after the read)."""
        spec, conditions = self.spec, []
        if not self.all_editions:
            conditions.append(ds.field("is_current") == True)  # noqa: E712 - an Arrow expression
        if self.table_kinds and "table_kind" in spec.partition_by:
            conditions.append(ds.field("table_kind").isin(list(self.table_kinds)))
        if self.years:
            conditions.append(ds.field("fiscal_year").isin(list(self.years)))
        if self.kinds:
            conditions.append(ds.field("doc_kind").isin(list(self.kinds)))
        return reduce(operator.and_, conditions) if conditions else None


@dataclass
class Pull:
    table: pa.Table
    run_id: str | None  # the run whose versions were read (as_of), else None: the latest commit
    version: int | None  # the table version read for ``as_of``; None: the latest
    unmatched: list[str] = field(default_factory=list)  # "--publisher 阳泉": filter values no record matched


def publisher_names(archive: ObjectArchive, selection: Selection) -> set[str] | None:
    """The catalogued publishers whose name contains one of ``--publisher`` (None: no narrowing).

    A publisher is matched by part of its name, which no file statistic can
    test; the catalog's publisher column (one narrow read) turns it into exact
    names, whose min/max statistics then skip the files that cannot hold them.
    """
    if not selection.publishers or "" in selection.publishers:
        return None
    version = archive.table_versions(selection.as_of).get(catalog_table.NAME) if selection.as_of else None
    if selection.as_of and version is None:
        return None
    names = archive.tables.read(catalog_table.NAME, catalog_table.SCHEMA, version=version, columns=["publisher"])
    names = pc.drop_null(pc.unique(names.column("publisher")))
    found: set[str] = set()
    for part in selection.publishers:
        found.update(names.filter(pc.match_substring(names, part)).to_pylist())
    return found


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


class _Matches:
    """Which asked-for filter values matched a row in any batch so far; selects each batch's rows.

    Options in ``pushed`` were already applied exactly by the read: they are only
    checked for values that matched nothing, and the rows are not copied again.
    """

    def __init__(self, selection: Selection, pushed: set[str]):
        self.selection, self.pushed = selection, pushed
        self.matched: set[str] = set()

    def select(self, table: pa.Table) -> pa.Table:
        mask = None
        for option, values in _filters(table, self.selection).items():
            for value, hit in values:
                name = f"{option} {value}"
                if name not in self.matched and pc.any(pc.fill_null(hit, False)).as_py():
                    self.matched.add(name)
            if option in self.pushed:
                continue
            any_hit = _any([hit for _, hit in values])
            mask = any_hit if mask is None else pc.and_(mask, any_hit)
        return table if mask is None else table.filter(pc.fill_null(mask, False))

    def unmatched(self) -> list[str]:
        """Every value asked for that no selected row matched (values of an empty read included)."""
        names = [name for option, values in _filters(self.selection.spec.schema.empty_table(), self.selection).items() for name in
                 (f"{option} {value}" for value, _ in values)]
        return [name for name in names if name not in self.matched]


@dataclass
class PullStream:
    """The selected rows of one table version as a stream of tables, read lazily: a whole-archive
    export holds a few of them, not the archive. ``unmatched`` is known once it is exhausted."""

    schema: pa.Schema
    run_id: str | None
    version: int | None
    _batches: Iterator[pa.RecordBatch]
    _matches: _Matches
    rows: int = 0
    exhausted: bool = False

    def __iter__(self) -> Iterator[pa.Table]:
        """Tables of about SCAN_BATCH_ROWS read rows each (fewer once filtered), in file order."""
        pending, rows = [], 0
        with self:
            for batch in self._batches:  # a file's row groups arrive a few thousand rows at a time: gathered,
                pending.append(batch)    # each step after this runs once per SCAN_BATCH_ROWS, not per row group
                rows += batch.num_rows
                if rows >= SCAN_BATCH_ROWS:
                    yield self._selected(pending)
                    pending, rows = [], 0
            if pending:
                yield self._selected(pending)
            self.exhausted = True

    def close(self) -> None:
        """Stop the read and release the files it read ahead. A consumer that stops early closes the
        stream, or reads it in a ``with`` block; one left open is closed when the interpreter exits."""
        close = getattr(self._batches, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> PullStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _selected(self, batches: list[pa.RecordBatch]) -> pa.Table:
        table = pa.Table.from_batches(batches, self.schema)
        selected = self._matches.select(table)
        self.rows += selected.num_rows
        return selected

    @property
    def unmatched(self) -> list[str]:
        if not self.exhausted:
            raise RuntimeError("unmatched filter values are known only after the whole stream is read")
        return self._matches.unmatched()


def pull_stream(archive: ObjectArchive, selection: Selection) -> PullStream:
    """The selection's rows at one table version (latest, or ``as_of``'s), streamed."""
    spec = selection.spec
    run_id, version = None, None
    if selection.as_of:
        run_id = archive.manifest(selection.as_of)["run_id"]
        version = archive.table_versions(selection.as_of).get(spec.name)
        if version is None:  # the table did not exist yet then
            return PullStream(spec.schema, run_id, None, iter(()), _Matches(selection, set()))
    else:
        archive.flush()
    names = publisher_names(archive, selection)
    where = selection.expression()
    if names is not None:  # the same rows as the substring match below; pushed down, row groups are skipped too
        match = ds.field("publisher").isin(pa.array(sorted(names), pa.string()))
        where = match if where is None else where & match
    batches = archive.tables.scan(spec.name, spec.schema, version=version, filter=where, partitions=selection.partitions(),
                                  values={"publisher": names} if names is not None else None)
    pushed = {"--kind", "--table", "--year"} | ({"--publisher"} if names is not None else set())
    return PullStream(spec.schema, run_id, version, batches, _Matches(selection, pushed))


def pull(archive: ObjectArchive, selection: Selection) -> Pull:
    """The selection's rows in memory (a notebook's pull); exports stream with :func:`pull_stream`."""
    stream = pull_stream(archive, selection)
    table = pa.concat_tables([stream.schema.empty_table(), *stream])
    return Pull(table, stream.run_id, stream.version, stream.unmatched)


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
