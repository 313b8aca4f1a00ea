"""OCR'd performance forms whose funds block lost a cell or does not add up fail a check."""

from govbudget.schema import RecordSource, TableInstance, TableKind, TableRow
from govbudget.parsers.checks.ocr_form_funds import incomplete_forms


def _form(rows: list[tuple[str, dict[str, str]]], source: RecordSource = RecordSource.ocr) -> TableInstance:
    return TableInstance(
        table_id="t16",
        kind=TableKind.project_performance,
        title="项目支出绩效目标表",
        pages=[16],
        rows=[TableRow(seq=n, label=label, values=values, page=16) for n, (label, values) in enumerate(rows)],
        source=source,
    )


def _funds(central: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    return [
        ("项目资金（元）", {"funds_total": "270,000", "funds_year": "270,000"}),
        ("其中：中央财政资金", central),
        ("市县（区）财政资金", {"funds_local": "270,000", "funds_local#2": "270,000"}),
        ("单位自筹", {"funds_self_raised": "0", "funds_self_raised#2": "0"}),
        ("其他资金", {}),
    ]


def test_complete_block_that_adds_up_passes():
    assert incomplete_forms([_form(_funds({"funds_central": "0", "funds_central#2": "0"}))]) == []


def test_source_row_missing_one_period_figure_fails():
    (check,) = incomplete_forms([_form(_funds({"funds_central": "0", "funds_central#2": ""}))])
    assert (check.check_id, check.passed, check.pages) == ("t16.ocr_form_incomplete", False, [16])
    assert "其中：中央财政资金 has 1 of 2 figures" in check.description


def test_empty_source_row_between_filled_ones_fails():
    (check,) = incomplete_forms([_form(_funds({}))])
    assert "其中：中央财政资金 is empty between filled source rows" in check.description


def test_total_its_sources_do_not_sum_to_fails():
    rows = _funds({"funds_central": "0", "funds_central#2": "0"})
    rows[0] = ("项目资金（元）", {"funds_total": "207,000", "funds_year": "270,000"})
    (check,) = incomplete_forms([_form(rows)])
    assert "t16.funds_total.funding_sum fails" in check.description


def test_total_read_as_nothing_fails():
    rows = _funds({"funds_central": "0", "funds_central#2": "0"})
    rows[0] = ("项目资金（元）", {"funds_total": "", "funds_year": ""})
    (check,) = incomplete_forms([_form(rows)])
    assert "项目资金（元） has no figure" in check.description


def test_text_layer_forms_are_not_checked():
    assert incomplete_forms([_form(_funds({}), source=RecordSource.text)]) == []


def test_annual_total_without_the_implementation_period_total_fails():
    rows = [
        ("项目资金（元）", {"funds_year": "207,000"}),
        ("其中：中央财政资金", {"funds_central": "0"}),
        ("市县（区）财政资金", {"funds_local": "207,000"}),
    ]
    (check,) = incomplete_forms([_form(rows)])
    assert "年度资金总额 printed without the 实施期 total it follows" in check.description


def test_single_period_form_printing_only_the_implementation_total_passes():
    rows = [
        ("项目资金（元）", {"funds_total": "100,000"}),
        ("其中：中央财政资金", {"funds_central": "0"}),
        ("市县（区）财政资金", {"funds_local": "100,000"}),
        ("其他资金", {}),
    ]
    assert incomplete_forms([_form(rows)]) == []


def _self_assessment(rows: list[tuple[str, dict[str, str]]]) -> TableInstance:
    table = _form(rows)
    return table.model_copy(update={"title": "省级业务经费项目支出绩效自评表"})


def test_self_assessment_row_with_a_lone_score_fails():
    rows = [("常见问题解决率(%)", {"≥95%": "6", "≥95%#2": "6"}), ("疑难问题解决率(%)", {"≥88%": "6"}), ("总分", {"总分": "59.62"})]
    (check,) = incomplete_forms([_self_assessment(rows)])
    assert check.description.endswith("疑难问题解决率(%) has a lone figure where 分值 and 得分 are printed in pairs")


def test_self_assessment_with_paired_scores_and_a_lone_total_passes():
    rows = [("常见问题解决率(%)", {"≥95%": "6", "≥95%#2": "6"}), ("总分", {"总分": "59.62"})]
    assert incomplete_forms([_self_assessment(rows)]) == []
