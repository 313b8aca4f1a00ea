"""Printed multi-level headers flatten to stable column keys of one vocabulary."""

from govbudget.schema import COLUMN_KEYS
from govbudget.parsers.interpret.header_keys import column_keys, is_column_number_row, is_known_key, normalise_label
from testkit.truth_tables import truth, truth_table


def keys_of(doc: str, table_id: str) -> list:
    block = truth_table(doc, table_id)
    columns = column_keys(
        block["rows"][: block["header_rows"]], [tuple(m) for m in block["merges"]], truth(doc)["doc"]["fiscal_year"]
    )
    return [(c.role, c.side, c.key) for c in columns]


def test_current_year_group_adds_nothing_to_the_split_keys():
    assert keys_of("000", "t02") == [
        ("code", None, None), ("label", None, None),
        ("value", None, "total"), ("value", None, "basic"), ("value", None, "project"),
    ]


def test_revenue_summary_funding_sources_under_this_years_income():
    assert [k for _, _, k in keys_of("000", "t01")][2:] == [
        "total", "general_budget", "gov_fund", "state_capital", "special_account", "unit_funds", "carryover",
    ]


def test_prior_year_actual_and_change_columns_of_ningxia_table():
    assert [k for _, _, k in keys_of("002", "t01")][2:] == [
        "prior_year_actual", "total", "basic", "project", "change", "change_pct",
    ]


def test_nested_basic_expenditure_split_becomes_dotted_keys():
    assert [k for _, _, k in keys_of("002", "t04")][2:7] == [
        "prior_year_actual", "total", "basic", "basic.personnel", "basic.public",
    ]


def test_three_public_columns_nest_vehicle_purchase_and_operation_per_period():
    assert [k for _, _, k in keys_of("003", "t08")] == [
        "budget.total", "budget.outbound_travel", "budget.vehicle", "budget.vehicle.purchase",
        "budget.vehicle.operation", "budget.reception",
        "final.total", "final.outbound_travel", "final.vehicle", "final.vehicle.purchase",
        "final.vehicle.operation", "final.reception",
    ]


def test_two_sided_summary_marks_each_half_with_its_side():
    assert keys_of("000", "t00") == [
        ("label", "income", None), ("value", "income", "amount"),
        ("label", "expenditure", None), ("value", "expenditure", "total"),
        ("value", "expenditure", "current_year"), ("value", "expenditure", "carryover"),
    ]


def test_line_number_columns_and_column_number_rows_are_not_values():
    assert keys_of("003", "t00") == [
        ("label", "income", None), ("line_no", "income", None), ("value", "income", "amount"),
        ("label", "expenditure", None), ("line_no", "expenditure", None), ("value", "expenditure", "amount"),
    ]


def test_code_name_amount_triples_take_their_group_as_key():
    assert [k for _, _, k in keys_of("003", "t05")] == [
        None, None, "personnel", None, None, "public", None, None, "public", None, None, "public",
    ]


def test_unknown_label_keeps_its_own_text_as_key():
    assert [k for _, _, k in keys_of("004", "t21")] == [
        None, "单位", None, "是否包含政府采购", "政府购买服务内容", "count", "amount", "资金来源",
    ]


def test_prior_year_budget_is_told_from_prior_year_actual():
    columns = column_keys([["项目", "2024年预算数", "2024年执行数", "2025年预算数"]], [], 2025)
    assert [c.key for c in columns] == [None, "prior_year_budget", "prior_year_actual", "amount"]


def test_merged_parent_is_inherited_without_merge_geometry():
    header = [["项目", "", "2025年预算数", "", ""], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    assert [c.key for c in column_keys(header, [], 2025)] == [None, None, "total", "basic", "project"]


def test_column_number_row_is_recognised():
    assert is_column_number_row(["栏次", "", "1", "2", "3"])
    assert not is_column_number_row(["合计", "", "1.00", "2"])


def test_every_vocabulary_key_in_the_corpus_is_documented():
    keys = {k for doc, t in [("000", "t01"), ("002", "t03"), ("003", "t06"), ("002", "t06")]
            for _, _, k in keys_of(doc, t) if k}
    assert all(is_known_key(k) for k in keys), keys - set(COLUMN_KEYS)


def test_labels_are_compared_without_spaces_and_with_half_width_brackets():
    assert normalise_label("因公出国 （境） 费") == "因公出国(境)费"


def test_periods_named_without_a_year():
    columns = column_keys([["项目", "上年预算数", "上年执行数", "本年预算数", "比上年增减"]], [], None)
    assert [c.key for c in columns] == [None, "prior_year_budget", "prior_year_actual", "amount", "change"]


def test_national_template_department_expenditure_columns():
    header = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出", "对附属单位补助支出"]]
    assert [c.key for c in column_keys(header, [], 2025)][2:] == [
        "total", "basic", "project", "paid_to_superior", "operating_expenditure", "affiliated_subsidy",
    ]


def test_fiscal_grant_subsidy_column():
    assert [c.key for c in column_keys([["项目", "财政拨款（补助）"]], [], 2025)] == [None, "fiscal_grant"]


def test_two_sided_table_with_side_named_label_columns():
    columns = column_keys([["收入项目", "预算数", "支出项目", "预算数"]], [], 2025)
    assert [(c.role, c.side, c.key) for c in columns] == [
        ("label", "income", None), ("value", "income", "amount"),
        ("label", "expenditure", None), ("value", "expenditure", "amount"),
    ]
