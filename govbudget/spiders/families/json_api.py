"""JSON list APIs of disclosure platforms, walked over a declared parameter space.

Real platforms need several parameters at once (division code × 预算/决算 × year ×
page). The registry declares each in ``query``: a fixed value, a list, a
``{range: [2019, 2026]}``, or ``{from_config: KEY}`` read from the start page's JS
config (``window._CONFIG = {…}``; a list there gives every value). Every
combination is walked page by page (``page_param`` from ``first_page``) until the
stated page count, an empty page, or a page repeating known records. The start
URL's own query is kept on every API request (``query`` overrides it). ``{name}``
placeholders in ``list_api`` take the values in the path instead of the query.

Records are found at ``records_path`` (dotted), else as the first list of objects in
the body; fields at ``title_key`` … (dotted, inside a record), else among the names
platforms use. Records with attachments go straight to the files; records without go
through their article page.

Params: see :class:`govbudget.spiders.params.JsonApiParams`. Without ``list_api`` the
start page is read as a generic list.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

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
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CONFIG_PAIR = re.compile(
    r"""["']?([A-Za-z_$][\w$]*)["']?\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|(-?\d+)(?![\w.])|\[([^\]]*)\])"""
)


def at_path(data: Any, path: str) -> Any:
    """The value at a dotted path (``result.list``, ``files.0.url``), None when absent."""
    for part in path.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def find_records(data: Any, path: str | None = None) -> list[dict]:
    """The record list: at ``path`` when given, else the first list of objects, breadth first."""
    if path:
        found = at_path(data, path)
        return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []
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
    if override:
        value = at_path(record, override)
        return None if value in (None, "", []) else value
    for key in keys:
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
        file_url = item if isinstance(item, str) else pick(item, FILE_URL_KEYS, params.get("file_url_key")) if isinstance(item, dict) else None
        name = pick(item, FILE_NAME_KEYS, params.get("file_name_key")) if isinstance(item, dict) else None
        if isinstance(file_url, str):
            attachments.append((urljoin(base_url, file_url), name))
    return ListEntry(
        url=urljoin(base_url, url) if isinstance(url, str) else None,
        title=title.strip(),
        date=iso_date(str(pick(record, DATE_KEYS, params.get("date_key")) or "")),
        source_unit=pick(record, UNIT_KEYS, params.get("unit_key")),
        attachments=tuple(attachments),
    )


def page_count(data: Any, path: str | None = None) -> int | None:
    """The number of pages an API body states, at ``path``, directly or as total / page size."""
    if path:
        value = at_path(data, path)
        return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else None
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


def js_config(html: str) -> dict[str, str | list[str]]:
    """``key: value`` pairs of a page's inline JS config objects (``window._CONFIG = {…}``), flattened."""
    values: dict[str, str | list[str]] = {}
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S | re.I):
        for key, dq, sq, number, array in _CONFIG_PAIR.findall(script):
            if array:
                values.setdefault(key, [v.strip().strip("'\"") for v in array.split(",") if v.strip()])
            else:
                values.setdefault(key, dq or sq or number)
    return values


def expand(query: dict[str, Any], config: dict[str, str | list[str]]) -> tuple[list[dict[str, str]], list[str]]:
    """Every combination of the declared values, and the config keys the start page lacked."""
    choices: dict[str, list[str]] = {}
    missing: list[str] = []
    for name, spec in query.items():
        if isinstance(spec, dict) and "range" in spec:
            low, high = sorted(spec["range"])
            choices[name] = [str(v) for v in range(low, high + 1)]
        elif isinstance(spec, dict) and "from_config" in spec:
            key = spec["from_config"].rsplit(".", 1)[-1]
            value = config.get(key)
            if value in (None, "", []):
                missing.append(spec["from_config"])
            choices[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        elif isinstance(spec, list):
            choices[name] = [str(v) for v in spec]
        else:
            choices[name] = [str(spec)]
    names = list(choices)
    return [dict(zip(names, combo)) for combo in itertools.product(*(choices[n] for n in names))], missing


def needs_config(query: dict[str, Any]) -> bool:
    return any(isinstance(spec, dict) and "from_config" in spec for spec in query.values())


class JsonApiSpider(PortalSpider):
    family = Family.json_api

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._seen_records: set[tuple[str | None, str]] = set()

    def first_requests(self, start_url: str) -> Iterable[scrapy.Request]:
        if not self.params.get("list_api"):
            yield from super().first_requests(start_url)
        elif needs_config(self.params.get("query", {})):
            yield self.page_request(start_url, self.parse_start)
        else:
            yield from self._walks(start_url, {})

    def parse_start(self, response) -> Iterator[Any]:
        yield from self._walks(response.url, js_config(response.text))

    def _walks(self, start_url: str, config: dict) -> Iterator[Any]:
        combos, missing = expand(self.params.get("query", {}), config)
        if missing:
            yield FailedFetch(self.name, start_url, f"start page has no JS config value for {', '.join(missing)}", attachment=False)
            return
        for combo in combos:
            yield self._api_request(start_url, combo, int(self.params.get("first_page", 1)))

    def parse_api(self, response, start_url: str, combo: dict[str, str], page: int) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
        except ValueError:
            yield FailedFetch(self.name, response.url, "list API answered with something that is not JSON", attachment=False)
            return
        entries = [e for r in find_records(data, self.params.get("records_path")) if (e := record_entry(r, response.url, self.params))]
        new = [e for e in entries if (e.url, e.title, e.attachments) not in self._seen_records]
        self._seen_records.update((e.url, e.title, e.attachments) for e in entries)
        for entry in new:
            yield from self.follow(entry, response.url)
        pages = page_count(data, self.params.get("pages_key"))
        if entries:
            self.note_paging("api-page-count" if pages is not None else "api-until-empty")
        # stop on an empty page, on the last page, and on APIs that repeat their last page forever
        last = int(self.params.get("first_page", 1)) + (pages - 1 if pages is not None else 10**9)
        if new and page < last and page - int(self.params.get("first_page", 1)) + 1 < int(self.params.get("max_pages", 500)):
            yield self._api_request(start_url, combo, page + 1)

    def _api_request(self, start_url: str, combo: dict[str, str], page: int) -> scrapy.Request:
        api = self.params["list_api"]
        values = {**combo, "page": str(page)}
        in_path = set(_PLACEHOLDER.findall(api))
        url = urljoin(start_url, _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), api))
        parts = urlsplit(url)
        query = dict(parse_qsl(urlsplit(start_url).query, keep_blank_values=True))  # the start URL's query is kept
        query.update(parse_qsl(parts.query, keep_blank_values=True))
        query.update({k: v for k, v in combo.items() if k not in in_path})
        if "page" not in in_path:
            query[self.params.get("page_param", "page")] = str(page)
        if self.params.get("page_size_param") and self.params.get("page_size"):
            query[self.params["page_size_param"]] = str(self.params["page_size"])
        kwargs = {"start_url": start_url, "combo": combo, "page": page}
        if self.params.get("method", "GET") == "POST":
            return scrapy.FormRequest(urlunsplit(parts._replace(query="")), formdata=query, callback=self.parse_api,
                                      errback=self.fetch_failed, meta=self.robots_meta(), cb_kwargs=kwargs)
        return self.page_request(urlunsplit(parts._replace(query=urlencode(query))), self.parse_api, **kwargs)
