"""Year-over-year and re-publication diffs, checked against the corpus's year-pair truth."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal

from govbudget.changes.diff import compare
from tests.storage.truth_results import CORPUS, truth_result


def truth_diff() -> dict:
    return json.loads((CORPUS / "truth" / "000-2024-to-2025.diff.json").read_text(encoding="utf-8"))


_SIDE = re.compile(r"^(收入|支出)/")  # a two-sided table's side label heads the truth's path; the schema keeps it in ``side``
_SPACE = re.compile(r"\s+")


def _label(text: str | None) -> str:
    return _SPACE.sub("", _SIDE.sub("", text or ""))


def comparable(change) -> tuple:
    """What the truth diff pins down about a change (a truth dict or a CellChange): labels
    without whitespace — inside CJK labels it is typesetting — values exactly as printed."""
    if isinstance(change, dict):
        kind, project, row, column = change["table_kind"], change.get("project"), change["row_key"], change["column"]
        old, new, how = change["old"], change["new"], change["change"]
    else:
        kind, project, row, column = change.table_kind, change.project, change.row_key, change.column_label
        old, new, how = change.old, change.new, change.change
    return (kind, project, _label(row), _label(column), old, new, how)


def test_year_over_year_reproduces_every_truth_change_and_nothing_else():
    changes = compare(truth_result("000-2024"), truth_result("000"))
    expected = Counter(comparable(c) for c in truth_diff()["changes"])
    found = Counter(comparable(c) for c in changes.changes)
    assert found - expected == Counter()  # nothing else
    assert expected - found == Counter()  # every change


def test_year_over_year_reports_projects_added_and_removed():
    changes = compare(truth_result("000-2024"), truth_result("000"))
    truth = truth_diff()
    assert changes.projects_added == truth["projects_added"]
    assert changes.projects_removed == truth["projects_removed"]


def test_change_kinds_match_truth():
    changes = compare(truth_result("000-2024"), truth_result("000"))
    expected = Counter((c["table_kind"], c["change"]) for c in truth_diff()["changes"])
    assert Counter((c.table_kind, c.change) for c in changes.changes) == expected


def test_modified_cell_carries_delta_and_percent():
    changes = compare(truth_result("000-2024"), truth_result("000"))
    total = next(c for c in changes.changes if c.table_kind == "revenue_summary" and c.row_key == "201" and c.column_key == "本年收入/合计")
    assert (total.old, total.new) == ("153.43", "144.20")
    assert total.delta == Decimal("-9.23")
    assert total.delta_yuan == Decimal("-92300")
    assert total.pct_change == Decimal("-6.02")


def test_largest_changes_come_first():
    ordered = compare(truth_result("000-2024"), truth_result("000")).largest_first()
    magnitudes = [c.magnitude for c in ordered]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert ordered[0].magnitude > 0


def test_identical_documents_have_no_changes():
    changes = compare(truth_result("000"), truth_result("000"))
    assert changes.changes == [] and changes.projects_added == [] and changes.projects_removed == []


def three_public_in_yuan(result, plus: int = 0):
    """``result`` with its “三公” table reprinted in 元 (each figure ``plus`` yuan more)."""
    new = result.model_copy(deep=True)
    table = next(t for t in new.tables if t.kind == "three_public")
    table.unit = "元"
    for row in table.rows:
        row.values = {k: f"{Decimal(v.replace(',', '')) * 10000 + plus:.2f}" for k, v in row.values.items()}
    return new


def test_a_unit_change_alone_is_not_a_change():
    old = truth_result("000")
    assert compare(old, three_public_in_yuan(old)).changes == []


def test_numbers_that_are_not_money_have_no_delta():
    changes = compare(truth_result("000-2024"), truth_result("000"))
    filing = next(c for c in changes.changes if c.column_key == "填报日期" and c.change == "added")
    assert filing.new == "20250114181134"
    assert (filing.delta, filing.delta_yuan, filing.pct_change) == (None, None, None)


def test_forms_match_by_project_name_as_normalised():
    old = truth_result("000")
    new = old.model_copy(deep=True)
    form = next(t for t in new.tables if t.project == "12315中心便民热线服务经费")
    form.project = "12315中心 便民热线服务经费"  # a space the other year did not print
    for target in new.performance_targets:
        if target.table_id == form.table_id:
            target.project = form.project
    changes = compare(old, new)
    assert (changes.changes, changes.projects_added, changes.projects_removed) == ([], [], [])


def test_a_table_that_changed_unit_shows_each_value_in_its_own_unit():
    from govbudget.changes.markdown import markdown_report

    old = truth_result("000")
    new = three_public_in_yuan(old, plus=1000)
    vehicle = next(c for c in compare(old, new).changes if c.row_key == "公务用车购置及运行费" and c.column_key == "预算数/合计")
    assert (vehicle.old, vehicle.old_unit, vehicle.new, vehicle.unit) == ("1.80", "万元", "19000.00", "元")
    assert vehicle.delta is None and vehicle.delta_yuan == Decimal("1000")  # no difference in mixed printed units
    assert "| 1.80 万元 | 19000.00 元 |" in markdown_report([compare(old, new)])
