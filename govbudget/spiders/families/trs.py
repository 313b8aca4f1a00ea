"""TRS WCM static lists: ``index.shtml``, ``index_1.shtml`` … paged by a JavaScript pager.

The first page's pager (see :mod:`govbudget.spiders.paging`) gives the page count and
naming, and the spider walks ``_1, _2, …`` up to it. Page 2 is ``_1`` on some sites and
``_2`` on others, and middle pages go missing, so a 404 is passed over once (two in a
row end the list); a page without rows (the ~350-byte stubs deep in a column) or one
repeating rows already seen ends it. Without a readable count the spider follows a 下一页
link, else probes the same walk up to ``max_pages``. The registry's ``first_suffix``
fixes page 2's suffix. The method used per portal (pager-script, next-link, probe,
single-page) is in the crawl report.

Params: ``row_xpath`` (rows holding one article link each), ``first_suffix`` (the suffix
of page 2), ``page_name`` (``index.html``: the naming when neither URL nor pager says),
``next_text`` (下一页), ``column_text`` (see ``families.base``), ``max_pages`` (500).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator
from urllib.parse import urljoin

import scrapy

from govbudget.spiders.families.base import PortalSpider, next_link
from govbudget.spiders.paging import Naming, common_extension, page_suffix, read_pager, url_naming
from govbudget.spiders.registry import Family

PARAMS = ("row_xpath", "first_suffix", "page_name", "max_pages")
_MAX_MISSES = 2  # one 404 is passed over (page 2 may be _2, a middle page may be gone), two end the list


class TrsSpider(PortalSpider):
    family = Family.trs

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._seen_rows: set[str] = set()

    def parse_list(self, response, walk: tuple[Naming, int, int] | None = None, misses: int = 0,
                   mode: str | None = None) -> Iterator[Any]:
        """``walk`` = (naming, this page's suffix, last suffix) for pages reached by walking."""
        missing = response.status == 404 or not hasattr(response, "selector")
        entries = [] if missing else list(self.list_entries(response))
        if walk is None and mode is None and (hub := self.column_requests(response, entries)):
            yield from hub
            return
        new = [e for e in entries if e.url not in self._seen_rows]
        self._seen_rows.update(e.url for e in entries if e.url)
        if missing:
            self.missing_pages.append(response.url)
        for entry in new:
            yield from self.follow(entry, response.url)
        if walk is not None:
            naming, suffix, last = walk
            misses = misses + 1 if missing else 0
            if (new or missing) and misses < _MAX_MISSES and suffix < last:
                yield self._page(response.url, naming, suffix + 1, last, misses)
        elif mode == "next":
            if entries:
                yield from self._next_link(response)
        else:
            yield from self._first_page(response, bool(entries))

    def _first_page(self, response, has_rows: bool) -> Iterable[scrapy.Request]:
        pager = read_pager(response.text) if has_rows else None
        naming = (pager.naming if pager else None) or self._naming(response.url, response)
        first = self.params.get("first_suffix")
        start = page_suffix(response.url) + 1 if first is None else first
        if not has_rows or (pager and pager.count is not None and pager.count <= 1):
            self.note_paging("single-page")
        elif pager and pager.count is not None:
            self.note_paging("pager-script")
            pages = min(pager.count, self._max_pages())
            last = start + pages - 2 if first is not None else pages  # _1 … _count covers page 2 = _1 or _2
            yield self._page(response.url, naming, start, last, 0)
        elif next_link(response.selector, response.url, self.params.get("next_text", "下一页")):
            self.note_paging("next-link")
            yield from self._next_link(response)
        else:
            self.note_paging("probe")
            yield self._page(response.url, naming, start, self._max_pages(), 0)

    def _next_link(self, response) -> Iterable[scrapy.Request]:
        url = next_link(response.selector, response.url, self.params.get("next_text", "下一页"))
        if url:
            yield self.page_request(url, self.parse_list, mode="next")

    def _page(self, list_url: str, naming: Naming, suffix: int, last: int, misses: int) -> scrapy.Request:
        request = self.page_request(urljoin(list_url, naming.name(suffix)), self.parse_list,
                                    walk=(naming, suffix, last), misses=misses)
        request.meta["handle_httpstatus_list"] = [404]  # a missing page is an answer, not a failure
        return request

    def _naming(self, url: str, response) -> Naming:
        """``page_name``, else the URL's file name, else index.<the extension the page's links use>."""
        if self.params.get("page_name"):
            return url_naming("/" + self.params["page_name"])
        return url_naming(url, common_extension([e.url for e in self.list_entries(response) if e.url]))

    def _max_pages(self) -> int:
        return int(self.params.get("max_pages", 500))
