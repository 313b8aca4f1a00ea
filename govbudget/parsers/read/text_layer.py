"""Can a page's text layer be believed? A cheap score of the characters it produced.

A font without a usable ToUnicode map prints the right glyphs while its text says
something else: control codes and MacRoman letters, private-use code points, random
hanzi, or — worst, since it looks fine — digits that each read as another digit.
Budget disclosures are written in a small vocabulary with numbers of known shape, so
a page whose text is real shows it:

- **characters**: hanzi, digits, ASCII and CJK punctuation; Latin-1 or MacRoman
  letters and control codes are a simple font read by its raw codes;
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
FOREIGN = "characters no budget page prints"
DIGITS_OFF = "digits do not read as years or subject codes"

MAX_FOREIGN = 0.1  # share of foreign characters that condemns a page
MIN_HANZI = 30  # fewer hanzi on a page: too little to judge the vocabulary
MIN_WORDS_PER_100 = 3.0  # budget words per 100 hanzi below which the text is not Chinese budget text
MIN_CODES = 2  # subject codes needed on a page (without a year) for its own digit verdict
MAX_BAD_CODES = 0.5  # share of codes of no class that condemns the digits

_YEAR = re.compile(r"(?<![\d.])(\d{4})\s?年")
_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})(?=\s|$)", re.M)  # first on its line: the code column
_YEARS = range(1900, 2100)
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
    """Years (``NNNN年``) and subject codes (first on a line) found, plausible or not."""

    years: int = 0
    bad_years: int = 0
    codes: int = 0
    bad_codes: int = 0

    def __add__(self, other: "DigitEvidence") -> "DigitEvidence":
        return DigitEvidence(*(a + b for a, b in zip(self._counts(), other._counts())))

    def _counts(self) -> tuple[int, int, int, int]:
        return (self.years, self.bad_years, self.codes, self.bad_codes)

    @property
    def judged(self) -> bool:
        """Enough to judge by: a year, or ``MIN_CODES`` codes."""
        return self.years > 0 or self.codes >= MIN_CODES

    @property
    def off(self) -> bool:
        """Most years outside this century, or most codes of no class.

        Years weigh most: every page of a disclosure prints the budget year, and a
        digit map that is off can still turn one class code into another (201 → 312).
        """
        years_off = self.bad_years > 0 and self.bad_years * 2 > self.years
        codes_off = self.codes >= MIN_CODES and self.bad_codes > MAX_BAD_CODES * self.codes
        return years_off or codes_off


def spaced_text(chars: list[Char]) -> str:
    """The page's characters, a space where a gap separates them, a line break between lines."""
    parts: list[str] = []
    append = parts.append
    line_top, line_slack, last_x1 = float("-inf"), 0.0, 0.0
    for char in chars:  # runs on every page: kept lean
        top = char.top
        if abs(top - line_top) > line_slack:
            append("\n")
            line_top, line_slack = top, 0.5 * max(char.bottom - top, 1.0)
        elif char.x0 - last_x1 > 0.25 * char.size:
            append(" ")
        append(char.text)
        last_x1 = char.x1
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
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    codes = [
        m.group(1) for m in _CODE.finditer(text) if not text[m.end() : m.end() + 2].strip().startswith("年")
    ]
    return DigitEvidence(
        len(years), sum(y not in _YEARS for y in years), len(codes), sum(c[:3] not in _CLASSES for c in codes)
    )


# what a Chinese budget page prints besides hanzi: ASCII, CJK and full-width punctuation,
# circled and Roman numerals, a few symbols
_PRINTED_RANGES = (
    (0x20, 0x7E), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2460, 0x24FF), (0x2160, 0x217F),
    (0x2010, 0x2027), (0x2030, 0x203B), (0x25A0, 0x25FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
)
_PRINTED_SYMBOLS = frozenset("×÷±°·√≤≥≈～")


_FOREIGN_CHAR = re.compile(
    "[^" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in _PRINTED_RANGES)
    + re.escape("".join(sorted(_PRINTED_SYMBOLS))) + "]"
)


def foreign_share(text: str) -> float:
    """Share of characters no budget page prints (Latin-1 letters, MacRoman, controls…):
    a simple font read by its raw codes."""
    return len(_FOREIGN_CHAR.findall(text)) / len(text) if text else 0.0


def has_digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
