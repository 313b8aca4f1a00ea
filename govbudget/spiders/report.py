"""Bookkeeping of one crawl, turned into a :class:`CrawlReport` at the end.

Middlewares (blocked portals), pipelines (documents, failures) and the response
signal (pages, bytes) write here; nothing here decides anything about a crawl.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from govbudget.schema import Classification, CrawlReport, RawDocument
from govbudget.spiders.items import FoundFile
from govbudget.spiders.state import CrawlState

OUTCOMES = ("found", "new", "changed", "unchanged", "duplicate", "failed")
# the keys of CrawlReport.per_portal entries: list pages, article pages opened, disclosures
# found (their outcomes; failed = rejected + fetch errors), attachment bodies downloaded,
# bytes rejected, blocked URLs, off-site links skipped, list pages missing (404 while paging)
PORTAL_COUNTS = ("pages", "articles", *OUTCOMES, "downloaded", "rejected", "blocked", "offsite", "missing", "bytes")
# The flag of a portal that yielded documents (of the year asked for) in earlier crawls and none now:
# a failure of the run, not a curiosity (govbudget.flows.outcomes counts it).
STOPPED_YIELDING = "stopped-yielding"


@dataclass
class CrawlRecorder:
    portal_ids: list[str]
    year: int | None = None  # the fiscal year the crawl is limited to, if any
    documents: list[RawDocument] = field(default_factory=list)
    found_only: list[FoundFile] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    blocked_portals: dict[str, str] = field(default_factory=dict)
    http_fallbacks: dict[str, str] = field(default_factory=dict)  # portal id -> first https URL that failed
    offsite_urls: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # never requested
    paging_methods: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    fiscal_years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    publishers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    # -- writers --
    def response(self, portal_id: str, nbytes: int, role: str) -> None:
        """Every response body counts as bytes; ``role`` (pages | articles | downloaded | None) once."""
        self.counts[portal_id]["bytes"] += nbytes
        if role:
            self.counts[portal_id][role] += 1

    def blocked(self, portal_id: str, url: str, challenge: str) -> None:
        self.blocked_portals.setdefault(portal_id, f"{url} ({challenge})")
        self.counts[portal_id]["blocked"] += 1

    def offsite(self, portal_id: str, url: str) -> None:
        """A link to a host outside the portal's domains and file hosts: reported, never requested."""
        if url not in self.offsite_urls[portal_id]:
            self.offsite_urls[portal_id].append(url)
            self.counts[portal_id]["offsite"] += 1

    def spider_closed(self, portal_id: str, paging_methods: list[str], missing_pages: list[str]) -> None:
        """What the spider noted about its lists: how they were paged, which pages were missing."""
        self.paging_methods[portal_id] = list(paging_methods)
        self.counts[portal_id]["missing"] += len(missing_pages)

    def rejected(self, portal_id: str, url: str, reason: str) -> None:
        """Downloaded bytes that are not a usable disclosure (HTML as PDF, truncated, not a disclosure)."""
        self.counts[portal_id]["rejected"] += 1
        self.failed(portal_id, url, reason)

    def fell_back_to_http(self, portal_id: str, url: str) -> None:
        self.http_fallbacks.setdefault(portal_id, url)

    def failed(self, portal_id: str, url: str, reason: str, attachment: bool = True) -> None:
        self.failures.append({"portal": portal_id, "url": url, "reason": reason})
        if attachment:
            self.counts[portal_id].update(["found", "failed"])

    def document(self, raw: RawDocument) -> None:
        self.documents.append(raw)
        self.counts[raw.portal_id].update(["found", raw.status])
        self.classified(raw.portal_id, raw.classification)

    def unchanged(self, portal_id: str, classification: Classification) -> None:
        self.counts[portal_id].update(["found", "unchanged"])
        self.classified(portal_id, classification)

    def dry_run_found(self, item: FoundFile) -> None:
        self.found_only.append(item)
        self.counts[item.context.portal_id].update(["found"])
        self.classified(item.context.portal_id, item.classification)

    def classified(self, portal_id: str, classification: Classification) -> None:
        if classification.fiscal_year:
            self.fiscal_years[portal_id].add(classification.fiscal_year)
        if classification.publisher:
            self.publishers[portal_id].add(classification.publisher)

    # -- the report --
    def report(self, started: datetime, finished: datetime, before: CrawlState) -> CrawlReport:
        total = sum(self.counts.values(), Counter())
        return CrawlReport(
            portal_ids=self.portal_ids,
            started_at=started,
            finished_at=finished,
            pages_fetched=total["pages"] + total["articles"],
            documents_found=total["found"],
            documents_new=total["new"],
            documents_changed=total["changed"],
            documents_unchanged=total["unchanged"],
            documents_duplicate=total["duplicate"],
            documents_failed=total["failed"],
            bytes_downloaded=total["bytes"],
            blocked=dict(self.blocked_portals),
            flags=self.flags(before),
            failures=self.failures,
            per_portal={pid: {k: self.counts[pid][k] for k in PORTAL_COUNTS} for pid in self.portal_ids},
            paging={pid: paging_label(self.paging_methods[pid]) for pid in self.portal_ids},
            offsite={pid: list(urls) for pid, urls in self.offsite_urls.items() if urls},
        )

    def flags(self, before: CrawlState) -> list[str]:
        """Silent breakage and novelty a person should look at."""
        flags: list[str] = []
        for pid in self.portal_ids:
            prior = before.portals.get(pid)
            if pid not in self.blocked_portals and self.counts[pid]["found"] - self.counts[pid]["failed"] == 0:
                flags.append(f"zero-documents: {pid} yielded no documents")
                if prior is not None and prior.crawls and (self.year in prior.fiscal_years if self.year else prior.fiscal_years):
                    flags.append(f"{STOPPED_YIELDING}: {pid} yielded documents in earlier crawls, none now")
            if pid in self.http_fallbacks:
                flags.append(f"http-fallback: {pid} crawled over http, https failed at {self.http_fallbacks[pid]}")
            if prior is None or prior.crawls == 0:
                continue
            for year in sorted(self.fiscal_years[pid] - prior.fiscal_years):
                flags.append(f"new-fiscal-year: {pid} lists {year} for the first time")
            for name in sorted(self.publishers[pid] - prior.publishers):
                flags.append(f"new-publisher: {pid} lists {name} for the first time")
        return flags

    def remember(self, state: CrawlState) -> None:
        """Fold what this crawl saw into the persistent state (after flags were computed)."""
        for pid in self.portal_ids:
            if pid in self.blocked_portals:
                continue
            record = state.portal(pid)
            record.fiscal_years |= self.fiscal_years[pid]
            record.publishers |= self.publishers[pid]
            record.crawls += 1


def paging_label(methods: list[str]) -> str:
    """``pager-script``, ``pager-script+probe`` … (sorted); a list's last page ("single-page") hides behind its method."""
    return "+".join(sorted([m for m in methods if m != "single-page"] or methods)) or "none"


def portal_line(report: CrawlReport, portal_id: str) -> str:
    """One portal's crawl in words, for run summaries: what was listed, opened, found, fetched, refused."""
    c = report.per_portal.get(portal_id, {})
    return (f"{portal_id}: {c.get('pages', 0)} list pages, {c.get('articles', 0)} articles, {c.get('found', 0)} disclosures found, "
            f"{c.get('downloaded', 0)} downloaded, {c.get('unchanged', 0)} not modified, {c.get('rejected', 0)} rejected, "
            f"{c.get('blocked', 0)} blocked, {c.get('offsite', 0)} off-site skipped; paging {report.paging.get(portal_id, 'none')}")
