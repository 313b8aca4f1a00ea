"""Multi-level printed headers → one column key per column.

Each column's header path (its labels top to bottom, merged parents filled in)
is read label by label. A label is a *period* (``2024年执行数`` → prefix
``prior_year_actual``; the document's own period adds nothing), a *side*
(收入 / 支出 of a two-sided table), a *label column* (科目编码, 科目名称, 项目,
行次 …), a transparent caption (``本年收入`` over its split, ``基本支出预算``), or
a *measure* from :data:`govbudget.schema.vocab.COLUMN_KEYS`. Nested measures
become dotted keys (``vehicle.purchase``, ``basic.personnel``). A label no rule
knows keeps its own normalised text as key: never a wrong vocabulary key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govbudget.schema.vocab import COLUMN_KEYS, normalise_label

__all__ = ["normalise_label"]  # re-exported: interpret steps import it with the header helpers
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度?)?")
_COLUMN_NUMBER = re.compile(r"^(栏次|\d{1,2})$")

LABEL_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("line_no", r"^(行次|序号|编号)$"),
        ("code_part", r"^[类款项]$"),  # 科目编码 printed in three columns 类 | 款 | 项
        ("code", r"(科目)?(编码|代码)$"),
        ("label", r"(科目)?名称$|^项目$|^项目\(按.*\)$|^(功能分类|经济分类|经济)?科目$"),
    )
)

# Transparent labels: they group a table's columns without qualifying them.
CAPTIONS = re.compile(
    r"^(本年收入|本年支出|财政拨款|金额|预算数|决算数|功能分类科目|经济分类科目|经济科目|项目|"
    r".*(预算|决算)(数)?与.*|.*比较|.+(收入|支出)(预算|决算)|(本年)?一般公共预算(财政拨款)?基本支出)$"
)

# (key, pattern on the normalised label); first match wins.
MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("change_pct", r"增减(%|率|幅度?)|增长(率|%)|^%$|比上年增减%"),
        ("change", r"增减(额|数)?$|比上年增减"),
        ("opening_balance", r"年初(财政拨款)?结转和?结余"),
        ("closing_balance", r"年末(财政拨款)?结转和?结余"),
        ("total", r"^(本年)?(收入|支出)?(合计|小计|总计)$"),
        ("current_year", r"^(当年|本年)((预算|财政拨款)?安排|拨款)$"),
        ("carryover", r"^上年(财政拨款)?结转(结余)?(安排)?$"),
        ("vehicle.purchase", r"公务用车购置(费)?$"),
        ("vehicle.operation", r"公务用车运行(维护)?(费)?$"),
        ("vehicle", r"公务用车购置及运行"),
        ("outbound_travel", r"因公出国"),
        ("reception", r"公务接待"),
        ("basic", r"^基本支出"),
        ("project", r"^项目支出"),
        ("personnel", r"^人员(经费|支出)"),
        ("public", r"公用(经费|支出)"),
        ("general_budget", r"^一般公共预算"),
        ("gov_fund", r"^政府性基金"),
        ("state_capital", r"^国有资本经营"),
        ("special_account", r"财政专户"),
        ("unit_funds", r"^单位资金"),
        ("fiscal_grant", r"^财政拨款(收入|支出|\(补助\))?(合计)?$"),
        ("business_income", r"^事业收入"),
        ("operating_income", r"^(事业单位)?经营收入"),
        ("superior_subsidy", r"^上级补助收入"),
        ("affiliated_income", r"^附属单位上缴收入"),
        ("other_income", r"^其他收入"),
        ("administrative", r"^行政支出"),
        ("institutional", r"^事业支出"),
        ("operating_expenditure", r"^(事业单位)?经营支出"),
        ("paid_to_superior", r"^上缴上级支出"),
        ("affiliated_subsidy", r"^对附属单位补助支出"),
        ("investment", r"^投资支出"),
        ("debt_principal", r"^债务还本支出"),
        ("other_expenditure", r"^其他支出"),
        ("income", r"^本年收入$"),
        ("expenditure", r"^本年支出$"),
        ("count", r"数量$"),
        ("amount", r"^(金额|数额|统计数|预算数|决算数|执行数|购买金额|金额合计)$"),
    )
)

@dataclass(slots=True)
class Column:
    """What one printed column holds."""

    index: int
    role: str  # value | code | code_part | label | line_no
    key: str | None = None  # column key for value columns
    side: str | None = None  # income | expenditure in two-sided tables
    path: list[str] = field(default_factory=list)  # printed header labels, top to bottom


def is_column_number_row(cells: list[str]) -> bool:
    """``栏次 | 1 | 2 | 3`` or ``1 2 3 …``: a header row numbering the columns."""
    texts = [normalise_label(c) for c in cells if c.strip()]
    return bool(texts) and all(_COLUMN_NUMBER.match(t) for t in texts) and len(texts) >= 2


def fill_merged(
    rows: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> list[list[str]]:
    """Header grid with every covered cell carrying its merged parent's label.

    Where the merge geometry is missing or incomplete, an empty cell inherits its
    left neighbour's label when both have labels below them (the columns are
    children of one spanning parent).
    """
    grid = [list(r) for r in rows]
    height = len(grid)
    if merges:
        for r, c, rs, cs in merges:
            if r >= height:
                continue
            for rr in range(r, min(r + rs, height)):
                for cc in range(c, c + cs):
                    if cc < len(grid[rr]) and not grid[rr][cc].strip():
                        grid[rr][cc] = grid[r][c]
    for r in range(height - 1):
        for c in range(1, len(grid[r])):
            if grid[r][c].strip() or not grid[r][c - 1].strip():
                continue
            below = [grid[rr][c].strip() for rr in range(r + 1, height)]
            below_left = [grid[rr][c - 1].strip() for rr in range(r + 1, height)]
            if any(below) and any(below_left):
                grid[r][c] = grid[r][c - 1]
    return grid


def is_caption_row(cells: list[str]) -> bool:
    """One label across the whole width (``一、政府采购情况``): a section caption, not a level."""
    texts = {normalise_label(c) for c in cells if c.strip()}
    return len(cells) > 1 and len(texts) == 1 and all(c.strip() for c in cells)


def column_paths(header: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """Each column's distinct header labels, top to bottom; column-number and caption rows left out."""
    numbering = [is_column_number_row(row) for row in header]
    grid = fill_merged(header, merges)
    width = max((len(r) for r in grid), default=0)
    paths: list[list[str]] = [[] for _ in range(width)]
    for row, is_numbering in zip(grid, numbering):
        if is_numbering or is_caption_row(row):
            continue
        for c in range(width):
            label = normalise_label(row[c]) if c < len(row) else ""
            if label and (not paths[c] or paths[c][-1] != label):
                paths[c].append(label)
    return paths


@dataclass(slots=True)
class PeriodContext:
    """Which printed year is the document's own period."""

    current_year: int | None = None
    final_account: bool = False  # 预算数 beside 决算数: both are qualifiers


def period_key(label: str, ctx: PeriodContext) -> tuple[bool, str | None]:
    """(is a period label, prefix or None for the current period)."""
    year_match = _YEAR.search(label)
    rest = _YEAR.sub("", label)
    if "与" in rest or "比较" in rest:
        return False, None
    year = int(year_match.group(1)) if year_match else None
    actual = re.search(r"执行数|决算数|执行|决算", rest)
    budget = re.fullmatch(r"(年初|全年)?预算数?|年|", rest) is not None
    if year is None:
        if re.fullmatch(r"上年(执行|决算)数?(\(决算数\))?", rest):
            return True, "prior_year_actual"
        if re.fullmatch(r"上年预算数?", rest):
            return True, "prior_year_budget"
        if re.fullmatch(r"本年预算数?", rest):
            return True, None
        if ctx.final_account and re.fullmatch(r"预算数?", rest):
            return True, "budget"
        if ctx.final_account and re.fullmatch(r"决算数?", rest):
            return True, "final"
        if re.fullmatch(r"年初预算数?", rest):
            return True, "budget_initial"
        if re.fullmatch(r"全年预算数?", rest):
            return True, "budget_full_year"
        return False, None
    if not (actual or budget):
        return False, None
    current = ctx.current_year
    if current is not None and year < current:
        return True, "prior_year_actual" if actual else "prior_year_budget"
    return True, None


def measure_key(label: str) -> str | None:
    for key, pattern in MEASURES:
        if pattern.search(label):
            return key
    return None


def label_role(label: str) -> str | None:
    for role, pattern in LABEL_ROLES:
        if pattern.search(label):
            return role
    return None


def is_header_term(label: str) -> bool:
    """A label that names a column (not a row): label roles, measures, periods, captions."""
    text = _YEAR.sub("", normalise_label(label))
    return bool(
        not text
        or label_role(text)
        or measure_key(text)
        or CAPTIONS.match(text)
        or period_key(normalise_label(label), PeriodContext(final_account=True))[0]
        or re.search(r"(收入|支出)$", text)
    )


def is_header_like(cells: list[str]) -> bool:
    """Two or more filled cells, all naming columns and none a number: a header row."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(
        is_header_term(c) and not re.fullmatch(r"-?[\d,.]+%?", c.strip()) for c in filled
    )


def _strip_current_year(label: str, ctx: PeriodContext) -> str:
    match = _YEAR.match(label)
    if match and (ctx.current_year is None or int(match.group(1)) >= ctx.current_year):
        return label[match.end():]
    return label


def key_for_path(path: list[str], ctx: PeriodContext) -> Column:
    """The meaning of one column from its header labels (index filled in by caller)."""
    column = Column(index=-1, role="value", path=list(path))
    role = label_role(path[-1]) if path else None
    if role:
        column.role = role
        return column
    prefix: str | None = None
    parts: list[str] = []
    for depth, label in enumerate(path):
        is_leaf = depth == len(path) - 1
        is_period, period = period_key(label, ctx)
        if is_period:
            prefix = period or prefix
            continue
        text = _strip_current_year(label, ctx)
        if not text:
            if is_leaf and not parts:
                parts.append("amount")
            continue
        if not is_leaf and CAPTIONS.match(text):
            continue
        key = measure_key(text)
        if key == "amount" and (parts or prefix):
            continue  # 决算数 under 人员经费: the group already names the amount
        if key is None:
            key = text
        if parts and (key.startswith(parts[-1] + ".") or (parts[-1], key) == ("change", "change_pct")):
            parts[-1] = key  # 比上年增减 / % is change_pct, not change.change_pct
        elif key == "total" and parts:
            continue  # 基本支出 / 小计 is the 基本支出 column itself
        else:
            parts.append(key)
    if not parts and prefix is None:
        parts = ["amount"]
    column.key = ".".join(([prefix] if prefix else []) + parts)
    return column


def column_keys(
    header: list[list[str]],
    merges: list[tuple[int, int, int, int]] = (),
    current_year: int | None = None,
) -> list[Column]:
    """The meaning of every column of a table from its header rows."""
    paths = column_paths(header, list(merges))
    labels = {lbl for p in paths for lbl in p}
    ctx = PeriodContext(
        current_year=current_year or _latest_year(labels),
        final_account=any(re.fullmatch(r"决算数?", _YEAR.sub("", x)) for x in labels)
        and any(re.fullmatch(r"(年初|全年)?预算数?", _YEAR.sub("", x)) for x in labels),
    )
    sides = side_labels(paths)
    columns = []
    side = None
    for index, path in enumerate(paths):
        if sides and path and path[0] in sides:
            side = sides[path[0]]
            path = path[1:]
        half = SIDE_LABEL_COLUMN.match(path[-1]) if path else None
        if half:  # 收入项目 | 金额 | 支出项目 | 金额: each half starts at its label column
            side = "income" if half.group(1) == "收入" else "expenditure"
            path = path[:-1] + ["项目"]
        column = key_for_path(path, ctx) if path else Column(index=index, role="value", key="amount")
        column.index = index
        column.side = side
        columns.append(column)
    return columns


SIDE_LABEL_COLUMN = re.compile(r"^(收入|支出)(项目|科目|名称)$")


def side_labels(paths: list[list[str]]) -> dict[str, str]:
    """Top labels naming the two halves of a 收/支 table (``收入`` | ``国有资本经营预算支出``)."""
    tops = list(dict.fromkeys(p[0] for p in paths if p))
    income = [t for t in tops if re.search(r"收入?$", t)]
    expenditure = [t for t in tops if re.search(r"支出?$", t)]
    if len(income) == 1 and len(expenditure) == 1 and len(tops) == 2:
        return {income[0]: "income", expenditure[0]: "expenditure"}
    return {}


def _latest_year(labels: set[str]) -> int | None:
    years = [int(m.group(1)) for lbl in labels for m in [_YEAR.search(lbl)] if m]
    return max(years) if years else None


def is_known_key(key: str) -> bool:
    """Whether a key is built from the documented vocabulary (vs. a label kept as its own key)."""
    head, _, rest = key.partition(".")
    if head in PERIOD_PREFIXES and rest:
        key = rest
    return key in COLUMN_KEYS or key in PERIOD_PREFIXES or all(p in COLUMN_KEYS for p in key.split("."))


PERIOD_PREFIXES = {"prior_year_actual", "prior_year_budget", "budget", "final", "budget_initial", "budget_full_year"}
