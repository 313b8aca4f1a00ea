"""The crawler's memory between runs, kept in the archive so machines sharing it agree.

It holds, per attachment URL, the validators (ETag, Last-Modified) and the sha256
last fetched there, and per portal the fiscal years and publishers seen so far.
Saving merges with what another crawl may have written in the meantime.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

STATE_NAME = "spiders-crawl-state.json"  # letters, digits, . _ - only: govbudget.storage.layout.safe_name
STATE_VERSION = 1


@dataclass
class UrlRecord:
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    seen_at: str = ""
    rejected: str | None = None  # why these bytes were not archived (truncated, HTML…)


@dataclass
class PortalRecord:
    fiscal_years: set[int] = field(default_factory=set)
    publishers: set[str] = field(default_factory=set)
    crawls: int = 0


@dataclass
class CrawlState:
    urls: dict[str, UrlRecord] = field(default_factory=dict)
    portals: dict[str, PortalRecord] = field(default_factory=dict)

    # -- reading --
    def validators(self, url: str) -> UrlRecord | None:
        return self.urls.get(url)

    def portal(self, portal_id: str) -> PortalRecord:
        return self.portals.setdefault(portal_id, PortalRecord())

    # -- recording --
    def saw_url(
        self, url: str, sha256: str, etag: str | None, last_modified: str | None, rejected: str | None = None
    ) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.urls[url] = UrlRecord(sha256, etag, last_modified, now, rejected)

    # -- persistence --
    def to_bytes(self) -> bytes:
        data = {
            "version": STATE_VERSION,
            "urls": {url: vars(rec) for url, rec in sorted(self.urls.items())},
            "portals": {
                pid: {"fiscal_years": sorted(rec.fiscal_years), "publishers": sorted(rec.publishers), "crawls": rec.crawls}
                for pid, rec in sorted(self.portals.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes | None) -> CrawlState:
        if not data:
            return cls()
        raw: dict[str, Any] = json.loads(data.decode("utf-8"))
        return cls(
            urls={url: UrlRecord(**rec) for url, rec in raw.get("urls", {}).items()},
            portals={
                pid: PortalRecord(set(rec.get("fiscal_years", [])), set(rec.get("publishers", [])), rec.get("crawls", 0))
                for pid, rec in raw.get("portals", {}).items()
            },
        )

    def merged_into(self, other: CrawlState) -> CrawlState:
        """This state on top of ``other`` (what is stored now): newer URL records win."""
        urls = dict(other.urls)
        for url, rec in self.urls.items():
            if url not in urls or rec.seen_at >= urls[url].seen_at:
                urls[url] = rec
        portals = {pid: PortalRecord(set(r.fiscal_years), set(r.publishers), r.crawls) for pid, r in other.portals.items()}
        for pid, rec in self.portals.items():
            target = portals.setdefault(pid, PortalRecord())
            target.fiscal_years |= rec.fiscal_years
            target.publishers |= rec.publishers
            target.crawls = max(target.crawls, rec.crawls)
        return CrawlState(urls, portals)


def load_state(archive) -> CrawlState:
    return CrawlState.from_bytes(archive.get_state(STATE_NAME))


def save_state(archive, state: CrawlState) -> None:
    current = CrawlState.from_bytes(archive.get_state(STATE_NAME))
    archive.put_state(STATE_NAME, state.merged_into(current).to_bytes())
