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
from govbudget.changes.cells import Cell, CellKey, column_name, project_names, table_cells
from govbudget.schema.vocab import normalise_label
from govbudget.changes.headline import HeadlineChange, headline_changes
from govbudget.changes.projects import ProjectChange, project_changes

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
    column_label: str | None  # as printed in the table the shown value comes from (the earlier one for removed cells)
    column_name: str  # the column's one name in every year and edition: the printed label without years
    change: str  # modified | added | removed
    old: str | None
    new: str | None
    unit: str | None  # of the shown value: new, or old for a removed cell
    old_unit: str | None  # of old (a table may change unit between years)
    old_yuan: Decimal | None
    new_yuan: Decimal | None
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


@dataclass(frozen=True)
class Source:
    """Where a compared document can be read: what a change report links to."""

    doc_id: str
    title: str | None
    url: str | None
    fiscal_year: int | None

    @classmethod
    def of(cls, result: ParseResult, url: str | None = None) -> "Source":
        doc = result.document
        return cls(doc.doc_id, doc.title, url, doc.fiscal_year)


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
    region: str | None = None  # 省/市/县 of the later document
    doc_kind: str | None = None  # budget | final_account
    old_source: Source | None = None
    new_source: Source | None = None
    headlines: list[HeadlineChange] = field(default_factory=list)
    projects: list[ProjectChange] = field(default_factory=list)  # added, removed and changed, with their funds

    def with_urls(self, old_url: str | None, new_url: str | None) -> "ChangeSet":
        """The archive knows where each document was published; the parse does not."""
        if self.old_source:
            self.old_source = Source(**{**asdict(self.old_source), "url": old_url})
        if self.new_source:
            self.new_source = Source(**{**asdict(self.new_source), "url": new_url})
        return self

    def printed_at(self, change: "CellChange") -> tuple[Source | None, int | None]:
        """Document and page the shown value of ``change`` is printed on (the earlier for removed cells)."""
        if change.change == REMOVED:
            return self.old_source, change.page_from
        return self.new_source, change.page_to

    def largest_first(self) -> list[CellChange]:
        return sorted(self.changes, key=lambda c: (-c.magnitude, c.table_kind, c.row_key, c.column_key))

    def context(self) -> dict:
        """The comparison's columns, repeated on every record of every change file."""
        old, new = self.old_source, self.new_source
        return {
            "comparison": self.kind,
            "publisher": self.publisher,
            "region": self.region,
            "doc_kind": self.doc_kind,
            "renamed_from": self.renamed_from,
            "old_doc": self.old_doc,
            "new_doc": self.new_doc,
            "old_year": self.old_year,
            "new_year": self.new_year,
            "old_title": old.title if old else None,
            "new_title": new.title if new else None,
            "old_url": old.url if old else None,
            "new_url": new.url if new else None,
        }



def _same_amount(old: Cell, new: Cell) -> bool:
    a, b = parse_amount(old.text, old.unit), parse_amount(new.text, new.unit)
    if a is not None and b is not None:
        return a == b  # 1.00 万元 == 10,000 元: a unit change is not a change
    return normalise_label(old.text) == normalise_label(new.text)


def _difference(old: Cell | None, new: Cell | None) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    old_printed = parse_decimal(old.text) if old else Decimal(0)
    new_printed = parse_decimal(new.text) if new else Decimal(0)
    old_yuan = _yuan(old) if old else Decimal(0)
    new_yuan = _yuan(new) if new else Decimal(0)
    same_unit = not old or not new or old.unit == new.unit
    delta = new_printed - old_printed if None not in (old_printed, new_printed) and same_unit else None
    delta_yuan = new_yuan - old_yuan if None not in (old_yuan, new_yuan) else None
    pct = (delta_yuan / old_yuan * 100).quantize(Decimal("0.01")) if delta_yuan is not None and old_yuan else None
    return delta, delta_yuan, pct


def _yuan(cell: Cell | None) -> Decimal | None:
    return parse_amount(cell.text, cell.unit) if cell else None


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
        column_name=column_name(shown.column_label, key.column_key),
        change=kind,
        old=old.text if old else None,
        new=new.text if new else None,
        unit=shown.unit,
        old_unit=old.unit if old else None,
        old_yuan=_yuan(old) if money else None,
        new_yuan=_yuan(new) if money else None,
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
    """Cells, projects and headline figures of ``new`` against ``old``."""
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
        region="/".join(new.document.region) or None,
        doc_kind=new.document.kind,
        old_source=Source.of(old),
        new_source=Source.of(new),
        headlines=headline_changes(old, new),
        projects=project_changes(old, new),
    )
