"""Document metadata from the cover lines, titles and performance forms.

Publisher, year, kind and scope come from the cover (``阳泉市12315投诉举报中心`` /
``2025年度单位预算公开``); the parent department and its code from the forms'
``主管部门及代码  029-阳泉市市场监督管理局``; the region from the names, with a small
data file placing cities in provinces. Anything not printed stays None.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from govbudget.schema import PerformanceTarget
from govbudget.schema.vocab import DOC_KIND_WORDS, SCOPE_WORDS
from govbudget.parsers.page_model import TextLine

COVER_LINES = 40
COVER_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<scope>部门|单位)?\s*(?P<kind>预算|决算)")
CODED_NAME = re.compile(r"^\s*(?P<code>\d{2,9})\s*[-－—–]\s*(?P<name>\S.*)$")
COUNTY = re.compile(r"^(?P<county>[\u4e00-\u9fa5]{2,4}?(?:县|区|旗))")
NOT_COUNTIES = {"社区", "园区", "景区", "辖区", "城区", "片区", "新区"}
REGIONS_FILE = Path(__file__).parent / "data" / "regions.json"


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    publisher_code: str | None = None
    parent_department: str | None = None
    parent_code: str | None = None
    region: list[str] = field(default_factory=list)
    admin_level: str | None = None
    fiscal_year: int | None = None
    kind: str | None = None
    scope: str | None = None


@lru_cache(maxsize=1)
def regions() -> dict:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


def split_coded_name(text: str | None) -> tuple[str | None, str | None]:
    """``029-阳泉市市场监督管理局`` → ('029', '阳泉市市场监督管理局'); a bare name keeps code None."""
    if not text or not text.strip():
        return None, None
    match = CODED_NAME.match(text)
    if match:
        return match.group("code"), match.group("name").strip()
    return None, text.strip()


def read_cover(lines: list[TextLine]) -> Metadata:
    meta = Metadata()
    cover = [ln.text.strip() for ln in lines[:COVER_LINES] if ln.text.strip()]
    for i, text in enumerate(cover):
        match = COVER_TITLE.search(text)
        if not match:
            continue
        meta.fiscal_year = int(match.group("year"))
        meta.kind = DOC_KIND_WORDS[match.group("kind")].value
        scope = SCOPE_WORDS.get(match.group("scope") or "")
        meta.scope = scope.value if scope else None
        before = text[: match.start()].strip()
        publisher = before or _previous_name(cover[:i])
        meta.publisher = publisher
        if publisher:
            meta.title = re.sub(r"\s+", "", publisher + text[match.start():] if before else publisher + text)
        return meta
    return meta


def _previous_name(lines: list[str]) -> str | None:
    for text in reversed(lines):
        if re.fullmatch(r"附件\s*\d*|目\s*录|\d+", text):
            continue
        return text
    return None


def read_parent(targets: Iterable[PerformanceTarget], publisher: str | None) -> tuple[str | None, str | None, str | None]:
    """(parent department, its code, the publisher's own code) from the project forms.

    An overall-performance form names the department itself, not its parent; so does a
    department's own budget, whose project forms give the publisher as 主管部门.
    """
    parent = parent_code = publisher_code = None
    for target in targets:
        own = publisher is not None and target.department == publisher
        if target.project and target.department and parent is None and not own:
            parent, parent_code = target.department, target.department_code
        unit_code, unit = split_coded_name(target.implementing_unit)
        if unit_code and publisher and unit == publisher:
            publisher_code = publisher_code or unit_code
    return parent, parent_code, publisher_code


def read_region(names: list[str | None], text: str) -> tuple[list[str], str | None]:
    """Region path and admin level from the publisher's (then parent's) name.

    A county's prefecture city, when its name does not say, is the city of the
    data file most mentioned in the document's own text.
    """
    data = regions()
    provinces: dict[str, list[str]] = data["provinces"]
    for name in [n for n in names if n]:
        province = next((p for p in provinces if name.startswith(p)), None)
        if province is None:
            short = next((s for s in data["short_names"] if name.startswith(s)), None)
            province = data["short_names"].get(short) if short else None
        rest = name
        if province:
            rest = rest[len(province):] if rest.startswith(province) else rest[len(short or ""):]
        city = next((c for p in provinces for c in provinces[p] if rest.startswith(c)), None)
        if city:
            province = province or next(p for p in provinces if city in provinces[p])
            rest = rest[len(city):]
        county_match = COUNTY.match(rest)
        county = county_match.group("county") if county_match and county_match.group("county") not in NOT_COUNTIES else None
        if county and not city:
            city = _most_mentioned_city(text, province)
            if city:
                province = province or next(p for p in provinces if city in provinces[p])
        path = [x for x in (province, city, county) if x]
        if not path:
            continue
        level = "county" if county else "city" if city else "province"
        return path, level
    return [], None


def _most_mentioned_city(text: str, province: str | None) -> str | None:
    provinces: dict[str, list[str]] = regions()["provinces"]
    candidates = provinces.get(province, []) if province else [c for cs in provinces.values() for c in cs]
    counts = Counter({c: text.count(c) for c in candidates})
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


def read_metadata(lines: list[TextLine], targets: list[PerformanceTarget], table_text: str = "") -> Metadata:
    """``table_text``: the tables' cell text, searched with the lines for place names."""
    meta = read_cover(lines)
    meta.parent_department, meta.parent_code, meta.publisher_code = read_parent(targets, meta.publisher)
    text = "\n".join(ln.text for ln in lines) + "\n" + table_text
    meta.region, meta.admin_level = read_region([meta.publisher, meta.parent_department], text)
    return meta
