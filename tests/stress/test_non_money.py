"""No value that is not money reaches ``value_yuan``, over the corpus and the stress sets.

Judged without the parser's own rule: a form's money is its funds block (rows named by
the funds they hold), and no disclosure of a department prints a hundred billion yuan.
"""

import re
from decimal import Decimal

import pytest

from testkit.corpus import CORPUS
from testkit.stress import continued, forms
from tests.parsers.conftest import parsed_pdf

pytestmark = pytest.mark.slow
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.pdf"))
FUNDS_ROW = re.compile(r"项目资金|资金总额|财政资金|单位自筹|其他资金|一般公共预算|政府性基金|基本支出|项目支出|整体支出预算|结余结转")
NOT_MONEY_COLUMN = re.compile(r"率|得分|分值|日期|电话")
LARGEST = Decimal(10) ** 11


def _results():
    yield from ((name, parsed_pdf(name)) for name in CORPUS_FILES)
    yield from ((f"forms-{tool}", forms.parse(tool)) for tool in forms.TOOLS)
    yield "continued-000", continued.parse("000")


def test_money_is_plausible_and_forms_hold_money_only_in_their_funds_block():
    for name, result in _results():
        tables = {t.table_id: t for t in result.tables}
        for item in result.line_items():
            if item.value_yuan is None:
                continue
            assert abs(item.value_yuan) < LARGEST, (name, item)
            if item.table_kind in ("project_performance", "overall_performance"):
                labels = "".join(f"{item.label} {tables[item.table_id].columns.get(item.column_key, '')}".split())
                assert FUNDS_ROW.search(labels), (name, item)
                assert not NOT_MONEY_COLUMN.search(item.column_key), (name, item)


def test_dates_phones_rates_and_scores_are_line_items_of_their_own_measure():
    by_text = {(i.value_text, i.measure) for name in ("000-office.pdf", "003-office.pdf")
               for i in parsed_pdf(name).line_items() if i.value_yuan is None}
    assert ("20250114181134", "date") in by_text  # 填报日期 of 000's t15
    assert ("20.75", "percent") in by_text and ("2.07", "score") in by_text  # 003's 自评表 执行率, 得分
    phones = {i.value_text for i in forms.parse("office").line_items() if i.measure == "phone"}
    assert phones == {"03532021234"}
