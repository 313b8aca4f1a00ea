"""Hanweb 大汉 jpage columns: ``/col/col{C}/index.html`` plus POSTs to ``dataproxy.jsp``.

The column page embeds the first record group as ``<datastore>`` XML in a script
tag; later groups come from ``POST {proxy}?startrecord=&endrecord=&perpage=`` with
the column/unit/web ids in the form. Records are CDATA-wrapped ``<li>`` fragments.
Ids are read from the page unless the registry gives them; an empty datastore
(the ~54-byte body deep in a column) ends the walk.

Params: ``columnid``, ``unitid``, ``webid``, ``perpage`` (15), ``group_pages`` (3),
``proxy_path`` (``/module/web/jpage/dataproxy.jsp``).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator
from urllib.parse import urljoin

import scrapy
from parsel import Selector

from spiders.article import first_group
from spiders.families.base import ListEntry, PortalSpider, links_as_entries
from spiders.registry import Family

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"


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
    }


class HanwebSpider(PortalSpider):
    family = Family.hanweb

    def list_entries(self, response) -> Iterable[ListEntry]:
        return jpage_records(response.text, response.url)

    def next_pages(self, response) -> Iterator[scrapy.Request]:
        ids = {**jpage_ids(response.text, response.url), **{k: str(v) for k, v in self.params.items() if v is not None}}
        perpage = int(ids.get("perpage") or 15)
        group = perpage * int(ids.get("group_pages") or 3)
        start = len(_RECORD.findall(response.text)) + 1
        if ids.get("total") is not None and start > int(ids["total"]):
            return
        yield from self._group_request(response.url, ids, start, group, perpage)

    def parse_group(self, response, column_url: str, ids: dict, start: int, group: int, perpage: int):
        entries = jpage_records(response.text, column_url)
        for entry in entries:
            yield from self.follow(entry, response.url)
        total = first_group(r"<totalrecord>(\d+)<", response.text)
        next_start = start + group
        if entries and (total is None or next_start <= int(total)):
            yield from self._group_request(column_url, ids, next_start, group, perpage)

    def _group_request(self, column_url: str, ids: dict, start: int, group: int, perpage: int):
        proxy = urljoin(column_url, ids.get("proxy_path") or _DEFAULT_PROXY)
        form = {
            "col": "1", "appid": "1", "webid": ids.get("webid") or "1", "path": "/",
            "columnid": ids.get("columnid") or "", "sourceContentType": "1",
            "unitid": ids.get("unitid") or "", "webname": "", "permissiontype": "0",
        }
        yield scrapy.FormRequest(
            f"{proxy}?startrecord={start}&endrecord={start + group - 1}&perpage={perpage}",
            formdata=form,
            callback=self.parse_group,
            errback=self.fetch_failed,
            meta=self.robots_meta(),
            cb_kwargs={"column_url": column_url, "ids": ids, "start": start, "group": group, "perpage": perpage},
        )
