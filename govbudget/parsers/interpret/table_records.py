"""One :class:`RawTable` → one :class:`TableInstance` (kind, columns, rows, empty flag).

Line-item tables go through header keys and body rows; performance forms have no
column header, so each form row keeps its printed figures keyed by the nearest
label to their left, as the vocabulary names it (:func:`govbudget.schema.vocab.form_label_key`:
``实施期资金总额：`` and ``预算期资金总额`` are both ``funds_total``), and their meaning is
read by :mod:`govbudget.parsers.interpret.performance`. A 自评表's funds rows print
one figure per heading (年初预算数 … 执行率, 得分): those figures are keyed by heading.
"""

from __future__ import annotations

import re

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.schema.amounts import is_numeric_text
from govbudget.schema.vocab import FORM_FUNDS, FORM_KINDS, form_label_key
from govbudget.parsers.interpret.header_keys import Column, column_keys, is_column_number_row, is_header_like, normalise_label
from govbudget.parsers.page_model import RawTable
from govbudget.parsers.interpret.enumerators import mend_enumerators
from govbudget.parsers.interpret.performance import field_values
from govbudget.parsers.interpret.table_kinds import classify_title, find_table_number
from govbudget.parsers.interpret.table_rows import detect_header_rows, read_rows

NO_DATA = re.compile(r"本表无数据|无数据|本表为空")


FORM_LABELS = re.compile(r"^(项目名称|一级指标|绩效指标|年度总体目标|整体绩效目标|部门职责)$")
# labels only a department's overall form prints (部门整体绩效目标表)
OVERALL_LABELS = re.compile(r"^(部门职责|整体绩效目标|年度部门整体支出预算.*|部门\(单位\)名称)$")


def table_kind(raw: RawTable) -> TableKind:
    """The kind its title names; an untitled grid that reads like a performance form is one
    (an overall form when it prints the department's responsibilities or overall budget)."""
    kind = classify_title(raw.title)
    if kind == TableKind.other:
        labels = {normalise_label(c.text).rstrip(":") for row in raw.rows[:30] for c in row}
        if len({lbl for lbl in labels if FORM_LABELS.match(lbl)}) >= 2:
            overall = any(OVERALL_LABELS.match(lbl) for lbl in labels)
            return TableKind.overall_performance if overall else TableKind.project_performance
    return kind


def kind_from_columns(columns: list[Column]) -> TableKind:
    """The kind an untitled table's column vocabulary implies (its title was lost, e.g. to
    a page break); ``other`` unless the columns are unmistakable."""
    keys = {c.key for c in columns if c.role == "value" and c.key}
    measures = {part for key in keys for part in key.split(".")}  # period prefixes aside
    spending = {c.key for c in columns if c.side == "expenditure" and c.role == "value"}
    if any(c.side for c in columns):
        by_budget = spending & {"general_budget", "gov_fund", "state_capital"}
        return TableKind.fiscal_grant_summary if by_budget else TableKind.budget_summary
    if measures & {"outbound_travel", "reception"}:
        return TableKind.three_public
    if {"personnel", "public"} <= keys and not keys & {"basic", "project"}:
        return TableKind.basic_expenditure_economic
    return TableKind.other


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
    project = None
    if kind in FORM_KINDS:
        rows, columns = read_form_rows(grid, raw.row_pages)
        project = field_values(grid).get("project")  # also on a form page without indicator lines
    else:
        header_rows = header_row_count(raw, grid)
        header_merges = [m for m in raw.merges if m[0] < header_rows]
        cols = column_keys(grid[:header_rows], header_merges, fiscal_year)
        rows = read_rows(grid[header_rows:], cols, _pages(raw, header_rows, len(grid)))
        columns = {c.key: "/".join(c.path) for c in cols if c.role == "value" and c.key}
        if kind == TableKind.other and not raw.title.strip():
            kind = kind_from_columns(cols)
    if raw.source == "ocr":
        attach_confidences(rows, raw)
        mend_ocr_labels(rows)
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
        project=project,
        rows=rows,
        source=raw.source,
    )


def attach_confidences(rows: list[TableRow], raw: RawTable) -> None:
    """Each OCR'd value's recogniser confidence, found by its printed text on its page.

    Rows no longer know which grid cell a value came from, so a text printed in
    several cells of a page gets the lowest of their confidences: doubt is kept,
    never averaged away."""
    lowest: dict[tuple[int | None, str], float] = {}
    for cells, page in zip(raw.rows, raw.row_pages):
        for cell in cells:
            if cell.confidence is not None:
                where = (page, cell.text.strip())
                lowest[where] = min(cell.confidence, lowest.get(where, cell.confidence))
    for row in rows:
        for key, text in row.values.items():
            confidence = lowest.get((row.page, text))
            if confidence is not None:
                row.confidence[key] = confidence


def mend_ocr_labels(rows: list[TableRow]) -> None:
    """OCR'd labels with a partly read enumerator (``、一般公共预算``) mended, per side."""
    for side in {row.side for row in rows}:
        mine = [row for row in rows if row.side == side]
        for row, label in zip(mine, mend_enumerators([row.label for row in mine])):
            row.label = label


def _pages(raw: RawTable, start: int, end: int) -> list[int | None]:
    pages: list[int | None] = list(raw.row_pages[start:end])
    return pages + [raw.pages[0] if raw.pages else None] * (end - start - len(pages))


def is_empty(rows: list[TableRow], note: str | None) -> bool:
    """No printed value anywhere, or the table says 本表无数据."""
    if note and NO_DATA.search(note):
        return True
    return not any(is_numeric_text(v) for row in rows for v in row.values.values())


# The headings of a 自评表's funds block, one figure under each (年初预算数 spans two).
FUNDS_HEADING = re.compile(r"(预算数|执行数|申报数|编制数|结\(?转\)?余|执行率|得分|分值)$")


def funds_headings(grid: list[list[str]], i: int) -> list[str] | None:
    """Row ``i``'s funds headings left to right, a heading spanning sub-headings in the row
    below replaced by them; None unless the row heads a funds block."""
    labels = [(j, normalise_label(t)) for j, t in enumerate(grid[i]) if t.strip()]
    headings = [(j, t) for j, t in labels if FUNDS_HEADING.search(t)]
    if len(headings) < 3:
        return None
    below = {j: normalise_label(t) for j, t in enumerate(grid[i + 1]) if t.strip()} if i + 1 < len(grid) else {}
    if not all(FUNDS_HEADING.search(t) for t in below.values()):
        below = {}
    names: list[str] = []
    starts = [j for j, _ in headings] + [len(grid[i])]
    for (j, text), end in zip(headings, starts[1:]):
        subs = [below[k] for k in sorted(below) if j <= k < end]
        names += subs or [text]
    return names


def read_form_rows(grid: list[list[str]], pages: list[int]) -> tuple[list[TableRow], dict[str, str]]:
    """Form rows: label = first printed cell, values keyed by the nearest label to the left
    (a funds row under 自评表 headings: by heading); and each key's label as first printed
    (the form's stand-in for a column header)."""
    rows: list[TableRow] = []
    columns: dict[str, str] = {}
    headings: list[str] | None = None
    for i, cells in enumerate(grid):
        texts = [c.strip() for c in cells]
        filled = [(j, t) for j, t in enumerate(texts) if t]
        if not filled:
            continue
        headings = funds_headings(grid, i) or headings
        values: dict[str, str] = {}
        printed = filled[0][1]
        nearest = form_label_key(printed)
        figures = [t for _, t in filled[1:] if is_numeric_text(t)]
        labels = [t for _, t in filled if not is_numeric_text(t)]
        if headings and len(figures) == len(headings) and len(labels) == 1 and nearest in FORM_FUNDS:
            values = {f"{nearest}.{h}": t for h, t in zip(headings, figures)}
            columns.update({k: f"{printed}/{h}" for k, h in zip(values, headings) if k not in columns})
            rows.append(TableRow(seq=len(rows), label=printed, values=values, page=pages[i] if i < len(pages) else None))
            continue
        for _, text in filled[1:]:
            if not is_numeric_text(text):
                printed, nearest = text, form_label_key(text)
                continue
            key, n = nearest, 1
            while key in values:
                n += 1
                key = f"{nearest}#{n}"
            values[key] = text
            columns.setdefault(key, printed)
        rows.append(
            TableRow(
                seq=len(rows),
                label=filled[0][1],
                values=values,
                page=pages[i] if i < len(pages) else None,
            )
        )
    return rows, columns
