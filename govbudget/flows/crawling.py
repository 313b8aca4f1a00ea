"""Crawl one portal into the archive: the spiders do the work, this names the unit of retry.

``govbudget.spiders.crawl.run_crawl`` runs Scrapy without a Twisted reactor on a private
event loop, so it can run any number of times in one process (and beside
Prefect's own loop); the archive it writes to is the one the flow's run records.
"""

from __future__ import annotations

from pathlib import Path

from govbudget.schema import RawDocument

from govbudget.flows.archives import archive_for
from govbudget.flows.outcomes import PortalCrawl


def crawl_portal(portal_id: str, archive: str, *, year: int | None = None, registry: str | None = None) -> PortalCrawl:
    from govbudget.spiders.crawl import run_crawl

    result = run_crawl([portal_id], archive_for(archive), registry=Path(registry) if registry else None, year=year)
    return PortalCrawl(portal_id=portal_id, year=year, report=result.report, documents=result.documents)


def unique_documents(crawls: list[PortalCrawl]) -> list[RawDocument]:
    """Each sha256 once, first sighting kept (the same bytes may sit on two portals)."""
    seen: dict[str, RawDocument] = {}
    for crawl in crawls:
        for raw in crawl.documents:
            seen.setdefault(raw.sha256, raw)
    return list(seen.values())
