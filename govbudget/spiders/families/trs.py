"""TRS WCM static lists: ``index.shtml``, ``index_1.shtml`` … paged by ``createPageHTML``.

Two signatures occur. ``createPageHTML(count, current, "index", "shtml")`` counts
pages from 0, so page n+1 is ``index_{n+1}``. The six-argument form
``createPageHTML('page_div', count, current, 'list', 'shtml', total)`` counts from 1
and page 2 is ``list_2`` (registry param ``first_suffix`` overrides it for sites where
page 2 is ``_1``). Deep pages may be ~350-byte stubs without rows: paging stops there.

Params: ``row_xpath`` (rows holding one article link each), ``first_suffix``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urljoin

import scrapy

from govbudget.spiders.families.base import PortalSpider
from govbudget.spiders.registry import Family

_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)")


@dataclass(frozen=True)
class TrsPaging:
    count: int
    current: int  # as printed
    prefix: str
    ext: str
    one_based: bool

    def next_name(self, first_suffix: int | None = None) -> str | None:
        page = self.current + 1 if self.one_based else self.current + 2  # the next page, 1-based
        if page > self.count:
            return None
        first = first_suffix if first_suffix is not None else (2 if self.one_based else 1)
        return f"{self.prefix}_{page - 2 + first}.{self.ext}"


def read_paging(html: str) -> TrsPaging | None:
    """The arguments of the page's ``createPageHTML`` call."""
    match = _CREATE_PAGE.search(html)
    if not match:
        return None
    args = [a.strip().strip("'\"") for a in match.group(1).split(",")]
    try:
        if len(args) == 4:
            return TrsPaging(int(args[0]), int(args[1]), args[2], args[3], one_based=False)
        if len(args) >= 5:
            return TrsPaging(int(args[1]), int(args[2]), args[3], args[4], one_based=True)
    except ValueError:
        return None
    return None


class TrsSpider(PortalSpider):
    family = Family.trs

    def next_pages(self, response) -> Iterable[scrapy.Request]:
        paging = read_paging(response.text)
        if paging is None:
            yield from super().next_pages(response)
            return
        name = paging.next_name(self.params.get("first_suffix"))
        if name:
            yield self.page_request(urljoin(response.url, name), self.parse_list)
