"""The printed lines that describe a table: title, number, unit, org line, period, notes.

Disclosures print, above a table, a title (ending in 表 or naming a 目录), sometimes a
number (预算公开表1, 公开01表, 表十四), a period (2024年度) or subtitle ((2025年度)),
and a line with the unit (单位：万元) and the reporting body (单位名称：…). Below it:
notes (注：…, 说明：本表无数据). Recognising these by pattern is independent of any
table kind; giving the table a meaning is the semantic step's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govbudget.parsers.layout.grid_model import PageText

UNIT = re.compile(r"(?:金额|计量)?单位\s*[:：]\s*(亿元|万元|千元|元)")
UNIT_IN_PARENS = re.compile(r"\s*[（(][^()（）]*单位\s*[:：][^()（）]*[)）]")
ORG = re.compile(r"^(?:单位名称|部门名称|编制单位|填报单位|预算单位|部门（单位）名称|部门\(单位\)名称)\s*[:：]")
NUMBER = re.compile(
    r"^(?:预算公开表\s*\d+|决算公开表\s*\d+|[\u4e00-\u9fa5]{0,6}\s*\d{1,2}(?:-\d+)?\s*表"
    r"|附表\s*\d+(?:-\d+)?|表\s*[一二三四五六七八九十百零〇\d]+(?:-\d+)?)$"
)
NUMBER_IN_TITLE = re.compile(r"[（(]\s*(表\s*[一二三四五六七八九十百零〇\d]+(?:-\d+)?)\s*[)）]\s*$")
PERIOD = re.compile(r"^\d{4}\s*年(?:度)?$")
TRAILING_PERIOD = re.compile(r"\s+(\d{4}\s*年度)$")
SUBTITLE = re.compile(r"^[（(]\s*\d{4}\s*年(?:度)?\s*[)）]$")
# （按功能分类） printed under its title; not an item number such as （一）
QUALIFIER = re.compile(r"^[（(](?![一二三四五六七八九十]+[)）])[^()（）\d]{2,20}[)）]$")
TITLE = re.compile(r"(?:表|目录)\s*(?:[（(][^()（）]{0,20}[)）])?$")
# a continuation page's mark: 续表 / 续表1 / （续） / （续表）, alone or with the title repeated
CONTINUED = re.compile(r"[（(]\s*续(?:表)?\s*[)）]|^续表\s*[\d一二三四五六七八九十]*(?:-\d+)?\s*|续表$")
CONTINUATION_CAPTION = re.compile(r"^(?:续表\s*[\d一二三四五六七八九十]*(?:-\d+)?|[（(]\s*续表?\s*[)）])$")
NOTE_START = re.compile(r"^(?:注|说明|备注|此表|本表|填表说明)\s*[:：0-9一-龥]")
NOTE_ITEM = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）]|注|说明|备注)")


def _is_title(text: str) -> bool:
    """A table title, also when a continuation mark follows it (``…表（不含上年结转）（续）``)."""
    return bool(TITLE.search(text) or TITLE.search(CONTINUED.sub("", text.strip())))


def is_context_text(text: str) -> bool:
    """A line that describes a table (title, qualifier, number, unit, org, period, note)."""
    return bool(
        _is_title(text)
        or CONTINUATION_CAPTION.match(_squash(text))
        or UNIT.search(text)
        or ORG.match(text)
        or NUMBER.match(text)
        or PERIOD.match(text)
        or SUBTITLE.match(text)
        or QUALIFIER.match(text)
        or NOTE_START.match(text)
    )


@dataclass(slots=True)
class TableContext:
    title: str | None = None
    number: str | None = None
    unit: str | None = None
    org_line: str | None = None
    period: str | None = None
    subtitle: str | None = None
    title_page: int | None = None  # a title may sit at the foot of the page before
    continued: bool = False  # marked as continuing the table before (续表 / （续）)
    used: list[PageText] = field(default_factory=list)  # lines consumed as context


def read_heading(lines_above: list[PageText]) -> TableContext:
    """Walk up from the table over context lines; stop after the title.

    Lines not recognised as context end the walk, so narrative text is never taken
    for a title; a table with no title line above it may be a continuation.
    """
    ctx = TableContext()
    title_line: PageText | None = None
    qualifier: PageText | None = None  # a bracketed line under the title, kept if one follows
    for line in reversed(lines_above):
        text = line.text
        if CONTINUATION_CAPTION.match(_squash(text)):
            ctx.continued = True  # a caption of its own, above or below a repeated title
            ctx.used.append(line)
            if ctx.title:
                break
            continue
        unit = UNIT.search(text)
        if unit:
            ctx.unit = ctx.unit or unit.group(1)
            ctx.used.append(line)
            if ctx.title is None and TITLE.search(UNIT_IN_PARENS.sub("", text)):
                ctx.title, ctx.title_page = text, line.page  # 某某表（单位：万元）
                break
            continue
        if ORG.match(text):
            org, period = _split_period(text)
            ctx.org_line = ctx.org_line or org
            ctx.period = ctx.period or period
            ctx.used.append(line)
            continue
        if NUMBER.match(text):
            ctx.number = ctx.number or _squash(text)
            ctx.used.append(line)
            if ctx.title:
                break
            continue
        if SUBTITLE.match(text):
            ctx.subtitle = ctx.subtitle or text
            ctx.used.append(line)
            continue
        if PERIOD.match(text):
            ctx.period = ctx.period or text
            ctx.used.append(line)
            continue
        if ctx.title is None and qualifier is None and QUALIFIER.match(text):
            qualifier = line
            continue
        if ctx.title is None and _is_title(text):
            if qualifier is not None and _starts_title(line, qualifier, phrase=False):
                text = text + qualifier.text
                ctx.used.append(qualifier)
            ctx.title, ctx.title_page, title_line = text, line.page, line
            ctx.continued = ctx.continued or bool(CONTINUED.search(_squash(text)))
            ctx.used.append(line)
            embedded = NUMBER_IN_TITLE.search(text)
            if embedded and not ctx.number:
                ctx.number = _squash(embedded.group(1))
            continue
        if ctx.title is not None and title_line is not None and _starts_title(line, title_line):
            ctx.title, title_line = text + ctx.title, line  # a long title printed over two lines
            ctx.used.append(line)
            continue
        if ctx.title is None and ctx.used and _same_band(line, ctx.used[-1]):
            # an org line printed without a label, on the unit line's band
            ctx.org_line = ctx.org_line or text
            ctx.used.append(line)
            continue
        break
    return ctx


def read_notes(
    lines_below: list[PageText], table_bottom: float, gap: float, table_right: float = float("inf")
) -> tuple[str | None, list[PageText]]:
    """Note lines directly under a table, one item per ``\\n``, wrapped lines joined."""
    items: list[str] = []
    used: list[PageText] = []
    last_bottom = table_bottom
    for line in lines_below:
        if line.top - last_bottom > gap:
            break
        if NOTE_START.match(line.text) or (items and NOTE_ITEM.match(line.text)):
            items.append(line.text)
        elif items and _wraps_on(line, used[0], used[-1], table_right):
            items[-1] += line.text
        else:
            break
        used.append(line)
        last_bottom = line.bottom
    return ("\n".join(items) if items else None), used


def _wraps_on(line: PageText, first: PageText, previous: PageText, right: float) -> bool:
    """A wrapped note line: in the note's font size, close under a previous line that
    ran to the right edge, not indented past the note's start, not a table title."""
    size = max(first.size, 1.0)
    same_size = abs(line.size - first.size) <= 0.5
    close = line.top - previous.bottom < 1.2 * max(previous.bottom - previous.top, 1.0)
    previous_full = previous.x1 >= min(right, max(previous.x1, line.x1)) - 2 * size
    return same_size and close and previous_full and line.x0 <= first.x0 + size and not TITLE.search(line.text)


def _split_period(text: str) -> tuple[str, str | None]:
    """``部门名称：某中心 2024年度`` printed as one line → (org line, period)."""
    match = TRAILING_PERIOD.search(text)
    if not match:
        return text, None
    return text[: match.start()].strip(), match.group(1)


def _starts_title(line: PageText, title: PageText, phrase: bool = True) -> bool:
    """The line just above a title that begins it: same size, centred on the same axis,
    no gap wider than a line, and (``phrase``) no sentence or table title of its own."""
    size = max(title.size, 1.0)
    same_size = abs(line.size - title.size) <= 0.5
    close = 0 <= title.top - line.bottom < 1.0 * max(title.bottom - title.top, size)
    centred = abs((line.x0 + line.x1) - (title.x0 + title.x1)) / 2 <= size
    words = len(line.text) <= 30 and not re.search(r"[。；;，,：:]", line.text) and not TITLE.search(line.text)
    return same_size and close and centred and (words or not phrase) and line.page == title.page


def _same_band(a: PageText, b: PageText) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
