"""Read an article page: its metadata and its attachments, in discovery order.

Markup differs by CMS and by site, so each field is read from the most explicit
place first (CMS meta tags) and falls back to what a reader sees (发布时间：…,
来源：…). Attachments are collected in a fixed order (direct links, pdf.js
viewers, embedded documents, script-opened links) and de-duplicated by URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from parsel import Selector

from govbudget.spiders.filenames import has_document_extension

_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_LABELLED_DATE = re.compile(r"(?:发布|发文|成文|更新)?(?:时间|日期)\s*[:：]\s*(20\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*([^\s|丨<>]{2,40})")
_SCRIPT_URL = re.compile(
    r"""(?:window\.open|location\.href\s*=|location\.assign|downloadFile|openFile)\s*\(?\s*['"]([^'"]+)['"]"""
)
_BODY_XPATHS = (
    "//div[contains(@class,'TRS_Editor')]",
    "//*[@id='zoom']",
    "//*[@id='UCAP-CONTENT']",
    "//div[contains(@class,'article-content') or contains(@class,'content')]",
    "//article",
    "//body",
)
_DOWNLOAD_ENDPOINT = re.compile(r"down(?:load)?(?:file)?|getfile|filedown|/attach(?:ment)?s?/", re.I)


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None
    publish_date: str | None  # ISO yyyy-mm-dd
    source_unit: str | None
    column: str | None
    text: str


@dataclass(frozen=True)
class Attachment:
    url: str  # absolute
    link_text: str | None
    via: str  # direct | pdfjs | embed | script


def read_article(sel: Selector) -> ArticleMeta:
    body_text = _body_text(sel)
    page_text = " ".join(t.strip() for t in sel.xpath("//body//text()[not(ancestor::script)]").getall())
    return ArticleMeta(
        title=_meta(sel, "ArticleTitle") or _heading(sel),
        publish_date=iso_date(_meta(sel, "PubDate")) or _labelled_date(page_text),
        source_unit=_meta(sel, "ContentSource") or first_group(_SOURCE, page_text),
        column=_meta(sel, "ColumnName") or _breadcrumb_tail(sel),
        text=body_text,
    )


def find_attachments(sel: Selector, base_url: str) -> list[Attachment]:
    """Every document the article links or embeds, in the order a reader meets them."""
    found: dict[str, Attachment] = {}
    for finder in (_direct_links, _pdfjs_links, _embedded, _script_links):
        for url, text, via in finder(sel):
            absolute = _absolute(base_url, url)
            if absolute and absolute not in found:
                found[absolute] = Attachment(absolute, text or None, via)
    return list(found.values())


def iso_date(text: str | None) -> str | None:
    """``2025年6月10日`` / ``2025-06-10 09:30`` → ``2025-06-10``."""
    match = _DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def pdfjs_target(url: str) -> str | None:
    """The document a pdf.js viewer URL (``viewer.html?file=…``) shows."""
    query = parse_qs(urlsplit(url).query)
    for value in query.get("file", []):
        return unquote(value)
    return None


def is_document_url(url: str) -> bool:
    """A URL that serves a document file rather than a page."""
    parts = urlsplit(url)
    if has_document_extension(unquote(parts.path)):
        return True
    return bool(_DOWNLOAD_ENDPOINT.search(parts.path)) and (bool(parts.query) or parts.path.lower().endswith("download"))


def _direct_links(sel: Selector):
    for a in sel.xpath("//a[@href]"):
        href = a.attrib["href"].strip()
        if is_document_url(href) and not pdfjs_target(href):
            yield href, _link_text(a), "direct"


def _pdfjs_links(sel: Selector):
    for node in sel.xpath("//a[@href] | //iframe[@src] | //embed[@src]"):
        url = node.attrib.get("href") or node.attrib.get("src")
        target = pdfjs_target(url)
        if target:
            yield target, _link_text(node), "pdfjs"


def _embedded(sel: Selector):
    for node in sel.xpath("//iframe[@src] | //embed[@src] | //object[@data]"):
        url = (node.attrib.get("src") or node.attrib.get("data")).strip()
        if is_document_url(url) and not pdfjs_target(url):
            yield url, node.attrib.get("title"), "embed"


def _script_links(sel: Selector):
    for node in sel.xpath("//*[@onclick]"):
        for url in _SCRIPT_URL.findall(node.attrib["onclick"]):
            if is_document_url(url) or pdfjs_target(url):
                yield pdfjs_target(url) or url, _link_text(node), "script"
    for script in sel.xpath("//script[not(@src)]/text()").getall():
        for url in _SCRIPT_URL.findall(script):
            if is_document_url(url) or pdfjs_target(url):
                yield pdfjs_target(url) or url, None, "script"


def _absolute(base_url: str, url: str) -> str | None:
    url = url.strip()
    if not url or url.startswith(("javascript:", "mailto:", "#")):
        return None
    absolute = urljoin(base_url, url)
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _link_text(node: Selector) -> str:
    text = " ".join(t.strip() for t in node.xpath(".//text()").getall()).strip()
    return text or node.attrib.get("title", "").strip()


def _meta(sel: Selector, name: str) -> str | None:
    value = sel.xpath(f"//meta[@name='{name}']/@content").get()
    return value.strip() if value and value.strip() else None


def _heading(sel: Selector) -> str | None:
    for xpath in ("//h1", "//*[contains(@class,'title')][1]", "//title"):
        text = " ".join(t.strip() for t in sel.xpath(f"{xpath}//text()").getall()).strip()
        if text:
            return re.split(r"\s*[_|｜-]\s*(?=[^_|｜-]*(?:网|政府|门户)$)", text)[0]
    return None


def _labelled_date(text: str) -> str | None:
    return iso_date(first_group(_LABELLED_DATE, text))


def first_group(pattern: re.Pattern[str] | str, text: str) -> str | None:
    """The first capture group of the first match, stripped."""
    found = re.search(pattern, text)
    return found.group(1).strip() if found else None


def _breadcrumb_tail(sel: Selector) -> str | None:
    crumbs = sel.xpath(
        "//*[contains(@class,'position') or contains(@class,'breadcrumb') or contains(@class,'crumb')]//a/text()"
    ).getall()
    crumbs = [c.strip() for c in crumbs if c.strip()]
    return crumbs[-1] if crumbs else None


def _body_text(sel: Selector) -> str:
    for xpath in _BODY_XPATHS:
        node = sel.xpath(xpath)
        if node:
            lines = (t.strip() for t in node[0].xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall())
            return "\n".join(line for line in lines if line)
    return ""
