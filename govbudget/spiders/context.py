"""The objects one crawl shares between its middlewares and pipelines.

Attached to each Scrapy ``Crawler`` as an attribute rather than put in settings,
because Scrapy deep-copies settings per crawler and these must stay shared.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govbudget.spiders.files import ZipLimits

if TYPE_CHECKING:
    from govbudget.spiders.report import CrawlRecorder
    from govbudget.spiders.state import CrawlState
    from govbudget.storage.interface import Archive

ATTRIBUTE = "govbudget"


@dataclass
class CrawlContext:
    recorder: CrawlRecorder
    state: CrawlState
    archive: Archive
    zip_limits: ZipLimits = field(default_factory=ZipLimits)
    store_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one archive store at a time (pipelines)


def context_of(crawler) -> CrawlContext:
    return getattr(crawler, ATTRIBUTE)
