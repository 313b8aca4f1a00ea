"""The few figures a reader looks at first: total revenue and expenditure, basic and
project expenditure, 三公经费 — each as printed in the document, with its page.

Which cell holds each figure is the parser's rule (the table lookups its narrative
check uses to compare the text's figures with the tables), imported, not restated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govbudget.parsers.checks.arithmetic import NARRATIVE, find_printed
from govbudget.schema import ParseResult
from govbudget.schema.amounts import parse_amount

# metric → (fact key of the parser's lookup, label a reader knows)
METRICS: dict[str, tuple[str, str]] = {
    "total_revenue": ("income.total", "收入总计 total revenue"),
    "total_expenditure": ("expenditure.total", "支出总计 total expenditure"),
    "basic_expenditure": ("basic", "基本支出 basic expenditure"),
    "project_expenditure": ("project", "项目支出 project expenditure"),
    "three_public": ("three_public.total", "“三公”经费 three public expenses"),
}


@dataclass(frozen=True)
class Figure:
    metric: str
    text: str  # as printed
    unit: str | None  # the printed table's unit
    yuan: Decimal
    table_id: str
    table_kind: str
    page: int | None


def _lookups(fact_key: str) -> list[tuple]:
    return [lookup for key, lookup in NARRATIVE if key == fact_key]


def headline(result: ParseResult) -> dict[str, Figure]:
    """metric → the document's own figure; a metric the document does not print is absent."""
    figures: dict[str, Figure] = {}
    for metric, (fact_key, _) in METRICS.items():
        for lookup in _lookups(fact_key):
            cell = find_printed(result.tables, *lookup)
            if cell is None:
                continue
            text = cell.row.values[cell.key]
            yuan = parse_amount(text, cell.table.unit)
            if yuan is None:
                continue
            figures[metric] = Figure(metric, text, cell.table.unit, yuan, cell.table.table_id, str(cell.table.kind), cell.row.page)
            break
    return figures


@dataclass(frozen=True)
class HeadlineChange:
    metric: str
    old: Figure | None
    new: Figure | None

    @property
    def delta_yuan(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new.yuan - self.old.yuan

    @property
    def pct_change(self) -> Decimal | None:
        delta = self.delta_yuan
        if delta is None or not self.old or not self.old.yuan:
            return None
        return (delta / self.old.yuan * 100).quantize(Decimal("0.01"))


def headline_changes(old: ParseResult, new: ParseResult) -> list[HeadlineChange]:
    """N−1 → N for every metric either document prints, in :data:`METRICS` order."""
    before, after = headline(old), headline(new)
    return [HeadlineChange(m, before.get(m), after.get(m)) for m in METRICS if m in before or m in after]
