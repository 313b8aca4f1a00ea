"""Hanweb 大汉 jpage columns: ``/col/col{C}/index.html`` plus the column's ``dataproxy.jsp``.

The column page embeds the first record group as ``<datastore>`` XML in a script
tag. Later groups come, on current sites, from ``POST /module/web/jpage/dataproxy.jsp
?startrecord=&endrecord=&perpage=`` with the column/unit/web ids in the form; older
sites (proxy under ``/module/jpage/`` or ``/module/jslib/…/jpage/``) answer ``GET
{proxy}?page=N&…`` with the query of the page's ``<nextgroup>`` link, until
``<totalpage>``. Records are CDATA-wrapped ``<li>`` fragments. Ids are read from the
page unless the registry gives them; an empty datastore (the ~54-byte body deep in
a column) or a page repeating the previous one ends the walk.

Params: ``columnid``, ``unitid``, ``webid``, ``perpage`` (15), ``group_pages`` (3),
``proxy_path`` (``/module/web/jpage/dataproxy.jsp``), ``paging`` (``post`` | ``get``;
default: ``post`` for a proxy under ``/module/web/jpage/``, else ``get``; a proxy that
refuses the first POST, or answers it without a datastore, is paged by GET instead),
``max_pages`` (500).
"""

from __future__ import annotations

import logging
import re
from typing import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import scrapy
from parsel import Selector

from govbudget.spiders.article import first_group
from govbudget.spiders.families.base import ListEntry, PortalSpider, links_as_entries
from govbudget.spiders.registry import Family

logger = logging.getLogger(__name__)

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
_POST_PROXY_DIR = "/module/web/jpage/"  # the current jpage, which pages by POSTed record ranges


def jpage_records(text: str, base_url: str) -> list[ListEntry]:
    """The article entries of every CDATA record in a datastore."""
    entries: list[ListEntry] = []
    for fragment in _RECORD.findall(text):
        entries.extend(links_as_entries(Selector(text=f"<ul>{fragment}</ul>"), base_url))
    return entries


def jpage_ids(text: str, url: str) -> dict[str, str | None]:
    return {
        "columnid": first_group(r"columnid[=:'\"\s]+(\d+)", text) or first_group(r"/col/col(\d+)/", url),
        "unitid": first_group(r"unitid[=:'\"\s]+(\d+)", text) or first_group(r"<div[^>]+id=['\"](\d+)['\"]", text),
        "webid": first_group(r"webid[=:'\"\s]+(\d+)", text),
        "perpage": first_group(r"perPage\s*[:=]\s*['\"]?(\d+)", text),
        "total": first_group(r"totalRecord\s*[:=]\s*['\"]?(\d+)", text) or first_group(r"<totalrecord>(\d+)<", text),
        "group_pages": first_group(r"groupSize\s*[:=]\s*['\"]?(\d+)", text),
        "proxy_path": first_group(r"proxyUrl\s*[:=]\s*['\"]([^'\"]+)", text)
        or first_group(r"href=['\"]([^'\"?]*dataproxy\.jsp)", text),
        "nextgroup": first_group(r"<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=['\"]([^'\"]+)", text),
    }


def paging_form(ids: dict[str, str | None]) -> str:
    """``post`` (record ranges) or ``get`` (``?page=N``): the registry's choice, else the proxy's age."""
    if ids.get("paging") in ("post", "get"):
        return ids["paging"]
    return "post" if _POST_PROXY_DIR in (ids.get("proxy_path") or _DEFAULT_PROXY) else "get"


def page_query(ids: dict[str, str | None], page: int) -> str:
    """The query of a ``GET ?page=N`` request: the ``<nextgroup>`` link's, else one built from the ids."""
    nextgroup = (ids.get("nextgroup") or "").replace("&amp;", "&")
    query = dict(parse_qsl(urlsplit(nextgroup).query)) or {
        "appid": "1", "webid": ids.get("webid") or "1", "path": "/", "columnid": ids.get("columnid") or "",
        "unitid": ids.get("unitid") or "", "permissiontype": "0",
    }
    return urlencode({**query, "page": str(page)})


class HanwebSpider(PortalSpider):
    family = Family.hanweb
    stub_ends_list = False  # an old column page may embed no records and still page through its proxy
    follows_columns = False  # the same: a column page without records is paged, not read as a hub

    def list_entries(self, response) -> Iterable[ListEntry]:
        return jpage_records(response.text, response.url)

    def next_pages(self, response) -> Iterator[scrapy.Request]:
        ids = {**jpage_ids(response.text, response.url), **{k: str(v) for k, v in self.params.items() if v is not None}}
        embedded = len(_RECORD.findall(response.text))
        if ids.get("total") is not None and embedded >= int(ids["total"]):
            self.note_paging("single-page")
            return
        self.note_paging(f"jpage-{paging_form(ids)}")
        if paging_form(ids) == "get":
            # page 1 is the embedded group when there is one; a smaller page size only repeats entries
            yield self._page_request(response.url, ids, 2 if embedded else 1, previous=())
            return
        perpage = int(ids.get("perpage") or 15)
        group = perpage * int(ids.get("group_pages") or 3)
        yield self._group_request(response.url, ids, embedded + 1, group, perpage, first=True)

    # -- POST record ranges (current jpage) --
    def parse_group(self, response, column_url: str, ids: dict, start: int, group: int, perpage: int, first: bool):
        if first and "<datastore" not in response.text:  # a proxy that does not take the POST form
            yield self._fallback_to_get(column_url, ids, start, f"answered {len(response.body)} bytes without a datastore")
            return
        entries = jpage_records(response.text, column_url)
        for entry in entries:
            yield from self.follow(entry, response.url)
        total = first_group(r"<totalrecord>(\d+)<", response.text)
        next_start = start + group
        if entries and (total is None or next_start <= int(total)):
            yield self._group_request(column_url, ids, next_start, group, perpage, first=False)

    def group_failed(self, failure) -> Iterator:
        kwargs = failure.request.cb_kwargs
        if kwargs.get("first"):
            yield self._fallback_to_get(kwargs["column_url"], kwargs["ids"], kwargs["start"], str(failure.value))
        else:
            yield from self.fetch_failed(failure)

    def _fallback_to_get(self, column_url: str, ids: dict, start: int, why: str) -> scrapy.Request:
        self.note_paging("jpage-get")
        logger.warning("jpage proxy refused the POST form (%s): paging by GET ?page=", why, extra={"portal": self.name, "url": column_url})
        return self._page_request(column_url, ids, 2 if start > 1 else 1, previous=())

    def _group_request(self, column_url: str, ids: dict, start: int, group: int, perpage: int, first: bool) -> scrapy.Request:
        proxy = urljoin(column_url, ids.get("proxy_path") or _DEFAULT_PROXY)
        form = {
            "col": "1", "appid": "1", "webid": ids.get("webid") or "1", "path": "/",
            "columnid": ids.get("columnid") or "", "sourceContentType": "1",
            "unitid": ids.get("unitid") or "", "webname": "", "permissiontype": "0",
        }
        return scrapy.FormRequest(
            f"{proxy}?startrecord={start}&endrecord={start + group - 1}&perpage={perpage}",
            formdata=form,
            callback=self.parse_group,
            errback=self.group_failed,
            meta=self.robots_meta(),
            cb_kwargs={"column_url": column_url, "ids": ids, "start": start, "group": group, "perpage": perpage, "first": first},
        )

    # -- GET ?page=N (older jpage) --
    def parse_page(self, response, column_url: str, ids: dict, page: int, previous: tuple[str, ...]):
        entries = jpage_records(response.text, column_url)
        for entry in entries:
            yield from self.follow(entry, response.url)
        urls = tuple(e.url or "" for e in entries)
        pages = first_group(r"<totalpage>(\d+)<", response.text)
        more = pages is None or page < int(pages)
        if entries and urls != previous and more and page < int(ids.get("max_pages") or 500):
            yield self._page_request(column_url, ids, page + 1, previous=urls)

    def _page_request(self, column_url: str, ids: dict, page: int, previous: tuple[str, ...]) -> scrapy.Request:
        proxy = urljoin(column_url, ids.get("proxy_path") or _DEFAULT_PROXY)
        return self.page_request(
            f"{proxy}?{page_query(ids, page)}", self.parse_page, column_url=column_url, ids=ids, page=page, previous=previous,
        )
