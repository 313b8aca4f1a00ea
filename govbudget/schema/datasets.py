"""Parse results → research tables: long-form Arrow tables, one per dataset.

Every row carries its provenance (doc_id, source URL, page) so a figure in a
pull can be traced to the page of the PDF it was printed on, and its edition
(``edition``, ``is_current``) so a reader keeps each figure once. Schemas are
fixed here, once: the archive creates its Delta tables from them, and
``parse --out`` writes the same columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from govbudget.schema.amounts import parse_amount
from govbudget.schema.document import ParseResult

AMOUNT = pa.decimal128(24, 4)

DOCUMENT_FIELDS = [
    pa.field("doc_id", pa.string()),
    pa.field("publisher", pa.string()),
    pa.field("publisher_code", pa.string()),
    pa.field("parent_department", pa.string()),
    pa.field("region", pa.string()),  # levels joined with "/": 山西省/阳泉市
    pa.field("admin_level", pa.string()),
    pa.field("doc_kind", pa.string()),  # budget | final_account
    pa.field("scope", pa.string()),
    pa.field("source_url", pa.string()),
    pa.field("parser_version", pa.string()),
    pa.field("edition", pa.int32()),  # 1 = first published edition of this disclosure
    pa.field("is_current", pa.bool_()),  # the latest edition: filter on it to count each figure once
]
EDITION_COLUMNS = ("edition", "is_current")

LINE_ITEM_FIELDS = [
    pa.field("table_id", pa.string()),
    pa.field("table_title", pa.string()),
    pa.field("unit", pa.string()),
    pa.field("row_seq", pa.int32()),
    pa.field("code", pa.string()),
    pa.field("level", pa.string()),
    pa.field("label", pa.string()),
    pa.field("side", pa.string()),
    pa.field("column_key", pa.string()),
    pa.field("column_label", pa.string()),
    pa.field("value_text", pa.string()),
    pa.field("measure", pa.string()),  # money | count | percent | score | date | phone | number
    pa.field("value_yuan", AMOUNT),  # money only
    pa.field("page", pa.int32()),
    pa.field("record_source", pa.string()),
]

PERFORMANCE_FIELDS = [
    pa.field("table_id", pa.string()),
    pa.field("project", pa.string()),
    pa.field("department_code", pa.string()),
    pa.field("department", pa.string()),
    pa.field("implementing_unit", pa.string()),
    pa.field("funds_total", AMOUNT),  # yuan
    pa.field("funds_year", AMOUNT),
    pa.field("indicator_level1", pa.string()),
    pa.field("indicator_level2", pa.string()),
    pa.field("indicator_level3", pa.string()),
    pa.field("target_value", pa.string()),
    pa.field("actual_value", pa.string()),
    pa.field("page", pa.int32()),
]

FACT_FIELDS = [
    pa.field("key", pa.string()),
    pa.field("value_text", pa.string()),
    pa.field("unit", pa.string()),
    pa.field("value", AMOUNT),
    pa.field("page", pa.int32()),
    pa.field("sentence", pa.string()),
]

CHECK_FIELDS = [
    pa.field("check_id", pa.string()),
    pa.field("check_scope", pa.string()),  # the table/row the check covers ("scope" is the document's)
    pa.field("description", pa.string()),
    pa.field("unit", pa.string()),  # of expected, actual, tolerance
    pa.field("expected", AMOUNT),
    pa.field("actual", AMOUNT),
    pa.field("tolerance", AMOUNT),
    pa.field("passed", pa.bool_()),
    pa.field("pages", pa.string()),  # comma-separated page numbers (evidence)
]

PARTITION_TYPES = {"table_kind": pa.string(), "fiscal_year": pa.int32()}


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    partition_by: tuple[str, ...]
    fields: list[pa.Field]
    rows: Callable[[ParseResult], Iterator[dict]]

    @property
    def file_schema(self) -> pa.Schema:
        """Columns stored in each Parquet file (partition columns live in the path)."""
        return pa.schema(DOCUMENT_FIELDS + self.fields)

    @property
    def schema(self) -> pa.Schema:
        """Columns a reader sees: partition columns first, then the file's."""
        return pa.schema([pa.field(c, PARTITION_TYPES[c]) for c in self.partition_by] + list(self.file_schema))


def _line_item_rows(result: ParseResult) -> Iterator[dict]:
    tables = {t.table_id: t for t in result.tables}
    for item in result.line_items():
        table = tables[item.table_id]
        yield {
            "table_kind": item.table_kind,
            "table_id": item.table_id,
            "table_title": table.title,
            "unit": item.unit,
            "row_seq": item.row_seq,
            "code": item.code,
            "level": item.level,
            "label": item.label,
            "side": item.side,
            "column_key": item.column_key,
            "column_label": table.columns.get(item.column_key),
            "value_text": item.value_text,
            "measure": item.measure,
            "value_yuan": item.value_yuan,
            "page": item.page,
            "record_source": item.source,
        }


def _performance_rows(result: ParseResult) -> Iterator[dict]:
    units = {t.table_id: t.amount_unit for t in result.tables}
    for target in result.performance_targets:
        row = target.model_dump(exclude={"doc_id"})
        for money in ("funds_total", "funds_year"):  # printed "276,000" → 276000 yuan
            row[money] = parse_amount(row[money], units.get(target.table_id))
        yield row


def _fact_rows(result: ParseResult) -> Iterator[dict]:
    for fact in result.facts:
        yield fact.model_dump(exclude={"doc_id"})


_TABLE_ID = re.compile(r"(?<![A-Za-z0-9])t\d{2,}(?![A-Za-z0-9])")


def _check_rows(result: ParseResult) -> Iterator[dict]:
    units = {t.table_id: t.amount_unit for t in result.tables}
    for check in result.checks:
        row = check.model_dump(exclude={"pages", "scope"})
        tables = _TABLE_ID.findall(check.scope)  # the checked table is named last ("text p.3 … vs t01 …")
        unit = units.get(tables[-1]) if tables else None
        yield {**row, "check_scope": check.scope, "unit": unit, "pages": ",".join(map(str, check.pages)) or None}


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in (
        DatasetSpec("line_items", ("table_kind", "fiscal_year"), LINE_ITEM_FIELDS, _line_item_rows),
        DatasetSpec("performance_targets", ("fiscal_year",), PERFORMANCE_FIELDS, _performance_rows),
        DatasetSpec("facts", ("fiscal_year",), FACT_FIELDS, _fact_rows),
        DatasetSpec("checks", ("fiscal_year",), CHECK_FIELDS, _check_rows),
    )
}


def document_columns(result: ParseResult, source_url: str | None) -> dict:
    doc = result.document
    return {
        "doc_id": doc.doc_id,
        "publisher": doc.publisher,
        "publisher_code": doc.publisher_code,
        "parent_department": doc.parent_department,
        "region": "/".join(doc.region) or None,
        "admin_level": doc.admin_level,
        "doc_kind": doc.kind,
        "scope": doc.scope,
        "source_url": source_url,
        "parser_version": doc.parser_version,
        "fiscal_year": doc.fiscal_year,
    }


def dataset_tables(result: ParseResult, source_url: str | None) -> dict[str, pa.Table]:
    """This document's rows of every dataset (edition columns are set when the archive commits them)."""
    doc_columns = {**document_columns(result, source_url), "edition": 1, "is_current": True}
    return {
        spec.name: pa.Table.from_pylist([{**doc_columns, **row} for row in spec.rows(result)], schema=spec.schema)
        for spec in DATASETS.values()
    }


ECONOMIC_TABLE_KINDS = ("basic_expenditure_economic",)


def with_classifications(table: pa.Table) -> pa.Table:
    """Line items gain explicit 功能/经济分类 columns (a row is one or the other, or neither)."""
    if "code" not in table.column_names:
        return table
    economic = pc.is_in(table["table_kind"], pa.array(ECONOMIC_TABLE_KINDS))
    has_code = pc.is_valid(table["code"])
    null = pa.scalar(None, pa.string())
    functional = pc.and_(has_code, pc.invert(economic))
    table = table.append_column("functional_code", pc.if_else(functional, table["code"], null))
    table = table.append_column("functional_label", pc.if_else(functional, table["label"], null))
    return table.append_column("economic_label", pc.if_else(economic, table["label"], null))
