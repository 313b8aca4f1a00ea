"""A table described by meaning, printed as a truth block.

A :class:`Column` knows its printed header path *and* what it means (column key,
side, role), so one description yields both the printed grid (header rows with
their merges, body rows) and the records a correct parser must return
(``expect``: kind, row key, side, column key, printed text). The corpus truth only
has the grid; the records are what lets a test catch a wrong *meaning* too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema.amounts import is_numeric_text
from govbudget.parsers.interpret.header_keys import normalise_label

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # header labels, top to bottom
    key: str | None = None  # column key of a value column
    role: str = "value"  # value | code | code_part (类/款/项 columns) | label | code_label | line_no
    side: str | None = None  # income | expenditure in two-sided tables
    group: int = 0  # code/name/amount triples printed side by side (决算 公开06表)


def col(*path: str, key: str | None = None, role: str = "value", side: str | None = None, group: int = 0) -> Column:
    return Column(tuple(path), key, role, side, group)


@dataclass(frozen=True)
class Money:
    """How a producer prints amounts."""

    thousands: bool = False  # 1,234,567.89
    zero: str = "0.00"  # '0.00', '' or '-'
    negative: str = "-"  # '-' → -12.30, '()' → (12.30)

    def __call__(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        value = Decimal(value).quantize(CENT)
        if value == 0:
            return self.zero
        text = f"{abs(value):,.2f}" if self.thousands else f"{abs(value):.2f}"
        if value > 0:
            return text
        return f"({text})" if self.negative == "()" else f"-{text}"


def header_grid(columns: list[Column]) -> tuple[list[list[str]], list[list[int]]]:
    """Header rows and merges: equal labels side by side merge across, a path
    shorter than the header's depth reaches down to its bottom."""
    depth = max(len(c.path) for c in columns)
    rows = [["" for _ in columns] for _ in range(depth)]
    merges: list[list[int]] = []
    for level in range(depth):
        j = 0
        while j < len(columns):
            path = columns[j].path
            if level >= len(path):
                j += 1
                continue
            end = j + 1
            while end < len(columns) and columns[end].path[: level + 1] == path[: level + 1] and len(columns[end].path) > level:
                end += 1
            rowspan = depth - level if level == len(path) - 1 else 1
            rows[level][j] = path[level]
            if rowspan > 1 or end - j > 1:
                merges.append([level, j, rowspan, end - j])
            j = end
    return rows, merges


def table_block(
    kind: str,
    title: str,
    columns: list[Column],
    body: list[list[str]],
    *,
    number: str | None = None,
    unit: str | None = "万元",
    org_line: str | None = None,
    period: str | None = None,
    note: str | None = None,
    extra_header: list[list[str]] | None = None,
    render: dict | None = None,
) -> dict:
    """A truth table block with its expected records under ``expect``."""
    header, merges = header_grid(columns)
    header += extra_header or []  # column-number rows (栏次 1 2 3)
    assert all(len(row) == len(columns) for row in body), title
    empty = not any(is_numeric_text(text) for row in body for text in row)
    return {
        "type": "table",
        "kind": kind,
        "title": title,
        "number": number,
        "unit": unit,
        "org_line": org_line,
        "period": period,
        "header_rows": len(header),
        "rows": header + body,
        "merges": merges,
        "note": note,
        "empty": empty,
        "render": render or {},
        "expect": expected_records(kind, columns, body),
    }


def expected_records(kind: str, columns: list[Column], body: list[list[str]]) -> list[list]:
    """(kind, row key, side, column key, printed text) of every printed figure."""
    records = []
    groups = dict.fromkeys((c.side, c.group) for c in columns)
    for row in body:
        for side, group in groups:
            mine = [(c, text) for c, text in zip(columns, row) if (c.side, c.group) == (side, group)]
            code = "".join(text for c, text in mine if c.role in ("code", "code_part")).replace(" ", "")
            label = next((text for c, text in mine if c.role in ("label", "code_label")), "")
            if any(c.role == "code_label" for c, _ in mine) and label[:3].isdigit():
                code, _, label = label.partition(" ")
            row_key = code or normalise_label(label)
            for c, text in mine:
                if c.role == "value" and is_numeric_text(text):
                    records.append([kind, row_key, side, c.key, text])
    return records
