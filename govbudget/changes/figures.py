"""Cell changes that are one figure moving, grouped into one change.

Disclosures print a figure several times: a 款 with a single 项 repeats it, and the
收支总表, 收入总表, 支出总表 and 一般公共预算支出表 repeat the same subjects. When
one figure moves, each printing differs. Cells of one comparison are one figure
when they moved from the same amount to the same amount (in yuan), belong to the
same project, and sit on related rows: subject codes on one 类/款/项 chain, the
same label, or a row without a code (totals and the 收支总表's subject names).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema.vocab import normalise_label
from govbudget.changes.diff import CellChange, ChangeSet
from govbudget.schema import TableKind

_TABLE_ORDER = {kind.value: i for i, kind in enumerate(TableKind)}


@dataclass
class FigureChange:
    """One figure's move, shown by its most specific printing (``lead``)."""

    figure_id: int
    lead: CellChange
    cells: list[CellChange]

    @property
    def magnitude(self) -> Decimal:
        return self.lead.magnitude

    @property
    def printings(self) -> int:
        return len(self.cells)

    def also_in(self) -> list[str]:
        """Where else the figure is printed: ``expenditure_summary 201 预算数/合计``."""
        return [f"{c.table_kind} {c.row_key} {c.column_name}" for c in self.cells if c is not self.lead]


def _code(change: CellChange) -> str | None:
    key = change.row_key.strip()
    return key if key.isdigit() else None


def _related(a: CellChange, b: CellChange) -> bool:
    code_a, code_b = _code(a), _code(b)
    if code_a is None or code_b is None:
        return True
    if code_a.startswith(code_b) or code_b.startswith(code_a):
        return True
    return normalise_label(a.row_label) == normalise_label(b.row_label)


def _bucket(change: CellChange) -> tuple | None:
    if change.delta_yuan is None or not change.delta_yuan:
        return None  # not money, or nothing moved in yuan: a cell of its own
    return (change.change, change.old_yuan, change.new_yuan, change.project)


def _is_total_column(change: CellChange) -> bool:
    return change.column_key.rsplit(".", 1)[-1] in ("total", "amount") or change.column_name.endswith("合计")


def _specificity(change: CellChange) -> tuple:
    """The lead printing: the deepest subject code, the earliest standard table, its total column."""
    return (-len(_code(change) or ""), _TABLE_ORDER.get(change.table_kind, len(_TABLE_ORDER)), not _is_total_column(change), change.column_key)


def group_figures(changes: ChangeSet) -> list[FigureChange]:
    """Every cell change in exactly one figure; largest figure first."""
    groups: list[list[CellChange]] = []
    by_bucket: dict[tuple, list[list[CellChange]]] = {}
    for change in changes.changes:
        bucket = _bucket(change)
        if bucket is None:
            groups.append([change])
            continue
        joined = [g for g in by_bucket.get(bucket, []) if any(_related(change, other) for other in g)]
        merged = [change] + [c for g in joined for c in g]
        by_bucket[bucket] = [g for g in by_bucket.get(bucket, []) if not any(g is j for j in joined)] + [merged]
    for bucket_groups in by_bucket.values():
        groups.extend(bucket_groups)
    figures = []
    for cells in groups:
        cells.sort(key=_specificity)
        figures.append(FigureChange(0, cells[0], cells))
    figures.sort(key=lambda f: (-f.magnitude, _specificity(f.lead), f.lead.row_key))
    for number, figure in enumerate(figures, 1):
        figure.figure_id = number
    return figures
