"""``govbudget portals discover URL``: a registry entry drafted from a home page or column URL.

The page is fetched as the crawler would (User-Agent, cookies, robots.txt obeyed) and
its CMS family read from what the page carries: a Hanweb jpage datastore or
``dataproxy.jsp``; a JS app shell with an inline config (``window._CONFIG``) for a
JSON platform; a ``createPageHTML`` pager or TRS markup for TRS; else a generic list.
A page with no disclosure among its links but links to disclosure columns is a hub:
its columns are fetched (up to five) and described too. The entry is validated as
the registry would and printed as YAML with notes for the person reviewing it; what
cannot be read from pages (a JSON API's parameter names, attachment hosts, the
region) is said so in the notes rather than guessed.
"""

from __future__ import annotations

import re
import urllib.error
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from parsel import Selector
from w3lib.encoding import html_to_unicode

from govbudget.errors import ConfigError
from govbudget.spiders.article import first_group
from govbudget.spiders.check import Fetched, fetch, opener, robots_allows
from govbudget.spiders.classify import judge
from govbudget.spiders.families.base import COLUMN_TEXT, column_links, links_as_entries
from govbudget.spiders.families.hanweb import jpage_ids, jpage_records
from govbudget.spiders.families.json_api import js_config
from govbudget.spiders.paging import read_pager, url_naming
from govbudget.spiders.registry import parse_registry

MAX_COLUMNS = 5
_TRS_MARKS = re.compile(r"createPageHTML|TRS_Editor|/t20\d{6}_\d+\.s?html|P0\d{17}\.pdf", re.I)
_API_VALUE = re.compile(r"^/[\w/.-]*(?:api|\.do|\.json|/list|/search)[\w/.-]*$", re.I)
_CONFIG_OBJECT = re.compile(r"(?:window\.)?_?[A-Za-z]*(?:CONFIG|Config|config)\s*=\s*\{")
_REGION = re.compile(r"^(.{2,10}?(?:自治区|省|市|自治州|州|盟|县|区|旗))")


@dataclass
class PageReading:
    """What one page says about the portal it belongs to."""

    url: str
    family: str
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    columns: list[str] = field(default_factory=list)  # a hub's disclosure columns


def discover(url: str, timeout: float = 20.0) -> tuple[dict[str, Any], list[str]]:
    """A registry entry for the portal at ``url`` and notes for its reviewer; ConfigError when unreadable."""
    via = opener()
    start = read_page(url, _get(via, url, timeout))
    notes = list(start.notes)
    family, params, start_urls = start.family, start.params, [url]
    if start.columns:
        columns = [read_page(c, _get(via, c, timeout)) for c in start.columns[:MAX_COLUMNS]]
        families = {c.family for c in columns}
        notes.append(f"{url} is a home/section page; disclosure columns: " + "; ".join(
            f"{c.url} ({c.family}{', ' + ', '.join(c.notes) if c.notes else ''})" for c in columns))
        if families == {"hanweb"} or len(families) > 1:
            family, start_urls, params = columns[0].family, [c.url for c in columns if c.family == columns[0].family], columns[0].params
            notes.append("columns differ in family or are Hanweb columns: listed directly; add an entry per other family")
        else:
            family = families.pop()
    host = urlsplit(url).hostname or ""
    region = next((r for part in re.split(r"[\s_|｜—-]+", start.title)
                   if (r := first_group(_REGION, part)) and not re.search("预|决|公开", r)), "")
    entry = {
        "id": _slug(host + urlsplit(url).path),
        "name": re.split(r"\s*[_|｜]\s*", start.title)[0] or host,
        "region": [region] if region else ["待核对"],
        "admin_level": _admin_level(region),
        "family": family,
        "start_urls": start_urls,
        "allowed_domains": [host],
        **({"params": params} if params else {}),
        "verified": False,
    }
    notes.append("region and admin_level not found in the page title: fill them in" if not region else
                 f"region is what the title names ({region}): complete it from the province down")
    notes.append("attachments on other hosts (CDN, file servers) are skipped and reported by a crawl: "
                 "add those hosts to file_hosts")
    parse_registry({"portals": [entry]}, url)  # what is printed must load
    return entry, notes


def read_page(url: str, page: Fetched) -> PageReading:
    """The family and parameters one fetched page shows."""
    text = html_to_unicode(page.headers.get("content-type", b"").decode("latin-1"), page.body)[1]
    sel = Selector(text=text)
    reading = PageReading(url, "generic", title=re.sub(r"\s+", " ", sel.xpath("//title/text()").get() or "").strip())
    if "dataproxy.jsp" in text or "<datastore" in text or re.search(r"/col/col\d+/", url):
        ids = {k: v for k, v in jpage_ids(text, url).items() if v and k in ("columnid", "unitid", "webid", "perpage", "proxy_path")}
        reading.family, reading.params = "hanweb", ids
        reading.notes.append(f"{len(jpage_records(text, url))} records embedded in the column page")
        return reading
    entries = links_as_entries(sel, url)
    config = js_config(text) if _CONFIG_OBJECT.search(text) else {}
    if config and len(entries) < 5:
        reading.family = "json_api"
        api = next((v for v in config.values() if isinstance(v, str) and _API_VALUE.match(v)), None)
        reading.params = {"list_api": api} if api else {}
        keys = [k for k in config if k not in ("API", "api") and config[k] != api]
        if keys:
            reading.params["query"] = {k.lower(): {"from_config": k} for k in keys}
        reading.notes.append(
            "a JS app with config keys " + ", ".join(config) + ": check the list API's parameter names and values "
            "(division, kind, year, page) in a browser's network panel and set query, page_param and the field paths"
            + ("" if api else "; list_api not found in the config"))
        return reading
    disclosures = [e for e in entries if judge(e.title).disclosure]
    pager = read_pager(text)
    if not disclosures:
        reading.columns = column_links(sel, url, COLUMN_TEXT)
    if _TRS_MARKS.search(text) or (pager and pager.source != "links"):
        reading.family = "trs"
    if reading.family == "trs" and pager and pager.naming and pager.naming != url_naming(url):
        reading.params["page_name"] = f"{pager.naming.prefix}.{pager.naming.ext}"
    paging = ("no pager found: the crawl probes index_1, index_2 …" if pager is None or pager.count is None
              else f"pager script: {pager.count} pages")
    if reading.columns:
        return reading
    reading.notes.append(f"{len(entries)} links, {len(disclosures)} disclosure titles; {paging}")
    return reading


def entry_yaml(entry: dict[str, Any], notes: list[str]) -> str:
    """The entry as a registry list item, notes as comments above it."""
    comments = "".join(f"# {line}\n" for line in ["Drafted by `govbudget portals discover`; review before use.", *notes])
    return comments + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=120)


def _get(via, url: str, timeout: float) -> Fetched:
    if robots_allows(via, url, timeout) is False:
        raise ConfigError(url, "robots.txt disallows this page; discover reads only what the crawler may")
    try:
        page = fetch(url, timeout, via)
    except (urllib.error.URLError, OSError) as exc:
        raise ConfigError(url, f"cannot fetch ({getattr(exc, 'reason', exc)})") from None
    if page.challenge:
        raise ConfigError(url, f"blocked by a {page.challenge} challenge: nothing to read")
    if page.status >= 400:
        raise ConfigError(url, f"answered HTTP {page.status}")
    return page


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = re.sub(r"-(?:index|list|html?|shtml)(?=-|$)", "", slug)
    return slug[:60].strip("-") or "portal"


def _admin_level(region: str) -> str:
    if region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("市", "州", "盟")):
        return "city"
    return "county"
