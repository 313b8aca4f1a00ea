"""Printed titles name the standard tables in many ways; all map to one kind."""

import pytest

from govbudget.schema import TableKind
from govbudget.parsers.interpret.table_kinds import classify_title, find_table_number, normalise_title
from testkit.truth_tables import DOCS, truth_tables


@pytest.mark.parametrize("doc", DOCS)
def test_every_corpus_title_gets_its_truth_kind(doc):
    assert {t["title"]: classify_title(t["title"]) for t in truth_tables(doc)} == {
        t["title"]: t["kind"] for t in truth_tables(doc)
    }


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("部门收支总表", TableKind.budget_summary),
        ("部门收入总表", TableKind.revenue_summary),
        ("部门支出总表", TableKind.expenditure_summary),
        ("财政拨款收支总表", TableKind.fiscal_grant_summary),
        ("一般公共预算财政拨款支出表", TableKind.general_budget_expenditure),
        ("一般公共预算基本支出表", TableKind.basic_expenditure_economic),
        ("政府性基金预算支出表", TableKind.gov_fund_expenditure),
        ("国有资本经营预算支出表", TableKind.state_capital),
        ("“三公”经费支出预算表", TableKind.three_public),
        ("2024年机关运行经费预算表", TableKind.operating_costs),
        ("项目支出表", TableKind.project_expenditure),
        ("政府采购预算表", TableKind.other),
        ("部门整体支出绩效目标表", TableKind.overall_performance),
        ("部门整体支出绩效自评表", TableKind.overall_performance),
        ("2025 年市本级部门项目支出预算绩效目标表", TableKind.project_performance),
        ("收入支出决算总表(公开01表)", TableKind.budget_summary),
        ("表一 2023年度部门收支总表", TableKind.budget_summary),
        ("预算公开表3 2025年预算支出总表", TableKind.expenditure_summary),
        ("2025年项目支出预算表（上年结转）", TableKind.project_expenditure_carryover),
        ("政府性基金预算财政拨款收入支出决算表", TableKind.gov_fund_expenditure),
        ("2025年政府性基金预算收入表", TableKind.gov_fund_revenue),
        ("部门决算公开相关信息统计表", TableKind.disclosure_statistics),
        ("2024年集中采购目录及采购限额标准", TableKind.procurement_catalog),
    ],
)
def test_variant_wordings_outside_the_corpus(title, kind):
    assert classify_title(title) == kind


def test_unknown_title_is_other_not_dropped():
    assert classify_title("单位基本情况表") == TableKind.other


def test_year_numbering_brackets_and_spaces_are_normalised_away():
    assert normalise_title("2025 年 预算收支总表（预算公开表1）") == "预算收支总表"


@pytest.mark.parametrize(
    ("title", "number"),
    [("政府购买服务支出预算表(表十四)", "表十四"), ("收入决算表 公开02表", "公开02表"), ("预算公开表1 收支总表", "预算公开表1")],
)
def test_table_number_is_found_in_the_title(title, number):
    assert find_table_number(title) == number


@pytest.mark.parametrize(
    "title, kind",
    [
        ("部门收支总体情况表", TableKind.budget_summary),  # Beijing: 总体情况表 for 总表
        ("财政拨款收支总体情况表", TableKind.fiscal_grant_summary),
        ("收入支出决算表", TableKind.budget_summary),
        ("部门综合预算专项业务经费支出表", TableKind.project_expenditure),  # Shaanxi: 专项业务经费
        ("专项资金预算汇总表", TableKind.project_expenditure),
        ("上年结转项目支出预算表", TableKind.project_expenditure_carryover),
        ("国有资本经营预算财政拨款收入支出决算表", TableKind.state_capital),
    ],
)
def test_other_producers_titles_name_their_standard_kind(title, kind):
    assert classify_title(title) == kind
