"""The document's own arithmetic: identities pass on the truth, failures are reported as printed."""

from decimal import Decimal

import pytest

from govbudget.parsers.api import interpret
from govbudget.parsers.checks.arithmetic import CheckSettings, run_checks
from govbudget.parsers.interpret.narrative import read_facts
from govbudget.parsers.page_model import TextLine
from govbudget.parsers.interpret.table_records import build_table
from testkit.truth_tables import DOCS, raw_extraction, raw_table, truth_table


def checks(doc: str) -> dict:
    return {c.check_id: c for c in interpret(raw_extraction(doc), "doc").checks}


@pytest.mark.parametrize("doc", DOCS)
def test_every_identity_holds_on_the_truth(doc):
    assert [c.check_id for c in checks(doc).values() if not c.passed] == []


def test_class_equals_sum_of_its_items_with_page_evidence():
    # raw_extraction puts truth block n on page n: t02 of 000 is block 56
    c = checks("000")["t02.201.total.children_sum"]
    assert (c.expected, c.actual, c.passed, c.pages, c.scope) == (
        Decimal("144.20"), Decimal("144.20"), True, [56], "t02 expenditure_summary [201] total",
    )


def test_rounding_difference_of_one_cent_passes_but_keeps_its_values():
    c = checks("003")["t01.201.fiscal_grant.children_sum"]
    assert (c.expected, c.actual, c.tolerance, c.passed) == (Decimal("303.62"), Decimal("303.63"), Decimal("0.01"), True)


def test_total_equals_basic_plus_project():
    c = checks("004")["t04.合计.total=basic+project"]
    assert (c.expected, c.actual, c.passed) == (Decimal("472.01"), Decimal("472.01"), True)


def test_grand_total_equals_sum_of_classes():
    assert checks("000")["t01.合计.total.total_sum"].expected == Decimal("194.63")


def test_totals_agree_across_summary_tables():
    found = checks("003")
    assert [(found[k].expected, found[k].actual) for k in ("revenue_total", "expenditure_total", "general_budget_total")] == [
        (Decimal("324.82"), Decimal("324.82")), (Decimal("319.74"), Decimal("319.74")), (Decimal("319.74"), Decimal("319.74")),
    ]


def test_economic_basic_total_from_part_totals_of_final_account():
    c = checks("003")["basic_economic_total"]
    assert (c.expected, c.actual, c.passed) == (Decimal("313.52"), Decimal("313.52"), True)


def test_three_public_vehicle_and_total_sums_when_items_are_rows():
    found = checks("004")
    vehicle, total = found["t09.公务用车购置及运行费.total.vehicle_sum"], found["t09.合计.total.three_public_sum"]
    assert [(c.expected, c.actual) for c in (vehicle, total)] == [
        (Decimal("1.28"), Decimal("1.28")), (Decimal("1.58"), Decimal("1.58")),
    ]


def test_three_public_sums_per_period_when_items_are_columns():
    found = checks("002")
    assert sorted(k for k in found if k.startswith("t03.")) == [
        "t03.0.prior_year_actual.total=prior_year_actual.outbound_travel+prior_year_actual.vehicle+prior_year_actual.reception",
        "t03.0.prior_year_actual.vehicle=prior_year_actual.vehicle.purchase+prior_year_actual.vehicle.operation",
        "t03.0.prior_year_budget.total=prior_year_budget.outbound_travel+prior_year_budget.vehicle+prior_year_budget.reception",
        "t03.0.prior_year_budget.vehicle=prior_year_budget.vehicle.purchase+prior_year_budget.vehicle.operation",
        "t03.0.total=outbound_travel+vehicle+reception",
        "t03.0.vehicle=vehicle.purchase+vehicle.operation",
    ]


def test_narrative_figures_are_checked_against_tables():
    c = checks("000")["narrative.basic"]
    assert (c.expected, c.actual, c.passed) == (Decimal("167.73"), Decimal("167.73"), True)


def test_a_wrong_parent_is_reported_not_fixed():
    block = truth_table("000", "t02")
    broken = [list(r) for r in block["rows"]]
    broken[3][2] = "145.20"  # 201 total, printed wrong
    table = build_table(raw_table({**block, "rows": broken}), "t02", 2025)
    c = next(c for c in run_checks([table], []) if c.check_id == "t02.201.total.children_sum")
    assert (c.expected, c.actual, c.passed) == (Decimal("144.20"), Decimal("145.20"), False)
    assert table.rows[1].values["total"] == "145.20"


def test_tolerance_is_a_setting():
    block = truth_table("003", "t01")
    table = build_table(raw_table(block), "t01", 2024)
    strict = {c.check_id: c for c in run_checks([table], [], CheckSettings(tolerance=Decimal(0)))}
    assert strict["t01.201.fiscal_grant.children_sum"].passed is False


def test_narrative_three_public_items_and_procurement_against_tables():
    budget, final = checks("004"), checks("003")
    assert [(c.expected, c.passed) for c in (budget["narrative.three_public.reception"],
                                             budget["narrative.three_public.vehicle"],
                                             final["narrative.procurement.total"])] == [
        (Decimal("0.30"), True), (Decimal("1.28"), True), (Decimal("0.30"), True),
    ]


def test_narrative_figure_that_differs_from_its_table_fails_with_both_values():
    tables = [build_table(raw_table(truth_table("000", "t02")), "t02", 2025)]
    facts = read_facts([TextLine("支出预算194.63万元，其中：基本支出168.73万元，占86.18%", 30, 0, 0, 0, 12)], "doc")
    c = next(c for c in run_checks(tables, facts) if c.check_id == "narrative.basic")
    assert (c.expected, c.actual, c.passed, c.pages) == (Decimal("167.73"), Decimal("168.73"), False, [1, 30])
