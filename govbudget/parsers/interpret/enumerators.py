"""OCR'd row labels whose list enumerator was partly read, mended from their neighbours.

Budget tables number their top rows ``一、一般公共预算``, ``二、政府性基金预算`` … The
recogniser often reads the small ``一、`` partly: the numeral is lost (``、一般公共预算``),
or the ``、`` is lost after a ``一`` that then runs into the name (``一一般公共预算``) or is
read as a second numeral (``二二、政府性基金预算``). The text layer prints such labels
whole, so the OCR'd label is mended to what the sequence of its neighbours says was
printed; a label the sequence cannot explain is left as read.
"""

from __future__ import annotations

import re

NUMERALS = "一二三四五六七八九十"
_ENUMERATED = re.compile(rf"^([{NUMERALS}]+)、")
_LOST_NUMERAL = re.compile(r"^、")
_DOUBLED = re.compile(rf"^([{NUMERALS}])\1、")
_RUN_ON = re.compile(rf"^([{NUMERALS}])\1(?=[\u4e00-\u9fff])")  # 一一般公共预算: 、 lost after 一


def _number(numeral: str) -> int | None:
    if numeral in NUMERALS:
        return NUMERALS.index(numeral) + 1
    if len(numeral) == 2 and numeral[0] == "十" and numeral[1] in NUMERALS[:9]:
        return 10 + NUMERALS.index(numeral[1]) + 1
    return None


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


def mend_enumerators(labels: list[str]) -> list[str]:
    """``labels`` (one column, top to bottom) with partly read enumerators mended."""
    # 二二、 is never printed: the 、 read as a second numeral
    mended = [label[1:] if _DOUBLED.match(label) else label for label in labels]
    for i, label in enumerate(mended):
        text = label.strip()
        expected = _expected(mended, i)
        if expected is None:
            continue
        numeral = _numeral(expected)
        if _LOST_NUMERAL.match(text):
            mended[i] = numeral + text
        elif (m := _RUN_ON.match(text)) and m.group(1) == numeral and not _ENUMERATED.match(text):
            mended[i] = f"{numeral}、{text[1:]}"
    return mended


def _expected(labels: list[str], i: int) -> int | None:
    """The enumerator row ``i`` should carry: one after the last enumerated row above it,
    or, when none is above, one before the row right below it."""
    for above in reversed(labels[:i]):
        if m := _ENUMERATED.match(above.strip()):
            n = _number(m.group(1))
            return n + 1 if n else None
    if i + 1 < len(labels) and (m := _ENUMERATED.match(labels[i + 1].strip())):
        n = _number(m.group(1))
        return n - 1 if n and n > 1 else None
    return None
