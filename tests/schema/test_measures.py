"""Only money has a value in yuan: dates, phone numbers, counts, rates and scores do not.

A performance form prints its filing date (填报日期: 20250114181134) and phone number
as plain digits, a 自评表 its 执行率 and 得分 beside its funds, a statistics table
its vehicle counts; summed as yuan they would swamp every real amount.
"""

from decimal import Decimal

import pytest

from govbudget.schema import ParseResult, TableInstance, TableKind, TableRow
from govbudget.schema.amounts import measure_of
from govbudget.schema.vocab import Measure, normalise_label


@pytest.mark.parametrize(
    ("kind", "key", "row_label", "column_label", "measure"),
    [
        ("project_performance", "填报日期", "负责人:", "填报日期:", Measure.date),
        ("overall_performance", "联系电话", "填报人：", "联系电话：", Measure.phone),
        ("project_performance", "funds_total.执行率", "资金总额:", "资金总额:/执行率", Measure.percent),
        ("project_performance", "funds_total.得分", "资金总额:", "资金总额:/得分", Measure.score),
        ("project_performance", "总分", "总分", "总分", Measure.score),
        ("project_performance", "≥68920件#2", "政务服务便民热线系统转派工单数", "≥68920件", Measure.number),
        ("disclosure_statistics", "amount", "（一）车辆数合计（辆）", "统计数", Measure.count),
        ("budget_summary", "change_pct", "一、一般公共预算", "增减%", Measure.percent),
        ("revenue_summary", "line_no", "合计", "行次", Measure.number),
        # money
        ("project_performance", "funds_local#2", "市县（区）财政资金", "市县(区)财政资金", Measure.money),
        ("project_performance", "funds_total.全年执行数", "资金总额:", "资金总额:/全年执行数", Measure.money),
        ("overall_performance", "basic", "其中：一般公共预算", "基本支出", Measure.money),
        ("general_budget_expenditure", "total", "事业运行", "2025年预算数/合计", Measure.money),
    ],
)
def test_what_a_figure_measures(kind, key, row_label, column_label, measure):
    assert measure_of(kind, key, row_label, column_label) == measure


def test_a_filing_date_is_a_line_item_without_yuan():
    table = TableInstance(
        table_id="t15", kind=TableKind.project_performance, title="项目支出绩效目标表", unit=None,
        columns={"funds_total": "实施期资金总额:", "填报日期": "填报日期:"},
        rows=[TableRow(seq=0, label="项目资金(元)", values={"funds_total": "100,000"}),
              TableRow(seq=1, label="负责人:", values={"填报日期": "20250114181134"})],
    )
    result = ParseResult(document={"doc_id": "d"}, tables=[table])
    funds, date = result.line_items()
    assert (funds.measure, funds.value_yuan) == ("money", Decimal(100000))
    assert (date.measure, date.value_yuan, date.unit, date.value_text) == ("date", None, None, "20250114181134")


def test_labels_compare_alike_whatever_their_width_or_spacing():
    assert normalise_label("市县（区） 财政资金：") == normalise_label("市县(区)财政资金:") == "市县(区)财政资金:"
    assert normalise_label("⼀般公共预算") == "一般公共预算"  # a Kangxi radical read for 一
    assert normalise_label("①公务用车购置费") == "①公务用车购置费"  # list markers stay
