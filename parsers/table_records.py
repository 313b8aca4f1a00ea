"""One :class:`RawTable` → one :class:`TableInstance` (kind, columns, rows, empty flag).

Line-item tables go through header keys and body rows; performance forms have no
column header, so each form row keeps its printed cells keyed by the nearest
label to their left (the convention of the corpus diff), and their meaning is read
by :mod:`parsers.performance`.
"""

from __future__ import annotations

import re

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.schema.amounts import is_numeric_text
from parsers.header_keys import column_keys, is_column_number_row, is_header_like, normalise_label
from parsers.page_model import RawTable
from parsers.table_kinds import classify_title, find_table_number
from parsers.table_rows import detect_header_rows, read_rows

FORM_KINDS = {TableKind.project_performance, TableKind.overall_performance}
NO_DATA = re.compile(r"本表无数据|无数据|本表为空")


FORM_LABELS = re.compile(r"^(项目名称|一级指标|绩效指标|年度总体目标|整体绩效目标)$")


def table_kind(raw: RawTable) -> TableKind:
    """The kind its title names; an untitled grid that reads like a performance form is one."""
    kind = classify_title(raw.title)
    if kind == TableKind.other:
        labels = {normalise_label(c.text) for row in raw.rows[:30] for c in row}
        if len({lbl for lbl in labels if FORM_LABELS.match(lbl)}) >= 2:
            return TableKind.project_performance
    return kind


def header_row_count(raw: RawTable, grid: list[list[str]]) -> int:
    """Extraction's guess when it made one, else detected; rows right below it that only
    name columns (or number them) join it."""
    count = raw.header_rows if raw.header_rows else detect_header_rows(grid)
    while count < len(grid) and (is_column_number_row(grid[count]) or is_header_like(grid[count])):
        count += 1
    return count


def build_table(raw: RawTable, table_id: str, fiscal_year: int | None = None) -> TableInstance:
    kind = table_kind(raw)
    grid = raw.texts()
    if kind in FORM_KINDS:
        columns: dict[str, str] = {}
        rows = read_form_rows(grid, raw.row_pages)
    else:
        header_rows = header_row_count(raw, grid)
        header_merges = [m for m in raw.merges if m[0] < header_rows]
        cols = column_keys(grid[:header_rows], header_merges, fiscal_year)
        rows = read_rows(grid[header_rows:], cols, _pages(raw, header_rows, len(grid)))
        columns = {c.key: "/".join(c.path) for c in cols if c.role == "value" and c.key}
    return TableInstance(
        table_id=table_id,
        kind=kind,
        title=raw.title,
        number=raw.number or find_table_number(raw.title),
        unit=raw.unit,
        org_line=raw.org_line,
        period=raw.period or raw.subtitle,
        pages=list(raw.pages),
        empty=is_empty(rows, raw.note),
        note=raw.note,
        columns=columns,
        rows=rows,
        source=raw.source,
    )


def _pages(raw: RawTable, start: int, end: int) -> list[int | None]:
    pages: list[int | None] = list(raw.row_pages[start:end])
    return pages + [raw.pages[0] if raw.pages else None] * (end - start - len(pages))


def is_empty(rows: list[TableRow], note: str | None) -> bool:
    """No printed value anywhere, or the table says 本表无数据."""
    if note and NO_DATA.search(note):
        return True
    return not any(is_numeric_text(v) for row in rows for v in row.values.values())


def read_form_rows(grid: list[list[str]], pages: list[int]) -> list[TableRow]:
    """Form rows: label = first printed cell, values keyed by the nearest label to the left."""
    rows: list[TableRow] = []
    for i, cells in enumerate(grid):
        texts = [c.strip() for c in cells]
        filled = [(j, t) for j, t in enumerate(texts) if t]
        if not filled:
            continue
        values: dict[str, str] = {}
        nearest = normalise_label(filled[0][1]).rstrip(":：")
        for _, text in filled[1:]:
            if not is_numeric_text(text):
                nearest = normalise_label(text).rstrip(":：")
                continue
            key, n = nearest, 1
            while key in values:
                n += 1
                key = f"{nearest}#{n}"
            values[key] = text
        rows.append(
            TableRow(
                seq=len(rows),
                label=filled[0][1],
                values=values,
                page=pages[i] if i < len(pages) else None,
            )
        )
    return rows
