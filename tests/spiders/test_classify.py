"""Classification of disclosure titles: each title variant portals use, one per test."""

from govbudget.spiders.classify import PageContext, classify, is_disclosure


def test_unit_first_title_with_niandu():
    got = classify("阳泉市12315投诉举报中心2025年度单位预算公开")
    assert (got.publisher, got.fiscal_year, got.kind, got.scope) == ("阳泉市12315投诉举报中心", 2025, "budget", "unit")


def test_year_first_title():
    got = classify("2024年度阳泉市12315投诉举报中心单位预算公开")
    assert (got.publisher, got.fiscal_year, got.kind, got.scope) == ("阳泉市12315投诉举报中心", 2024, "budget", "unit")


def test_final_account_title():
    got = classify("山西省政务服务投诉举报中心2024年度单位决算公开")
    assert (got.fiscal_year, got.kind) == (2024, "final_account")


def test_quoted_unit_name_is_kept_whole():
    assert classify("固原市“12345”便民服务中心2025年部门预算").publisher == "固原市“12345”便民服务中心"


def test_department_scope():
    assert classify("固原市“12345”便民服务中心2025年部门预算").scope == "department"


def test_bracketed_year():
    got = classify("【2025】阳泉市12315投诉举报中心预算公开")
    assert (got.publisher, got.fiscal_year, got.kind) == ("阳泉市12315投诉举报中心", 2025, "budget")


def test_bracketed_year_without_scope_word_leaves_scope_unknown():
    assert classify("【2025】阳泉市12315投诉举报中心预算公开").scope is None


def test_benji_suffix_is_not_part_of_the_publisher():
    assert classify("阳泉市财政局2024年度部门决算（本级）").publisher == "阳泉市财政局"


def test_huizong_suffix_means_department_summary():
    got = classify("阳城县行政审批服务管理局2025年预算（汇总）")
    assert (got.publisher, got.scope) == ("阳城县行政审批服务管理局", "department")


def test_level_prefix_before_scope_word():
    got = classify("上海市普陀区2026年区级单位预算")
    assert (got.publisher, got.scope) == ("上海市普陀区", "unit")


def test_government_scope():
    assert classify("阳泉市2025年政府预算公开").scope == "government"


def test_unitless_title_takes_publisher_from_source():
    page = PageContext(source_unit="阳城县行政审批服务管理局", column="预决算公开")
    assert classify("2025年单位预算公开", page=page).publisher == "阳城县行政审批服务管理局"


def test_unitless_title_takes_publisher_from_column_when_source_is_missing():
    page = PageContext(column="阳泉市12315投诉举报中心")
    assert classify("2025年单位预算公开", page=page).publisher == "阳泉市12315投诉举报中心"


def test_column_that_is_not_an_organisation_is_not_a_publisher():
    assert classify("2025年单位预算公开", page=PageContext(column="预决算公开")).publisher is None


def test_file_name_fills_what_the_title_lacks():
    got = classify("预算公开", "阳城县政务服务中心2025年度单位预算.pdf")
    assert (got.publisher, got.fiscal_year) == ("阳城县政务服务中心", 2025)


def test_publication_date_digits_in_a_file_name_are_not_a_fiscal_year():
    assert classify("单位预算公开", "P020250610512345678901.pdf").fiscal_year is None


def test_title_wins_over_file_name():
    assert classify("阳泉市12315投诉举报中心2024年度单位预算公开", "2025年单位预算.pdf").fiscal_year == 2024


def test_page_text_is_the_last_resort():
    page = PageContext(text="附件\n阳城县政务服务中心2025年度单位预算公开\n")
    assert classify("附件下载", "download.pdf", page).fiscal_year == 2025


def test_unknown_stays_none():
    got = classify("阳城县政务服务中心开展志愿服务活动")
    assert (got.publisher, got.fiscal_year, got.kind, got.scope) == (None, None, None, None)


def test_disclosure_title_is_recognised():
    assert is_disclosure("2023年度泸州市中医医院单位决算")


def test_notice_about_budgets_is_not_a_disclosure():
    assert not is_disclosure("关于做好2025年部门预算编制工作的通知")


def test_title_naming_both_kinds_is_not_classified():
    assert classify("阳泉市2024年决算和2025年预算").kind is None


def test_news_is_not_a_disclosure():
    assert not is_disclosure("阳城县政务服务中心开展“学雷锋”志愿服务活动")
