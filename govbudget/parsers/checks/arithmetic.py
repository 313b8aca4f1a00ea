"""The document's own arithmetic, checked: :class:`CheckResult` per identity.

Identities are those every standard disclosure must satisfy (a 类 is the sum of
its 款, 合计 = 基本支出 + 项目支出, the summary tables agree, the text quotes the
tables). Each result carries the printed figures, the tolerance and the pages to
look at. Differences are reported, never corrected: the seeds contain genuine
±0.01 rounding differences, which pass within the default tolerance of 0.01 in
the table's unit but keep their actual values in the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import CheckResult, NarrativeFact, TableInstance, TableKind, TableRow
from govbudget.schema.amounts import UNIT_FACTORS, parse_decimal
from govbudget.parsers.interpret.header_keys import PERIOD_PREFIXES, normalise_label
from govbudget.parsers.checks.identities import has_number, numeric_keys


@dataclass(frozen=True, slots=True)
class CheckSettings:
    tolerance: Decimal = Decimal("0.01")  # in the table's unit


DEFAULT_CHECKS = CheckSettings()
GRAND_TOTAL = re.compile(r"^(合计|总计|部门合计)$")
INCOME_THIS_YEAR = re.compile(r"^(一、)?本年收入(合计)?$")
EXPENDITURE_THIS_YEAR = re.compile(r"^(一、)?本年支出(合计)?$")
INCOME_GRAND = re.compile(r"^收入总计$|^总计$")
EXPENDITURE_GRAND = re.compile(r"^支出总计$|^总计$")
SPLITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project")),
    ("total", ("personnel", "public")),
    ("basic", ("basic.personnel", "basic.public")),
    ("total", ("current_year", "carryover")),
)


@dataclass(slots=True)
class Cell:
    """A printed figure with where it came from."""

    table: TableInstance
    row: TableRow
    key: str

    @property
    def value(self) -> Decimal:
        return parse_decimal(self.row.values.get(self.key)) or Decimal(0)

    @property
    def where(self) -> str:
        name = self.row.code or self.row.label or f"row {self.row.seq}"
        side = f" {self.row.side}" if self.row.side else ""
        return f"{self.table.table_id} {self.table.kind}{side} [{name}] {self.key}"


def _label(row: TableRow) -> str:
    return normalise_label(row.label)


# List markers before an item's name: 1. / 2、 / (1) / （一） / 一、 / ① / 其中：
ITEM_MARKER = re.compile(r"^(?:其中[:：]?)?(?:\d+[.、．]|[(（][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|[①-⑩])*")


def _item(row: TableRow) -> str:
    """The row's name without list markers (``其中：（1）公务用车购置费`` → ``公务用车购置费``)."""
    return ITEM_MARKER.sub("", _label(row))


def _result(
    check_id: str,
    description: str,
    actual: Cell,
    parts: list[Cell],
    settings: CheckSettings,
    expected: Decimal | None = None,
) -> CheckResult:
    expected = sum((p.value for p in parts), Decimal(0)) if expected is None else expected
    pages = sorted({c.row.page for c in [actual, *parts] if c.row.page is not None})
    return CheckResult(
        check_id=check_id,
        scope=actual.where,
        description=description,
        expected=expected,
        actual=actual.value,
        tolerance=settings.tolerance,
        passed=abs(actual.value - expected) <= settings.tolerance,
        pages=pages,
    )


# ---------------------------------------------------------------- sums of children
def children_sums(table: TableInstance, settings: CheckSettings) -> Iterator[CheckResult]:
    """类 = Σ 款, 款 = Σ 项, and the grand total = Σ top-level subjects, per column."""
    coded = [r for r in table.rows if r.code and r.level]  # subject codes only
    if not coded:
        return
    codes = {r.code for r in coded}
    keys = numeric_keys(table)
    for parent in coded:
        kids = [r for r in coded if r.code != parent.code and r.code.startswith(parent.code)
                and len(r.code) == len(parent.code) + 2]
        if kids:
            yield from _sum_checks(table, parent, kids, keys, "children_sum", "类/款 = Σ its 款/项", settings)
    top = [r for r in coded if not any(r.code.startswith(c) and r.code != c for c in codes)]
    for total in (r for r in table.rows if not r.code and GRAND_TOTAL.match(_label(r))):
        yield from _sum_checks(table, total, top, keys, "total_sum", "合计 = Σ top-level subjects", settings)


def _sum_checks(table, parent, kids, keys, name, description, settings) -> Iterator[CheckResult]:
    for key in keys:
        if not (has_number(parent, key) or any(has_number(k, key) for k in kids)):
            continue
        row_id = parent.code or _label(parent)
        yield _result(
            f"{table.table_id}.{row_id}.{key}.{name}",
            description,
            Cell(table, parent, key),
            [Cell(table, k, key) for k in kids],
            settings,
        )


# ---------------------------------------------------------------- row splits
def row_splits(table: TableInstance, settings: CheckSettings) -> Iterator[CheckResult]:
    """合计 = 基本支出 + 项目支出 (and 人员 + 公用, 当年 + 结转) on every row that prints them."""
    columns = set(numeric_keys(table)) | set(table.columns)
    prefixes = [""] + sorted(f"{p}." for p in PERIOD_PREFIXES if any(c.startswith(f"{p}.") for c in columns))
    for prefix in prefixes:  # each period's split too: final.total = final.basic + final.project
        for whole, parts in SPLITS:
            whole, parts = prefix + whole, tuple(prefix + p for p in parts)
            if whole not in columns or not all(p in columns for p in parts):
                continue
            for row in table.rows:
                yield from _split_check(table, row, whole, parts, settings)


def _split_check(table, row, whole: str, parts: tuple[str, ...], settings) -> Iterator[CheckResult]:
    """One row's ``whole`` column against the sum of its ``parts`` columns."""
    if not has_number(row, whole):
        return
    row_id = (row.code or _label(row) or str(row.seq)) + (f".{row.side}" if row.side else "")
    yield _result(
        f"{table.table_id}.{row_id}.{whole}={'+'.join(parts)}",
        f"{whole} = {' + '.join(parts)}",
        Cell(table, row, whole),
        [Cell(table, row, p) for p in parts],
        settings,
    )


# ---------------------------------------------------------------- three public
VEHICLE_ROW = re.compile(r"公务用车购置及运行")
VEHICLE_PARTS = re.compile(r"^公务用车(购置费|运行(维护)?费)$")
THREE_ITEMS = re.compile(r"^(因公出国[(（]境[)）]费(用)?|公务接待费|公务用车购置及运行(维护)?费)$")


def three_public_sums(table: TableInstance, settings: CheckSettings) -> Iterator[CheckResult]:
    """公务用车购置及运行费 = 购置费 + 运行费; 合计 = 出国 + 接待 + 公务用车."""
    keys = numeric_keys(table)
    rows = table.rows
    vehicle = next((r for r in rows if VEHICLE_ROW.search(_label(r))), None)
    if vehicle is not None:  # items printed as rows
        parts = [r for r in rows if VEHICLE_PARTS.match(_item(r))]
        items = [r for r in rows if THREE_ITEMS.match(_item(r))]
        total = next((r for r in rows if GRAND_TOTAL.match(_label(r))), None)
        if parts:
            yield from _sum_checks(table, vehicle, parts, keys, "vehicle_sum", "公务用车 = 购置 + 运行", settings)
        if total is not None and items:
            yield from _sum_checks(table, total, items, keys, "three_public_sum", "三公 = 出国 + 接待 + 公务用车", settings)
        return
    for row in rows:  # items printed as columns, one group per period
        prefixes = {k.rsplit("total", 1)[0] for k in row.values if k.endswith("total")}
        for prefix in sorted(prefixes):
            checks = (
                (f"{prefix}vehicle", (f"{prefix}vehicle.purchase", f"{prefix}vehicle.operation")),
                (f"{prefix}total", (f"{prefix}outbound_travel", f"{prefix}vehicle", f"{prefix}reception")),
            )
            for whole, parts in checks:
                yield from _split_check(table, row, whole, parts, settings)


# ---------------------------------------------------------------- across tables
def _find(tables: list[TableInstance], kinds: tuple[str, ...], label: re.Pattern[str],
          keys: tuple[str, ...], side: str | None = None) -> Cell | None:
    """The first printed figure of the first table of ``kinds`` on a row matching ``label``."""
    for kind in kinds:
        for table in (t for t in tables if t.kind == kind):
            for row in table.rows:
                if side and row.side != side or not (label.match(_label(row)) or label.match(_item(row))):
                    continue
                for key in keys:
                    if has_number(row, key):
                        return Cell(table, row, key)
    return None


SUMMARY = (TableKind.budget_summary, TableKind.department_summary)
REVENUE_TOTAL = ((TableKind.revenue_summary,), GRAND_TOTAL, ("total", "amount"), None)
# (check id, description, (kinds, label, keys, side) for each of the two figures)
CROSS_TABLE: tuple[tuple[str, str, tuple, tuple], ...] = (
    ("revenue_total", "收入总表 合计 = 收支总表 本年收入合计",
     REVENUE_TOTAL, (SUMMARY, INCOME_THIS_YEAR, ("amount", "total"), "income")),
    ("expenditure_total", "支出总表 合计 = 收支总表 本年支出合计",
     ((TableKind.expenditure_summary,), GRAND_TOTAL, ("total",), None),
     (SUMMARY, EXPENDITURE_THIS_YEAR, ("total", "amount"), "expenditure")),
    ("general_budget_total", "一般公共预算支出表 合计 = 财政拨款收支总表 本年支出 一般公共预算",
     ((TableKind.general_budget_expenditure,), GRAND_TOTAL, ("total",), None),
     ((TableKind.fiscal_grant_summary,), EXPENDITURE_THIS_YEAR, ("general_budget", "total", "amount"), "expenditure")),
    ("basic_economic_total", "基本支出经济分类表 合计 = 一般公共预算支出表 基本支出",
     ((TableKind.basic_expenditure_economic,), GRAND_TOTAL, ("total",), None),
     ((TableKind.general_budget_expenditure,), GRAND_TOTAL, ("basic",), None)),
    ("summary_balance", "收支总表 收入总计 = 支出总计",
     (SUMMARY, INCOME_GRAND, ("amount", "total"), "income"),
     (SUMMARY, EXPENDITURE_GRAND, ("total", "amount"), "expenditure")),
    ("fiscal_grant_balance", "财政拨款收支总表 收入总计 = 支出总计",
     ((TableKind.fiscal_grant_summary,), INCOME_GRAND, ("amount", "total"), "income"),
     ((TableKind.fiscal_grant_summary,), EXPENDITURE_GRAND, ("total", "amount"), "expenditure")),
)


# A 收入总表 printing a 上年结转 column (the national template) totals the carry-over in too.
REVENUE_TOTAL_WITH_CARRYOVER = (
    "revenue_total", "收入总表 合计 (含上年结转) = 收支总表 收入总计",
    REVENUE_TOTAL, (SUMMARY, INCOME_GRAND, ("amount", "total"), "income"))


def cross_table(tables: list[TableInstance], settings: CheckSettings) -> Iterator[CheckResult]:
    for check_id, description, first, second in CROSS_TABLE:
        a = _find(tables, *first)
        if check_id == "revenue_total" and a and has_number(a.row, "carryover"):
            check_id, description, first, second = REVENUE_TOTAL_WITH_CARRYOVER
        b = _find(tables, *second)
        if a and b:
            yield _result(check_id, description, a, [b], settings)
    economic = economic_basic_total(tables)
    basic = _find(tables, (TableKind.general_budget_expenditure,), GRAND_TOTAL, ("basic",))
    if economic and basic and not _find(tables, (TableKind.basic_expenditure_economic,), GRAND_TOTAL, ("total",)):
        yield _result("basic_economic_total", "人员经费合计 + 公用经费合计 = 一般公共预算支出表 基本支出",
                      basic, economic, settings)


PART_TOTALS = re.compile(r"^(人员经费|公用经费)合计$")


def economic_basic_total(tables: list[TableInstance]) -> list[Cell]:
    """决算 公开06表 prints no 合计 but 人员经费合计 and 公用经费合计."""
    cells = []
    for table in (t for t in tables if t.kind == TableKind.basic_expenditure_economic):
        for row in table.rows:
            if PART_TOTALS.match(_label(row)):
                cells.extend(Cell(table, row, k) for k in row.values if has_number(row, k))
    return cells


# ---------------------------------------------------------------- narrative
ITEMS_AS_COLUMNS = re.compile(r"^(合计|总计)?$")
# (fact key, lookup); a key listed twice is checked against the first lookup that finds a figure.
NARRATIVE: tuple[tuple[str, tuple, ...], ...] = (
    ("income.total", (SUMMARY, INCOME_GRAND, ("amount", "total"), "income")),
    ("expenditure.total", (SUMMARY, EXPENDITURE_GRAND, ("total", "amount"), "expenditure")),
    ("fiscal_grant.total", ((TableKind.fiscal_grant_summary,), INCOME_GRAND, ("amount", "total"), "income")),
    ("fiscal_grant.income", ((TableKind.fiscal_grant_summary,), INCOME_THIS_YEAR, ("amount", "total"), "income")),
    ("basic", ((TableKind.expenditure_summary, TableKind.general_budget_expenditure), GRAND_TOTAL, ("basic",), None)),
    ("project", ((TableKind.expenditure_summary, TableKind.general_budget_expenditure), GRAND_TOTAL, ("project",), None)),
    ("general_budget.expenditure", ((TableKind.general_budget_expenditure,), GRAND_TOTAL, ("total",), None)),
    ("personnel", ((TableKind.basic_expenditure_economic,), re.compile(r"^(合计|总计|人员经费合计)$"), ("personnel",), None)),
    ("public", ((TableKind.basic_expenditure_economic,), re.compile(r"^(合计|总计|公用经费合计)$"), ("public",), None)),
    ("three_public.total", ((TableKind.three_public,), GRAND_TOTAL, ("total", "amount"), None)),
    ("three_public.outbound_travel",
     ((TableKind.three_public,), re.compile(r"^因公出国\(境\)费(用)?$"), ("total", "amount"), None)),
    ("three_public.reception", ((TableKind.three_public,), re.compile(r"^公务接待费$"), ("total", "amount"), None)),
    ("three_public.vehicle", ((TableKind.three_public,), VEHICLE_ROW, ("total", "amount"), None)),
    # items printed as columns: the one unlabelled (or 合计) row, this period's or the outturn's figure
    ("three_public.total", ((TableKind.three_public,), ITEMS_AS_COLUMNS, ("total", "final.total"), None)),
    ("three_public.outbound_travel",
     ((TableKind.three_public,), ITEMS_AS_COLUMNS, ("outbound_travel", "final.outbound_travel"), None)),
    ("three_public.reception", ((TableKind.three_public,), ITEMS_AS_COLUMNS, ("reception", "final.reception"), None)),
    ("three_public.vehicle", ((TableKind.three_public,), ITEMS_AS_COLUMNS, ("vehicle", "final.vehicle"), None)),
    ("procurement.total", ((TableKind.disclosure_statistics,), re.compile(r"^合计$"), ("amount", "total"), None)),
)


def narrative_vs_tables(
    tables: list[TableInstance], facts: list[NarrativeFact], settings: CheckSettings
) -> Iterator[CheckResult]:
    """The first statement of each headline figure against the table that prints it."""
    first: dict[str, NarrativeFact] = {}
    for fact in facts:
        first.setdefault(fact.key, fact)
    checked: set[str] = set()
    for key, lookup in NARRATIVE:
        fact = first.get(key)
        if key in checked:
            continue
        if fact is not None and key in ("basic", "project") and _about_general_budget(fact):
            lookup = ((TableKind.general_budget_expenditure,), *lookup[1:])
        cell = _find(tables, *lookup)
        if fact is None or fact.value is None or cell is None:
            continue
        checked.add(key)
        factor = UNIT_FACTORS.get(cell.table.unit or "元", Decimal(1))
        stated = fact.value / factor
        pages = sorted({p for p in (fact.page, cell.row.page) if p is not None})
        yield CheckResult(
            check_id=f"narrative.{key}",
            scope=f"text p.{fact.page} “{fact.sentence[:40]}” vs {cell.where}",
            description=f"the text's {key} equals the table",
            expected=cell.value,
            actual=stated,
            tolerance=settings.tolerance,
            passed=abs(stated - cell.value) <= settings.tolerance,
            pages=pages,
        )


def _about_general_budget(fact: NarrativeFact) -> bool:
    """基本支出/项目支出 stated as parts of the 一般公共预算 (支出) figure before them
    (``一般公共预算支出X万元，其中：基本支出Y万元``) are that budget's, not the department's."""
    before = fact.sentence.split(fact.value_text, 1)[0]
    return "一般公共预算" in before


TABLE_CHECKS: tuple[Callable[[TableInstance, CheckSettings], Iterator[CheckResult]], ...] = (
    children_sums,
    row_splits,
)


def run_checks(
    tables: list[TableInstance], facts: list[NarrativeFact], settings: CheckSettings = DEFAULT_CHECKS
) -> list[CheckResult]:
    results: list[CheckResult] = []
    for table in tables:
        if table.kind in (TableKind.project_performance, TableKind.overall_performance):
            continue
        for check in TABLE_CHECKS:
            results.extend(check(table, settings))
        if table.kind == TableKind.three_public:
            results.extend(three_public_sums(table, settings))
    results.extend(cross_table(tables, settings))
    results.extend(narrative_vs_tables(tables, facts, settings))
    return results
