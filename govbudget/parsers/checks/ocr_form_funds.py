"""A failing check for each OCR'd performance form whose funds block is incomplete or does not add up.

A form prints its funds as rows (资金总额, then its sources 中央/省级/市县财政资金,
单位自筹, 其他资金) with one figure per period (实施期, 年度), a lone ``0`` where a
source gives nothing. The recogniser drops such lone small cells, and a form
printed over other rows shifts its figures; either way the block then has a row
with fewer figures than the others, an empty source row between filled ones, a
年度资金总额 without the 实施期 total printed before it, or a 资金总额 that its
sources no longer sum to. Digit repair cannot vouch for a sum
with a missing term, so the whole form is reported. A 自评表 prints its
分值 beside its 得分 on every row but 总分, so a row there with a lone figure lost
one too. Text-layer forms get the funds sums only (:func:`.identities.form_funding`,
reported by :mod:`.arithmetic`): there an empty cell was printed empty.
"""

from __future__ import annotations

from govbudget.schema import CheckResult, RecordSource, TableInstance
from govbudget.schema.vocab import FORM_KINDS, FUNDS_SOURCES, form_label_key
from govbudget.parsers.checks.identities import FUNDS_TOTALS, figure_keys, form_funding, holds, row_label
from govbudget.parsers.checks.digit_repair import TOLERANCE
from govbudget.parsers.interpret.performance import is_self_assessment

LONE_FIGURE = "总分"  # the only 自评表 row printing a single figure


def _vocabulary_key(key: str) -> str:
    """``funds_central#2`` and ``funds_total.全年预算数`` → ``funds_central``, ``funds_total``."""
    return key.split("#", 1)[0].split(".", 1)[0]


def funds_gaps(table: TableInstance) -> list[str]:
    """Why the form's funds block is incomplete or does not add up (empty when it is sound)."""
    total = next((r for r in table.rows if any(_vocabulary_key(k) in FUNDS_TOTALS for k in r.values)), None)
    if total is None:
        return []
    sources = [r for r in table.rows if form_label_key(r.label) in FUNDS_SOURCES]
    counts = [("".join(r.label.split()), len(figure_keys(r))) for r in (total, *sources)]
    periods = max(n for _, n in counts)
    gaps = [f"{label} has {n} of {periods} figures" for label, n in counts if 0 < n < periods]
    if counts[0][1] == 0 and periods:
        gaps.append(f"{counts[0][0]} has no figure")
    totals = [k for k in total.values if _vocabulary_key(k) in FUNDS_TOTALS]
    if totals and all(_vocabulary_key(k) == "funds_year" for k in totals):
        gaps.append("年度资金总额 printed without the 实施期 total it follows")
    filled = [n > 0 for _, n in counts[1:]]
    gaps += [
        f"{label} is empty between filled source rows"
        for k, (label, n) in enumerate(counts[1:])
        if n == 0 and any(filled[k + 1 :])
    ]
    gaps += [f"{i.check_id} fails" for i in form_funding(0, table) if not holds([table], i, TOLERANCE)]
    return gaps


def score_gaps(table: TableInstance) -> list[str]:
    """自评表 rows holding one figure where 分值 and 得分 are printed in pairs."""
    if not is_self_assessment(table.title):
        return []
    return [
        f"{''.join(r.label.split())} has a lone figure where 分值 and 得分 are printed in pairs"
        for r in table.rows
        if len(figure_keys(r)) == 1 and row_label(r) != LONE_FIGURE
    ]


def incomplete_forms(tables: list[TableInstance]) -> list[CheckResult]:
    """``ocr_form_incomplete`` for each OCR'd performance form whose funds block has gaps."""
    checks = []
    for table in tables:
        if table.source != RecordSource.ocr or table.kind not in FORM_KINDS:
            continue
        gaps = funds_gaps(table) + score_gaps(table)
        if gaps:
            checks.append(
                CheckResult(
                    check_id=f"{table.table_id}.ocr_form_incomplete",
                    scope=f"{table.table_id} {table.kind}",
                    description="OCR'd form's funds block is incomplete or does not add up: " + "; ".join(gaps),
                    passed=False,
                    pages=list(table.pages),
                )
            )
    return checks
