"""What every dataset column means: the descriptions a data package carries.

Kept beside the dataset schemas (:mod:`govbudget.schema.datasets`) and checked
against them by a test, so a new column cannot ship without its description.
"""

from __future__ import annotations

DESCRIPTIONS: dict[str, str] = {
    # partition columns
    "table_kind": "standard kind of the table the row comes from, e.g. revenue_summary (收入总表), three_public (“三公”经费表); vocabulary in docs/schema.md",
    "fiscal_year": "fiscal year the document discloses (预算: the year budgeted; 决算: the year accounted for)",
    # the document
    "doc_id": "sha256 of the original PDF's bytes: the document's id in the archive (originals/sha256/…)",
    "edition": "1 for the first publication of this disclosure, 2 for its first re-publication, …",
    "is_current": "true for the latest edition of the disclosure: filter on it (pulls do by default) so each figure counts once",
    "measure": "what the figure measures: money, count, percent, score, date, phone or number; only money has value_yuan and unit",
    "publisher": "the publishing department or unit (部门/单位) as the document names it",
    "publisher_code": "the publisher's code as printed (单位编码), when printed",
    "parent_department": "the department (主管部门) the publishing unit belongs to",
    "region": "administrative region of the publisher, levels joined with '/': 山西省/阳泉市",
    "admin_level": "national, province, city, county or township",
    "doc_kind": "budget (预算, approved figures) or final_account (决算, executed figures)",
    "scope": "department (部门, the department with its units), unit (单位) or government (政府)",
    "source_url": "where the document was first published (file:// for a local PDF added with govbudget add): cite this",
    "parser_version": "version of the govbudget parser that read the document",
    # line items
    "table_id": "the table's id within its document's parse (t00, t01, …): joins line items, checks and targets of one table",
    "table_title": "the table's printed title",
    "unit": "unit the figures are printed in: 元, 万元 or 亿元 (a form's unit is the one its labels print, e.g. 项目资金（元）); empty for numbers that are not money",
    "row_seq": "position of the row in its table (0 = first body row)",
    "code": "功能分类 or 经济分类 subject code printed on the row (3 digits 类, 5 款, 7 项); empty for rows without one",
    "level": "level of the subject code: 类, 款 or 项",
    "label": "the row's printed label (subject name, item name or total)",
    "side": "income or expenditure: which half of a two-sided 收支总表 the row is on; empty for one-sided tables",
    "column_key": "the column's key, year-free and the same across documents (vocabulary in docs/schema.md: total, basic, project, general_budget, …)",
    "column_label": "the column header as printed, levels joined with '/'",
    "value_text": "the figure exactly as printed",
    "value_yuan": "the figure in yuan (value × 10 000 for 万元), exact decimal; the measure to sum",
    "page": "1-based page of the PDF the figure (or line) is printed on",
    "record_source": "text (read from the PDF's text layer) or ocr (recognised from a page image)",
    "functional_code": "功能分类 subject code (rows of tables classified by function)",
    "functional_label": "功能分类 subject name",
    "economic_label": "经济分类 name (rows of the 基本支出分经济科目表)",
    # performance targets
    "project": "the project the performance form is for (项目名称)",
    "department_code": "department code printed on the form (主管部门编码)",
    "department": "department printed on the form (主管部门)",
    "implementing_unit": "unit carrying the project out (实施单位)",
    "funds_total": "the project's total funds over its implementation period (实施期资金总额), in yuan",
    "funds_year": "the project's funds for the fiscal year (年度资金总额), in yuan",
    "indicator_level1": "first-level performance indicator (一级指标: 产出指标, 效益指标, 满意度指标 …)",
    "indicator_level2": "second-level indicator (二级指标: 数量指标, 质量指标 …)",
    "indicator_level3": "third-level indicator (三级指标): what is measured",
    "target_value": "the target as printed (指标值), e.g. ≥90%",
    "actual_value": "the value achieved as printed (实际完成值; self-assessment forms only)",
    # narrative facts
    "key": "which headline figure the text states (income.total, basic, three_public.total …; docs/schema.md)",
    "value": "the stated figure: in yuan for money, else as stated",
    "sentence": "the sentence of the explanation text stating the figure",
    # checks
    "check_id": "which identity was checked (docs/schema.md), e.g. children_sum, revenue_total, narrative.basic",
    "check_scope": "the table, row and column the check covers (table id, kind, [row], column key)",
    "description": "the identity in words",
    "expected": "the figure the identity expects, in unit",
    "actual": "the figure printed, in unit",
    "tolerance": "the difference the check accepts, in unit (rounding)",
    "passed": "true when |actual − expected| ≤ tolerance",
    "pages": "pages holding the evidence, comma-separated",
}


# Where one column name means something particular in one dataset.
IN_DATASET: dict[tuple[str, str], str] = {
    ("facts", "unit"): "unit the text states the figure in (元, 万元, 亿元, %)",
    ("facts", "value_text"): "the figure exactly as the text states it",
    ("facts", "page"): "1-based page of the sentence",
    ("checks", "unit"): "unit of expected, actual and tolerance: the unit the checked table prints (元, 万元, 亿元)",
    ("performance_targets", "page"): "1-based page of the indicator line",
}


def description(dataset: str, name: str) -> str:
    return IN_DATASET.get((dataset, name)) or DESCRIPTIONS[name]
