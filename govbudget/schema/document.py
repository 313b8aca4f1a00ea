"""What the parsers produce from one disclosure PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from govbudget.schema.vocab import (
    AdminLevel,
    DocKind,
    Measure,
    RecordSource,
    Scope,
    Side,
    SubjectLevel,
    TableKind,
)

# Bumped whenever parser output can change for the same bytes: the parse cache
# and the archive's per-version record paths key on it.
PARSER_VERSION = "0.2.0"

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Document(_Model):
    """One disclosure, identified by the sha256 of its original bytes."""

    doc_id: str
    source_file: str | None = None
    title: str | None = None
    publisher: str | None = None
    publisher_code: str | None = None
    parent_department: str | None = None
    parent_code: str | None = None
    region: list[str] = Field(default_factory=list)
    admin_level: AdminLevel | None = None
    fiscal_year: int | None = None
    kind: DocKind | None = None
    scope: Scope | None = None
    page_count: int = 0
    parser_version: str = PARSER_VERSION
    pages_without_text: list[int] = Field(default_factory=list)
    ocr_pages: list[int] = Field(default_factory=list)


class TableRow(_Model):
    """A body row as printed, with its values keyed by column key."""

    seq: int
    code: str | None = None
    level: SubjectLevel | None = None
    label: str = ""
    side: Side | None = None
    values: dict[str, str] = Field(default_factory=dict)
    page: int | None = None
    bboxes: dict[str, BBox] = Field(default_factory=dict)
    confidence: dict[str, float] = Field(default_factory=dict)
    ocr_readings: dict[str, str] = Field(default_factory=dict)


class TableInstance(_Model):
    table_id: str
    kind: TableKind
    title: str
    number: str | None = None
    unit: str | None = None  # 元 | 万元 | 亿元 | None
    org_line: str | None = None
    period: str | None = None
    pages: list[int] = Field(default_factory=list)
    empty: bool = False
    note: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # column key -> printed header path (forms: printed label)
    project: str | None = None  # performance forms: the project named in 项目名称, indicators or not
    rows: list[TableRow] = Field(default_factory=list)
    source: RecordSource = RecordSource.text


class LineItem(_Model):
    """One numeric cell, long form: the unit researchers aggregate."""

    doc_id: str
    table_id: str
    table_kind: TableKind
    row_seq: int
    code: str | None = None
    level: SubjectLevel | None = None
    label: str = ""
    side: Side | None = None
    column_key: str
    value_text: str
    measure: Measure = Measure.money  # only money has a unit and a value_yuan
    unit: str | None = None
    value_yuan: Decimal | None = None
    page: int | None = None
    bbox: BBox | None = None
    source: RecordSource = RecordSource.text
    confidence: float | None = None
    ocr_reading: str | None = None


class PerformanceTarget(_Model):
    """One indicator line of a 项目支出绩效目标表 / 绩效自评表."""

    doc_id: str
    table_id: str
    project: str | None = None
    department_code: str | None = None
    department: str | None = None
    implementing_unit: str | None = None
    funds_total: str | None = None
    funds_year: str | None = None
    indicator_level1: str | None = None
    indicator_level2: str | None = None
    indicator_level3: str | None = None
    target_value: str | None = None
    actual_value: str | None = None  # 自评表 only
    page: int | None = None


class NarrativeFact(_Model):
    """A headline figure stated in the explanation text."""

    doc_id: str
    key: str
    value_text: str
    unit: str | None = None
    value: Decimal | None = None  # in yuan for money, as stated otherwise
    page: int | None = None
    sentence: str = ""


class CheckResult(_Model):
    check_id: str
    scope: str
    description: str = ""
    expected: Decimal | None = None
    actual: Decimal | None = None
    tolerance: Decimal = Decimal("0")
    passed: bool
    pages: list[int] = Field(default_factory=list)


class ParseResult(_Model):
    document: Document
    tables: list[TableInstance] = Field(default_factory=list)
    performance_targets: list[PerformanceTarget] = Field(default_factory=list)
    facts: list[NarrativeFact] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def line_items(self) -> list[LineItem]:
        """Long form of every plain-number cell; money (see :func:`govbudget.schema.amounts.measure_of`)
        carries its unit and value in yuan, dates, counts, rates and scores only their text."""
        from govbudget.schema.amounts import measure_of, parse_amount, parse_decimal

        items: list[LineItem] = []
        for table in self.tables:
            for row in table.rows:
                for key, text in row.values.items():
                    if parse_decimal(text) is None:
                        continue  # not a number (percentages printed with % are text)
                    measure = measure_of(table.kind, key, row.label, table.columns.get(key))
                    money = measure == Measure.money
                    amount = parse_amount(text, table.unit) if money else None
                    items.append(
                        LineItem(
                            doc_id=self.document.doc_id,
                            table_id=table.table_id,
                            table_kind=table.kind,
                            row_seq=row.seq,
                            code=row.code,
                            level=row.level,
                            label=row.label,
                            side=row.side,
                            column_key=key,
                            value_text=text,
                            measure=measure,
                            unit=table.unit if money else None,
                            value_yuan=amount,
                            page=row.page,
                            bbox=row.bboxes.get(key),
                            source=table.source,
                            confidence=row.confidence.get(key),
                            ocr_reading=row.ocr_readings.get(key),
                        )
                    )
        return items

    def to_contract(self, file: str) -> dict[str, Any]:
        """The JSON Lines contract of ``govbudget parse --json`` (how parsers are scored)."""
        return {
            "file": file,
            "ok": True,
            "error": None,
            "document": self.document.model_dump(mode="json"),
            "tables": [
                {
                    "id": t.table_id,
                    "kind": t.kind,
                    "title": t.title,
                    "number": t.number,
                    "pages": t.pages,
                    "unit": t.unit,
                    "empty": t.empty,
                    "note": t.note,
                    "project": t.project,
                    "source": t.source,
                    "columns": t.columns,
                    "rows": [
                        {"code": r.code, "label": r.label, "side": r.side, "values": r.values}
                        for r in t.rows
                    ],
                }
                for t in self.tables
            ],
            "performance_targets": [p.model_dump(mode="json") for p in self.performance_targets],
            "facts": [f.model_dump(mode="json") for f in self.facts],
            "checks": [c.model_dump(mode="json") for c in self.checks],
            "warnings": self.warnings,
        }
