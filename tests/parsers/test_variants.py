"""Disclosures unlike the corpus (testkit/variants): other regions, wording, layouts.

Each variant is generated and parsed once per session. Expected values come from the
generator's own description of the document (its truth), never from parser output.
Known extraction-layer failures are strict xfails naming the step that fails.
"""

from __future__ import annotations

import functools
from collections import Counter
from decimal import Decimal

import pytest

from testkit.cells import cells
from testkit.cells import meaning_cells
from govbudget.schema import TableKind
from govbudget.parsers.api import parse_pdf
from govbudget.parsers.checks.arithmetic import run_checks
from govbudget.parsers.interpret.table_records import build_table
from govbudget.parsers.interpret.table_rows import split_code
from testkit.truth_tables import raw_table
from testkit.variants import build


@functools.lru_cache(maxsize=None)
def parsed(name: str):
    pdf, _ = build(name)
    return parse_pdf(pdf, name=f"{name}.pdf")


def truth(name: str) -> dict:
    return build(name)[1]


def truth_blocks(name: str) -> list[dict]:
    return [b for b in truth(name)["blocks"] if b["type"] == "table"]


def table_of(name: str, number: str):
    return next(t for t in parsed(name).tables if t.number == number)


def expected(name: str, kind: str) -> Counter:
    return Counter({k: n for k, n in meaning_cells(truth(name)).items() if k[0] == kind})


def found(name: str, kind: str) -> Counter:
    return Counter({k: n for k, n in cells(parsed(name).tables).items() if k[0] == kind})


def truth_grid_tables(name: str):
    """The truth grids given meaning by the semantic layer alone (no extraction)."""
    year = truth(name)["doc"]["fiscal_year"]
    return [build_table(raw_table(b), b["id"], year) for b in truth_blocks(name)]


# ------------------------------------------------------------------ a whole department budget
def test_department_budget_reads_its_metadata_from_the_cover():
    doc = parsed("province_education_budget").document
    assert (doc.publisher, doc.fiscal_year, doc.kind, doc.scope) == ("甘肃省教育厅", 2025, "budget", "department")
    assert (doc.region, doc.admin_level) == (["甘肃省"], "province")


def test_department_naming_itself_as_competent_department_has_no_parent():
    assert parsed("province_education_budget").document.parent_department is None


def test_department_budget_template_tables_get_their_kinds_in_order():
    kinds = [t.kind for t in parsed("province_education_budget").tables]
    assert kinds == [b["kind"] for b in truth_blocks("province_education_budget")]


def test_table_numbers_printed_above_titles_are_kept():
    numbers = [t.number for t in parsed("province_education_budget").tables]
    assert numbers == [f"表{i}" for i in range(1, 10)] + [None]


def test_three_line_table_over_three_pages_is_one_table_without_repeated_headers():
    table = table_of("province_education_budget", "表5")
    assert table.pages == [4, 5, 6]
    assert [r.code for r in table.rows].count("2050101") == 1
    assert found("province_education_budget", "general_budget_expenditure") == expected(
        "province_education_budget", "general_budget_expenditure")


def test_figures_printed_in_a_latin_font_are_read_with_their_rows():
    row = next(r for r in table_of("province_education_budget", "表6").rows if r.code == "30101")
    want = next(b for b in truth_blocks("province_education_budget") if b["number"] == "表6")
    printed = next(r for r in want["rows"] if r[0] == "30101")
    assert (row.label, row.values["total"], row.values["personnel"]) == ("基本工资", printed[2], printed[3])


def test_code_and_name_in_one_cell_give_the_code():
    table = table_of("province_education_budget", "表3")
    assert [(r.code, r.level, r.label) for r in table.rows[1:4]] == [
        ("205", "类", "教育支出"), ("20501", "款", "教育管理事务"), ("2050101", "项", "行政运行")]


def test_running_headers_and_page_numbers_never_become_rows():
    labels = {r.label for t in parsed("province_education_budget").tables for r in t.rows}
    assert not {label for label in labels if "2025年部门预算" in label or label.startswith("-")}


def test_empty_table_with_a_note_is_empty_not_missing():
    table = table_of("province_education_budget", "表9")
    assert (table.kind, table.empty, table.note) == (
        TableKind.state_capital, True, "注：本部门2025年无国有资本经营预算支出，本表无数据。")


def test_revenue_table_with_carryover_column_is_checked_against_the_income_grand_total():
    checks = {c.check_id: c for c in run_checks(truth_grid_tables("province_education_budget"), [])}
    revenue = checks["revenue_total"]
    assert (revenue.passed, revenue.expected, revenue.actual) == (True, Decimal("67131.85"), Decimal("67131.85"))


def test_general_budget_basic_and_project_in_the_text_match_the_general_budget_table():
    checks = {c.check_id: c for c in parsed("province_education_budget").checks}
    assert checks["narrative.project"].passed
    assert checks["narrative.project"].expected == Decimal("43272.65")


def test_unit_rows_of_a_department_revenue_table_are_keyed_by_unit_code():
    rows = [r for r in truth_grid_tables("province_education_budget")[1].rows]
    assert [(r.code, r.level, r.label) for r in rows] == [
        (None, None, "合计"), ("101001", None, "甘肃省教育厅本级"),
        ("101002", None, "甘肃省教育考试院"), ("101003", None, "甘肃省电化教育中心")]


# ------------------------------------------------------------------ a county final account
def test_final_account_numbers_printed_right_of_the_title_are_kept():
    numbers = [t.number for t in parsed("county_health_final").tables]
    assert numbers[:3] == ["公开01表", "公开02表", "公开03表"]
    assert numbers[-3:] == ["公开07表", "公开08表", "公开09表"]


def test_org_line_period_and_yuan_unit_on_one_line_are_split():
    table = table_of("county_health_final", "公开03表")
    assert (table.org_line, table.period, table.unit) == ("编制单位：宁远县卫生健康局", "2024年度", "元")


def test_thousands_separators_keep_the_printed_text_and_exact_yuan():
    table = table_of("county_health_final", "公开03表")
    total = table.rows[0]
    assert total.values["total"] == "54,587,030.17"
    items = [i for i in parsed("county_health_final").line_items() if i.table_id == table.table_id and i.row_seq == 0]
    assert {i.column_key: i.value_yuan for i in items}["total"] == Decimal("54587030.17")


def test_landscape_twelve_column_table_keys_budget_and_final_periods():
    table = table_of("county_health_final", "公开07表")
    assert found("county_health_final", "three_public") == expected("county_health_final", "three_public")
    assert list(table.columns)[:3] == ["budget.total", "budget.outbound_travel", "budget.vehicle"]


def test_final_beside_initial_and_full_year_budget_is_the_final_prefix():
    table = next(t for t in truth_grid_tables("county_health_final") if t.kind == TableKind.general_budget_expenditure)
    assert list(table.columns) == ["budget_initial", "budget_full_year", "final.total", "final.basic", "final.project"]


def test_watermark_text_reaches_no_cell_and_no_line():
    result = parsed("county_health_final")
    texts = [v for t in result.tables for r in t.rows for v in [r.label, *r.values.values()]]
    assert not [t for t in texts if "审核" in t]


def test_rule_less_two_sided_summary_reads_both_sides():
    table = table_of("county_health_final", "公开01表")
    first = [(r.side, r.label, r.values.get("amount")) for r in table.rows[:2]]
    assert first == [("income", "一、一般公共预算拨款收入", "54,587,030.17"),
                     ("expenditure", "一、社会保障和就业支出", "4,430,564.60")]


# ------------------------------------------------------------------ a city unit budget
def test_table_number_forms_of_other_producers_are_kept():
    numbers = [t.number for t in parsed("city_unit_budget").tables]
    assert numbers == ["表一", "附表1", "预算01表", "预算02表", "表四", "表五", "表六", "预算03表", "表七"]


def test_hundred_million_yuan_unit_is_read():
    table = table_of("city_unit_budget", "表四")
    assert table.unit == "亿元"
    items = [i for i in parsed("city_unit_budget").line_items() if i.table_id == table.table_id and i.column_key == "reception"]
    assert items[0].value_yuan == Decimal(items[0].value_text) * 100_000_000


def test_negative_changes_are_kept_as_printed_and_read_as_negative():
    minus, brackets = table_of("city_unit_budget", "预算01表"), table_of("city_unit_budget", "预算02表")
    assert (minus.rows[2].values["change"], brackets.rows[2].values["change"]) == ("-12.30", "(12.30)")
    items = [i for i in parsed("city_unit_budget").line_items()
             if i.table_id == brackets.table_id and i.column_key == "change" and i.value_text == "(12.30)"]
    assert items[0].value_yuan == Decimal("-123000.00")


def test_dash_cells_are_no_figures_and_blank_cells_no_values():
    table = table_of("city_unit_budget", "附表1")
    row = next(r for r in table.rows if r.code == "2100102")
    printed = next(r for r in truth_blocks("city_unit_budget")[1]["rows"] if r[0] == "2100102")
    assert row.values.get("basic") == (printed[3] or None)


@pytest.mark.parametrize("kind", ["expenditure_summary", "fiscal_grant_summary", "three_public"])
def test_rule_less_and_fake_bold_titled_tables_match_the_truth_exactly(kind):
    assert found("city_unit_budget", kind) == expected("city_unit_budget", kind)


# ------------------------------------------------------------------ semantic rules in isolation
@pytest.mark.parametrize(
    "text, expected",
    [
        ("205教育支出", ("205", "教育支出")),
        ("2050101行政运行", ("2050101", "行政运行")),
        ("30101基本工资", ("30101", "基本工资")),
        ("12315中心便民热线服务经费", (None, "12315中心便民热线服务经费")),
        ("300万元以下项目", (None, "300万元以下项目")),
    ],
)
def test_code_glued_to_its_name_is_split_only_under_a_national_class(text, expected):
    assert split_code(text) == expected


# ------------------------------------------------------------------ layouts pdfium and the text grid once got wrong
def test_wrapped_header_cell_keeps_its_one_character_last_line():
    assert table_of("county_health_final", "公开02表").columns["total"] == "本年收入合计"


def test_title_printed_over_two_lines_is_joined():
    table = table_of("county_health_final", "公开05表")
    assert (table.title, table.kind) == ("一般公共预算财政拨款支出决算表", TableKind.general_budget_expenditure)


def test_three_line_continuation_stops_at_its_bottom_rule():
    assert table_of("county_health_final", "公开04表").title == "财政拨款收入支出决算总表"


def test_rule_less_table_continues_past_rows_without_figures():
    labels = [r.label for r in table_of("county_health_final", "公开01表").rows]
    assert "收入总计" in labels and "支出总计" in labels


def test_rule_less_economic_table_is_found():
    assert table_of("county_health_final", "公开06表").kind == TableKind.basic_expenditure_economic


def test_class_item_code_columns_of_a_three_line_table_stay_apart():
    pdf, _ = build("province_education_budget")
    from govbudget.parsers.extract import extract_document
    from govbudget.parsers.read.pdf_input import open_pdf

    document, _ = open_pdf(pdf, "province_education_budget.pdf")
    try:
        raw = extract_document(document).tables[4]
    finally:
        document.close()
    assert raw.texts()[:6] == truth_blocks("province_education_budget")[4]["rows"][:6]


# ------------------------------------------------------------------ header wording of other producers
def test_percent_under_a_change_group_is_change_pct():
    table = next(t for t in truth_grid_tables("city_unit_budget") if t.number == "预算01表")
    assert list(table.columns) == ["prior_year_budget", "amount", "change", "change_pct"]


def test_budget_qualified_basic_expenditure_group_adds_nothing_to_its_split():
    table = table_of("city_unit_budget", "表五")
    assert list(table.columns) == ["total", "personnel", "public"]
    assert table.rows[0].values == {"total": "1938.50", "personnel": "1581.75", "public": "356.75"}


def test_this_years_appropriation_is_current_year():
    table = table_of("city_unit_budget", "表六")
    assert (table.kind, list(table.columns)) == (TableKind.project_expenditure, ["current_year", "carryover", "total"])
    assert found("city_unit_budget", "project_expenditure") == expected("city_unit_budget", "project_expenditure")


def test_three_line_header_with_a_spanning_group_keeps_body_columns_apart():
    row = table_of("city_unit_budget", "预算03表").rows[1]
    assert (row.code, row.label, row.values.get("amount")) == ("2100101", "行政运行", "284.47")


# ------------------------------------------------------------------ tables whose title was lost
def test_final_account_grant_summary_with_line_numbers_and_column_numbers_is_read():
    table = table_of("county_health_final", "公开04表")
    assert table.kind == TableKind.fiscal_grant_summary
    assert found("county_health_final", "fiscal_grant_summary") == expected("county_health_final", "fiscal_grant_summary")


@pytest.mark.parametrize("number, kind", [("公开01表", "budget_summary"), ("公开06表", "basic_expenditure_economic"),
                                          ("公开07表", "three_public"), ("公开03表", "other")])
def test_untitled_table_gets_the_kind_its_columns_imply(number, kind):
    block = next(b for b in truth_blocks("county_health_final") if b["number"] == number)
    assert build_table(raw_table({**block, "title": ""}), "t", 2024).kind == kind


def test_three_line_continuation_without_header_keeps_every_figure_in_its_column():
    row = next(r for r in table_of("county_health_final", "公开03表").rows if r.code == "2100301")
    assert row.values == {"total": "2,650,674.15", "basic": "1,825,220.03", "project": "825,454.12"}


# ------------------------------------------------------------------ headline figures of the text
def _facts(name: str) -> list[tuple[str, str]]:
    return [tuple(f) for f in truth(name)["facts"]]


@pytest.mark.parametrize("name, key, value", [
    (name, key, value) for name in ("province_education_budget", "county_health_final", "city_unit_budget")
    for key, value in _facts(name)])
def test_first_statement_of_each_headline_figure_is_read_in_yuan(name, key, value):
    first = next(f for f in parsed(name).facts if f.key == key)
    assert first.value == Decimal(value)


def test_narrative_figures_agree_with_their_tables():
    failed = [c.check_id for c in parsed("province_education_budget").checks
              if c.check_id.startswith("narrative.") and not c.passed]
    assert failed == []


# ------------------------------------------------------------------ performance targets
@pytest.mark.parametrize("name", ["province_education_budget", "city_unit_budget"])
def test_performance_targets_of_forms_and_lists_are_read_in_printed_order(name):
    targets = [[t.project, t.funds_year, t.indicator_level1, t.indicator_level2, t.indicator_level3, t.target_value]
               for t in parsed(name).performance_targets]
    assert targets == truth(name)["targets"]


def test_list_form_carries_merged_project_and_levels_down_to_each_indicator():
    targets = parsed("city_unit_budget").performance_targets
    assert [(t.project, t.indicator_level1, t.indicator_level2) for t in targets[1:3]] == [
        ("传染病监测预警", "产出指标", "时效指标"), ("传染病监测预警", "效益指标", "社会效益指标")]


def test_numbered_three_public_rows_are_summed_and_checked_against_the_text():
    checks = {c.check_id: c.passed for c in parsed("province_education_budget").checks}
    assert checks["t06.合计.amount.three_public_sum"] and checks["t06.3.公务用车购置及运行费.amount.vehicle_sum"]
    assert checks["narrative.three_public.outbound_travel"] and checks["narrative.three_public.vehicle"]


def test_three_public_items_as_columns_are_checked_against_the_outturn_in_the_text():
    check = next(c for c in parsed("county_health_final").checks if c.check_id == "narrative.three_public.reception")
    assert (check.passed, check.expected) == (True, Decimal("393693.09"))


def test_title_alone_at_a_page_foot_heads_the_table_on_the_next_page():
    table = table_of("province_education_budget", "表8")
    assert (table.kind, table.pages) == (TableKind.gov_fund_expenditure, [7, 8])
    assert found("province_education_budget", "gov_fund_expenditure") == expected(
        "province_education_budget", "gov_fund_expenditure")


def test_each_periods_split_is_checked_total_equals_basic_plus_project():
    checks = {c.check_id: c for c in run_checks(truth_grid_tables("county_health_final"), [])}
    check = checks["t04.2100101.final.total=final.basic+final.project"]
    assert check.passed and check.actual == check.expected
