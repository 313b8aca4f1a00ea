"""The standard disclosure tables of one :class:`Budget`, in 预算 or 决算 wording.

Each function returns a truth table block (see :mod:`tables`); its keyword
options are the printed variations producers make: how codes are printed
(``codes``: one column, 类/款/项 columns, or joined with the name), amount
formatting (:class:`Money`), titles and numbers.
"""

from __future__ import annotations

from decimal import Decimal

from .fiscal import ECONOMIC, Budget
from .tables import Money, col, table_block

ZERO = Decimal(0)


def code_columns(codes: str, group: str = "科目编码") -> list:
    """``code``: 科目编码 | 科目名称; ``split``: 类 | 款 | 项 | 科目名称; ``joined``: one cell."""
    if codes == "split":
        return [col(group, "类", role="code_part"), col(group, "款", role="code_part"),
                col(group, "项", role="code_part"), col("科目名称", role="label")]
    if codes == "joined":
        return [col("功能分类科目", role="code_label")]
    return [col("科目编码", role="code"), col("科目名称", role="label")]


def code_cells(codes: str, code: str, name: str) -> list[str]:
    if codes == "split":
        return [code[:3], code[3:5], code[5:7], name]
    if codes == "joined":
        return [f"{code} {name}" if code else name]
    return [code, name]


def total_cells(codes: str, label: str = "合计") -> list[str]:
    return code_cells(codes, "", label)


def subject_table(kind: str, title: str, budget: Budget, money: Money, *, codes: str = "code",
                  fund: str | None = None, columns=("total", "basic", "project"), **meta) -> dict:
    """A list of functional subjects (支出总表, 一般公共预算支出表, 政府性基金支出表)."""
    labels = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
    cols = code_columns(codes) + [col(labels[k], key=k) for k in columns]
    rows = [total_cells(codes) + [money(budget.total(fund, k)) for k in columns]]
    for s in budget.rollup(fund):
        rows.append(code_cells(codes, s.code, s.name) + [money(getattr(s, k)) for k in columns])
    return table_block(kind, title, cols, rows, **meta)


def revenue_by_unit(budget: Budget, money: Money, title: str = "部门收入总表", **meta) -> dict:
    """部门收入总表 of a department: one row per unit it sums up (单位编码 | 单位名称)."""
    keys = [("total", ("合计",)), ("carryover", ("上年结转",)),
            ("general_budget", ("本年收入", "一般公共预算拨款收入")),
            ("gov_fund", ("本年收入", "政府性基金预算拨款收入")),
            ("state_capital", ("本年收入", "国有资本经营预算拨款收入")),
            ("special_account", ("本年收入", "财政专户管理资金收入")), ("unit_funds", ("本年收入", "单位资金"))]
    cols = [col("单位编码", role="code"), col("单位名称", role="label")] + [col(*p, key=k) for k, p in keys]
    general, gov_fund = budget.total("general"), budget.total("gov_fund")
    rows = []
    for code, name, share in [("", "合计", Decimal(1))] + budget.units:
        g, f = (general * share).quantize(Decimal("0.01")), (gov_fund * share).quantize(Decimal("0.01"))
        c = (budget.carryover * share).quantize(Decimal("0.01"))
        rows.append([code, name, money(g + f + c), money(c), money(g), money(f), money(ZERO), money(ZERO), money(ZERO)])
    return table_block("revenue_summary", title, cols, rows, **meta)


def two_sided_summary(budget: Budget, money: Money, *, final: bool = False, title: str = "部门收支总表", **meta) -> dict:
    """收支总表 / 收入支出决算总表: income items left, expenditure by 类 right."""
    amount = "决算数" if final else "预算数"
    cols = [col("收入", "项目", role="label", side="income"), col("收入", amount, key="amount", side="income"),
            col("支出", "项目", role="label", side="expenditure"), col("支出", amount, key="amount", side="expenditure")]
    general, gov_fund = budget.total("general"), budget.total("gov_fund")
    income = [("一、一般公共预算拨款收入", general), ("二、政府性基金预算拨款收入", gov_fund),
              ("三、国有资本经营预算拨款收入", ZERO), ("四、财政专户管理资金收入", ZERO), ("五、单位资金", ZERO)]
    numerals = "一二三四五六七八九十"
    classes = [s for s in budget.rollup() if len(s.code) == 3]
    spending = [(f"{numerals[i]}、{s.name}", s.total) for i, s in enumerate(classes)]
    rows = []
    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else ("", None)
        right = spending[i] if i < len(spending) else ("", None)
        rows.append([left[0], money(left[1]), right[0], money(right[1])])
    this_year = budget.total()
    rows += [["本年收入合计", money(this_year), "本年支出合计", money(this_year)],
             ["上年结转结余", money(budget.carryover), "结转下年", money(budget.carryover)],
             ["收入总计", money(this_year + budget.carryover), "支出总计", money(this_year + budget.carryover)]]
    return table_block("budget_summary", title, cols, rows, **meta)


def fiscal_grant_summary(budget: Budget, money: Money, title: str = "财政拨款收支总表", **meta) -> dict:
    """财政拨款收支总表: expenditure split by budget (合计 / 一般公共预算 / 政府性基金预算)."""
    cols = [col("收入", "项目", role="label", side="income"), col("收入", "预算数", key="amount", side="income"),
            col("支出", "项目", role="label", side="expenditure"),
            col("支出", "预算数", "合计", key="total", side="expenditure"),
            col("支出", "预算数", "一般公共预算", key="general_budget", side="expenditure"),
            col("支出", "预算数", "政府性基金预算", key="gov_fund", side="expenditure")]
    general, gov_fund = budget.total("general"), budget.total("gov_fund")
    classes = [s for s in budget.rollup() if len(s.code) == 3]
    by_fund = {f: {s.code: s.total for s in budget.rollup(f)} for f in ("general", "gov_fund")}
    income = [("一、本年收入", general + gov_fund), ("（一）一般公共预算拨款", general), ("（二）政府性基金预算拨款", gov_fund)]
    rows = []
    spending = [("一、本年支出", general + gov_fund, general, gov_fund)] + [
        (f"（{'一二三四五六七八九十'[i]}）{s.name}", s.total, by_fund["general"].get(s.code, ZERO), by_fund["gov_fund"].get(s.code, ZERO))
        for i, s in enumerate(classes)]
    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else ("", None)
        right = spending[i] if i < len(spending) else ("", None, None, None)
        rows.append([left[0], money(left[1]), right[0]] + [money(v) for v in right[1:]])
    total = general + gov_fund
    rows.append(["收入总计", money(total), "支出总计", money(total), money(general), money(gov_fund)])
    return table_block("fiscal_grant_summary", title, cols, rows, **meta)


def basic_economic(budget: Budget, money: Money, title: str = "一般公共预算基本支出表", *,
                   subjects: str = "经济分类科目", amounts: tuple[str, ...] = (), **meta) -> dict:
    """基本支出 by economic class: 合计 | 人员经费 | 公用经费 (under ``amounts`` group labels)."""
    cols = [col(subjects, "科目编码", role="code"), col(subjects, "科目名称", role="label"),
            col(*amounts, "合计", key="total"), col(*amounts, "人员经费", key="personnel"),
            col(*amounts, "公用经费", key="public")]
    rows = [["", "合计", money(budget.personnel + budget.public), money(budget.personnel), money(budget.public)]]
    for cls in ("301", "302", "303"):
        items = {c: v for c, v in budget.economic.items() if c.startswith(cls)}
        for code, value in [(cls, sum(items.values(), ZERO))] + sorted(items.items()):
            personnel = cls != "302"
            rows.append([code, ECONOMIC[code], money(value), money(value if personnel else ZERO),
                         money(ZERO if personnel else value)])
    return table_block("basic_expenditure_economic", title, cols, rows, **meta)


THREE_PUBLIC = [("total", ("合计",)), ("outbound_travel", ("因公出国（境）费",)),
                ("vehicle", ("公务用车购置及运行费", "小计")), ("vehicle.purchase", ("公务用车购置及运行费", "公务用车购置费")),
                ("vehicle.operation", ("公务用车购置及运行费", "公务用车运行费")), ("reception", ("公务接待费",))]


def three_public_values(budget: Budget) -> dict[str, Decimal]:
    t = budget.three_public
    vehicle = t["vehicle.purchase"] + t["vehicle.operation"]
    return {"total": t["outbound_travel"] + vehicle + t["reception"], "vehicle": vehicle, **t}


def three_public(budget: Budget, money: Money, title: str = "一般公共预算“三公”经费支出表", *,
                 periods: tuple[tuple[str, str | None], ...] = (("", None),), **meta) -> dict:
    """One row of 三公 items, under one or more period groups (预算数 / 决算数)."""
    values = three_public_values(budget)
    cols, row = [], []
    for label, prefix in periods:
        for key, path in THREE_PUBLIC:
            full = f"{prefix}.{key}" if prefix else key
            cols.append(col(*((label,) if label else ()), *path, key=full))
            row.append(money(values[key]))
    return table_block("three_public", title, cols, [row], **meta)


def empty_subject_table(kind: str, title: str, note: str, codes: str = "code", **meta) -> dict:
    """A table printed with its header, an empty 合计 row and a note that it has no data."""
    cols = code_columns(codes) + [col("合计", key="total"), col("基本支出", key="basic"), col("项目支出", key="project")]
    return table_block(kind, title, cols, [total_cells(codes) + ["", "", ""]], note=note, **meta)


def performance_form(project: str, department: str, implementer: str, funds: str, targets: list[tuple[str, str, str, str]],
                     title: str = "项目支出绩效目标表", **meta) -> dict:
    """A project's target form: label/value rows, then indicator rows (levels 1–3, value)."""
    rows = [["项目名称", project, "", ""], ["主管部门", department, "实施单位", implementer],
            ["项目资金（万元）", "年度资金总额", funds, ""],
            ["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [list(t) for t in targets]
    block = table_block("project_performance", title, [col("", role="label")] * 4, rows, **meta)
    block.update(header_rows=0, rows=rows, merges=[[0, 1, 1, 3], [2, 2, 1, 2]], expect=[],
                 expect_targets=[[project, funds, *t] for t in targets])
    return block


def revenue_final(budget: Budget, money: Money, title: str = "收入决算表", **meta) -> dict:
    """决算 公开02表: income of the year by subject and by source (all of it fiscal grants here)."""
    sources = [("fiscal_grant", "财政拨款收入"), ("superior_subsidy", "上级补助收入"), ("business_income", "事业收入"),
               ("operating_income", "经营收入"), ("affiliated_income", "附属单位上缴收入"), ("other_income", "其他收入")]
    cols = code_columns("code") + [col("本年收入合计", key="total")] + [col(label, key=k) for k, label in sources]
    rows = [total_cells("code") + [money(budget.total())] * 2 + [money(ZERO)] * 5]
    for s in budget.rollup():
        rows.append(code_cells("code", s.code, s.name) + [money(s.total)] * 2 + [money(ZERO)] * 5)
    return table_block("revenue_summary", title, cols, rows, **meta)


def fiscal_grant_final(budget: Budget, money: Money, title: str = "财政拨款收入支出决算总表", **meta) -> dict:
    """决算 公开04表: two halves with 行次 columns and a 栏次 row; spending split by budget."""
    cols = [col("收入", "项目", role="label", side="income"), col("收入", "行次", role="line_no", side="income"),
            col("收入", "金额", key="amount", side="income"),
            col("支出", "项目", role="label", side="expenditure"), col("支出", "行次", role="line_no", side="expenditure"),
            col("支出", "合计", key="total", side="expenditure"),
            col("支出", "一般公共预算财政拨款", key="general_budget", side="expenditure"),
            col("支出", "政府性基金预算财政拨款", key="gov_fund", side="expenditure"),
            col("支出", "国有资本经营预算财政拨款", key="state_capital", side="expenditure")]
    numbering = [["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]
    general = budget.total("general")
    income = [("一、一般公共预算财政拨款", general), ("二、政府性基金预算财政拨款", ZERO), ("三、国有资本经营预算财政拨款", ZERO)]
    classes = [s for s in budget.rollup() if len(s.code) == 3]
    rows = []
    for i in range(max(len(income), len(classes))):
        left = income[i] if i < len(income) else ("", None)
        right = classes[i] if i < len(classes) else None
        rows.append([left[0], str(i + 1), money(left[1]),
                     f"{'一二三四五六七八九十'[i]}、{right.name}" if right else "", str(i + 10),
                     *([money(right.total), money(right.total), money(ZERO), money(ZERO)] if right else ["", "", "", ""])])
    rows.append(["本年收入合计", "8", money(general), "本年支出合计", "20", money(general), money(general), money(ZERO), money(ZERO)])
    return table_block("fiscal_grant_summary", title, cols, rows, extra_header=numbering, **meta)


def general_budget_final(budget: Budget, money: Money, title: str = "一般公共预算财政拨款支出决算表", **meta) -> dict:
    """决算 公开05表 printing 年初预算数 and 全年预算数 beside the 决算数 split."""
    cols = code_columns("code") + [col("年初预算数", key="budget_initial"), col("全年预算数", key="budget_full_year"),
                                   col("决算数", "合计", key="final.total"), col("决算数", "基本支出", key="final.basic"),
                                   col("决算数", "项目支出", key="final.project")]
    def figures(s) -> list[str]:
        initial = (s.total * Decimal("0.9")).quantize(Decimal("0.01"))
        return [money(initial), money(s.total), money(s.total), money(s.basic), money(s.project)]
    total = budget.rollup("general")
    rows = [total_cells("code") + figures(_Sum(budget.total("general"), budget.total("general", "basic")))]
    rows += [code_cells("code", s.code, s.name) + figures(s) for s in total]
    return table_block("general_budget_expenditure", title, cols, rows, **meta)


class _Sum:
    """The 合计 row's figures, shaped like a subject."""

    def __init__(self, total: Decimal, basic: Decimal) -> None:
        self.total, self.basic, self.project = total, basic, total - basic


def project_list(budget: Budget, money: Money, title: str = "项目支出预算表", **meta) -> dict:
    """项目支出预算表: one row per project (its subject's project funds), this year's and carried over."""
    cols = [col("项目名称", role="label"), col("本年拨款", key="current_year"), col("上年结转", key="carryover"),
            col("合计", key="total")]
    rows = []
    for s in (s for s in budget.subjects if s.project):
        carried = (s.project * Decimal("0.1")).quantize(Decimal("0.01"))
        rows.append([f"{s.name}专项经费", money(s.project - carried), money(carried), money(s.project)])
    return table_block("project_expenditure", title, cols, rows, **meta)


def performance_list(projects: list[tuple[str, str, list[tuple[str, str, str, str]]]],
                     title: str = "项目支出绩效目标表", **meta) -> dict:
    """The list form: one row per indicator under 项目名称 | 年度资金总额 | 一级 … 指标值, the
    project, its funds and the level names printed once and merged down."""
    rows = [["项目名称", "年度资金总额", "一级指标", "二级指标", "三级指标", "指标值"]]
    merges, expect = [], []
    for project, funds, targets in projects:
        start = len(rows)
        previous = (None, None)
        for level1, level2, level3, value in targets:
            first = len(rows) == start
            rows.append([project if first else "", funds if first else "",
                         level1 if level1 != previous[0] else "",
                         level2 if (level1, level2) != previous else "", level3, value])
            previous = (level1, level2)
            expect.append([project, funds, level1, level2, level3, value])
        if len(targets) > 1:
            merges += [[start, 0, len(targets), 1], [start, 1, len(targets), 1]]
    block = table_block("project_performance", title, [col("", role="label")] * 6, rows[1:], **meta)
    block.update(header_rows=0, rows=rows, merges=merges, expect=[], expect_targets=expect)
    return block


def three_public_rows(budget: Budget, money: Money, title: str = "一般公共预算“三公”经费支出表", **meta) -> dict:
    """The 三公 items printed as numbered rows, last year's budget beside this year's."""
    now = three_public_values(budget)
    before = {k: (v * Decimal("1.05")).quantize(Decimal("0.01")) for k, v in budget.three_public.items()}
    before = {**before, "vehicle": before["vehicle.purchase"] + before["vehicle.operation"]}
    before["total"] = before["outbound_travel"] + before["vehicle"] + before["reception"]
    cols = [col("项目", role="label"), col("2024年预算数", key="prior_year_budget"), col("2025年预算数", key="amount")]
    items = [("合计", "total"), ("1.因公出国（境）费", "outbound_travel"), ("2.公务接待费", "reception"),
             ("3.公务用车购置及运行费", "vehicle"), ("其中：（1）公务用车购置费", "vehicle.purchase"),
             ("（2）公务用车运行费", "vehicle.operation")]
    rows = [[label, money(before[key]), money(now[key])] for label, key in items]
    return table_block("three_public", title, cols, rows, **meta)
