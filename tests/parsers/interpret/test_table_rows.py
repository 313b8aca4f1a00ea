"""Body rows become records with code, level, label, side and keyed printed values."""

from govbudget.parsers.interpret.header_keys import column_keys
from govbudget.parsers.interpret.table_records import build_table
from govbudget.parsers.interpret.table_rows import detect_header_rows, read_rows, split_code
from testkit.truth_tables import raw_table, truth, truth_table


def table(doc: str, table_id: str):
    return build_table(raw_table(truth_table(doc, table_id)), table_id, truth(doc)["doc"]["fiscal_year"])


def row(doc, table_id, *, code=None, label=None, side=None):
    return next(
        r for r in table(doc, table_id).rows
        if (code is None or r.code == code) and (label is None or r.label == label) and (side is None or r.side == side)
    )


def test_revenue_summary_row_201_general_budget_is_144_20():
    r = row("000", "t01", code="201")
    assert (r.level, r.label, r.values) == ("类", "一般公共服务支出", {"total": "144.20", "general_budget": "144.20"})


def test_levels_follow_code_length():
    assert [(r.code, r.level) for r in table("000", "t02").rows[1:4]] == [
        ("201", "类"), ("20132", "款"), ("2013299", "项"),
    ]


def test_total_printed_in_the_code_column_is_the_rows_label():
    r = table("000", "t02").rows[0]
    assert (r.code, r.label, r.values) == (None, "合计", {"total": "194.63", "basic": "167.73", "project": "26.90"})


def test_blank_cells_are_omitted_from_values():
    assert row("000", "t02", code="2013899").values == {"total": "26.90", "project": "26.90"}


def test_two_sided_row_splits_into_income_and_expenditure_records():
    rows = table("000", "t00").rows[:2]
    assert [(r.label, r.side, r.values) for r in rows] == [
        ("一、一般公共预算", "income", {"amount": "194.63"}),
        ("一、一般公共服务支出", "expenditure", {"total": "144.20", "current_year": "144.20"}),
    ]


def test_final_account_summary_drops_line_numbers():
    assert row("003", "t00", label="本年收入合计").values == {"amount": "324.82"}
    assert row("003", "t00", label="本年支出合计").values == {"amount": "319.74"}


def test_half_row_without_label_or_value_is_not_a_record():
    labels = [(r.label, r.side) for r in table("003", "t00").rows]
    assert ("", "income") not in labels and ("九、卫生健康支出", "expenditure") in labels


def test_side_by_side_code_name_amount_triples_are_one_record_each():
    t = table("003", "t05")
    assert [(r.code, r.label, r.values) for r in t.rows[:3]] == [
        ("301", "工资福利支出", {"personnel": "281.31"}),
        ("302", "商品和服务支出", {"public": "22.08"}),
        ("307", "债务利息及费用支出", {}),
    ]


def test_amount_printed_past_its_labels_block_joins_that_labels_record():
    assert row("003", "t05", label="公用经费合计").values == {"public": "22.08"}
    assert row("003", "t05", label="人员经费合计").values == {"personnel": "291.44"}


def test_code_and_name_in_one_cell_are_split():
    r = row("002", "t06", code="2014099")
    assert (r.label, r.level, r.values) == ("其他信访事务支出", "项", {"institutional": "228.65"})


def test_split_code_leaves_names_that_start_with_digits_alone():
    assert split_code("12315中心便民热线服务经费") == (None, "12315中心便民热线服务经费")
    assert split_code("2080505 机关事业单位基本养老保险缴费支出") == ("2080505", "机关事业单位基本养老保险缴费支出")


def test_economic_codes_get_levels_too():
    assert [(r.code, r.level, r.values["personnel"]) for r in table("002", "t02").rows[1:3]] == [
        ("301", "类", "66.18"), ("30101", "款", "18.24"),
    ]


def test_section_rows_are_kept_with_empty_values():
    assert row("003", "t09", label="三、国有资产占用情况").values == {}


def test_repeated_sub_header_inside_the_body_is_not_a_record():
    assert "项目" not in [r.label for r in table("003", "t09").rows]


def test_second_label_column_is_kept_as_a_text_value():
    assert row("000", "t05", label="退休费").values == {
        "政府预算支出经济科目名称": "离退休费", "total": "6.34", "personnel": "6.34",
    }


def test_prior_year_and_change_values_of_ningxia_row():
    assert row("002", "t01", code="2080505").values == {
        "prior_year_actual": "8.00", "total": "5.88", "basic": "5.88", "change": "-2.12", "change_pct": "-26%",
    }


def test_department_summary_keeps_both_sides():
    assert row("002", "t05", label="十、上年结转", side="income").values == {"amount": "18.00"}


def test_header_rows_detected_when_extraction_gives_none():
    block = truth_table("003", "t01")
    assert detect_header_rows(block["rows"]) == block["header_rows"]


def test_header_starting_with_total_is_still_a_header():
    block = truth_table("002", "t03")
    assert detect_header_rows(block["rows"]) == 3


def test_lone_row_label_under_the_header_is_body():
    block = truth_table("000", "t09")
    assert detect_header_rows(block["rows"]) == 2


def test_columns_cover_each_printed_column():
    block = truth_table("000", "t04")
    assert len(column_keys(block["rows"][:2], [])) == len(block["rows"][0])


def test_code_printed_in_class_item_columns_is_joined_and_carried_down():
    header = [["科目编码", "", "", "科目名称", "合计"], ["类", "款", "项", "", ""]]
    body = [["201", "", "", "一般公共服务支出", "144.20"], ["", "38", "", "市场监督管理事务", "143.91"],
            ["", "", "50", "事业运行", "117.01"]]
    columns = column_keys(header, [(0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1)])
    rows = read_rows(body, columns, [1, 1, 1])
    assert [(r.code, r.level, r.label, r.values) for r in rows] == [
        ("201", "类", "一般公共服务支出", {"total": "144.20"}),
        ("20138", "款", "市场监督管理事务", {"total": "143.91"}),
        ("2013850", "项", "事业运行", {"total": "117.01"}),
    ]


def test_code_column_keeps_codes_that_are_not_subject_codes():
    assert split_code("A02010104", code_column=True) == ("A02010104", "")
    assert split_code("101001", code_column=True) == ("101001", "")
    assert split_code("101001") == (None, "101001")


def test_procurement_catalog_items_keep_their_catalog_code():
    r = row("000", "t18", code="A05010000")
    assert (r.level, r.values) == (None, {"备注": "限各类标准办公家具"})
