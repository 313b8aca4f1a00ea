"""Paged JSON list APIs of provincial platforms, records carrying their attachments.

Field names vary by platform, so records are found as the first list of objects
in the body and fields are looked up among the names platforms use; the registry
can name them exactly. Records with attachments go straight to the files; records
without go through their article page.

Params: ``list_api`` (path or URL with ``{page}``), ``first_page`` (1),
``records_path`` (dotted), ``title_key``, ``url_key``, ``date_key``, ``unit_key``,
``attachments_key``, ``max_pages`` (500). Without ``list_api`` the start page is read
as a generic list.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin

import scrapy

from govbudget.spiders.article import iso_date
from govbudget.spiders.families.base import ListEntry, PortalSpider
from govbudget.spiders.items import FailedFetch
from govbudget.spiders.registry import Family

TITLE_KEYS = ("title", "docTitle", "name", "bt", "wjmc", "subject")
URL_KEYS = ("url", "link", "href", "detailUrl", "articleUrl", "path")
DATE_KEYS = ("publishDate", "pubDate", "publishTime", "date", "fbrq", "createTime", "releaseTime")
UNIT_KEYS = ("unitName", "unit", "deptName", "source", "agencyName", "publisher")
ATTACHMENT_KEYS = ("attachments", "files", "fileList", "attachList", "attachs", "fj")
FILE_URL_KEYS = ("filePath", "fileUrl", "url", "path", "href", "downloadUrl", "link")
FILE_NAME_KEYS = ("fileName", "name", "title", "originalName")


def find_records(data: Any, path: str | None = None) -> list[dict]:
    """The record list: at ``path`` when given, else the first list of objects, breadth first."""
    if path:
        for part in path.split("."):
            data = data.get(part, []) if isinstance(data, dict) else []
        return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []
    queue = [data]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list) and node and all(isinstance(r, dict) for r in node):
            if any(pick(r, TITLE_KEYS) for r in node):
                return node
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        queue.extend(c for c in children if isinstance(c, (dict, list)))
    return []


def pick(record: dict, keys: tuple[str, ...], override: str | None = None) -> Any:
    for key in (override,) if override else keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def record_entry(record: dict, base_url: str, params: dict) -> ListEntry | None:
    title = pick(record, TITLE_KEYS, params.get("title_key"))
    if not isinstance(title, str):
        return None
    url = pick(record, URL_KEYS, params.get("url_key"))
    files = pick(record, ATTACHMENT_KEYS, params.get("attachments_key")) or []
    attachments = []
    for item in files if isinstance(files, list) else [files]:
        file_url = item if isinstance(item, str) else pick(item, FILE_URL_KEYS) if isinstance(item, dict) else None
        name = pick(item, FILE_NAME_KEYS) if isinstance(item, dict) else None
        if isinstance(file_url, str):
            attachments.append((urljoin(base_url, file_url), name))
    return ListEntry(
        url=urljoin(base_url, url) if isinstance(url, str) else None,
        title=title.strip(),
        date=iso_date(str(pick(record, DATE_KEYS, params.get("date_key")) or "")),
        source_unit=pick(record, UNIT_KEYS, params.get("unit_key")),
        attachments=tuple(attachments),
    )


def page_count(data: Any) -> int | None:
    """The number of pages an API body states, directly or as total / page size."""
    queue = [data]
    while queue:
        node = queue.pop(0)
        if not isinstance(node, dict):
            continue
        for key in ("pages", "totalPage", "totalPages", "pageCount"):
            if isinstance(node.get(key), int):
                return node[key]
        total = next((node[k] for k in ("total", "totalCount", "totalRecord") if isinstance(node.get(k), int)), None)
        size = next((node[k] for k in ("pageSize", "size", "rows", "limit") if isinstance(node.get(k), int)), None)
        if total is not None and size:
            return -(-total // size)
        queue.extend(v for v in node.values() if isinstance(v, dict))
    return None


class JsonApiSpider(PortalSpider):
    family = Family.json_api

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._seen_records: set[tuple[str | None, str]] = set()

    def first_requests(self, start_url: str) -> Iterable[scrapy.Request]:
        if not self.params.get("list_api"):
            yield from super().first_requests(start_url)
            return
        yield self._api_request(start_url, int(self.params.get("first_page", 1)))

    def parse_api(self, response, start_url: str, page: int) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
        except ValueError:
            yield FailedFetch(self.name, response.url, "list API answered with something that is not JSON", attachment=False)
            return
        entries = [e for r in find_records(data, self.params.get("records_path")) if (e := record_entry(r, response.url, self.params))]
        new = [e for e in entries if (e.url, e.title) not in self._seen_records]
        self._seen_records.update((e.url, e.title) for e in entries)
        for entry in new:
            yield from self.follow(entry, response.url)
        pages = page_count(data)
        self.note_paging("api-page-count" if pages is not None else "api-until-empty")
        # stop on an empty page, on the last page, and on APIs that repeat their last page forever
        if new and (pages is None or page < pages) and page < int(self.params.get("max_pages", 500)):
            yield self._api_request(start_url, page + 1)

    def _api_request(self, start_url: str, page: int) -> scrapy.Request:
        url = urljoin(start_url, self.params["list_api"].format(page=page))
        return self.page_request(url, self.parse_api, start_url=start_url, page=page)
