"""Closed vocabularies: table kinds, column keys, enums.

Column keys are the contract researchers join on across documents, years and
regions, so they are fixed here and documented in docs/schema.md. A header the
vocabulary does not know keeps its normalised Chinese label as key rather than
being forced into a wrong one.
"""

import re
import unicodedata
from enum import StrEnum


class DocKind(StrEnum):
    budget = "budget"  # 预算
    final_account = "final_account"  # 决算


class Scope(StrEnum):
    department = "department"  # 部门
    unit = "unit"  # 单位
    government = "government"  # 政府


# The printed words that name them (titles, file names, link texts).
DOC_KIND_WORDS: dict[str, DocKind] = {"预算": DocKind.budget, "决算": DocKind.final_account}
SCOPE_WORDS: dict[str, Scope] = {"部门": Scope.department, "单位": Scope.unit, "政府": Scope.government}


class AdminLevel(StrEnum):
    national = "national"
    province = "province"
    city = "city"
    county = "county"
    township = "township"


class Side(StrEnum):
    """Which half of a two-sided (收/支) table a row belongs to."""

    income = "income"
    expenditure = "expenditure"


class SubjectLevel(StrEnum):
    """Level of a 功能/经济分类 subject code: 3-digit 类, 5-digit 款, 7-digit 项."""

    lei = "类"
    kuan = "款"
    xiang = "项"


class RecordSource(StrEnum):
    text = "text"  # the PDF's text layer
    ocr = "ocr"  # recognised from a page image


class TableKind(StrEnum):
    budget_summary = "budget_summary"  # 收支总表 / 收入支出决算总表
    revenue_summary = "revenue_summary"  # 收入总表 / 收入决算表
    expenditure_summary = "expenditure_summary"  # 支出总表 / 支出决算表 / 部门支出总表
    fiscal_grant_summary = "fiscal_grant_summary"  # 财政拨款收支总表
    general_budget_expenditure = "general_budget_expenditure"  # 一般公共预算（财政拨款）支出表
    basic_expenditure_economic = "basic_expenditure_economic"  # 基本支出分经济科目表
    gov_fund_revenue = "gov_fund_revenue"  # 政府性基金预算收入表
    gov_fund_expenditure = "gov_fund_expenditure"  # 政府性基金预算支出表
    state_capital = "state_capital"  # 国有资本经营预算表
    three_public = "three_public"  # “三公”经费支出表
    operating_costs = "operating_costs"  # 机关运行经费预算表
    project_expenditure = "project_expenditure"  # 项目支出预算表（本年预算）
    project_expenditure_carryover = "project_expenditure_carryover"  # 项目支出预算表（上年结转）
    department_summary = "department_summary"  # 部门收支预算总表 (Ningxia)
    disclosure_statistics = "disclosure_statistics"  # 部门决算公开相关信息统计表
    project_performance = "project_performance"  # 项目支出绩效目标表 / 绩效自评表
    overall_performance = "overall_performance"  # 整体支出绩效目标申报表
    procurement_catalog = "procurement_catalog"  # 集中采购目录
    other = "other"


# Grids of label/value cells read by label, not by column header.
FORM_KINDS = frozenset({TableKind.project_performance, TableKind.overall_performance})


# -------------------------------------------------------------------- labels
_KEEP = re.compile(r"[\u2460-\u24ff]")  # ① ⑴ ⒈: list markers NFKC would turn into digits
_BRACKETS = str.maketrans("【】〔〕", "[][]")
_SPACES = re.compile(r"\s+")


def normalise_label(text: str | None) -> str:
    """How a printed label is compared everywhere (parsers, storage, change detection):
    NFKC (full-width brackets, colons and digits, Kangxi radicals ⼀ → 一), every bracket
    in one width, no whitespace. Circled list markers (①) stay as printed."""
    text = text or ""
    if text.isascii():
        return _SPACES.sub("", text)
    if _KEEP.search(text):
        folded = "".join(ch if _KEEP.match(ch) else unicodedata.normalize("NFKC", ch) for ch in text)
    else:
        folded = unicodedata.normalize("NFKC", text)
    return _SPACES.sub("", folded.translate(_BRACKETS))


# A performance form's funds block, keyed by what a label means, not how it is printed:
# 实施期/预算期资金总额 and 项目总额 are one figure, 其中：中央财政资金 and 中央财政资金 one source.
FORM_FUNDS: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern)
    for key, pattern in {
        "funds_total": r"^(实施期|预算期|项目)?资金总额$|^项目总额$|^(实施期|预算期)?总额$",
        "funds_year": r"^(其中:?)?年度(资金)?总额$",
        "funds_central": r"^(其中:?)?中央(财政)?资金$",
        "funds_provincial": r"^(其中:?)?省级(财政)?资金$",
        "funds_local": r"^(其中:?)?(市县\(区\)|市县|区县|市级|县级|县\(区\)|本级)(财政)?资金$",
        "funds_fiscal": r"^(其中:?)?财政拨款(资金)?$",
        "funds_self_raised": r"^(其中:?)?单位自筹(资金)?$",
        "funds_other": r"^(其中:?)?其他资金$",
        "funds_carryover": r"^(其中:?)?结余结转资金$",
        # a 部门整体绩效目标表's budget by source and by nature: the line-item column keys
        "general_budget": r"^(其中:?)?一般公共预算(财政)?(拨款|资金)?$",
        "gov_fund": r"^(其中:?)?政府性基金(预算)?(拨款|资金)?$",
        "state_capital": r"^(其中:?)?国有资本经营预算(拨款|资金)?$",
        "basic": r"^(其中:?)?基本支出$",
        "project": r"^(其中:?)?项目支出$",
    }.items()
}
FUNDS_SOURCES = ("funds_central", "funds_provincial", "funds_local", "funds_self_raised", "funds_other")


def row_key(table_kind: str, code: str | None, label: str) -> str:
    """How a row is known across documents and renderings: its subject code, a form row's
    vocabulary key, else its normalised label."""
    if code:
        return code
    return form_label_key(label) if table_kind in FORM_KINDS else normalise_label(label)


def form_label_key(label: str) -> str:
    """A form label's vocabulary key (``funds_year`` for ``其中：年度资金总额：``), else the
    normalised label without its trailing colon."""
    text = normalise_label(label).rstrip(":")
    return next((key for key, pattern in FORM_FUNDS.items() if pattern.match(text)), text)


# Column keys: one documented vocabulary (docs/schema.md). A key may be a dotted
# path when a header nests measures, e.g. ``prior_year_budget.total`` or
# ``vehicle.purchase``. The first segment of a dotted key is a *period/phase*
# qualifier only when the table carries several periods side by side.
COLUMN_KEYS: dict[str, str] = {
    # amounts and their splits
    "amount": "金额 / 预算数 / 决算数 / 统计数 (the single amount column of a list)",
    "total": "合计 / 小计 / 总计",
    "current_year": "当年预算安排",
    "carryover": "上年结转 / 上年结转安排",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费 / 人员支出",
    "public": "公用经费 / 日常公用支出",
    # funding sources
    "general_budget": "一般公共预算（财政拨款）",
    "gov_fund": "政府性基金预算（财政拨款）",
    "state_capital": "国有资本经营预算（财政拨款）",
    "fiscal_grant": "财政拨款（合计）",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "business_income": "事业收入",
    "operating_income": "经营收入",
    "superior_subsidy": "上级补助收入",
    "affiliated_income": "附属单位上缴收入",
    "other_income": "其他收入",
    # expenditure by nature (final accounts, Ningxia 部门支出总表)
    "administrative": "行政支出",
    "institutional": "事业支出",
    "operating_expenditure": "经营支出",
    "paid_to_superior": "上缴上级支出",
    "affiliated_subsidy": "对附属单位补助支出",
    "investment": "投资支出",
    "debt_principal": "债务还本支出",
    "other_expenditure": "其他支出",
    # balances (final accounts)
    "opening_balance": "年初结转和结余",
    "income": "本年收入",
    "expenditure": "本年支出",
    "closing_balance": "年末结转和结余",
    # periods / phases
    "prior_year_actual": "上年执行数 / 上年决算数",
    "prior_year_budget": "上年预算数",
    "budget": "预算数 (in a final account, beside 决算数)",
    "budget_initial": "年初预算数",
    "budget_full_year": "全年预算数",
    "final": "决算数 (in a final account, when beside 预算数)",
    "change": "增减额 / 比上年增减",
    "change_pct": "增减% / 增长率",
    # three public expenses as columns
    "outbound_travel": "因公出国（境）费",
    "vehicle": "公务用车购置及运行（维护）费",
    "vehicle.purchase": "公务用车购置费",
    "vehicle.operation": "公务用车运行（维护）费",
    "reception": "公务接待费",
    # statistics
    "line_no": "行次",
    "count": "数量 / 购买数量",
}

# Column keys whose figures are not money: their line items carry no unit or yuan value.
NON_MONEY_KEYS = frozenset({"count", "line_no", "change_pct"})


class Measure(StrEnum):
    """What a printed figure measures; only ``money`` has a ``value_yuan``."""

    money = "money"
    count = "count"  # 人, 个, 辆 …
    percent = "percent"  # 执行率, 增减%
    score = "score"  # 分值, 得分
    date = "date"  # 填报日期: 20250114181134
    phone = "phone"  # 联系电话
    number = "number"  # line numbers, codes, a form's indicator figures
