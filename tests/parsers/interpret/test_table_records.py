"""A printed table becomes a TableInstance: kind, number, unit, empty flag, rows."""

from govbudget.parsers.page_model import Cell, RawTable
from govbudget.parsers.interpret.table_records import build_table
from testkit.truth_tables import raw_table, truth, truth_table


def table(doc: str, table_id: str):
    return build_table(raw_table(truth_table(doc, table_id)), table_id, truth(doc)["doc"]["fiscal_year"])


def test_table_with_no_data_note_is_empty_not_missing():
    t = table("000", "t06")
    assert (t.kind, t.empty, t.note, [r.label for r in t.rows]) == ("gov_fund_revenue", True, "注：本表无数据", ["合计"])


def test_table_of_zeros_is_not_empty():
    assert table("002", "t03").empty is False


def test_final_account_number_and_unit_are_kept():
    t = table("003", "t01")
    assert (t.number, t.unit, t.org_line) == ("公开02表", "万元", "部门名称：山西省政务服务投诉举报中心")


def test_columns_map_keys_to_printed_header_paths():
    columns = table("002", "t01").columns
    assert (columns["prior_year_actual"], columns["change_pct"]) == (
        "2024年执行数(决算数)", "2025年预算数与2024年执行数(决算数)/增减%",
    )


def test_performance_form_rows_key_numbers_by_the_vocabulary_name_of_the_label_to_their_left():
    t = table("000", "t15")
    funds = next(r for r in t.rows if r.label.startswith("项目资金"))
    assert (t.kind, funds.values) == ("project_performance", {"funds_total": "100,000", "funds_year": "62,000"})
    central = next(r for r in t.rows if "中央" in r.label)
    assert central.values == {"funds_central": "0", "funds_central#2": "0"}  # 实施期, then 年度


def test_performance_form_columns_give_each_key_its_printed_label():
    t = table("000", "t15")
    assert (t.columns["funds_total"], t.columns["funds_central#2"]) == ("实施期资金总额:", "其中: 中央财政资金")


def test_self_assessment_funds_rows_key_each_figure_by_its_heading():
    t = table("003", "t10")
    total = next(r for r in t.rows if r.label.startswith("资金总额"))
    assert total.values == {
        "funds_total.目标申报数": "0", "funds_total.预算编制数": "30", "funds_total.全年预算数": "30",
        "funds_total.全年执行数": "6.224", "funds_total.资金结(转)余": "23.776", "funds_total.执行率": "20.75",
        "funds_total.得分": "2.07",
    }


def test_labels_printed_in_other_wording_or_widths_key_alike():
    rows = [["项目资金（元）", "预算期资金总额", "10", "其中：年度资金总额：", "5"],
            ["", "中央 财政资金", "10", "其中: 中央财政资金", "5"]]
    raw = RawTable(title="项目支出绩效目标表", pages=[1], rows=[[Cell(t) for t in r] for r in rows], row_pages=[1] * 2)
    funds, central = build_table(raw, "t00").rows
    assert funds.values == {"funds_total": "10", "funds_year": "5"}
    assert central.values == {"funds_central": "10", "funds_central#2": "5"}


def test_performance_form_without_indicator_lines_still_names_its_project():
    t = table("000", "t13")  # four-column form: project, funds and descriptions only
    assert (t.kind, t.project) == ("project_performance", "12315投诉举报中心业务、奖励经费")


def test_untitled_grid_that_reads_like_a_form_is_a_performance_form():
    rows = [["项目名称", "语音服务费"], ["绩效指标", "一级指标"], ["", "产出指标"]]
    raw = RawTable(title="", pages=[15], rows=[[Cell(t) for t in r] for r in rows], row_pages=[15] * 3)
    assert build_table(raw, "t08").kind == "project_performance"


def test_untitled_grid_that_reads_like_a_departments_overall_form_is_one():
    rows = [["部门（单位）名称", "某中心"], ["部门职责", "受理投诉举报。"], ["一级指标", "二级指标"], ["产出指标", "数量指标"]]
    raw = RawTable(title="", pages=[22], rows=[[Cell(t) for t in r] for r in rows], row_pages=[22] * 4)
    assert build_table(raw, "t16").kind == "overall_performance"


def test_title_without_rows_is_an_empty_table():
    raw = RawTable(title="2025年项目支出预算表（上年结转）", pages=[3], rows=[], row_pages=[])
    t = build_table(raw, "t12")
    assert (t.kind, t.empty, t.rows) == ("project_expenditure_carryover", True, [])


def test_ocr_table_rows_carry_each_figures_confidence():
    raw = raw_table(truth_table("000", "t02"))
    raw.source = "ocr"
    raw.rows[7][2].confidence = 0.91  # 事业运行 合计 117.01
    raw.rows[7][3].confidence = 0.97  # 事业运行 基本支出 117.01, the same text
    t = build_table(raw, "t02", 2025)
    row = next(r for r in t.rows if r.code == "2013850")
    assert (t.source, row.confidence) == ("ocr", {"total": 0.91, "basic": 0.91})


def test_text_layer_rows_carry_no_confidence():
    assert all(row.confidence == {} for row in table("000", "t02").rows)
