"""The sums a disclosure's tables must satisfy, as data: ``whole = Σ parts`` over cells.

Checks report these identities; OCR digit repair searches for the one-character
correction that makes them hold. Both need the same list, so it is built here
once, as references to cells rather than values. (govbudget/parsers/checks/arithmetic.py reports
CheckResults from its own walk over the same identities; evaluating these
:class:`Identity` objects there would make this the single definition.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.schema.amounts import parse_decimal

GRAND_TOTAL = re.compile(r"^(合计|总计|部门合计)$")
# columns printed as the sum of other columns of the same row
SPLITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project")),
    ("total", ("personnel", "public")),
    ("basic", ("basic.personnel", "basic.public")),
    ("total", ("current_year", "carryover")),
)
FORMS = (TableKind.project_performance, TableKind.overall_performance)


@dataclass(frozen=True, slots=True)
class CellRef:
    table: int  # index in the document's table list
    row: int  # index in that table's rows
    key: str  # column key


@dataclass(frozen=True, slots=True)
class Identity:
    check_id: str
    whole: CellRef
    parts: tuple[CellRef, ...]

    @property
    def cells(self) -> tuple[CellRef, ...]:
        return (self.whole, *self.parts)


def value(tables: list[TableInstance], ref: CellRef, overrides: dict[CellRef, str] | None = None) -> Decimal:
    """The printed figure (an empty cell counts as 0), or its override."""
    text = (overrides or {}).get(ref)
    if text is None:
        text = tables[ref.table].rows[ref.row].values.get(ref.key)
    return parse_decimal(text) or Decimal(0)


def residual(tables: list[TableInstance], identity: Identity, overrides: dict[CellRef, str] | None = None) -> Decimal:
    """|whole − Σ parts|."""
    expected = sum((value(tables, p, overrides) for p in identity.parts), Decimal(0))
    return abs(value(tables, identity.whole, overrides) - expected)


def holds(
    tables: list[TableInstance], identity: Identity, tolerance: Decimal, overrides: dict[CellRef, str] | None = None
) -> bool:
    return residual(tables, identity, overrides) <= tolerance


def row_label(row: TableRow) -> str:
    return "".join(row.label.split())


def numeric_keys(table: TableInstance) -> list[str]:
    keys: dict[str, None] = {}
    for row in table.rows:
        for key, text in row.values.items():
            if parse_decimal(text) is not None:
                keys[key] = None
    return list(keys)


def has_number(row: TableRow, key: str) -> bool:
    return parse_decimal(row.values.get(key)) is not None


def children_sums(t: int, table: TableInstance) -> Iterator[Identity]:
    """类 = Σ 款, 款 = Σ 项 (codes 3/5/7 digits), and 合计 = Σ top-level subjects."""
    coded = [(i, r) for i, r in enumerate(table.rows) if r.code]
    keys = numeric_keys(table)
    for i, parent in coded:
        kids = [j for j, r in coded if r.code.startswith(parent.code) and len(r.code) == len(parent.code) + 2]
        yield from _per_key(t, table, i, kids, keys, f"{table.table_id}.{parent.code}.children_sum")
    codes = [r.code for _, r in coded]
    top = [i for i, r in coded if not any(r.code != c and r.code.startswith(c) for c in codes)]
    for i, row in enumerate(table.rows):
        if not row.code and top and GRAND_TOTAL.match(row_label(row)):
            yield from _per_key(t, table, i, top, keys, f"{table.table_id}.{row_label(row)}.total_sum")


def _per_key(t: int, table: TableInstance, whole: int, parts: list[int], keys: list[str], check_id: str) -> Iterator[Identity]:
    if not parts:
        return
    for key in keys:
        rows = [table.rows[whole], *(table.rows[p] for p in parts)]
        if any(has_number(r, key) for r in rows):
            yield Identity(f"{check_id}.{key}", CellRef(t, whole, key), tuple(CellRef(t, p, key) for p in parts))


def row_splits(t: int, table: TableInstance) -> Iterator[Identity]:
    """合计 = 基本支出 + 项目支出 (and the other splits) on every row printing the whole."""
    keys = set(numeric_keys(table)) | set(table.columns)
    for whole, parts in SPLITS:
        if whole not in keys or not all(p in keys for p in parts):
            continue
        for i, row in enumerate(table.rows):
            if has_number(row, whole):
                row_id = row.code or row_label(row) or str(row.seq)
                side = f".{row.side}" if row.side else ""
                yield Identity(
                    f"{table.table_id}.{row_id}{side}.{whole}={'+'.join(parts)}",
                    CellRef(t, i, whole),
                    tuple(CellRef(t, i, p) for p in parts),
                )


FUNDS_TOTAL = re.compile(r"资金总额")
FUNDS_SOURCE = re.compile(r"(中央|省级|市县|区县|县级|市级)[(（]?[区县]?[)）]?财政资金$|单位自筹$|其他资金$")


def form_funding(t: int, table: TableInstance) -> Iterator[Identity]:
    """A 项目支出绩效目标表's 资金总额 = Σ its sources (中央/省级/市县财政资金, 单位自筹, 其他资金).

    Form rows print their figures in order: the n-th 资金总额 (实施期, then 年度)
    sums the n-th figure of every source row."""
    rows = list(enumerate(table.rows))
    totals = next(((i, figure_keys(r)) for i, r in rows if any(FUNDS_TOTAL.search(k) for k in r.values)), None)
    if totals is None:
        return
    sources = [(i, figure_keys(r)) for i, r in rows if FUNDS_SOURCE.search(row_label(r))]
    if not sources:
        return
    for n, key in enumerate(k for k in totals[1] if FUNDS_TOTAL.search(k)):
        parts = tuple(CellRef(t, i, keys[n]) for i, keys in sources if len(keys) > n)
        yield Identity(f"{table.table_id}.{key}.funding_sum", CellRef(t, totals[0], key), parts)


def figure_keys(row: TableRow) -> list[str]:
    return [k for k, v in row.values.items() if parse_decimal(v) is not None]


def identities(tables: list[TableInstance]) -> list[Identity]:
    """Every within-table identity of the document's tables."""
    found: list[Identity] = []
    for t, table in enumerate(tables):
        if table.kind in FORMS:
            found.extend(form_funding(t, table))
            continue
        found.extend(children_sums(t, table))
        found.extend(row_splits(t, table))
    return found
