"""Body rows of a printed grid → :class:`TableRow` records.

A printed row can hold several records: the two halves of a 收/支 table
(``side``), or the code/name/amount triples printed side by side in 决算 公开06表.
The columns are cut into *blocks* (a block restarts where a code or label column
comes back after values) and every block of every printed row yields one row
with its subject code (and 类/款/项 level), label and values keyed by column key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govbudget.schema import TableRow
from govbudget.schema.amounts import is_numeric_text
from govbudget.parsers.interpret.header_keys import Column, is_column_number_row, is_header_like, normalise_label

SUBJECT_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
OTHER_CODE = re.compile(r"^[A-Z]?\d{2,12}$")
# "2014099 其他信访事务支出": a code and a name printed in one cell.
CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s+(\S.*)$")
# Producers (and column-merging extraction) also glue them: "205教育支出". Without the
# space only a code under a national 类 (functional 201–239, economic 301–399 and
# 501–599) counts, and the name must start with a Chinese character that is not a
# measure word, so "12315中心…" or "300万元以下" stay names.
GLUED_CODE_AND_NAME = re.compile(
    r"^((?:2[0-3]\d|3\d\d|5\d\d)(?:\d{2}){0,2})(?![万亿千元年月日个人辆平次家所台套件户名])([\u4e00-\u9fff].*)$"
)
LEVELS = {3: "类", 5: "款", 7: "项"}
BODY_STARTERS = re.compile(
    r"^(合计|总计|小计|部门合计|本年(收入|支出)合计|(收入|支出)总计|.*经费合计)$"
    r"|^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十\d]+[)）]|^\d{3,7}(\s|$)"
)


@dataclass(slots=True)
class Block:
    """Columns that together make one record of a printed row."""

    code: int | None
    labels: list[Column]
    values: list[Column]
    side: str | None
    code_parts: list[int] = field(default_factory=list)  # 类 | 款 | 项 columns, in that order
    last_parts: list[str] = field(default_factory=list)  # parts carried down from rows above


def detect_header_rows(rows: list[list[str]]) -> int:
    """How many leading rows form the column header, when extraction could not tell."""
    for i, row in enumerate(rows):
        if is_column_number_row(row):
            continue
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if any(is_numeric_text(c) for c in filled):
            return i
        if i > 0 and filled and BODY_STARTERS.match(normalise_label(filled[0])) and not is_header_like(row):
            return i
        if i > 0 and cells and cells[0] and len(filled) == 1 and len(cells) > 1:
            return i  # a lone row label under the header: a body row without values
    return len(rows)


def refine_roles(columns: list[Column], body: list[list[str]]) -> list[Column]:
    """Without any code/label column, the leftmost text-only column holds the row labels.

    (Ningxia's 部门支出总表 prints ``2014099 其他信访事务支出`` under ``本年支出合计``.)
    """
    if any(c.role in ("code", "label") for c in columns):
        return columns
    for column in columns:
        cells = [row[column.index].strip() for row in body if column.index < len(row)]
        filled = [c for c in cells if c]
        if filled and not any(is_numeric_text(c) for c in filled):
            column.role = "label"
            return columns
        if filled:
            return columns
    return columns


def split_blocks(columns: list[Column]) -> list[Block]:
    """Columns cut into blocks: a new block at a change of side, or where a code or
    label column comes back after the current block already has values."""
    blocks: list[Block] = []
    current: Block | None = None
    for column in columns:
        if current is None or column.side != current.side or _repeats(current, column):
            current = Block(code=None, labels=[], values=[], side=column.side)
            blocks.append(current)
        if column.role == "code":
            current.code = column.index
        elif column.role == "code_part":
            current.code_parts.append(column.index)
        elif column.role == "label":
            current.labels.append(column)
        elif column.role == "value":
            current.values.append(column)
    return blocks


def _repeats(block: Block, column: Column) -> bool:
    if not block.values:
        return False
    if column.role == "code":
        return block.code is not None
    return column.role == "label" and bool(block.labels)


def split_code(text: str, code_column: bool = False) -> tuple[str | None, str]:
    """(code, label) from a code cell or a ``code name`` label cell.

    A code column also holds codes other than subject codes (单位编码 ``101001``,
    品目编码 ``A02010104``); a label cell only gives up a subject code prefix.
    """
    compact = re.sub(r"\s+", "", text)
    if SUBJECT_CODE.match(compact) or code_column and OTHER_CODE.match(compact):
        return compact, ""
    match = CODE_AND_NAME.match(text.strip()) or GLUED_CODE_AND_NAME.match(text.strip())
    if match:
        return match.group(1), match.group(2).strip()
    return None, text.strip()


def is_repeated_header(cells: list[str]) -> bool:
    """A sub-header printed inside the body (``项目 | 统计数``)."""
    return is_header_like(cells)


def read_block(cells: list[str], block: Block) -> tuple[str | None, str, dict[str, str]]:
    code: str | None = None
    label = ""
    values: dict[str, str] = {}
    if block.code is not None and block.code < len(cells):
        code, label = split_code(cells[block.code], code_column=True)
    elif block.code_parts:
        code = joined_code(cells, block)
    for i, column in enumerate(block.labels):
        text = cells[column.index].strip() if column.index < len(cells) else ""
        if not text:
            continue
        if i == 0 or not label:
            found, name = split_code(text)
            code = code or found
            label = label or name
        else:
            values[_text_key(column)] = text
    for column in block.values:
        text = cells[column.index].strip() if column.index < len(cells) else ""
        if text:
            values.setdefault(column.key or "amount", text)
    return code, label, values


def joined_code(cells: list[str], block: Block) -> str | None:
    """类 | 款 | 项 printed apart (``201 | 01 | 01``): the deepest part printed, with the
    higher parts carried down from the rows above when left blank."""
    parts = [re.sub(r"\s+", "", cells[i]) if i < len(cells) else "" for i in block.code_parts]
    deepest = max((i for i, p in enumerate(parts) if p.isdigit()), default=None)
    if deepest is None:
        return None
    carried = block.last_parts + [""] * (len(parts) - len(block.last_parts))
    full = [parts[i] or carried[i] for i in range(deepest + 1)]
    block.last_parts = full
    code = "".join(full)
    return code if SUBJECT_CODE.match(code) else None


def _text_key(column: Column) -> str:
    return column.path[-1] if column.path else f"col{column.index}"


def level_of(code: str | None) -> str | None:
    """类/款/项 of a subject code; other codes have no level."""
    return LEVELS.get(len(code)) if code and SUBJECT_CODE.match(code) else None


def read_rows(
    body: list[list[str]], columns: list[Column], pages: list[int | None]
) -> list[TableRow]:
    """Every record of the body rows, in printed order (income before expenditure)."""
    columns = refine_roles(columns, body)
    blocks = split_blocks(columns)
    rows: list[TableRow] = []
    for cells, page in zip(body, pages):
        if is_repeated_header(cells):
            continue
        printed: list[TableRow] = []
        for block in blocks:
            code, label, values = read_block(cells, block)
            if not (code or label or values):
                continue
            if not (code or label) and printed and not set(values) & set(printed[-1].values):
                printed[-1].values.update(values)  # values shifted past their label's block
                continue
            printed.append(
                TableRow(
                    seq=len(rows) + len(printed),
                    code=code,
                    level=level_of(code),
                    label=label,
                    side=block.side,
                    values=values,
                    page=page,
                )
            )
        rows.extend(printed)
    return rows
