"""Headline figures of the explanation text (情况说明) → :class:`NarrativeFact`.

The text is cut into clauses; a fact is a known phrase followed closely by a
number and its unit (``基本支出167.73万元``). A change (``比上年增加19.25万元，增长
10.98%``) or a share (``占86.18%``) in the same clause or the one right after is
attached as ``<key>.share`` to the figure it follows, and a change to the
clause's headline (first) figure as ``<key>.change`` / ``<key>.change_pct``.
Wording no rule knows yields no fact: nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import NarrativeFact
from govbudget.schema.amounts import UNIT_FACTORS, parse_decimal
from govbudget.parsers.page_model import TextLine

_NUMBER = r"(-?\d[\d,，]*(?:\.\d+)?)"
_AMOUNT = r"(?P<num>-?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
_VERBS = r"增加|减少|增长|下降|降低|上升"
_GAP = r"(?:(?!" + _VERBS + r"|比)[^，,；;。：:\d%]){0,14}?"
MONEY = re.compile(_NUMBER + r"\s*(亿元|万元|元)")

# (key, phrase). Order matters inside one clause: the first phrase that matches wins.
FACT_PHRASES: tuple[tuple[str, str], ...] = (
    ("three_public.vehicle", r"公务用车购置及运行(维护)?费"),
    ("three_public.vehicle.purchase", r"公务用车购置(费)?(支出)?"),
    ("three_public.vehicle.operation", r"公务用车运行(维护)?费?(支出)?"),
    ("three_public.outbound_travel", r"因公出国[(（]境[)）]费(用)?(支出)?"),
    ("three_public.reception", r"公务接待费(支出)?"),
    ("three_public.total", r"[“\"]?三公[”\"]?经费(财政拨款)?(支出)?(预算|全年预算|决算)?(数)?"),
    ("operating_costs", r"机关运行经费(财政拨款)?(预算|支出|决算)?"),
    ("procurement.goods", r"政府采购货物(预算|支出)?"),
    ("procurement.works", r"政府采购工程(预算|支出)?"),
    ("procurement.services", r"政府采购服务(预算|支出)?"),
    ("procurement.total", r"政府采购(预算|支出)?总额"),
    ("fiscal_grant.total", r"财政拨款(收支总预算|收入总计|收支预算总计)"),
    ("fiscal_grant.income", r"财政拨款收入预算"),
    ("fiscal_grant.expenditure_total", r"财政拨款(支出总计|支出预算)"),
    ("general_budget.expenditure", r"一般公共预算(财政拨款)?(当年|决算)?支出(?!年初)"),
    ("general_budget.income", r"一般公共预算(财政)?拨款收入"),
    ("income.total", r"(预算)?收入(总计|总预算)"),
    ("expenditure.total", r"(预算)?支出(总计|总预算)|^[^，,]*支出预算(?=\d)"),
    ("income.this_year", r"本年收入(合计)?(?!安排)"),
    ("expenditure.this_year", r"本年支出(合计)?|本年预算安排"),
    ("income.total", r"收入合计|预算收入(?=\d)"),
    ("expenditure.total", r"支出合计"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("personnel", r"人员(经费|支出)"),
    ("public", r"(日常)?公用(经费|支出)"),
)
MONEY_FACTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile("(?:" + phrase + ")" + _GAP + r"(?:为|是)?\s*" + _AMOUNT)) for key, phrase in FACT_PHRASES
)
# The same phrases, ending where a change verb follows them.
PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile("(?:" + phrase + ")" + _GAP + "$")) for key, phrase in FACT_PHRASES
)
COUNT_FACTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("vehicles.quota", re.compile(r"公务用车编制" + _NUMBER + r"\s*辆"), "辆"),
    ("vehicles.actual", re.compile(r"(?:实有|共有车辆|共有公务用车)" + _NUMBER + r"\s*辆"), "辆"),
    ("office_floor_area", re.compile(r"(?:办公用房)?建筑总?面积" + _NUMBER + r"\s*平方米"), "平方米"),
)
CHANGE = re.compile(
    r"(" + _VERBS + r")\s*" + _NUMBER + r"\s*(亿元|万元|元|%)"
)
SHARE = re.compile(r"占(?:比)?[^，,；;。\d]{0,14}?" + _NUMBER + r"\s*%")
SENTENCE_SPLIT = re.compile(r"[。\n]")
CLAUSE_SPLIT = re.compile(r"[；;]")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
THREE_PUBLIC_ONLY = ("three_public.",)


@dataclass(slots=True)
class Clause:
    text: str
    page: int
    in_three_public: bool
    sentence: str = ""  # the sentence (to 。; with the one before when it opens 其中) facts quote


def paragraphs(lines: Iterable[TextLine]) -> Iterator[tuple[str, int]]:
    """Printed lines re-joined into paragraphs, each with the page it starts on.

    A paragraph starts at a heading, at a change of font size, or at an indented
    first line (indent of about one character beyond the page's left margin).
    """
    lines = list(lines)
    margins: dict[int, float] = {}
    for ln in lines:
        margins[ln.page] = min(margins.get(ln.page, ln.x0), ln.x0)
    text, page, size = "", 0, None
    for ln in lines:
        stripped = ln.text.strip()
        if not stripped:
            continue
        indented = ln.x0 - margins[ln.page] >= 0.8 * (ln.size or 1)
        if text and (indented or HEADING.match(stripped) or size is None or abs(ln.size - size) > 0.5):
            yield text, page
            text = ""
        if not text:
            page, size = ln.page, ln.size
        text += stripped
    if text:
        yield text, page


def clauses(lines: Iterable[TextLine]) -> list[Clause]:
    """Sentences of the text with their page, knowing whether they sit under a “三公” heading."""
    out: list[Clause] = []
    in_three_public = False
    for text, page in paragraphs(lines):
        if HEADING.match(text):
            in_three_public = "三公" in text
        previous = ""
        for sentence in (s.strip() for s in SENTENCE_SPLIT.split(text)):
            # "…支出X万元。其中：基本支出…" lists the parts of the sentence before
            context = f"{previous}。{sentence}" if sentence.startswith("其中") and previous else sentence
            for part in CLAUSE_SPLIT.split(sentence):
                if part.strip():
                    out.append(Clause(part.strip(), page, in_three_public or "三公" in part, context))
            previous = context if sentence else previous
    return out


def money_value(number: str, unit: str) -> Decimal | None:
    value = parse_decimal(number.replace("，", ""))
    return None if value is None else value * UNIT_FACTORS[unit]


def read_facts(lines: Iterable[TextLine], doc_id: str) -> list[NarrativeFact]:
    """Every headline figure stated in the text, first statement of each key first."""
    facts: list[NarrativeFact] = []
    for clause in clauses(lines):
        facts.extend(_clause_facts(clause, doc_id))
    return facts


def _clause_facts(clause: Clause, doc_id: str) -> list[NarrativeFact]:
    facts: list[tuple[int, NarrativeFact]] = []
    text = clause.text
    taken: list[tuple[int, int]] = []
    for key, pattern in MONEY_FACTS:
        if key.startswith(THREE_PUBLIC_ONLY) and not clause.in_three_public:
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            number, unit = match.group("num"), match.group("unit")
            facts.append((span[0], _fact(doc_id, key, number, unit, money_value(number, unit), clause)))
            share = SHARE.match(text[span[1]:].lstrip("，, "))
            if share:
                value = parse_decimal(share.group(1))
                facts.append((span[0], _fact(doc_id, f"{key}.share", share.group(1), "%", value, clause)))
    facts.sort(key=lambda item: item[0])
    found = [fact for _, fact in facts]
    found.extend(_changes(text, found[0].key if found else None, clause, doc_id))
    for key, pattern, unit in COUNT_FACTS:
        for match in pattern.finditer(text):
            number = match.group(1)
            found.append(_fact(doc_id, key, number, unit, parse_decimal(number), clause))
    return found


def _changes(text: str, headline: str | None, clause: Clause, doc_id: str) -> list[NarrativeFact]:
    """比上年增加 X 万元，增长 Y%: the change of the figure named right before the verb
    (``收入总计减少39.43万元``), else of the clause's headline figure."""
    facts: list[NarrativeFact] = []
    key = headline
    for change in CHANGE.finditer(text):
        key = _named_before(text[: change.start()]) or key
        if key is None:
            continue
        direction, number, unit = change.groups()
        sign = Decimal(-1) if direction in ("减少", "下降", "降低") else Decimal(1)
        value = parse_decimal(number)
        if value is None:
            continue
        if unit == "%":
            facts.append(_fact(doc_id, f"{key}.change_pct", number, "%", sign * value, clause))
        else:
            facts.append(_fact(doc_id, f"{key}.change", number, unit, sign * value * UNIT_FACTORS[unit], clause))
    return facts


def _named_before(text: str) -> str | None:
    """The fact key whose phrase ends right where a change verb starts."""
    for key, pattern in PHRASES:
        if pattern.search(text):
            return key
    return None


def _fact(doc_id: str, key: str, text: str, unit: str, value: Decimal | None, clause: Clause) -> NarrativeFact:
    return NarrativeFact(
        doc_id=doc_id, key=key, value_text=text, unit=unit, value=value, page=clause.page,
        sentence=clause.sentence or clause.text,
    )
