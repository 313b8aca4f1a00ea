"""Performance forms become one target record per indicator, tolerant to shifted cells."""

from govbudget.parsers.interpret.performance import field_values, read_targets
from testkit.truth_tables import truth_table


def targets(doc: str, table_id: str):
    block = truth_table(doc, table_id)
    return read_targets(block["rows"], [7] * len(block["rows"]), "doc", table_id, "自评" in block["title"])


def test_shanxi_form_header_fields():
    t = targets("000", "t16")[0]
    assert (t.project, t.department_code, t.department, t.implementing_unit, t.funds_total, t.funds_year) == (
        "12315中心便民热线服务经费", "029", "阳泉市市场监督管理局", "阳泉市12315投诉举报中心", "270,000", "207,000",
    )


def test_indicator_levels_and_target_as_printed():
    t = targets("000", "t16")[0]
    assert (t.indicator_level1, t.indicator_level2, t.indicator_level3, t.target_value, t.page) == (
        "产出指标", "数量指标", "外聘12315热线人员", "≥9人", 7,
    )


def test_levels_carry_down_to_rows_that_leave_them_blank():
    second = targets("002", "t07")[1]
    assert (second.indicator_level1, second.indicator_level2, second.indicator_level3, second.target_value) == (
        "产出指标", "数量指标", "租车次数/人数，出差次数/人数", "1.5万元",
    )


def test_row_shifted_left_against_its_labels_is_read_by_content():
    shifted = next(t for t in targets("002", "t07") if t.indicator_level3 == "资金到位率")
    assert (shifted.indicator_level1, shifted.indicator_level2, shifted.target_value) == ("产出指标", "时效指标", "100%")


def test_ningxia_department_without_code():
    t = targets("002", "t08")[0]
    assert (t.project, t.department_code, t.department, t.funds_total) == ("语音服务费", None, "固原市信访局", "7 万")


def test_self_assessment_has_target_and_actual_values():
    t = next(t for t in targets("003", "t10") if t.indicator_level3 == "政务服务便民热线系统转派工单数")
    assert (t.department_code, t.department, t.target_value, t.actual_value) == (
        "228", "山西省行政审批服务管理局", "≥50000件", "≥68920件",
    )


def test_side_by_side_period_and_year_targets_keep_the_full_indicator_name():
    names = [t.indicator_level3 for t in targets("000", "t14")[:2]]
    assert names == ["维权站工作人员培训", "ODR系统入驻企业培训"]


def test_form_page_without_indicators_gives_no_targets():
    assert targets("000", "t13") == []


def test_field_values_skip_labels_that_are_not_values():
    grid = [["项目名称", "", "网络费"], ["主管部门及代码", "", "042-阳城县行政审批服务管理局", "实施单位", "阳城县政务服务中心"]]
    assert field_values(grid) == {
        "project": "网络费", "department": "042-阳城县行政审批服务管理局", "implementing_unit": "阳城县政务服务中心",
    }


def test_self_assessment_year_funds_are_the_full_year_budget():
    t = targets("003", "t10")[0]
    assert (t.funds_total, t.funds_year) == (None, "30")


def test_overall_performance_form_of_a_department():
    grid = [
        ["部门（单位）名称", "029-阳泉市市场监督管理局", "", ""],
        ["年度总体目标", "保障消费者权益", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "投诉处理件数", "≥2000件"],
        ["", "时效指标", "投诉按时办结率", "≥95%"],
        ["满意度指标", "服务对象满意度指标", "消费者满意度", "≥90%"],
    ]
    targets = read_targets(grid, [3] * len(grid), "doc", "t20", False)
    found = [(t.indicator_level1, t.indicator_level2, t.indicator_level3, t.target_value) for t in targets]
    assert (targets[0].project, targets[0].department_code, targets[0].department) == (None, "029", "阳泉市市场监督管理局")
    assert found == [
        ("产出指标", "数量指标", "投诉处理件数", "≥2000件"),
        ("产出指标", "时效指标", "投诉按时办结率", "≥95%"),
        ("满意度指标", "服务对象满意度指标", "消费者满意度", "≥90%"),
    ]
