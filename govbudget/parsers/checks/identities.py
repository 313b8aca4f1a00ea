"""The sums a disclosure's tables must satisfy, as data: ``whole = Σ parts`` over cells.

This is the one definition of every within-table sum: the checks users see
(:mod:`.arithmetic`) evaluate these :class:`Identity` objects, and OCR digit repair
searches for the one-character correction that makes them hold. An identity holds
references to cells rather than values, and its ``check_id`` is the id of the
CheckResult reporting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.schema.amounts import measure_of, parse_decimal
from govbudget.schema.vocab import FORM_KINDS, FUNDS_SOURCES, Measure, normalise_label
from govbudget.parsers.interpret.header_keys import PERIOD_PREFIXES

GRAND_TOTAL = re.compile(r"^(合计|总计|部门合计)$")
# columns printed as the sum of other columns of the same row
SPLITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project")),
    ("total", ("personnel", "public")),
    ("basic", ("basic.personnel", "basic.public")),
    ("total", ("current_year", "carryover")),
)
# A form's funds total, split by source (project forms), by budget and by nature (overall forms).
FUNDS_TOTALS = ("funds_total", "funds_year")
FUNDS_PARTITIONS: tuple[tuple[str, ...], ...] = (
    FUNDS_SOURCES,
    ("general_budget", "gov_fund", "state_capital", "funds_other"),
    ("basic", "project"),
)


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
    description: str = ""

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
    """The row's label as check ids and lookups compare it."""
    return normalise_label(row.label)


def numeric_keys(table: TableInstance) -> list[str]:
    keys: dict[str, None] = {}
    for row in table.rows:
        for key, text in row.values.items():
            if parse_decimal(text) is not None:
                keys[key] = None
    return list(keys)


def has_number(row: TableRow, key: str) -> bool:
    return parse_decimal(row.values.get(key)) is not None


def figure_keys(row: TableRow) -> list[str]:
    return [k for k, v in row.values.items() if parse_decimal(v) is not None]


def sums_over_rows(t: int, table: TableInstance, whole: int, parts: list[int], keys: list[str],
                   row_id: str, name: str, description: str) -> Iterator[Identity]:
    """``whole``'s figure = Σ ``parts``' figures, per column printing any of them."""
    if not parts:
        return
    for key in keys:
        rows = [table.rows[whole], *(table.rows[p] for p in parts)]
        if any(has_number(r, key) for r in rows):
            yield Identity(f"{table.table_id}.{row_id}.{key}.{name}", CellRef(t, whole, key),
                           tuple(CellRef(t, p, key) for p in parts), description)


def children_sums(t: int, table: TableInstance) -> Iterator[Identity]:
    """类 = Σ 款, 款 = Σ 项 (subject codes 3/5/7 digits), and 合计 = Σ top-level subjects, per column."""
    coded = [(i, r) for i, r in enumerate(table.rows) if r.code and r.level]
    if not coded:
        return
    keys = numeric_keys(table)
    codes = {r.code for _, r in coded}
    for i, parent in coded:
        kids = [j for j, r in coded if r.code.startswith(parent.code) and len(r.code) == len(parent.code) + 2]
        yield from sums_over_rows(t, table, i, kids, keys, parent.code, "children_sum", "类/款 = Σ its 款/项")
    top = [i for i, r in coded if not any(r.code.startswith(c) and r.code != c for c in codes)]
    for i, row in enumerate(table.rows):
        if not row.code and GRAND_TOTAL.match(row_label(row)):
            yield from sums_over_rows(t, table, i, top, keys, row_label(row), "total_sum", "合计 = Σ top-level subjects")


def split(t: int, table: TableInstance, i: int, whole: str, parts: tuple[str, ...]) -> Iterator[Identity]:
    """Row ``i``'s ``whole`` column = Σ its ``parts`` columns, when it prints the whole."""
    row = table.rows[i]
    if not has_number(row, whole):
        return
    row_id = (row.code or row_label(row) or str(row.seq)) + (f".{row.side}" if row.side else "")
    yield Identity(f"{table.table_id}.{row_id}.{whole}={'+'.join(parts)}", CellRef(t, i, whole),
                   tuple(CellRef(t, i, p) for p in parts), f"{whole} = {' + '.join(parts)}")


def row_splits(t: int, table: TableInstance) -> Iterator[Identity]:
    """合计 = 基本支出 + 项目支出 (and 人员 + 公用, 当年 + 结转) on every row printing the whole,
    for the table's own period and each other period printed beside it."""
    columns = set(numeric_keys(table)) | set(table.columns)
    prefixes = [""] + sorted(f"{p}." for p in PERIOD_PREFIXES if any(c.startswith(f"{p}.") for c in columns))
    for prefix in prefixes:
        for whole, parts in SPLITS:
            whole, parts = prefix + whole, tuple(prefix + p for p in parts)
            if whole in columns and all(p in columns for p in parts):
                for i in range(len(table.rows)):
                    yield from split(t, table, i, whole, parts)


# ---------------------------------------------------------------- three public
VEHICLE_ROW = re.compile(r"公务用车购置及运行")
VEHICLE_PARTS = re.compile(r"^公务用车(购置费|运行(维护)?费)$")
THREE_ITEMS = re.compile(r"^(因公出国\(境\)费(用)?|公务接待费|公务用车购置及运行(维护)?费)$")
# List markers before an item's name: 1. / 2、 / (1) / （一） / 一、 / ① / 其中：
ITEM_MARKER = re.compile(r"^(?:其中:?)?(?:\d+[.、]|\([\d一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|[①-⑩])*")


def item_name(row: TableRow) -> str:
    """The row's name without list markers (``其中：（1）公务用车购置费`` → ``公务用车购置费``)."""
    return ITEM_MARKER.sub("", row_label(row))


def three_public_sums(t: int, table: TableInstance) -> Iterator[Identity]:
    """公务用车购置及运行费 = 购置费 + 运行费; 合计 = 出国 + 接待 + 公务用车 (items as rows or columns)."""
    keys = numeric_keys(table)
    rows = list(enumerate(table.rows))
    vehicle = next((i for i, r in rows if VEHICLE_ROW.search(row_label(r))), None)
    if vehicle is not None:  # items printed as rows
        parts = [i for i, r in rows if VEHICLE_PARTS.match(item_name(r))]
        items = [i for i, r in rows if THREE_ITEMS.match(item_name(r))]
        total = next((i for i, r in rows if GRAND_TOTAL.match(row_label(r))), None)
        yield from sums_over_rows(t, table, vehicle, parts, keys, row_label(table.rows[vehicle]),
                                  "vehicle_sum", "公务用车 = 购置 + 运行")
        if total is not None:
            yield from sums_over_rows(t, table, total, items, keys, row_label(table.rows[total]),
                                      "three_public_sum", "三公 = 出国 + 接待 + 公务用车")
        return
    for i, row in rows:  # items printed as columns, one group per period
        for prefix in sorted({k.rsplit("total", 1)[0] for k in row.values if k.endswith("total")}):
            yield from split(t, table, i, f"{prefix}vehicle", (f"{prefix}vehicle.purchase", f"{prefix}vehicle.operation"))
            yield from split(t, table, i, f"{prefix}total",
                             (f"{prefix}outbound_travel", f"{prefix}vehicle", f"{prefix}reception"))


# ---------------------------------------------------------------- forms
def funds_cells(t: int, table: TableInstance) -> dict[str, list[CellRef]]:
    """A form's money figures by vocabulary key (``funds_central``), in printed order:
    the n-th is the n-th period's (实施期, 年度) or the n-th heading's (自评表)."""
    cells: dict[str, list[CellRef]] = {}
    for i, row in enumerate(table.rows):
        for key in figure_keys(row):
            if measure_of(table.kind, key, row.label, table.columns.get(key)) == Measure.money:
                cells.setdefault(key.split("#", 1)[0].split(".", 1)[0], []).append(CellRef(t, i, key))
    return cells


def form_funding(t: int, table: TableInstance) -> Iterator[Identity]:
    """A form's 资金总额 = Σ its sources (中央/省级/市县财政资金, 单位自筹, 其他资金); an overall
    form's total = Σ its budgets = 基本支出 + 项目支出; for each period it prints."""
    cells = funds_cells(t, table)
    totals = [ref for key in FUNDS_TOTALS for ref in cells.get(key, [])]
    totals.sort(key=lambda ref: (ref.row, list(table.rows[ref.row].values).index(ref.key)))
    for partition in FUNDS_PARTITIONS:
        if not any(key in cells for key in partition):
            continue
        for n, whole in enumerate(totals):
            parts = tuple(cells[key][n] for key in partition if len(cells.get(key, [])) > n)
            name = "funding_sum" if partition == FUNDS_SOURCES else f"funding_sum.{partition[0]}"
            yield Identity(f"{table.table_id}.{whole.key}.{name}", whole, parts,
                           f"{whole.key} = Σ {' + '.join(partition)}")


def identities(tables: list[TableInstance]) -> list[Identity]:
    """Every within-table identity of the document's tables."""
    found: list[Identity] = []
    for t, table in enumerate(tables):
        if table.kind in FORM_KINDS:
            found.extend(form_funding(t, table))
            continue
        found.extend(children_sums(t, table))
        found.extend(row_splits(t, table))
        if table.kind == TableKind.three_public:
            found.extend(three_public_sums(t, table))
    return found
