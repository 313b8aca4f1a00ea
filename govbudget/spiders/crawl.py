"""Run crawls: ``run_crawl(portal_ids, archive)`` → report and the documents stored.

Repeatable any number of times in one process. Scrapy runs in its reactorless
mode (``TWISTED_REACTOR_ENABLED=False``, Scrapy ≥ 2.15) on a fresh asyncio loop in
a private thread per call, so no Twisted reactor is ever installed (nothing to
restart, no ``ReactorNotRestartable``) and a caller that already runs an event loop
(Prefect, Jupyter) is not disturbed. Portals of one call crawl concurrently.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from govbudget.errors import ConfigError
from govbudget.schema import CrawlReport, RawDocument
from govbudget.spiders.context import ATTRIBUTE, CrawlContext
from govbudget.spiders.families import spider_for
from govbudget.spiders.items import FoundFile
from govbudget.spiders.logs import scrapy_logs_routed
from govbudget.spiders.middlewares import ARTICLE, ATTACHMENT
from govbudget.spiders.registry import Portal, load_registry
from govbudget.spiders.report import CrawlRecorder
from govbudget.spiders.settings import DEFAULTS, portal_settings
from govbudget.spiders.state import load_state, save_state

logger = logging.getLogger(__name__)


@dataclass
class CrawlResult:
    report: CrawlReport
    documents: list[RawDocument]  # stored this run: new, changed or duplicate
    found: list[FoundFile] = field(default_factory=list)  # dry runs: attachments not downloaded


def run_crawl(
    portal_ids: list[str] | None,
    archive: Any,
    *,
    registry: Path | str | None = None,
    settings: dict[str, Any] | None = None,
    year: int | None = None,
    dry_run: bool = False,
) -> CrawlResult:
    """Crawl the named portals (every enabled one for None) into ``archive``.

    ``archive`` is a :class:`govbudget.storage.interface.Archive` (its caller owns its runs) or
    a location string for ``storage.open_archive`` (opened, and closed at the end so
    the archive run's manifest is written). A dry run finds attachments without
    downloading them and leaves the archive and the crawl state untouched
    (``archive`` may be None).
    """
    if archive is None and not dry_run:
        raise ConfigError("run_crawl", "an archive is needed unless dry_run=True")
    portals = load_registry(registry).select(portal_ids)
    options = {"settings": settings or {}, "year": year, "dry_run": dry_run}
    if isinstance(archive, (str, Path)):
        from govbudget.storage import open_archive

        opened = open_archive(str(archive))
        try:
            return _crawl(portals, opened, **options)
        finally:
            opened.close()
    return _crawl(portals, archive if archive is not None else _NoArchive(), **options)


def _crawl(portals: list[Portal], archive: Any, *, settings: dict[str, Any], year: int | None, dry_run: bool) -> CrawlResult:
    state = load_state(archive)
    before = copy.deepcopy(state)
    context = CrawlContext(CrawlRecorder([p.id for p in portals], year=year), state, archive)
    started = datetime.now(timezone.utc)
    with scrapy_logs_routed({**DEFAULTS, **settings}["LOG_LEVEL"]):
        _run_on_private_loop(_crawl_portals(portals, context, settings, year, dry_run))
    report = context.recorder.report(started, datetime.now(timezone.utc), before)
    if not dry_run:
        context.recorder.remember(state)
        save_state(archive, state)
    return CrawlResult(report, context.recorder.documents, context.recorder.found_only)


async def _crawl_portals(
    portals: list[Portal], context: CrawlContext, overrides: dict[str, Any], year: int | None, dry_run: bool
) -> None:
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerRunner, Crawler

    if not portals:
        return
    runner = AsyncCrawlerRunner(portal_settings(portals[0], overrides))
    for portal in portals:
        if not portal.politeness.obey_robots:
            logger.warning(
                "robots.txt NOT obeyed: %s", portal.politeness.robots_override_reason, extra={"portal": portal.id}
            )
        crawler = Crawler(spider_for(portal.family), portal_settings(portal, overrides))
        setattr(crawler, ATTRIBUTE, context)
        crawler.signals.connect(_count_response(context), signals.response_downloaded, weak=False)
        crawler.signals.connect(_spider_notes(context), signals.spider_closed, weak=False)
        runner.crawl(crawler, portal=portal, year=year, dry_run=dry_run)
    await runner.join()


def _count_response(context: CrawlContext):
    def on_response(response, request, spider, **_: Any) -> None:
        if request.meta.get(ATTACHMENT):
            role = "downloaded" if response.status == 200 else None  # 304s, redirects, errors carry no document
        elif request.url.endswith("/robots.txt"):
            role = None
        else:
            role = "articles" if request.meta.get(ARTICLE) else "pages"
        context.recorder.response(spider.name, len(response.body), role)

    return on_response


def _spider_notes(context: CrawlContext):
    def on_close(spider, **_: Any) -> None:
        context.recorder.spider_closed(spider.name, spider.paging_methods, spider.missing_pages)
        for url in spider.offsite_links:
            context.recorder.offsite(spider.name, url)

    return on_close


def _run_on_private_loop(coro) -> None:
    """Run ``coro`` to completion on a new event loop in a new thread; re-raise its error."""
    from scrapy.utils.reactor import is_reactor_installed

    if is_reactor_installed():
        coro.close()
        raise ConfigError("run_crawl", "a Twisted reactor is installed in this process; crawl in a subprocess instead")
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            failure.append(exc)

    # The caller's context goes along, so a Prefect task's run context reaches the spiders' log records.
    thread = threading.Thread(target=contextvars.copy_context().run, args=(target,), name="govbudget-crawl",
                              daemon=True)  # Ctrl-C ends the process
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


class _NoArchive:
    """Stands in for the archive of a dry run that was given none: no state, stores nothing."""

    location = "none"

    def get_state(self, name: str) -> None:
        return None

    def has_original(self, sha256: str) -> bool:
        return False
