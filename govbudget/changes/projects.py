"""Projects a unit funds, compared: which were added, dropped, or given other money.

A project is named by the 项目支出表 rows and the performance forms
(:func:`govbudget.changes.cells.project_names`); its funds are its 项目支出表 row's
first figure (the 合计 column), in yuan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govbudget.changes.cells import project_names
from govbudget.schema.vocab import normalise_label
from govbudget.schema import ParseResult
from govbudget.schema.amounts import parse_amount

ADDED, REMOVED, MODIFIED = "added", "removed", "modified"


@dataclass(frozen=True)
class Funds:
    name: str  # as printed
    text: str | None
    unit: str | None
    yuan: Decimal | None
    page: int | None


@dataclass(frozen=True)
class ProjectChange:
    project: str
    change: str  # added | removed | modified (funds differ)
    old_funds: str | None  # as printed
    new_funds: str | None
    unit: str | None
    old_yuan: Decimal | None
    new_yuan: Decimal | None
    page_from: int | None
    page_to: int | None

    @property
    def delta_yuan(self) -> Decimal | None:
        return (self.new_yuan or Decimal(0)) - (self.old_yuan or Decimal(0)) if self.old_yuan is not None or self.new_yuan is not None else None

    @property
    def pct_change(self) -> Decimal | None:
        if self.change != MODIFIED or not self.old_yuan or self.delta_yuan is None:
            return None
        return (self.delta_yuan / self.old_yuan * 100).quantize(Decimal("0.01"))


def project_funds(result: ParseResult) -> dict[str, Funds]:
    """normalised project name → its funds (None when only a form names it)."""
    funds = {normalise_label(name): Funds(name, None, None, None, None) for name in project_names(result)}
    for table in (t for t in result.tables if t.kind == "project_expenditure"):
        for row in table.rows:
            key = normalise_label(row.label)
            if key not in funds or funds[key].yuan is not None:
                continue
            for text in row.values.values():
                yuan = parse_amount(text, table.amount_unit)
                if yuan is not None:
                    funds[key] = Funds(funds[key].name, text, table.amount_unit, yuan, row.page)
                    break
    return funds


def project_changes(old: ParseResult, new: ParseResult) -> list[ProjectChange]:
    """Projects added, removed, and kept with other funds; largest amount first."""
    before, after = project_funds(old), project_funds(new)
    changes = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a and b and a.yuan == b.yuan:
            continue
        kind = ADDED if a is None else REMOVED if b is None else MODIFIED
        shown = b or a
        changes.append(
            ProjectChange(
                project=shown.name,
                change=kind,
                old_funds=a.text if a else None,
                new_funds=b.text if b else None,
                unit=shown.unit or (a.unit if a else None),
                old_yuan=a.yuan if a else None,
                new_yuan=b.yuan if b else None,
                page_from=a.page if a else None,
                page_to=b.page if b else None,
            )
        )
    return sorted(changes, key=lambda c: (-abs(c.delta_yuan or 0), c.project))
