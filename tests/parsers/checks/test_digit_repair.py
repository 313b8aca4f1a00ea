"""The document's own sums decide OCR digit errors: fixed when provable, flagged otherwise."""

from decimal import Decimal

from govbudget.schema import TableInstance, TableKind, TableRow
from govbudget.parsers.checks.identities import holds, identities
from govbudget.parsers.checks.digit_repair import TOLERANCE, find_repairs, repair_digits, single_char_edits, unverified_readings

# code, label, total, basic, project: a 一般公共预算支出表 whose sums all hold
ROWS = [
    (None, "合计", "194.63", "167.73", "26.90"),
    ("201", "一般公共服务支出", "144.20", "117.30", "26.90"),
    ("20132", "组织事务", "0.29", "0.29", ""),
    ("2013299", "其他组织事务支出", "0.29", "0.29", ""),
    ("20138", "市场监督管理事务", "143.91", "117.01", "26.90"),
    ("2013850", "事业运行", "117.01", "117.01", ""),
    ("2013899", "其他市场监督管理事务", "26.90", "", "26.90"),
    ("208", "社会保障和就业支出", "50.43", "50.43", ""),
    ("20805", "行政事业单位养老支出", "50.43", "50.43", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "50.43", "50.43", ""),
]


def _table(misread: dict[tuple[str | None, str], str] | None = None, source: str = "ocr") -> TableInstance:
    rows = []
    for seq, (code, label, total, basic, project) in enumerate(ROWS):
        values = {"total": total, "basic": basic, "project": project}
        for (c, key), text in (misread or {}).items():
            if c == (code or label):
                values[key] = text
        level = {3: "类", 5: "款", 7: "项"}[len(code)] if code else None  # as table_rows reads subject codes
        rows.append(TableRow(seq=seq, code=code, level=level, label=label, values=values, page=7))
    return TableInstance(
        table_id="t04",
        kind=TableKind.general_budget_expenditure,
        title="一般公共预算支出表",
        unit="万元",
        columns={"total": "合计", "basic": "基本支出", "project": "项目支出"},
        rows=rows,
        source=source,
    )


def _row(table: TableInstance, code: str) -> TableRow:
    return next(r for r in table.rows if (r.code or r.label) == code)


def _failing(tables) -> list[str]:
    return [i.check_id for i in identities(tables) if not holds(tables, i, TOLERANCE)]


def test_the_clean_table_satisfies_its_identities():
    assert _failing([_table()]) == []


def test_a_digit_read_wrong_is_corrected_and_the_reading_kept():
    table = _table({("2013850", "total"): "111.01"})
    repairs = repair_digits([table])
    row = _row(table, "2013850")
    assert [(r.reading, r.corrected) for r in repairs] == [("111.01", "117.01")]
    assert row.values["total"] == "117.01"
    assert row.ocr_readings == {"total": "111.01"}
    assert _failing([table]) == []


def test_a_missing_decimal_point_is_restored():
    table = _table({("2080505", "basic"): "5043"})
    repair_digits([table])
    assert _row(table, "2080505").values["basic"] == "50.43"
    assert _row(table, "2080505").ocr_readings == {"basic": "5043"}


def test_a_wrong_grand_total_is_corrected_by_its_two_identities():
    table = _table({("合计", "total"): "194.68"})
    repair_digits([table])
    assert _row(table, "合计").values["total"] == "194.63"


def test_an_error_no_single_edit_explains_is_left_failing():
    table = _table({("2013850", "total"): "171.01"})  # two digits swapped
    assert repair_digits([table]) == []
    assert _row(table, "2013850").values["total"] == "171.01"
    assert "t04.20138.total.children_sum" in _failing([table])


def test_an_ambiguous_error_is_left_failing():
    """合计 = 201 + 208 and nothing else: 8.00 could be a misread 3.00, or 10.00 a
    misread 15.00, or 7.00 a misread 2.00. The sums cannot tell, so nothing changes."""
    rows = [
        TableRow(seq=0, label="合计", values={"amount": "10.00"}),
        TableRow(seq=1, code="201", level="类", label="一般公共服务支出", values={"amount": "8.00"}),
        TableRow(seq=2, code="208", level="类", label="社会保障和就业支出", values={"amount": "7.00"}),
    ]
    table = TableInstance(table_id="t01", kind=TableKind.expenditure_summary, title="支出总表", rows=rows, source="ocr")
    assert find_repairs([table]) == []
    assert _failing([table]) == ["t01.合计.amount.total_sum"]


def test_text_layer_figures_are_never_changed():
    table = _table({("2013850", "total"): "111.01"}, source="text")
    assert repair_digits([table]) == []
    assert _row(table, "2013850").values["total"] == "111.01"


def test_rounding_differences_within_a_cent_are_not_errors():
    table = _table({("合计", "total"): "194.64"})
    assert _failing([table]) == []
    assert find_repairs([table]) == []


def test_single_char_edits_cover_ocr_confusions():
    edits = single_char_edits("117.01")
    assert {"117.07", "111.01", "17.01", "1117.01", "117.011"} <= edits
    assert "11701" in edits  # a decimal point read where there is none
    assert "0117.01" not in edits  # no leading zeros
    assert "50.43" in single_char_edits("5043")


def test_identity_values_use_exact_decimals():
    table = _table()
    total = next(i for i in identities([table]) if i.check_id == "t04.合计.total.total_sum")
    assert holds([table], total, Decimal("0"))


def test_a_repair_describes_itself_for_the_warnings():
    table = _table({("2013850", "total"): "111.01"})
    (repair,) = repair_digits([table])
    assert repair.describe([table]) == (
        "OCR read '111.01' at t04 [2013850] total (p.7); corrected to '117.01' by "
        "t04.20138.total.children_sum, t04.2013850.total=basic+project"
    )


def _form(confidence: float, source: str = "ocr") -> TableInstance:
    row = TableRow(seq=0, label="年度资金总额", values={"amount": "62,000"}, confidence={"amount": confidence}, page=20)
    return TableInstance(table_id="t14", kind=TableKind.project_performance, title="项目支出绩效目标表", rows=[row], source=source)


def test_a_doubtful_reading_no_sum_covers_is_reported():
    (check,) = unverified_readings([_form(0.62)])
    assert (check.check_id, check.passed, check.pages) == ("t14.年度资金总额.amount.ocr_confidence", False, [20])
    assert check.actual == Decimal("62000")


def test_a_confident_or_covered_or_text_layer_reading_is_not():
    assert unverified_readings([_form(0.97)]) == []
    assert unverified_readings([_form(0.62, source="text")]) == []
    table = _table()
    table.rows[5].confidence["total"] = 0.5  # 2013850 total: inside two identities
    assert unverified_readings([table]) == []


def test_a_comma_read_for_a_decimal_point_is_corrected():
    table = _table({("2013299", "total"): "0,29"})
    repair_digits([table])
    assert _row(table, "2013299").values["total"] == "0.29"
    assert _row(table, "2013299").ocr_readings == {"total": "0,29"}
