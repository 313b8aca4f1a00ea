"""The sums a disclosure must satisfy, as cell references."""

from decimal import Decimal

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.parsers.checks.identities import CellRef, holds, identities


def _form(central: str = "0") -> TableInstance:
    rows = [
        TableRow(seq=0, label="项目资金（元）", values={"实施期资金总额": "100,000", "年度资金总额": "62,000"}),
        TableRow(seq=1, label="其中：中央财政资金", values={"其中:中央财政资金": central, "其中:中央财政资金#2": "0"}),
        TableRow(seq=2, label="省级财政资金", values={"省级财政资金": "0", "省级财政资金#2": "0"}),
        TableRow(seq=3, label="市县（区）财政资金", values={"市县(区)财政资金": "100,000", "市县(区)财政资金#2": "62,000"}),
        TableRow(seq=4, label="单位自筹", values={"单位自筹": "0", "单位自筹#2": "0"}),
        TableRow(seq=5, label="其他资金", values={}),
    ]
    return TableInstance(table_id="t14", kind=TableKind.project_performance, title="项目支出绩效目标表", rows=rows)


def test_a_forms_funding_totals_are_the_sums_of_their_sources():
    found = identities([_form()])
    assert [(i.check_id, i.whole, len(i.parts)) for i in found] == [
        ("t14.实施期资金总额.funding_sum", CellRef(0, 0, "实施期资金总额"), 4),
        ("t14.年度资金总额.funding_sum", CellRef(0, 0, "年度资金总额"), 4),
    ]
    assert all(holds([_form()], i, Decimal("0")) for i in found)


def test_the_nth_total_sums_the_nth_figure_of_each_source():
    annual = identities([_form()])[1]
    assert CellRef(0, 3, "市县(区)财政资金#2") in annual.parts


def test_a_misread_source_breaks_its_total():
    tables = [_form(central="8")]
    assert [holds(tables, i, Decimal("0.01")) for i in identities(tables)] == [False, True]
