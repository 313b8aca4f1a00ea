"""A parse result as comparable cells: the shared ground of every change report.

Two versions of a table line up when their cells have the same key: table kind,
table slot (title without the year, or a performance form's project), side of a
two-sided table, row key (subject code, else the printed label) and column key.
Performance forms line up by their project, so a form that moved, or a project
dropped and another added, is matched by name and not by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govbudget.schema import ParseResult, TableInstance
from govbudget.schema.amounts import parse_decimal
from govbudget.schema.vocab import FORM_KINDS, normalise_label
from govbudget.schema.vocab import row_key as vocab_row_key

_YEAR = re.compile(r"\d{4}\s*年?度?")


def normalise_title(title: str) -> str:
    return normalise_label(_YEAR.sub("", title or ""))


@dataclass(frozen=True)
class CellKey:
    table_kind: str
    table_slot: str  # title without year, or "project name" for performance forms
    slot_index: int  # nth table with the same kind and slot
    side: str | None
    row_key: str  # normalised: 项目资金 (元) and 项目资金（元） are one row
    row_index: int  # nth row with the same key in that table and side
    column_key: str


@dataclass(frozen=True)
class Cell:
    text: str
    row_key: str  # as printed
    unit: str | None
    row_label: str
    column_label: str | None  # printed header path; a form's printed label
    table_title: str
    table_id: str
    project: str | None
    page: int | None


def form_projects(result: ParseResult) -> dict[str, str]:
    """table_id → project name of each performance form (parses stored before forms named
    their project carry it only on their indicator lines)."""
    projects = {t.table_id: t.project for t in result.performance_targets if t.project}
    projects.update({t.table_id: t.project for t in result.tables if t.kind in FORM_KINDS and t.project})
    return projects


def _slot(table: TableInstance, projects: dict[str, str]) -> str:
    if table.kind in FORM_KINDS and table.table_id in projects:
        return normalise_label(projects[table.table_id])
    return normalise_title(table.title)


def table_cells(result: ParseResult) -> dict[CellKey, Cell]:
    """Every amount cell of ``result`` under its year-independent key."""
    projects = form_projects(result)
    cells: dict[CellKey, Cell] = {}
    slot_counts: dict[tuple, int] = {}
    for table in result.tables:
        slot = _slot(table, projects)
        slot_index = slot_counts.get((table.kind, slot), 0)
        slot_counts[(table.kind, slot)] = slot_index + 1
        row_counts: dict[tuple, int] = {}
        for row in table.rows:
            printed_key = row.code or row.label.strip()
            row_key = vocab_row_key(table.kind, row.code, row.label.strip())  # 其中：中央财政资金 = 中央财政资金
            row_index = row_counts.get((row.side, row_key), 0)
            row_counts[(row.side, row_key)] = row_index + 1
            for column, text in row.values.items():
                if parse_decimal(text) is None:  # amounts only: percentages and targets (≥90%) are not figures to diff
                    continue
                key = CellKey(table.kind, slot, slot_index, row.side, row_key, row_index, column)
                cells[key] = Cell(
                    text=text,
                    row_key=printed_key,
                    unit=table.unit,
                    row_label=row.label,
                    column_label=table.columns.get(column),
                    table_title=table.title,
                    table_id=table.table_id,
                    project=projects.get(table.table_id) if table.kind in FORM_KINDS else None,
                    page=row.page,
                )
    return cells


def project_names(result: ParseResult) -> set[str]:
    """Projects a document funds: its performance forms and project-table rows (not totals)."""
    names = set(form_projects(result).values())
    publisher = normalise_label(result.document.publisher or "")
    for table in result.tables:
        if table.kind != "project_expenditure":
            continue
        for row in table.rows:
            label = row.label.strip()
            if label and not row.code and normalise_label(label) != publisher and not re.search(r"合\s*计|总\s*计", label):
                names.add(label)
    return names
