"""Corpus truth JSON → ParseResult, so storage is tested on exact data before the parser lands.

Deliberately simple, and documented here because change detection is checked
against it:

* Column key: the header path (merged header cells filled, numeric column-number
  rows dropped, parts joined with ``/``) with years removed, so ``2025年预算数/基本支出``
  and ``2024年预算数/基本支出`` share the key ``预算数/基本支出`` (unless one table
  prints several years side by side: those columns keep their full path).
* Label columns: headers ending in 项目, …编码, …代码 or …名称. Label columns coming
  back after value columns start a new column group; each group of a row becomes
  its own row. With exactly two groups (收支总表) they are the income and
  expenditure sides.
* A row's code is a 3–7 digit subject code in a 编码 column; its label is the first
  other non-empty label cell. Values keep only numeric cells, as printed.
* Pages: a table's first page from the corpus manifest (when ``doc_id`` is a corpus PDF).
* Performance forms (no header rows): a row's label is its first non-empty cell and
  each numeric cell is keyed by the nearest text cell to its left (``#2``, ``#3``
  for repeats; ``columns`` maps the key back to that label); the form's project
  (row 项目名称) is the table's ``project`` and a PerformanceTarget carrying the table id.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from govbudget.parsers.interpret.table_records import build_table
from govbudget.schema import Document, ParseResult, PerformanceTarget, TableInstance, TableRow
from govbudget.schema.amounts import is_numeric_text
from testkit.truth_tables import raw_table

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
_YEAR = re.compile(r"\d{4}\s*年?度?")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_SIDES = ("income", "expenditure")
_NOISE = re.compile(r"\s+|（[^）]*）|\([^)]*\)")


@cache
def corpus_manifest() -> dict[str, dict]:
    documents = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return {d["file"]: d for d in documents}


def load_truth(truth_name: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{truth_name}.json").read_text(encoding="utf-8"))


def header_paths(table: dict) -> list[str]:
    header = [list(r) for r in table["rows"][: table["header_rows"]]]
    for row, col, rowspan, colspan in table.get("merges", []):
        if row < len(header):
            for r in range(row, min(row + rowspan, len(header))):
                for c in range(col, col + colspan):
                    header[r][c] = header[row][col]
    paths = []
    for col in range(len(table["rows"][0]) if table["rows"] else 0):
        parts: list[str] = []
        for row in header:
            text = row[col].strip()
            if text and not text.isdigit() and text not in parts:
                parts.append(text)
        paths.append("/".join(parts))
    return paths


def column_key(path: str) -> str:
    return "/".join(p for p in (_YEAR.sub("", part).strip() for part in path.split("/")) if p)


def is_label_header(path: str) -> bool:
    last = _NOISE.sub("", path.rsplit("/", 1)[-1])
    return last == "项目" or last.endswith(("编码", "代码", "名称"))


def side_segments(paths: list[str]) -> list[list[int]]:
    """Column groups, each a run of label columns followed by its value columns."""
    segments: list[list[int]] = []
    for col, path in enumerate(paths):
        if is_label_header(path) and (not segments or not is_label_header(paths[segments[-1][-1]])):
            segments.append([])
        if not segments:  # a table without label columns is one group
            segments.append([])
        segments[-1].append(col)
    return segments


def column_keys(paths: list[str]) -> list[str]:
    """Year-free keys, except where that would merge columns of different years."""
    keys = [column_key(p) for p in paths]
    return [key if keys.count(key) == 1 or is_label_header(path) else path for key, path in zip(keys, paths)]


def grid_rows(table: dict) -> list[TableRow]:
    paths = header_paths(table)
    keys = column_keys(paths)
    segments = side_segments(paths)
    rows: list[TableRow] = []
    for cells in table["rows"][table["header_rows"] :]:
        for index, segment in enumerate(segments):
            labels = [c for c in segment if is_label_header(paths[c])]
            code = next((cells[c] for c in labels if paths[c].endswith(("编码", "代码")) and _CODE.match(cells[c].strip())), None)
            label = next((cells[c].strip() for c in labels if cells[c].strip() and cells[c] != code), "")
            values = {keys[c]: cells[c] for c in segment if c not in labels and is_numeric_text(cells[c])}
            if code or label or values:
                rows.append(
                    TableRow(
                        seq=len(rows),
                        code=code,
                        label=label,
                        side=_SIDES[index] if len(segments) == 2 else None,
                        values=values,
                    )
                )
    return rows


def table_columns(table: dict) -> dict[str, str]:
    paths = header_paths(table)
    return {key: path for key, path in zip(column_keys(paths), paths) if path and not is_label_header(path)}


def truth_result(truth_name: str, doc_id: str | None = None) -> ParseResult:
    """The ParseResult a perfect parser would give for ``truth/<truth_name>.json``."""
    truth = load_truth(truth_name)
    doc = truth["doc"]
    if doc_id is None:
        doc_id = next(d["sha256"] for d in corpus_manifest().values() if d["truth"] == f"truth/{truth_name}.json")
    pages = {t["id"]: t["pages"] for d in corpus_manifest().values() if d["sha256"] == doc_id for t in d["tables"]}
    tables, targets = [], []
    for block in (b for b in truth["blocks"] if b["type"] == "table"):
        is_form = block["header_rows"] == 0
        # forms have no header to key from: their keys are the parser's own reading of the labels
        form = build_table(raw_table(block), block["id"], doc.get("fiscal_year")) if is_form else None
        rows = form.rows if form else grid_rows(block)
        tables.append(
            TableInstance(
                table_id=block["id"],
                kind=block["kind"],
                title=block["title"],
                number=block.get("number"),
                unit=block.get("unit"),
                empty=bool(block.get("empty")),
                note=block.get("note"),
                columns=form.columns if form else table_columns(block),
                project=form.project if form else None,
                pages=pages.get(block["id"], []),
                rows=[row.model_copy(update={"page": pages[block["id"]][0]}) if block["id"] in pages else row for row in rows],
            )
        )
        if form:
            targets.append(PerformanceTarget(doc_id=doc_id, table_id=block["id"], project=form.project))
    document = Document(
        doc_id=doc_id,
        title=doc["title"],
        publisher=doc["publisher"],
        publisher_code=doc.get("publisher_code"),
        parent_department=doc.get("parent_department"),
        parent_code=doc.get("parent_code"),
        region=doc.get("region") or [],
        admin_level=doc.get("admin_level"),
        fiscal_year=doc.get("fiscal_year"),
        kind=doc.get("doc_kind"),
        scope=doc.get("scope"),
    )
    return ParseResult(document=document, tables=tables, performance_targets=targets)
