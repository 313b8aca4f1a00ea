"""Cell-level differences between two parsed versions of a disclosure.

The same diff serves both questions researchers ask: what changed between a
unit's budget for year N−1 and year N, and what changed when a portal replaced
a document with new bytes for the same year (re-publication).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from govbudget.schema import ParseResult
from govbudget.schema.amounts import measure_of, parse_amount, parse_decimal
from govbudget.schema.vocab import Measure
from govbudget.changes.cells import Cell, CellKey, project_names, table_cells
from govbudget.schema.vocab import normalise_label

MODIFIED, ADDED, REMOVED = "modified", "added", "removed"


@dataclass(frozen=True)
class CellChange:
    table_kind: str
    table_title: str
    project: str | None
    side: str | None
    row_key: str
    row_label: str
    column_key: str
    column_label: str | None  # as printed in the later table (the earlier one for removed cells)
    change: str  # modified | added | removed
    old: str | None
    new: str | None
    unit: str | None
    delta: Decimal | None  # in the printed unit
    delta_yuan: Decimal | None
    pct_change: Decimal | None  # percent of the old amount
    table_id_from: str | None
    table_id_to: str | None
    page_from: int | None
    page_to: int | None

    @property
    def magnitude(self) -> Decimal:
        return abs(self.delta_yuan) if self.delta_yuan is not None else Decimal(0)


@dataclass
class ChangeSet:
    """One comparison: ``old`` document → ``new`` document."""

    kind: str  # year_over_year | republication
    publisher: str | None
    old_doc: str
    new_doc: str
    old_year: int | None
    new_year: int | None
    changes: list[CellChange] = field(default_factory=list)
    projects_added: list[str] = field(default_factory=list)
    projects_removed: list[str] = field(default_factory=list)
    renamed_from: str | None = None  # the unit's earlier name when it was renamed

    def largest_first(self) -> list[CellChange]:
        return sorted(self.changes, key=lambda c: (-c.magnitude, c.table_kind, c.row_key, c.column_key))

    def records(self) -> list[dict]:
        context = {
            "comparison": self.kind,
            "publisher": self.publisher,
            "old_doc": self.old_doc,
            "new_doc": self.new_doc,
            "old_year": self.old_year,
            "new_year": self.new_year,
        }
        return [{**context, **asdict(c)} for c in self.largest_first()]


def _same_amount(old: Cell, new: Cell) -> bool:
    a, b = parse_amount(old.text, old.unit), parse_amount(new.text, new.unit)
    if a is not None and b is not None:
        return a == b  # 1.00 万元 == 10,000 元: a unit change is not a change
    return normalise_label(old.text) == normalise_label(new.text)


def _difference(old: Cell | None, new: Cell | None) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    old_printed = parse_decimal(old.text) if old else Decimal(0)
    new_printed = parse_decimal(new.text) if new else Decimal(0)
    old_yuan = parse_amount(old.text, old.unit) if old else Decimal(0)
    new_yuan = parse_amount(new.text, new.unit) if new else Decimal(0)
    same_unit = not old or not new or old.unit == new.unit
    delta = new_printed - old_printed if None not in (old_printed, new_printed) and same_unit else None
    delta_yuan = new_yuan - old_yuan if None not in (old_yuan, new_yuan) else None
    pct = (delta_yuan / old_yuan * 100).quantize(Decimal("0.01")) if delta_yuan is not None and old_yuan else None
    return delta, delta_yuan, pct


def _change(key: CellKey, kind: str, old: Cell | None, new: Cell | None) -> CellChange:
    shown = new or old
    assert shown is not None
    # a filing date 20250114181134 is no 2-trillion-yuan change: deltas for money only
    money = measure_of(key.table_kind, key.column_key, shown.row_label, shown.column_label) == Measure.money
    delta, delta_yuan, pct = _difference(old, new) if money else (None, None, None)
    return CellChange(
        table_kind=key.table_kind,
        table_title=shown.table_title,
        project=shown.project,
        side=key.side,
        row_key=shown.row_key,
        row_label=shown.row_label,
        column_key=key.column_key,
        column_label=shown.column_label,
        change=kind,
        old=old.text if old else None,
        new=new.text if new else None,
        unit=shown.unit,
        delta=delta,
        delta_yuan=delta_yuan,
        pct_change=pct,
        table_id_from=old.table_id if old else None,
        table_id_to=new.table_id if new else None,
        page_from=old.page if old else None,
        page_to=new.page if new else None,
    )


def _row(key: CellKey) -> tuple:
    return (key.table_kind, key.table_slot, key.slot_index, key.side, key.row_key, key.row_index)


def diff_cells(old: dict[CellKey, Cell], new: dict[CellKey, Cell]) -> list[CellChange]:
    """Modified cells, and cells of rows (or whole tables/forms) present on one side only."""
    old_rows, new_rows = {_row(k) for k in old}, {_row(k) for k in new}
    changes = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (_row(k), k.column_key)):
        before, after = old.get(key), new.get(key)
        if before and after:
            if not _same_amount(before, after):
                changes.append(_change(key, MODIFIED, before, after))
        elif after:
            changes.append(_change(key, MODIFIED if _row(key) in old_rows else ADDED, None, after))
        elif before:
            changes.append(_change(key, MODIFIED if _row(key) in new_rows else REMOVED, before, None))
    return changes


def _only_in(names: set[str], others: set[str]) -> list[str]:
    """Names (as printed) whose normalised form the other side lacks: （） and () are one project."""
    known = {normalise_label(n) for n in others}
    return sorted(n for n in names if normalise_label(n) not in known)


def compare(old: ParseResult, new: ParseResult, kind: str = "year_over_year") -> ChangeSet:
    old_projects, new_projects = project_names(old), project_names(new)
    return ChangeSet(
        kind=kind,
        publisher=new.document.publisher,
        old_doc=old.document.doc_id,
        new_doc=new.document.doc_id,
        old_year=old.document.fiscal_year,
        new_year=new.document.fiscal_year,
        changes=diff_cells(table_cells(old), table_cells(new)),
        projects_added=_only_in(new_projects, old_projects),
        projects_removed=_only_in(old_projects, new_projects),
    )
