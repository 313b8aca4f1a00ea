"""The same performance forms printed by different tools give identical records.

testkit/stress/forms.py prints the corpus's project forms, a 自评表 and a
部门整体绩效目标表 the ways tools do: half- or full-width brackets and colons,
spaces inside labels, labels wrapped in narrow cells, other wording of the funds
block. Compared as ``govbudget changes`` compares archived versions, no rendering
differs from another in any cell, and the performance targets read are the same.
"""

import pytest

from govbudget.changes.diff import compare
from govbudget.schema.vocab import normalise_label
from testkit.stress.forms import TOOLS, parse

pytestmark = pytest.mark.slow
OTHER_TOOLS = [tool for tool in TOOLS if tool != "office"]


def targets(result) -> list[tuple]:
    """The targets as normalised text, without the file they came from."""
    return sorted(
        tuple(normalise_label(str(v)) for k, v in t.model_dump().items() if k not in ("doc_id", "page"))
        for t in result.performance_targets
    )


@pytest.mark.parametrize("tool", OTHER_TOOLS)
def test_no_cell_changes_between_renderings(tool):
    changes = compare(parse("office"), parse(tool), kind="republication")
    assert [(c.table_kind, c.row_key, c.column_key, c.old, c.new) for c in changes.changes] == []
    assert (changes.projects_added, changes.projects_removed) == ([], [])


@pytest.mark.parametrize("tool", OTHER_TOOLS)
def test_performance_targets_are_the_same_whoever_printed_them(tool):
    assert targets(parse(tool)) == targets(parse("office"))


def test_the_renderings_hold_forms_of_both_kinds_with_their_funds():
    result = parse("office")
    kinds = {t.kind for t in result.tables}
    assert kinds == {"project_performance", "overall_performance"}
    overall = next(t for t in result.tables if t.kind == "overall_performance")
    funds = {k: v for row in overall.rows for k, v in row.values.items()}
    assert {k: funds[k] for k in ("funds_total", "general_budget", "basic", "project")} == {
        "funds_total": "1,946,300", "general_budget": "1,946,300", "basic": "1,677,300", "project": "269,000"}
    assert len(result.performance_targets) > 100
