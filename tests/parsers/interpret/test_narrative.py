"""Headline figures of the explanation text, with their change and share."""

from decimal import Decimal

from govbudget.parsers.interpret.narrative import read_facts
from govbudget.parsers.page_model import TextLine
from testkit.truth_tables import raw_extraction


def facts(doc: str) -> dict:
    found = {}
    for fact in read_facts(raw_extraction(doc).lines, "doc"):
        found.setdefault(fact.key, fact)
    return found


def line(text: str, page: int = 3) -> TextLine:
    return TextLine(text, page, 0.0, 0.0, 0.0, 12.0)


def test_income_total_with_change_and_percent():
    f = facts("000")
    assert (f["income.total"].value, f["income.total.change"].value, f["income.total.change_pct"].value) == (
        Decimal("1946300.00"), Decimal("192500.00"), Decimal("10.98"),
    )


def test_decrease_is_a_negative_change():
    f = facts("004")
    assert (f["income.total.change"].value, f["income.total.change_pct"].value) == (Decimal("-481200.00"), Decimal("-9.25"))


def test_basic_and_project_with_shares():
    f = facts("000")
    assert [(f[k].value_text, f[k].unit) for k in ("basic", "basic.share", "project", "project.share")] == [
        ("167.73", "万元"), ("86.18", "%"), ("26.9", "万元"), ("13.82", "%"),
    ]


def test_three_public_total_and_items():
    f = facts("004")
    assert {k: f[k].value_text for k in f if k.startswith("three_public") and "." not in k[13:]} == {
        "three_public.total": "1.58", "three_public.outbound_travel": "0", "three_public.reception": "0.30",
        "three_public.vehicle": "1.28",
    }
    assert (f["three_public.vehicle.operation"].value_text, f["three_public.vehicle.purchase"].value_text) == ("1.28", "0")


def test_procurement_total_and_split():
    f = facts("000")
    assert [f[k].value_text for k in ("procurement.total", "procurement.goods", "procurement.works",
                                      "procurement.services")] == ["0.80", "0.20", "0", "0.60"]


def test_vehicles_and_floor_area():
    f = facts("004")
    assert [(f[k].value, f[k].unit) for k in ("vehicles.quota", "vehicles.actual", "office_floor_area")] == [
        (Decimal(1), "辆"), (Decimal(1), "辆"), (Decimal(3000), "平方米"),
    ]


def test_final_account_wording():
    f = facts("003")
    assert [f[k].value_text for k in ("income.total", "expenditure.total", "general_budget.expenditure",
                                      "personnel", "public", "procurement.total")] == [
        "324.86", "324.86", "319.74", "291.44", "22.08", "0.30",
    ]


def test_change_named_before_its_verb_belongs_to_that_figure():
    f = facts("003")
    assert (f["expenditure.total.change"].value, f["fiscal_grant.total.change_pct"].value) == (
        Decimal("-394300.00"), Decimal("-10.83"),
    )


def test_ningxia_wording_with_spaces():
    f = facts("002")
    assert [f[k].value_text for k in ("fiscal_grant.income", "income.total", "personnel", "public", "project")] == [
        "227.65", "245.65", "66.18", "3.47", "176.00",
    ]


def test_operating_costs():
    assert facts("002")["operating_costs"].value == Decimal(0)


def test_fact_keeps_page_and_sentence():
    [fact] = read_facts([line("支出预算194.63万元", page=12)], "doc")
    assert (fact.key, fact.page, fact.sentence, fact.value) == ("expenditure.total", 12, "支出预算194.63万元", Decimal("1946300.00"))


def test_three_public_items_outside_their_section_are_not_facts():
    assert read_facts([line("公用经费12.49万元，主要包括：公务接待费、差旅费")], "doc")[0].key == "public"
    assert [f.key for f in read_facts([line("公务接待费0.30万元")], "doc")] == []


def test_unknown_wording_gives_no_fact():
    assert read_facts([line("本单位共有在职人员12人，退休人员3人。")], "doc") == []
