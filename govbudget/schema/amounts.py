"""Printed amounts → exact Decimal yuan.

Lives with the schema because every part (parser checks, archive datasets,
change detection) must read a printed number the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from govbudget.schema.rules import Rules, compile_rules, first_match
from govbudget.schema.vocab import FORM_FUNDS, FORM_KINDS, NON_MONEY_KEYS, Measure, normalise_label

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}

_PRINTED_UNIT = re.compile(r"[(（]\s*(亿元|万元|元)\s*[)）]")
_NUMBER = re.compile(r"^[-−–]?\d+(?:\.\d+)?$")
_PERCENT = re.compile(r"^[-−–]?\d+(?:\.\d+)?%$")


def normalise_number_text(text: str) -> str:
    """Strip thousands separators, full-width digits and stray spaces."""
    t = text.strip().translate(_FULLWIDTH)
    t = t.replace(",", "").replace(" ", "").replace("\u3000", "")
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    return t.replace("−", "-").replace("–", "-")


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－％", "0123456789.,-%")


def parse_decimal(text: str | None) -> Decimal | None:
    """A printed plain number as Decimal, or None when the cell is not a number."""
    if text is None:
        return None
    t = normalise_number_text(text)
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:  # pragma: no cover - regex guards this
        return None


def parse_percent(text: str | None) -> Decimal | None:
    """``-9.24%`` → Decimal('-9.24') (percentage points, not a fraction)."""
    if text is None:
        return None
    t = normalise_number_text(text)
    if not _PERCENT.match(t):
        return None
    return Decimal(t[:-1])


def parse_amount(text: str | None, unit: str | None) -> Decimal | None:
    """A money cell in yuan; percentages and non-numbers give None."""
    value = parse_decimal(text)
    if value is None:
        return None
    return value * UNIT_FACTORS.get(unit or "元", Decimal(1))


def is_numeric_text(text: str | None) -> bool:
    return parse_decimal(text) is not None or parse_percent(text) is not None


# Labels naming what a non-money figure measures (the row's, the column's or the key).
_MEASURED_BY: Rules[Measure] = compile_rules(
    (
        (Measure.date, r"日期|时间|年月"),
        (Measure.phone, r"电话|手机|传真|联系方式"),
        (Measure.score, r"分值|得分|评分|总分"),
        (Measure.percent, r"率|比例|占比|%|百分比"),
        (Measure.count, r"人数|个数|户数|次数|台数|套数|车辆数|数量|[(](人|个|辆|台|套|处|家|次|户|座|所|名|项|栋|间)[)]"),
        (Measure.number, r"编码|代码|编号|序号|行次|栏次|年限|期限|项目期"),
    )
)
# Figures of a 自评表's funds block under these headings are money (执行率 and 得分 are not).
FORM_MONEY_HEADINGS = re.compile(r"(申报|编制|预算|执行)数$|结[(（]?转[)）]?余$|结余$")


def measure_of(table_kind: str, column_key: str, row_label: str = "", column_label: str | None = None) -> Measure:
    """What the figure in ``column_key`` of a row labelled ``row_label`` measures: the one
    rule for "is this money" (line items' value_yuan, change reports' deltas).

    In performance forms only the funds block holds money (its rows keyed from
    :data:`FORM_FUNDS`); other figures there are targets, scores or dates."""
    key = column_key.split("#", 1)[0]
    labels = [normalise_label(x) for x in (key, row_label, column_label or "")]
    measured = first_match(_MEASURED_BY, *labels)
    if measured is not None:
        return measured
    if key.rsplit(".", 1)[-1] in NON_MONEY_KEYS:
        return Measure.count if key.endswith("count") else Measure.number
    if table_kind in FORM_KINDS:
        funds = key.split(".", 1)[0] in FORM_FUNDS
        return Measure.money if funds or FORM_MONEY_HEADINGS.search(key) else Measure.number
    return Measure.money


def printed_unit(labels) -> str | None:
    """The one money unit printed in brackets among ``labels`` (``项目资金（元）``), else None."""
    units = {m.group(1) for label in labels for m in _PRINTED_UNIT.finditer(label or "")}
    return units.pop() if len(units) == 1 else None
