"""The document's own arithmetic, checked: :class:`CheckResult` per identity.

Within-table sums are the identities of :mod:`.identities` (a 类 is the sum of its
款, 合计 = 基本支出 + 项目支出, a form's 资金总额 = Σ its sources), evaluated here;
this module adds what spans tables (the summary tables agree, the text quotes the
tables). Each result carries the printed figures, the tolerance and the pages to
look at. Differences are reported, never corrected: the seeds contain genuine
±0.01 rounding differences, which pass within the default tolerance of 0.01 in
the table's unit but keep their actual values in the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import CheckResult, NarrativeFact, TableInstance, TableKind, TableRow
from govbudget.schema.amounts import UNIT_FACTORS, parse_decimal
from govbudget.parsers.checks.identities import (
    GRAND_TOTAL,
    VEHICLE_ROW,
    CellRef,
    Identity,
    has_number,
    identities,
    item_name,
    row_label,
)


@dataclass(frozen=True, slots=True)
class CheckSettings:
    tolerance: Decimal = Decimal("0.01")  # in the table's unit


DEFAULT_CHECKS = CheckSettings()
INCOME_THIS_YEAR = re.compile(r"^(一、)?本年收入(合计)?$")
EXPENDITURE_THIS_YEAR = re.compile(r"^(一、)?本年支出(合计)?$")
INCOME_GRAND = re.compile(r"^收入总计$|^总计$")
EXPENDITURE_GRAND = re.compile(r"^支出总计$|^总计$")


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


def evaluate(tables: list[TableInstance], identity: Identity, settings: CheckSettings) -> CheckResult:
    """One within-table identity as the CheckResult users see."""
    def cell(ref: CellRef) -> Cell:
        table = tables[ref.table]
        return Cell(table, table.rows[ref.row], ref.key)

    return _result(identity.check_id, identity.description, cell(identity.whole),
                   [cell(p) for p in identity.parts], settings)


# ---------------------------------------------------------------- across tables
def find_printed(tables: list[TableInstance], kinds: tuple[str, ...], label: re.Pattern[str],
          keys: tuple[str, ...], side: str | None = None) -> Cell | None:
    """The first printed figure of the first table of ``kinds`` on a row matching ``label``."""
    for kind in kinds:
        for table in (t for t in tables if t.kind == kind):
            for row in table.rows:
                if side and row.side != side or not (label.match(row_label(row)) or label.match(item_name(row))):
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
        a = find_printed(tables, *first)
        if check_id == "revenue_total" and a and has_number(a.row, "carryover"):
            check_id, description, first, second = REVENUE_TOTAL_WITH_CARRYOVER
        b = find_printed(tables, *second)
        if a and b:
            yield _result(check_id, description, a, [b], settings)
    economic = economic_basic_total(tables)
    basic = find_printed(tables, (TableKind.general_budget_expenditure,), GRAND_TOTAL, ("basic",))
    if economic and basic and not find_printed(tables, (TableKind.basic_expenditure_economic,), GRAND_TOTAL, ("total",)):
        yield _result("basic_economic_total", "人员经费合计 + 公用经费合计 = 一般公共预算支出表 基本支出",
                      basic, economic, settings)


PART_TOTALS = re.compile(r"^(人员经费|公用经费)合计$")


def economic_basic_total(tables: list[TableInstance]) -> list[Cell]:
    """决算 公开06表 prints no 合计 but 人员经费合计 and 公用经费合计."""
    cells = []
    for table in (t for t in tables if t.kind == TableKind.basic_expenditure_economic):
        for row in table.rows:
            if PART_TOTALS.match(row_label(row)):
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
        cell = find_printed(tables, *lookup)
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


def run_checks(
    tables: list[TableInstance], facts: list[NarrativeFact], settings: CheckSettings = DEFAULT_CHECKS
) -> list[CheckResult]:
    """Every within-table identity (sums of children, splits, 三公 items, forms' funds),
    the cross-table agreements and the text against the tables."""
    results = [evaluate(tables, identity, settings) for identity in identities(tables)]
    results.extend(cross_table(tables, settings))
    results.extend(narrative_vs_tables(tables, facts, settings))
    return results
