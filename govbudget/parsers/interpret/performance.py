"""Performance forms (绩效目标表 / 绩效自评表) → :class:`PerformanceTarget` records.

Forms are grids of label/value cells rather than line-item tables, and printed
cells are sometimes shifted against their labels. So the reader looks values up
by label (the first filled cell right of ``项目名称``, ``主管部门及代码`` …) and reads
indicator rows by what the cells say: a level-1 name (产出指标 …), a level-2 name
(数量指标 …), then the level-3 indicator and its value(s) in printed order.
"""

from __future__ import annotations

import re

from govbudget.schema import PerformanceTarget
from govbudget.schema.amounts import is_numeric_text
from govbudget.schema.vocab import FORM_FUNDS
from govbudget.parsers.interpret.header_keys import normalise_label
from govbudget.parsers.interpret.metadata import split_coded_name

LEVEL1 = re.compile(r"^(产出|效益|效果|满意度|成本)指标$")
LEVEL2 = re.compile(
    r"^(数量|质量|时效|成本|经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|可持续影响|"
    r"服务对象满意度)(指标)?$"
)
INDICATOR_HEADER = re.compile(r"^一级指标$")
HEADER_WORDS = re.compile(
    r"^((项目支出)?绩效(指标)?|[一二三四]级指标|(年度|年初|调整前)?指标值|实际完成值|分值|得分|偏差原因.*)$"
)
FIELD_LABELS = {
    "project": re.compile(r"^项目名称$"),
    "department": re.compile(r"^(主管部门(及代码)?|部门(\(单位\))?名称(及代码)?)$"),
    "implementing_unit": re.compile(r"^(实施单位|预算单位)$"),
    # the vocabulary's 实施期/预算期资金总额, 项目总额; a bare 资金总额 heads a 自评表's funds row
    "funds_total": re.compile(rf"^(?!资金总额$)(?:{FORM_FUNDS['funds_total'].pattern})"),
    "funds_year": FORM_FUNDS["funds_year"],
}
STOP_ROWS = re.compile(r"^(总分|负责人|项目绩效分析|备注)")


def _clean(text: str) -> str:
    return normalise_label(text).rstrip(":：")


def field_values(grid: list[list[str]]) -> dict[str, str]:
    """Label → the first filled cell to its right (first occurrence of each label)."""
    found: dict[str, str] = {}
    for cells in grid:
        for j, cell in enumerate(cells):
            label = _clean(cell)
            for name, pattern in FIELD_LABELS.items():
                if name in found or not pattern.match(label):
                    continue
                value = next((c.strip() for c in cells[j + 1 :] if c.strip()), "")
                if value and not any(p.match(_clean(value)) for p in FIELD_LABELS.values()):
                    found[name] = value
    return found


def full_year_budget(grid: list[list[str]]) -> str | None:
    """自评表: the 资金总额 row's figure under the 全年预算数 heading.

    Its figures are often printed one column left of their headings, so the column
    is found by counting the headings (年初预算数 spans 目标申报数 + 预算编制数).
    """
    for i, cells in enumerate(grid):
        labels = [_clean(c) for c in cells]
        if "全年预算数" not in labels:
            continue
        for below in grid[i + 1 :]:
            texts = [c.strip() for c in below if c.strip()]
            if texts and _clean(texts[0]) == "资金总额":
                numbers = [t for t in texts[1:] if is_numeric_text(t)]
                headings = [x for x in labels[labels.index("年初预算数") :] if x] if "年初预算数" in labels else []
                position = headings.index("全年预算数") + 1 if headings else None  # 年初预算数 has two figures
                return numbers[position] if position is not None and position < len(numbers) else None
    return None


def indicator_rows(grid: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Rows holding indicators: from the 一级指标 header (or the first level-1/2 name) on."""
    start = None
    for i, cells in enumerate(grid):
        labels = [_clean(c) for c in cells]
        if any(INDICATOR_HEADER.match(x) for x in labels):
            start = i
            break
        if start is None and any(LEVEL1.match(x) or LEVEL2.match(x) for x in labels):
            start = i
            break
    if start is None:
        return []
    rows = []
    for i in range(start, len(grid)):
        first = next((c.strip() for c in grid[i] if c.strip()), "")
        if STOP_ROWS.match(_clean(first)):
            break
        rows.append((i, grid[i]))
    return rows


# Columns of the list form: one row per indicator, project and levels merged down.
LIST_COLUMNS = {
    "project": re.compile(r"^项目名称$"),
    "department": FIELD_LABELS["department"],
    "implementing_unit": FIELD_LABELS["implementing_unit"],
    "funds_year": re.compile(r"^(年度资金总额|资金总额|项目资金|预算金额|金额)(\(.*\))?$"),
    "level1": re.compile(r"^一级指标$"),
    "level2": re.compile(r"^二级指标$"),
    "level3": re.compile(r"^三级指标$"),
    "value": re.compile(r"^(年度)?指标值$"),
}


def list_form_columns(grid: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(header row, field → column) when the form lists indicators under one header row
    naming 项目名称 and 一级指标 … 指标值 side by side."""
    for i, cells in enumerate(grid[:5]):
        labels = [_clean(c) for c in cells]
        columns = {}
        for name, pattern in LIST_COLUMNS.items():
            j = next((j for j, x in enumerate(labels) if pattern.match(x)), None)
            if j is not None:
                columns[name] = j
        if {"project", "level1", "level3", "value"} <= set(columns):
            return i, columns
    return None


def read_list_form(grid: list[list[str]], pages: list[int], doc_id: str, table_id: str,
                   header: int, columns: dict[str, int]) -> list[PerformanceTarget]:
    """One target per indicator row; blank (merged) cells repeat the value above."""
    targets: list[PerformanceTarget] = []
    current: dict[str, str] = {}
    for i in range(header + 1, len(grid)):
        cells = grid[i]
        row = {name: cells[j].strip() if j < len(cells) else "" for name, j in columns.items()}
        if row["project"] and row["project"] != current.get("project"):
            current = {}  # a new project: nothing carries over from the one before
        for name in ("project", "department", "implementing_unit", "funds_year", "level1", "level2"):
            if row.get(name):
                current[name] = row[name]
                if name == "level1":
                    current.pop("level2", None)
        if not (row["level3"] and row["value"]):
            continue
        department_code, department = split_coded_name(current.get("department"))
        targets.append(PerformanceTarget(
            doc_id=doc_id, table_id=table_id, project=current.get("project"),
            department_code=department_code, department=department,
            implementing_unit=current.get("implementing_unit"), funds_year=current.get("funds_year"),
            indicator_level1=current.get("level1"), indicator_level2=current.get("level2"),
            indicator_level3=row["level3"], target_value=row["value"],
            page=pages[i] if i < len(pages) else None,
        ))
    return targets


def read_targets(
    grid: list[list[str]], pages: list[int], doc_id: str, table_id: str, self_assessment: bool
) -> list[PerformanceTarget]:
    listed = None if self_assessment else list_form_columns(grid)
    if listed:
        return read_list_form(grid, pages, doc_id, table_id, *listed)
    fields = field_values(grid)
    if self_assessment and "funds_year" not in fields:
        year = full_year_budget(grid)
        if year:
            fields["funds_year"] = year
    department_code, department = split_coded_name(fields.get("department"))
    level1 = level2 = None
    level1_column = None
    targets: list[PerformanceTarget] = []
    for i, cells in indicator_rows(grid):
        labels = [_clean(c) for c in cells]
        if "一级指标" in labels:
            level1_column = labels.index("一级指标")
        rest: list[str] = []
        for j, text in enumerate(c.strip() for c in cells):
            label = _clean(text)
            if not text or HEADER_WORDS.match(label):
                continue
            if rest:
                rest.append(text)
            elif LEVEL1.match(label) and not (LEVEL2.match(label) and level1 and j != level1_column):
                level1, level2 = text, None
            elif LEVEL2.match(label):
                level2 = text
            else:
                rest.append(text)
        if len(rest) < 2:
            continue  # no indicator with a value: a level heading alone, or a remark wrapped onto the next page
        halves = _annual_half(rest)
        if not halves:
            continue
        level3, values = halves[0], halves[1:]
        targets.append(
            PerformanceTarget(
                doc_id=doc_id,
                table_id=table_id,
                project=fields.get("project"),
                department_code=department_code,
                department=department,
                implementing_unit=fields.get("implementing_unit"),
                funds_total=fields.get("funds_total"),
                funds_year=fields.get("funds_year"),
                indicator_level1=level1,
                indicator_level2=level2,
                indicator_level3=level3,
                target_value=_target(values, self_assessment),
                actual_value=_actual(values) if self_assessment else None,
                page=pages[i] if i < len(pages) else None,
            )
        )
    return targets


def _annual_half(cells: list[str]) -> list[str]:
    """Forms printing 实施期 and 年度 targets side by side repeat the indicator; keep the year's.

    The year's half often prints a cut indicator name (``维权站工作人员培``); the full
    name of the first half is kept then.
    """
    for j in range(1, len(cells)):
        if LEVEL2.match(_clean(cells[j])) or LEVEL1.match(_clean(cells[j])):
            year = _annual_half(cells[j + 1 :])
            if not year:
                return cells[:j]
            if cells[:j] and year[0] != cells[0] and cells[0].startswith(year[0]):
                year = [cells[0], *year[1:]]
            return year
    return cells


def _target(values: list[str], self_assessment: bool) -> str | None:
    """The target as printed: 指标值, or in a 自评表 the (adjusted) annual target."""
    if not values:
        return None
    if self_assessment and len(values) >= 3:
        return values[1]
    return values[0]


def _actual(values: list[str]) -> str | None:
    return values[2] if len(values) >= 3 else None


def is_self_assessment(title: str) -> bool:
    return "自评" in title

