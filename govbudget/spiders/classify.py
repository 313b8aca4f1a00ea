"""Is this a 预决算 disclosure, and whose, for which year, of which kind and scope?

Whether it is a disclosure (:func:`judge`) is decided from the title, then the
attachment's name, then what the document and its article say: a title naming a
budget in the form disclosures use (部门预算, 2025年度决算, 预算公开, （本级）) is one
unless it also names what disclosures never are (a notice, meeting, training,
procurement, execution report, audit, adjustment, draft…; unit names such as 审计局,
培训中心 or 机构编制委员会 are not such words). A title that says neither is decided
by the first PDF page (cover) or the article body: disclosure tables and chapters
(收支总表, 部门概况) against notice wording (特此通知, 各有关单位). The labelled titles in
tests/fixtures/spiders/disclosure_titles.tsv measure it (benchmarks/classifier.py).

The fields are read from the title first, then the attachment's file name, then the
cover, then the article page; each field takes the first source that states it. A
field no source states stays None: a wrong fiscal year or publisher is worse than a
missing one.
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
# Articles that mention budgets but are not disclosures of one. Lookarounds keep unit
# names (审计局, 培训中心, 政府采购中心, 机构编制委员会办公室, 新闻中心) out.
_NOT_DISCLOSURE = re.compile(
    r"通知|通报|会议|说明会|座谈会|推进会|布置会|部署会|工作会|培训(?!中心|学校|学院|基地)|"
    r"(?<!机构)编制(?!委员会|办公室)|编报|编审|布置|部署|采购(?!中心|管理办公室)|招标(?!中心)|中标|意向|"
    r"执行情况|执行和|审计(?!局|厅|署|中心|事务)|调整|调剂|草案|征求|意见|办法|解读|问答|答记者问|"
    r"新闻(?!中心|出版)|动态|绩效|自评|批复|审查|听证|检查|督查|调研|一体化|改革|研讨|讲座|学习|"
    r"活动(?!中心|室|站)|工作方案|函$|指南|解答|模板|样表|参考格式|评价|排名"
)
# The forms disclosure titles take: scope or year before the kind, 公开 or （本级/汇总） after it.
_DISCLOSURE_FORM = re.compile(
    r"(?:部门|单位|政府|级|20\d{2}年度?|[【\[（(]20\d{2}[】\]）)])(?:综合)?(?:预算|决算)|"
    r"(?:预算|决算)(?:信息)?公开|(?:预算|决算)[（(](?:本级|汇总)"
)
# What the content of a disclosure holds, and what a notice holds.
_DISCLOSURE_CONTENT = re.compile(
    r"收支总表|财政拨款收支|收入总表|支出总表|一般公共预算(?:财政拨款)?(?:基本)?支出|政府性基金预算|"
    r"三公.{0,2}经费|部门概况|单位概况|主要职能|机构设置|名词解释"
)
_NOTICE_CONTENT = re.compile(r"特此通知|各有关单位|参会|报名|会议时间|培训时间|请于.{0,20}前|回执|会议地点|各(?:县|市|区)(?:区)?财政局")
_LEVEL_SUFFIX = re.compile(r"(?:省|市|区|县|乡|镇)(?:本)?级$")
_BRACKETED = re.compile(r"[（(](?P<note>本级|汇总|[^）)]{0,12})[）)]")
_ORG_SUFFIX = re.compile(
    r"(?:局|中心|委员会|委|办公室|办|院|所|站|队|厅|部|处|会|校|馆|政府|街道|镇|乡|公司|社|团|协会|联合会|法院|检察院|"
    r"中学|小学|大学|学院|幼儿园)$"
)
_PUBLISHER_NOISE = re.compile(r"^(?:关于|公开|发布)|(?:关于)$|[“”\"'《》\s]+$")


@dataclass(frozen=True)
class PageContext:
    """What an article page says besides its title."""

    source_unit: str | None = None  # 来源
    column: str | None = None  # the column (栏目) the article sits in
    text: str | None = None  # visible body text


@dataclass(frozen=True)
class Verdict:
    disclosure: bool | None  # None: nothing says either way
    reason: str


def is_disclosure(title: str | None) -> bool:
    """A title announcing a 预算/决算 disclosure (not a notice about budgets)."""
    return judge(title).disclosure is True


def judge(
    title: str | None, body: str | None = None, attachment_name: str | None = None, cover: str | None = None,
) -> Verdict:
    """Disclosure or not, from the title, the attachment name, the cover page and the article body.

    A title or name saying "not a disclosure" decides; one saying "disclosure" decides
    unless the cover or body reads as a notice with no disclosure content; otherwise
    the cover and body decide, and with nothing to go on the verdict is None.
    """
    named = None
    for source, text in (("title", title), ("attachment name", _stem(attachment_name))):
        verdict = title_verdict(text)
        if verdict is False:
            return Verdict(False, f"{source} is not a disclosure: {text}")
        if verdict is True:
            named = source
            break
    for source, text in (("first page", cover), ("article body", body)):
        if not text:
            continue
        notice, content = _NOTICE_CONTENT.search(text), _DISCLOSURE_CONTENT.search(text)
        if notice and not content and not _first_title_line(text):
            return Verdict(False, f"{source} reads as a notice ({notice.group(0)})")
        if named is None and (content or _first_title_line(text)):
            return Verdict(True, f"{source} holds disclosure content")
    if named:
        return Verdict(True, f"{named} names a disclosure")
    return Verdict(None, "neither title, name, cover nor body states a disclosure")


def title_verdict(text: str | None) -> bool | None:
    """True: a disclosure title; False: a title about budgets that is not one; None: says nothing."""
    if not text:
        return None
    text = _clean(text)
    kinds = {m.group("kind") for m in _KIND.finditer(text)}
    if not kinds:
        return None
    if _NOT_DISCLOSURE.search(text):
        return False
    if len(kinds) == 1 and _DISCLOSURE_FORM.search(text):
        return True
    return None


def classify(
    title: str | None,
    filename: str | None = None,
    page: PageContext | None = None,
    cover: str | None = None,
) -> Classification:
    """Classification of one document, field by field from the most reliable source."""
    page = page or PageContext()
    sources = (title, _stem(filename), _cover_title(cover), _first_title_line(page.text))
    readings = [read_title(t) for t in sources if t]
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
    """Spaces out; 预决算 spelled as the two kinds it names, so it never reads as 决算 alone."""
    return re.sub(r"\s+", "", text.replace("\u3000", " ")).replace("预决算", "预算和决算")


def _stem(filename: str | None) -> str | None:
    if not filename:
        return None
    return re.sub(r"\.[A-Za-z0-9]{2,5}$", "", filename.rsplit("/", 1)[-1])


def _cover_title(text: str | None) -> str | None:
    """A cover's title: its first disclosure-title line, with the line above when that names the unit
    (covers set 单位名称 / 2025年度单位预算公开 on two lines)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if 6 <= len(_clean(line)) <= 60 and title_verdict(line):
            if i and read_title(line).get("publisher") is None and _org_name(_clean(lines[i - 1])):
                return lines[i - 1] + line
            return line
    return None


def _first_title_line(text: str | None) -> str | None:
    """The first line of a page body that reads like a disclosure title."""
    if not text:
        return None
    for line in text.splitlines():
        line = line.strip()
        if 6 <= len(line) <= 60 and title_verdict(line):
            return line
    return None
