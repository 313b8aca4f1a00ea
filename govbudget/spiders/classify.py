"""Is this a 预决算 disclosure, and whose, for which year, of which kind and scope?

Read from the title first, then the attachment's file name, then the article
page; each field takes the first source that states it. A field no source
states stays None: a wrong fiscal year or publisher is worse than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govbudget.schema import Classification, Scope
from govbudget.schema.vocab import DOC_KIND_WORDS as _KIND_WORDS, SCOPE_WORDS as _SCOPE_WORDS

# 2025年度 / 2025年 / 【2025】 / (2025) — a year needs 年 or brackets: bare digit runs
# in file names (P020250610…, t20250610_…) are publication dates, not fiscal years.
_YEAR_MARK = re.compile(
    r"[【\[（(]\s*(?P<bracketed>20\d{2})\s*(?:年度?)?\s*[】\]）)]|(?<!\d)(?P<year>20\d{2})\s*年度?"
)
_KIND = re.compile(r"(?P<scope>部门|单位|政府)?(?:综合)?(?P<kind>预算|决算)")
# Articles that mention budgets but are not disclosures of one.
_NOT_DISCLOSURE = re.compile(
    r"通知|会议|培训|编制工作|工作方案|调研|审计|意见|办法|征求|解读|执行情况|草案|"
    r"招标|采购公告|中标|绩效评价|问答|答记者问|新闻|动态"
)
_LEVEL_SUFFIX = re.compile(r"(?:省|市|区|县|乡|镇)(?:本)?级$")
_BRACKETED = re.compile(r"[（(](?P<note>本级|汇总|[^）)]{0,12})[）)]")
_ORG_SUFFIX = re.compile(
    r"(?:局|中心|委员会|委|办公室|办|院|所|站|队|厅|部|处|会|校|馆|政府|街道|镇|乡|公司|社|团|协会|联合会|法院|检察院)$"
)
_PUBLISHER_NOISE = re.compile(r"^(?:关于|公开|发布)|(?:关于)$|[“”\"'《》\s]+$")


@dataclass(frozen=True)
class PageContext:
    """What an article page says besides its title."""

    source_unit: str | None = None  # 来源
    column: str | None = None  # the column (栏目) the article sits in
    text: str | None = None  # visible body text


def is_disclosure(title: str | None) -> bool:
    """A title announcing a 预算/决算 disclosure (not a notice about budgets)."""
    if not title:
        return False
    title = _clean(title)
    kinds = {m.group("kind") for m in _KIND.finditer(title)}
    return len(kinds) == 1 and not _NOT_DISCLOSURE.search(title)


def classify(
    title: str | None,
    filename: str | None = None,
    page: PageContext | None = None,
) -> Classification:
    """Classification of one document, field by field from the most reliable source."""
    page = page or PageContext()
    readings = [read_title(t) for t in (title, _stem(filename), _first_title_line(page.text)) if t]
    merged: dict[str, object] = {}
    for reading in readings:
        for key, value in reading.items():
            if value is not None and merged.get(key) is None:
                merged[key] = value
    if merged.get("publisher") is None:
        merged["publisher"] = _org_name(page.source_unit) or _org_name(page.column)
    return Classification(**merged)


def read_title(text: str) -> dict[str, object]:
    """Publisher, year, kind and scope as one title-like string states them."""
    text = _clean(text)
    kind_match = _single_kind(text)
    if kind_match is None:
        return {}
    year_match = _YEAR_MARK.search(text)
    year = _year_of(year_match)
    scope = _SCOPE_WORDS.get(kind_match.group("scope") or "")
    if scope is None and "汇总" in text[kind_match.end():]:
        scope = Scope.department
    return {
        "publisher": _publisher(text, year_match, kind_match),
        "fiscal_year": year,
        "kind": _KIND_WORDS[kind_match.group("kind")],
        "scope": scope,
    }


def _single_kind(text: str) -> re.Match[str] | None:
    """The 预算/决算 mention, when the text names exactly one of the two."""
    matches = list(_KIND.finditer(text))
    if not matches or len({m.group("kind") for m in matches}) != 1:
        return None
    return matches[0]


def _year_of(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    return int(match.group("bracketed") or match.group("year"))


def _publisher(text: str, year: re.Match[str] | None, kind: re.Match[str]) -> str | None:
    """The unit name: before the year (unit first) or between year and kind (year first)."""
    if year is not None and year.end() <= kind.start():
        before = text[: year.start()]
        return _org_name(before) or _org_name(text[year.end() : kind.start()])
    return _org_name(text[: kind.start()])


def _org_name(text: str | None) -> str | None:
    """``text`` as an organisation name, or None when it does not look like one."""
    if not text:
        return None
    name = _BRACKETED.sub("", text).strip(" \t-_—:：、，,。.")
    for _ in range(2):
        name = _PUBLISHER_NOISE.sub("", name).strip()
    name = _LEVEL_SUFFIX.sub("", name).strip() or name  # 普陀区区级 → 普陀区
    if not name or "预算" in name or "决算" in name or "公开" in name:
        return None
    if _ORG_SUFFIX.search(name) or re.search(r"(?:省|市|区|县)$", name):
        return name
    return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u3000", " "))


def _stem(filename: str | None) -> str | None:
    if not filename:
        return None
    return re.sub(r"\.[A-Za-z0-9]{2,5}$", "", filename.rsplit("/", 1)[-1])


def _first_title_line(text: str | None) -> str | None:
    """The first line of a page body that reads like a disclosure title."""
    if not text:
        return None
    for line in text.splitlines():
        line = line.strip()
        if 6 <= len(line) <= 60 and is_disclosure(line):
            return line
    return None
