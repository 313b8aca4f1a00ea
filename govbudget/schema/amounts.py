"""Printed amounts → exact Decimal yuan.

Lives with the schema because every part (parser checks, archive datasets,
change detection) must read a printed number the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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


def printed_unit(labels) -> str | None:
    """The one money unit printed in brackets among ``labels`` (``项目资金（元）``), else None."""
    units = {m.group(1) for label in labels for m in _PRINTED_UNIT.finditer(label or "")}
    return units.pop() if len(units) == 1 else None
