"""Printed table title → :class:`TableKind`.

Disclosures from different provinces, years and phases (预算 / 决算) print the
same standard tables under many names: ``2025年预算收支总表``, ``收入支出决算总表
(公开01表)``, ``部门收支总表``. The title is normalised (year, numbering, brackets
and spaces removed) and matched against ordered alias rules; the first rule that
matches wins, so specific rules (绩效, 三公, 上年结转) come before generic ones
(收入表, 支出表). A title no rule knows is ``other``: a table is never dropped.
"""

from __future__ import annotations

import re

from govbudget.schema.rules import Rules, compile_rules, first_match
from govbudget.schema.vocab import TableKind, normalise_label

_CN_NUM = "一二三四五六七八九十百零〇"
# 表一 / 表14 / 预算公开表1 / 公开01表 / 附表3 / 表1-1, printed before or after the name,
# optionally in brackets.
TABLE_NUMBER = re.compile(
    rf"(?:(?:预算|决算)?公开(?:表)?\s*\d+(?:-\d+)?\s*表?|附?表\s*[{_CN_NUM}\d]+(?:-\d+)?)"
)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")

# (kind, pattern on the normalised title). Order matters: first match wins.
KIND_RULES: Rules[TableKind] = compile_rules(
    (
        (TableKind.overall_performance, r"整体(支出)?绩效"),
        (TableKind.project_performance, r"绩效(目标|自评|评价)"),
        (TableKind.procurement_catalog, r"集中采购目录"),
        (TableKind.disclosure_statistics, r"公开相关信息统计"),
        (TableKind.three_public, r"三公"),
        (TableKind.operating_costs, r"机关运行经费"),
        (TableKind.other, r"政府采购|政府购买服务"),
        (TableKind.project_expenditure_carryover, r"项目支出.*上年结转|上年结转.*项目支出"),
        (TableKind.project_expenditure, r"项目支出(预算|决算)?(明细)?表|项目支出.*本年|专项(业务)?经费.*表|专项资金.*表"),
        (TableKind.state_capital, r"国有资本经营"),
        (TableKind.gov_fund_revenue, r"政府性基金.*收入(预算)?表"),
        (TableKind.gov_fund_expenditure, r"政府性基金"),
        (TableKind.basic_expenditure_economic, r"基本支出"),
        (TableKind.department_summary, r"部门收支预算总表"),
        (TableKind.fiscal_grant_summary, r"财政拨款收(入)?支(出)?"),
        (TableKind.general_budget_expenditure, r"一般公共预算.*支出"),
        (TableKind.budget_summary, r"收(入)?支(出)?.*总表|收(入)?支(出)?(预算|决算)表"),
        (TableKind.revenue_summary, r"收入.*表"),
        (TableKind.expenditure_summary, r"支出.*表"),
    )
)


def normalise_title(title: str) -> str:
    """The title without year, table number, brackets' content markers or spaces;
    ``总体情况表`` (Beijing's wording) read as ``总表``."""
    text = normalise_label(title).replace("总体情况表", "总表")
    text = TABLE_NUMBER.sub("", text)
    text = _YEAR.sub("", text)
    text = re.sub(r"\(\)|\[\]", "", text)
    return text.strip("：:-—_ ")


def find_table_number(title: str) -> str | None:
    """The printed table number (``预算公开表1``, ``公开01表``, ``表十四``) if the title has one."""
    match = TABLE_NUMBER.search(normalise_label(title))
    return match.group(0) if match else None


def classify_title(title: str) -> TableKind:
    """The table kind a printed title names; ``other`` when no alias rule matches."""
    return first_match(KIND_RULES, normalise_title(title)) or TableKind.other
