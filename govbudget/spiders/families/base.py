"""What every portal spider does; families differ only in reading lists and paging.

A spider walks list pages, keeps the entries whose titles announce a disclosure,
reads each article and requests its attachments. It yields items and nothing
else: transport (retries, challenges, cookies, conditional GET) is downloader
middleware, storing and reporting are item pipelines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, Iterable, Iterator
from urllib.parse import urljoin

import scrapy
from parsel import Selector

from govbudget.spiders.article import find_attachments, is_document_url, iso_date, read_article
from govbudget.spiders.classify import PageContext, classify, judge
from govbudget.spiders.filenames import decode_header_value, filename_from_content_disposition, filename_from_url
from govbudget.spiders.items import DocumentContext, FailedFetch, FetchedFile, FoundFile
from govbudget.spiders.middlewares import ARTICLE, ATTACHMENT, BlockedByChallenge, OffsiteSkipped, host_allowed
from govbudget.spiders.registry import Family, Portal

_NAV_ANCESTORS = (
    "ancestor::*[self::nav or self::header or self::footer "
    "or contains(@class,'position') or contains(@class,'crumb') or contains(@class,'page') "
    "or contains(@class,'nav') or contains(@class,'menu')]"
)
_MIN_TITLE_CHARS = 6
# Link texts of disclosure columns on a home or section page (财政预决算, 部门预决算公开, 预算公开).
COLUMN_TEXT = r"预决算|预算公开|决算公开|财政预算|财政决算|部门预算|部门决算"
HUB_DEPTH = "govbudget_hub_depth"  # request meta: column links followed to reach this page
_MAX_HUB_DEPTH = 2
_ELLIPSES = ("…", "...", "..")


@dataclass(frozen=True)
class ListEntry:
    """One row of a list: an article link, or an API record with its attachments."""

    url: str | None
    title: str
    date: str | None = None
    source_unit: str | None = None
    attachments: tuple[tuple[str, str | None], ...] = field(default=())  # (url, name) from APIs


class PortalSpider(scrapy.Spider):
    family: ClassVar[Family]
    stub_ends_list: ClassVar[bool] = True  # a list page without entries is a stub or the end: no paging past it
    follows_columns: ClassVar[bool] = True  # a start page without disclosures may link the disclosure columns

    def __init__(self, portal: Portal, year: int | None = None, dry_run: bool = False, **kwargs: Any):
        super().__init__(name=portal.id, **kwargs)
        self.portal = portal
        self.params = portal.params
        self.allowed_domains = list(portal.allowed_domains)
        self.year = year
        self.dry_run = dry_run
        self._requested_attachments: set[str] = set()
        self.paging_methods: list[str] = []  # read by the crawl report when the spider closes
        self.missing_pages: list[str] = []  # list pages that answered 404 while paging
        self.offsite_links: list[str] = []  # dry runs: attachments on hosts the portal does not allow

    # -- the walk ------------------------------------------------------------------------
    async def start(self):
        for url in self.portal.start_urls:
            for request in self.first_requests(url):
                yield request

    def first_requests(self, start_url: str) -> Iterable[scrapy.Request]:
        request = self.page_request(start_url, self.parse_list)
        request.meta[HUB_DEPTH] = 0  # a start page may be a hub (see column_requests)
        yield request

    def parse_list(self, response) -> Iterator[Any]:
        entries = list(self.list_entries(response))
        hub = self.column_requests(response, entries)
        if hub:
            yield from hub
            return
        for entry in entries:
            yield from self.follow(entry, response.url)
        if entries or not self.stub_ends_list:
            yield from self.next_pages(response)

    def follow(self, entry: ListEntry, list_url: str) -> Iterator[Any]:
        truncated = entry.title.endswith(_ELLIPSES)
        files = list(entry.attachments)
        if not files and entry.url and is_document_url(entry.url):  # a list linking the file itself
            files = [(entry.url, entry.title)]
        if not files:
            if entry.url and (truncated or self.wants(entry.title)):  # a cut title: the article decides
                request = self.page_request(entry.url, self.parse_article, entry=entry, list_url=list_url)
                request.meta[ARTICLE] = True
                yield request
            return
        names = [entry.title.rstrip("….")] + ([filename_from_url(url) for url, _ in files] if truncated else [])
        if any(self.wants(name) for name in names):
            context = DocumentContext(
                portal_id=self.name, list_url=list_url, article_url=entry.url if entry.attachments else None,
                title=entry.title, publish_date=entry.date, source_unit=entry.source_unit,
                attachments=[url for url, _ in files],
            )
            yield from self.attachment_requests(context, files)

    def parse_article(self, response, entry: ListEntry, list_url: str) -> Iterator[Any]:
        if not hasattr(response, "selector"):  # a link that turned out to be a file
            yield FailedFetch(self.name, response.url, "article link answered with a non-HTML file", attachment=False)
            return
        meta = read_article(response.selector)
        title = meta.title or entry.title
        if not self.wants(title, body=meta.text):
            return
        attachments = find_attachments(response.selector, response.url)
        context = DocumentContext(
            portal_id=self.name, list_url=list_url, article_url=response.url, title=title,
            publish_date=meta.publish_date or entry.date, source_unit=meta.source_unit or entry.source_unit,
            column=meta.column, page_text=meta.text[:4000], attachments=[a.url for a in attachments],
        )
        yield from self.attachment_requests(context, [(a.url, a.link_text) for a in attachments])

    def attachment_requests(self, context: DocumentContext, attachments: list[tuple[str, str | None]]) -> Iterator[Any]:
        for url, link_text in attachments:
            if self.dry_run:
                if not host_allowed(url, self.portal.allowed_domains + self.portal.file_hosts):
                    self.offsite_links.append(url)  # a crawl would skip it (OffsiteMiddleware): so does the dry run
                    continue
                page = PageContext(context.source_unit, context.column, context.page_text)
                yield FoundFile(context, url, link_text, classify(context.title, filename_from_url(url), page))
                continue
            if url in self._requested_attachments:  # linked from two articles: fetch once
                continue
            self._requested_attachments.add(url)
            yield scrapy.Request(
                url,
                callback=self.parse_attachment,
                errback=self.fetch_failed,
                dont_filter=True,  # a redirect loop must end in a reported failure, not a silent drop
                meta={ATTACHMENT: True, "handle_httpstatus_list": [304], **self.robots_meta()},
                cb_kwargs={"context": context, "link_text": link_text},
            )

    def parse_attachment(self, response, context: DocumentContext, link_text: str | None) -> Iterator[FetchedFile]:
        requested = (response.meta.get("redirect_urls") or [response.url])[0]
        disposition = response.headers.get("Content-Disposition")
        content_type = response.headers.get("Content-Type")
        yield FetchedFile(
            context=context,
            url=response.url,
            requested_url=requested,
            link_text=link_text,
            body=response.body if response.status != 304 else b"",
            http_status=response.status,
            headers={k.decode("latin-1"): decode_header_value(b", ".join(v)) for k, v in response.headers.items()},
            fetched_at=datetime.now(timezone.utc),
            filename=filename_from_content_disposition(disposition) or filename_from_url(response.url) or filename_from_url(requested),
            content_type=content_type.decode("latin-1").split(";")[0].strip() if content_type else None,
            not_modified=response.status == 304,
        )

    def fetch_failed(self, failure) -> Iterator[FailedFetch]:
        if failure.check(BlockedByChallenge, OffsiteSkipped):
            return
        request = failure.request
        reason = str(failure.value) or type(failure.value).__name__
        if "max redirections" in reason.lower():
            reason = f"redirect loop ({reason})"
        yield FailedFetch(self.name, request.url, reason, bool(request.meta.get(ATTACHMENT)))

    # -- family hooks ----------------------------------------------------------------------
    def list_entries(self, response) -> Iterable[ListEntry]:
        """Article links of a list page: the registry's ``row_xpath`` rows, else every content link."""
        return links_as_entries(response.selector, response.url, self.params.get("row_xpath"))

    def next_pages(self, response) -> Iterable[scrapy.Request]:
        next_url = next_link(response.selector, response.url, self.params.get("next_text", "下一页"))
        self.note_paging("next-link" if next_url else "single-page")
        if next_url:
            yield self.page_request(next_url, self.parse_list)

    def column_requests(self, response, entries: list[ListEntry]) -> list[scrapy.Request]:
        """A start page, or a column reached from one, that is a home or section page (no disclosure
        among its links, links to disclosure columns): the columns' first pages, and no paging of
        this page. Two levels deep at most; a list's later pages are never hubs."""
        depth = response.meta.get(HUB_DEPTH)
        if depth is None or not self.follows_columns or depth >= _MAX_HUB_DEPTH:
            return []
        if any(judge(e.title).disclosure for e in entries):
            return []
        requests = []
        for url in column_links(response.selector, response.url, self.params.get("column_text") or COLUMN_TEXT):
            request = self.page_request(url, self.parse_list)
            request.meta[HUB_DEPTH] = depth + 1
            requests.append(request)
        if requests:
            self.note_paging("columns-from-start-page")
        return requests

    # -- helpers ---------------------------------------------------------------------------
    def note_paging(self, method: str) -> None:
        """How this portal's lists were paged (pager-script, probe, …); the report reads it at the end."""
        if method not in self.paging_methods:
            self.paging_methods.append(method)

    def wants(self, title: str | None, body: str | None = None) -> bool:
        """A disclosure (by its title, or its article body) the registry's filters admit, for the requested year."""
        if not title or judge(title, body).disclosure is not True or not self.portal.title_filters.admits(title):
            return False
        if self.year is None:
            return True
        year = classify(title).fiscal_year
        return year is None or year == self.year

    def page_request(self, url: str, callback, method: str = "GET", **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, method=method, errback=self.fetch_failed,
            meta=self.robots_meta(), cb_kwargs=cb_kwargs,
        )

    def robots_meta(self) -> dict[str, bool]:
        return {} if self.portal.politeness.obey_robots else {"dont_obey_robotstxt": True}


def links_as_entries(sel: Selector, base_url: str, row_xpath: str | None = None) -> list[ListEntry]:
    """List rows as entries: a link with a title, and the date printed in its row."""
    if row_xpath:
        anchors = [row.xpath(".//a[@href][1]")[0] for row in sel.xpath(row_xpath) if row.xpath(".//a[@href]")]
    else:
        anchors = sel.xpath(f"//body//a[@href][not({_NAV_ANCESTORS})]")
    entries: dict[str, ListEntry] = {}
    for a in anchors:
        href = a.attrib["href"].strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        title = (a.attrib.get("title") or " ".join(a.xpath(".//text()").getall())).strip()
        if len(title) < _MIN_TITLE_CHARS:
            continue
        url = urljoin(base_url, href)
        row_text = " ".join(a.xpath("ancestor::*[self::li or self::tr or self::p or self::dd or self::div][1]//text()").getall())
        entries.setdefault(url, ListEntry(url=url, title=title, date=iso_date(row_text)))
    return list(entries.values())


def column_links(sel: Selector, base_url: str, pattern: str) -> list[str]:
    """Links to other directories whose short, year-less text names a disclosure column, nav menus included."""
    urls: list[str] = []
    for a in sel.xpath("//a[@href]"):
        text = re.sub(r"\s+", "", a.attrib.get("title") or "".join(a.xpath(".//text()").getall()))
        href = a.attrib["href"].strip()
        if not (2 <= len(text) <= 15) or re.search(r"20\d{2}", text) or not re.search(pattern, text):
            continue
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if urljoin(url, ".") != urljoin(base_url, ".") and not is_document_url(url):  # another directory
            urls.append(url)
    return list(dict.fromkeys(urls))


def next_link(sel: Selector, base_url: str, text: str) -> str | None:
    href = sel.xpath(f"//a[contains(normalize-space(.), '{text}') or normalize-space(.)='下页' or @rel='next']/@href").get()
    if not href or href.startswith(("javascript:", "#")):
        return None
    url = urljoin(base_url, href)
    return None if url == base_url else url
