"""Can a page's text layer be believed? A cheap score of the characters it produced.

A font without a usable ToUnicode map prints the right glyphs while its text says
something else: control codes and MacRoman letters, private-use code points, random
hanzi, or — worst, since it looks fine — digits that each read as another digit.
Budget disclosures are written in a small vocabulary with numbers of known shape, so
a page whose text is real shows it:

- **vocabulary**: a page with hanzi contains budget words (预算, 支出, 合计 …);
  random hanzi almost never do;
- **digits**: years near 年 lie in this century and the subject codes of the tables
  (类 3, 款 5, 项 7 digits) start with a class that exists (2xx functional, 1xx
  revenue, 3xx/5xx economic). A digit map that is off fails both; pages without
  such numbers take the verdict of the document's other pages (one font prints them all).

The verdicts name why a page is doubted; :mod:`govbudget.parsers.read.ocr.detect` turns
them into the OCR decision. Scoring reads only characters already extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govbudget.parsers.page_model import Char

ENABLED = True  # benchmarks/stress.py switches scoring off to measure what it costs

NO_VOCABULARY = "no budget vocabulary"
DIGITS_OFF = "digits do not read as years or subject codes"

MIN_HANZI = 30  # fewer hanzi on a page: too little to judge the vocabulary
MIN_WORDS_PER_100 = 3.0  # budget words per 100 hanzi below which the text is not Chinese budget text
MIN_DIGIT_EVIDENCE = 2  # years and codes needed on a page for its own digit verdict
MAX_BAD_DIGITS = 0.5  # share of implausible years/codes that condemns the digits

_YEAR = re.compile(r"(?<![\d.])(\d{4})\s?年")
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})(?=\s|$)", re.M)  # first on its line: the code column
_YEARS = range(1990, 2100)
# 类 codes of the government revenue, functional and economic classifications
_CLASSES = frozenset(
    [f"{n}" for n in range(101, 111)]
    + [f"{n}" for n in range(201, 236)]
    + [f"{n}" for n in range(301, 314)] + ["399"]
    + [f"{n}" for n in range(501, 515)] + ["599"]
)


@lru_cache(maxsize=1)
def vocabulary() -> re.Pattern:
    words = resources.files("govbudget.parsers.read").joinpath("data/budget_words.txt").read_text(encoding="utf-8")
    listed = sorted({w.strip() for w in words.split() if w.strip() and not w.startswith("#")}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, listed)))


@dataclass(frozen=True, slots=True)
class DigitEvidence:
    plausible: int = 0
    implausible: int = 0

    @property
    def total(self) -> int:
        return self.plausible + self.implausible

    def __add__(self, other: "DigitEvidence") -> "DigitEvidence":
        return DigitEvidence(self.plausible + other.plausible, self.implausible + other.implausible)

    @property
    def off(self) -> bool:
        return self.total >= MIN_DIGIT_EVIDENCE and self.implausible > MAX_BAD_DIGITS * self.total


def spaced_text(chars: list[Char]) -> str:
    """The page's characters, a space where a gap separates them, a line break between lines."""
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        if previous is not None:
            if abs(char.top - previous.top) > 0.5 * max(previous.height, 1.0):
                parts.append("\n")
            elif char.x0 - previous.x1 > 0.25 * max(char.size, 1.0):
                parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def hanzi_count(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def vocabulary_verdict(text: str) -> str | None:
    """``NO_VOCABULARY`` when a page with enough hanzi has (almost) no budget words."""
    hanzi = hanzi_count(text)
    if hanzi < MIN_HANZI:
        return None
    words = len(vocabulary().findall(text))
    return NO_VOCABULARY if words * 100 < MIN_WORDS_PER_100 * hanzi else None


def digit_evidence(text: str) -> DigitEvidence:
    """Years and subject codes on the page, plausible or not."""
    good = bad = 0
    for match in _YEAR.finditer(text):
        if int(match.group(1)) in _YEARS:
            good += 1
        else:
            bad += 1
    for match in _CODE.finditer(text):
        if text[match.end() : match.end() + 2].strip().startswith("年"):
            continue  # a year, counted above
        if match.group(1)[:3] in _CLASSES:
            good += 1
        else:
            bad += 1
    return DigitEvidence(good, bad)


def has_digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
