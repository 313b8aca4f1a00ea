"""The sums a disclosure must satisfy, as cell references."""

from decimal import Decimal

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.parsers.checks.identities import CellRef, holds, identities


def _form(central: str = "0") -> TableInstance:
    rows = [
        TableRow(seq=0, label="项目资金（元）", values={"funds_total": "100,000", "funds_year": "62,000"}),
        TableRow(seq=1, label="其中：中央财政资金", values={"funds_central": central, "funds_central#2": "0"}),
        TableRow(seq=2, label="省级财政资金", values={"funds_provincial": "0", "funds_provincial#2": "0"}),
        TableRow(seq=3, label="市县（区）财政资金", values={"funds_local": "100,000", "funds_local#2": "62,000"}),
        TableRow(seq=4, label="单位自筹", values={"funds_self_raised": "0", "funds_self_raised#2": "0"}),
        TableRow(seq=5, label="其他资金", values={}),
    ]
    return TableInstance(table_id="t14", kind=TableKind.project_performance, title="项目支出绩效目标表", rows=rows)


def test_a_forms_funding_totals_are_the_sums_of_their_sources():
    found = identities([_form()])
    assert [(i.check_id, i.whole, len(i.parts)) for i in found] == [
        ("t14.funds_total.funding_sum", CellRef(0, 0, "funds_total"), 4),
        ("t14.funds_year.funding_sum", CellRef(0, 0, "funds_year"), 4),
    ]
    assert all(holds([_form()], i, Decimal("0")) for i in found)


def test_the_nth_total_sums_the_nth_figure_of_each_source():
    annual = identities([_form()])[1]
    assert CellRef(0, 3, "funds_local#2") in annual.parts


def test_a_misread_source_breaks_its_total():
    tables = [_form(central="8")]
    assert [holds(tables, i, Decimal("0.01")) for i in identities(tables)] == [False, True]
