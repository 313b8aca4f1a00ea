"""Three disclosures unlike the corpus: other regions, producers, wording and layout.

- ``province_education_budget``: a whole department budget (部门预算, scope
  department, 汇总 of its units) of a provincial education department; the national
  template of 9 tables numbered 表1…表9 plus a project target form; figures in a
  Latin font, wide margins, running header and footer, 类/款/项 in separate columns,
  三公 items as numbered rows (``其中：（1）公务用车购置费``), a title alone at a page's foot,
  code and name in one cell, a three-line table over 3 pages with repeated headers.
- ``county_health_final``: a county health bureau's final account (部门决算),
  公开01–09表 wording with the number right of the title, org line / period / unit
  on one line, amounts in 元 with thousands separators, rule-less and three-line
  tables, pages broken without repeated headers, a 12-column landscape 三公 table
  with 预算数 / 决算数, a title split over two lines, a diagonal watermark.
- ``city_unit_budget``: a city unit's budget with 表一 / 附表 / 预算01表 numbering,
  fake-bold titles, a smaller body font, blank vs 0.00 vs '-' cells, negative
  changes printed -12.30 and (12.30) beside 比上年增减 / 金额 / %, other header
  wording (部门预算支出经济分类科目, 本年一般公共预算基本支出, 本年拨款), a project list
  and a project target table in list form (one row per indicator, merged down).
"""

from __future__ import annotations

from decimal import Decimal

from .fiscal import Budget, draw_budget
from .renderer import Layout
from .standard_tables import (
    basic_economic,
    empty_subject_table,
    fiscal_grant_final,
    fiscal_grant_summary,
    general_budget_final,
    performance_form,
    performance_list,
    project_list,
    revenue_by_unit,
    revenue_final,
    subject_table,
    three_public,
    three_public_rows,
    three_public_values,
    two_sided_summary,
)
from .tables import Money, col, table_block

EDUCATION = ["2050101", "2050102", "2050199", "2050201", "2050202", "2050203", "2050204", "2050205",
             "2050299", "2050302", "2050305", "2050801", "2050802", "2059999", "2080501", "2080502",
             "2080505", "2080506", "2101101", "2101102", "2101103", "2210201", "2210203"]
HEALTH = ["2100101", "2100102", "2100199", "2100301", "2100302", "2100401", "2100403", "2100408",
          "2100409", "2100717", "2080505", "2080506", "2101101", "2101102", "2210201"]


class Narrative:
    """Explanation text and the headline figures it states (the ``facts`` of the truth)."""

    FACTORS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}

    def __init__(self, money: Money, unit: str) -> None:
        self.money, self.unit, self.facts = money, unit, []

    def fig(self, key: str, value: Decimal) -> str:
        """``value`` printed with its unit, recorded as the fact ``key`` (value in yuan)."""
        self.facts.append([key, str(Decimal(value).quantize(Decimal("0.01")) * self.FACTORS[self.unit])])
        return f"{self.money(value) or '0.00'}{self.unit}"

    def change(self, key: str, value: Decimal, percent: Decimal) -> str:
        """``比上年增加/减少 … 增长/下降 …%``, recorded as ``key.change`` and ``key.change_pct``."""
        up = value >= 0
        self.facts.append([f"{key}.change", str(Decimal(value).quantize(Decimal("0.01")) * self.FACTORS[self.unit])])
        self.facts.append([f"{key}.change_pct", str(percent)])
        return (f"比上年{'增加' if up else '减少'}{self.money(abs(value))}{self.unit}，"
                f"{'增长' if up else '下降'}{abs(percent)}%")

    def share(self, key: str, percent: Decimal) -> str:
        self.facts.append([f"{key}.share", str(percent)])
        return f"占{percent}%"


def _doc(publisher, parent, region, level, year, kind, scope, title, watermark=None) -> dict:
    return {"publisher": publisher, "publisher_code": None, "parent_department": parent, "parent_code": None,
            "region": region, "admin_level": level, "fiscal_year": year, "doc_kind": kind, "scope": scope,
            "title": title, "watermark": watermark}


def _h(text: str, level: int = 2) -> dict:
    return {"type": "heading", "level": level, "text": text}


def _p(text: str) -> dict:
    return {"type": "paragraph", "text": text}


def province_education_budget() -> tuple[dict, list[dict], Layout, list]:
    name = "甘肃省教育厅"
    budget = draw_budget(11, EDUCATION, ["2296004"], Decimal(1000))
    budget.units = [("101001", "甘肃省教育厅本级", Decimal("0.3")), ("101002", "甘肃省教育考试院", Decimal("0.25")),
                    ("101003", "甘肃省电化教育中心", Decimal("0.45"))]
    money = Money()
    t = Narrative(money, "万元")
    three = three_public_values(budget)
    org = f"部门名称：{name}"
    meta = {"org_line": org, "unit": "万元"}
    total, basic, project = budget.total(), budget.total(part="basic"), budget.total(part="project")
    blocks = [
        _h(name, 1), _h("2025年部门预算", 1),
        _h("第一部分 部门概况", 1), _h("一、主要职能"),
        _p("贯彻落实国家教育工作的方针政策和法律法规，统筹管理全省各级各类教育。"),
        _h("二、部门预算单位构成"),
        _p("纳入本部门2025年部门预算编制范围的单位共3个，包括：厅本级、省教育考试院、省电化教育中心。"),
        _h("第二部分 2025年部门预算表", 1),
        two_sided_summary(budget, money, title="部门收支总表", number="表1", **meta),
        revenue_by_unit(budget, money, number="表2", **meta),
        subject_table("expenditure_summary", "部门支出总表", budget, money, codes="joined", number="表3", **meta),
        fiscal_grant_summary(budget, money, number="表4", **meta),
        subject_table("general_budget_expenditure", "一般公共预算支出表", budget, money, codes="split", fund="general",
                      number="表5", render={"rules": "three_line", "break_after": [11, 24], "new_page": True}, **meta),
        basic_economic(budget, money, number="表6", **meta),
        three_public_rows(budget, money, number="表7", **meta),
        subject_table("gov_fund_expenditure", "政府性基金预算支出表", budget, money, fund="gov_fund", number="表8",
                      render={"title_alone": True}, **meta),
        empty_subject_table("state_capital", "国有资本经营预算支出表", "注：本部门2025年无国有资本经营预算支出，本表无数据。",
                            number="表9", **meta),
        performance_form("中小学教师培训", name, "甘肃省教育厅本级", "320.00",
                         [("产出指标", "数量指标", "培训教师人数", "≥3000人"), ("产出指标", "质量指标", "培训合格率", "≥95%"),
                          ("效益指标", "社会效益指标", "教师教学能力提升", "明显提升"),
                          ("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%")],
                         unit=None, render={"rules": "grid", "new_page": True}),
        _h("第三部分 2025年部门预算情况说明", 1),
        _h("一、收支预算总体情况"),
        _p(f"按照综合预算的原则，{name}所有收入和支出均纳入部门预算管理。2025年收入总计"
           f"{t.fig('income.total', total + budget.carryover)}，支出总计{t.fig('expenditure.total', total + budget.carryover)}。"),
        _h("二、一般公共预算支出情况"),
        _p(f"2025年一般公共预算支出{t.fig('general_budget.expenditure', budget.total('general'))}，"
           f"{t.change('general_budget.expenditure', Decimal('1280.40'), Decimal('2.00'))}。其中：基本支出"
           f"{t.fig('basic', basic)}，{t.share('basic', _percent(basic, budget.total('general')))}；项目支出"
           f"{t.fig('project', budget.total('general', 'project'))}，"
           f"{t.share('project', _percent(budget.total('general', 'project'), budget.total('general')))}。"),
        _h("三、一般公共预算基本支出情况"),
        _p(f"2025年一般公共预算基本支出{basic}万元，其中：人员经费{t.fig('personnel', budget.personnel)}，"
           f"主要包括基本工资、津贴补贴、奖金等；公用经费{t.fig('public', budget.public)}，主要包括办公费、水费、电费等。"),
        _h("四、“三公”经费支出预算情况说明"),
        _p(f"2025年“三公”经费预算数为{t.fig('three_public.total', three['total'])}，其中：因公出国（境）费"
           f"{t.fig('three_public.outbound_travel', three['outbound_travel'])}，公务用车购置及运行费"
           f"{t.fig('three_public.vehicle', three['vehicle'])}（其中：公务用车购置费"
           f"{t.fig('three_public.vehicle.purchase', three['vehicle.purchase'])}，公务用车运行费"
           f"{t.fig('three_public.vehicle.operation', three['vehicle.operation'])}），公务接待费"
           f"{t.fig('three_public.reception', three['reception'])}。"),
        _h("五、政府采购情况"),
        _p(f"2025年政府采购预算总额{t.fig('procurement.total', Decimal('860'))}，其中：政府采购货物预算"
           f"{t.fig('procurement.goods', Decimal('500'))}、政府采购工程预算{t.fig('procurement.works', Decimal(0))}、"
           f"政府采购服务预算{t.fig('procurement.services', Decimal('360'))}。"),
        _h("六、国有资产占用情况"),
        _p("截至2024年12月31日，共有车辆12辆，其中：一般公务用车3辆、执法执勤用车9辆。"),
    ]
    t.facts.append(["vehicles.actual", "12"])
    doc = _doc(name, None, ["甘肃省"], "province", 2025, "budget", "department", f"{name}2025年部门预算")
    layout = Layout(margin=72, body_size=12, cell_size=9.5, figure_font="Times-Roman",
                    running_header=f"{name}2025年部门预算", footer="- {page} -")
    return doc, blocks, layout, t.facts


def county_health_final() -> tuple[dict, list[dict], Layout, list]:
    name = "宁远县卫生健康局"
    budget = draw_budget(23, HEALTH, [], Decimal(1_000_000))
    money = Money(thousands=True, zero="")
    t, three = Narrative(money, "元"), three_public_values(budget)
    meta = {"org_line": f"编制单位：{name}", "unit": "元", "period": "2024年度"}
    right = {"number_at": "right"}
    three_periods = (("预算数", "budget"), ("决算数", "final"))
    blocks = [
        _h(name, 1), _h("2024年度部门决算", 1),
        _h("第一部分 部门概况", 1), _p("负责全县医疗卫生、疾病预防控制和妇幼保健工作。"),
        _h("第二部分 2024年度部门决算表", 1),
        two_sided_summary(budget, money, final=True, title="收入支出决算总表", number="公开01表",
                          render={**right, "rules": "none"}, **meta),
        revenue_final(budget, money, number="公开02表", render=right, **meta),
        subject_table("expenditure_summary", "支出决算表", budget, money, number="公开03表",
                      render={**right, "rules": "three_line", "break_after": [9], "repeat_header": False}, **meta),
        fiscal_grant_final(budget, money, number="公开04表", render={**right, "rules": "grid"}, **meta),
        general_budget_final(budget, money, number="公开05表",
                             render={**right, "rules": "grid", "break_after": [6], "repeat_header": False,
                                     "title_lines": ["一般公共预算财政拨款", "支出决算表"]}, **meta),
        basic_economic(budget, money, title="一般公共预算财政拨款基本支出决算表", number="公开06表",
                       render={**right, "rules": "none"}, **meta),
        three_public(budget, money, title="一般公共预算财政拨款“三公”经费支出决算表", number="公开07表",
                     periods=three_periods, render={**right, "landscape": True}, **meta),
        empty_subject_table("gov_fund_expenditure", "政府性基金预算财政拨款收入支出决算表",
                            "注：本单位2024年度无政府性基金预算财政拨款收入支出，本表无数据。", number="公开08表",
                            render=right, **meta),
        empty_subject_table("state_capital", "国有资本经营预算财政拨款支出决算表",
                            "注：本单位2024年度无国有资本经营预算财政拨款支出，本表无数据。", number="公开09表",
                            render=right, **meta),
        _h("第三部分 2024年度部门决算情况说明", 1),
        _h("一、收入支出决算总体情况说明"),
        _p(f"2024年度收入总计{t.fig('income.total', budget.total())}，支出总计{t.fig('expenditure.total', budget.total())}。"),
        _h("二、一般公共预算财政拨款支出决算情况说明"),
        _p(f"2024年度一般公共预算财政拨款支出{t.fig('general_budget.expenditure', budget.total('general'))}，其中："
           f"基本支出{t.fig('basic', budget.total('general', 'basic'))}，项目支出"
           f"{t.fig('project', budget.total('general', 'project'))}。"),
        _h("三、“三公”经费财政拨款支出决算情况说明"),
        _p(f"2024年度“三公”经费财政拨款支出决算为{t.fig('three_public.total', three['total'])}，"
           f"其中：公务接待费{t.fig('three_public.reception', three['reception'])}。"),
    ]
    doc = _doc(name, None, ["湖南省", "永州市", "宁远县"], "county", 2024, "final_account", "department",
               f"{name}2024年度部门决算", "仅供内部审核")
    layout = Layout(margin=50, body_size=10.5, cell_size=8.5, watermark="仅供内部审核")
    return doc, blocks, layout, t.facts


def _change_table(budget: Budget, money: Money, **meta) -> dict:
    """一般公共预算支出表 with last year, this year and the change (negative where spending fell)."""
    cols = [col("科目编码", role="code"), col("科目名称", role="label"), col("2024年预算数", key="prior_year_budget"),
            col("2025年预算数", key="amount"), col("比上年增减", "金额", key="change"),
            col("比上年增减", "%", key="change_pct")]
    rows = [["", "合计"] + [""] * 4]
    sum_prior = sum_now = Decimal(0)
    for i, s in enumerate(budget.rollup("general")):
        if len(s.code) != 7:
            continue
        prior = s.total + (Decimal("12.30") if i % 3 == 0 else Decimal("-7.45"))
        sum_prior, sum_now = sum_prior + prior, sum_now + s.total
        rows.append([s.code, s.name, money(prior), money(s.total), money(s.total - prior), _pct(s.total, prior)])
    rows[0][2:] = [money(sum_prior), money(sum_now), money(sum_now - sum_prior), _pct(sum_now, sum_prior)]
    return table_block("general_budget_expenditure", "一般公共预算支出预算表", cols, rows, **meta)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(Decimal("0.01"))


def _pct(now: Decimal, before: Decimal) -> str:
    return f"{(now - before) / before * 100:.2f}%"


def city_unit_budget() -> tuple[dict, list[dict], Layout, list]:
    name = "洛阳市疾病预防控制中心"
    budget = draw_budget(37, HEALTH[:9], [], Decimal(100))
    dash, paren = Money(zero="-"), Money(negative="()")
    t = Narrative(Money(), "亿元")
    meta = {"org_line": f"单位名称：{name}", "unit": "万元"}
    blocks = [
        _h(name, 1), _h("2025年单位预算", 1),
        _h("一、单位预算表"),
        fiscal_grant_summary(budget, Money(), title="财政拨款收支总体情况表", number="表一", **meta),
        subject_table("expenditure_summary", "支出预算总表", budget, dash, number="附表1",
                      render={"rules": "none"}, **meta),
        _change_table(budget, Money(), number="预算01表", **meta),
        _change_table(budget, paren, number="预算02表", **meta) | {"title": "一般公共预算支出预算表（调整后）"},
        three_public(budget, Money(zero="0.00"), title="“三公”经费支出预算表", number="表四", unit="亿元",
                     org_line=f"单位名称：{name}"),
        basic_economic(budget, Money(), title="一般公共预算基本支出预算表", number="表五",
                       subjects="部门预算支出经济分类科目", amounts=("本年一般公共预算基本支出",), **meta),
        project_list(budget, Money(), number="表六", render={"rules": "three_line"}, **meta),
        _change_table(budget, Money(), number="预算03表", render={"rules": "three_line"}, **meta)
        | {"title": "一般公共预算支出预算表（按功能分类）"},
        performance_list([
            ("传染病监测预警", "180.00", [("产出指标", "数量指标", "监测哨点数", "≥45个"),
                                   ("产出指标", "时效指标", "疫情报告及时率", "100%"),
                                   ("效益指标", "社会效益指标", "突发疫情处置能力", "有效提升")]),
            ("免疫规划", "95.50", [("产出指标", "质量指标", "疫苗接种率", "≥95%"),
                               ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")]),
        ], number="表七", unit="万元", render={"new_page": True}),
        _h("二、预算情况说明"),
        _p(f"2025年“三公”经费预算{t.fig('three_public.total', three_public_values(budget)['total'])}，"
           f"{t.change('three_public.total', Decimal('-5.55'), Decimal('4.76') * -1)}。"),
    ]
    doc = _doc(name, None, ["河南省", "洛阳市"], "city", 2025, "budget", "unit", f"{name}2025年单位预算")
    layout = Layout(margin=60, body_size=10, cell_size=8, title_size=13, fake_bold_titles=True)
    return doc, blocks, layout, t.facts


VARIANTS = {
    "province_education_budget": province_education_budget,
    "county_health_final": county_health_final,
    "city_unit_budget": city_unit_budget,
}
