"""Scrapy settings of a govbudget crawl: polite defaults, Scrapy built-ins first.

Precedence: these defaults < the portal's registry politeness < settings passed
to :func:`govbudget.spiders.crawl.run_crawl` (tests pass zero delays there).
"""

from __future__ import annotations

from typing import Any

from govbudget import __version__
from govbudget.spiders.registry import Portal

PROJECT_URL = "https://github.com/govbudget/govbudget"
USER_AGENT = f"govbudget/{__version__} (+{PROJECT_URL}; research crawler of public budget disclosures)"

DEFAULTS: dict[str, Any] = {
    "BOT_NAME": "govbudget",
    "USER_AGENT": USER_AGENT,
    # no Twisted reactor: crawls run on a private asyncio loop, any number per process
    "TWISTED_REACTOR_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "DOWNLOAD_HANDLERS": {
        "http": "govbudget.spiders.transport.RawHeadersAiohttpHandler",
        "https": "govbudget.spiders.transport.RawHeadersAiohttpHandler",
    },
    "LOG_LEVEL": "WARNING",  # of the "scrapy" logger, routed by govbudget.spiders.logs during a crawl
    # pipelines log each rejected file themselves, with portal and URL; Scrapy's
    # "Dropped: <item>" line would repeat it with the item's repr
    "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 2.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "DOWNLOAD_DELAY": 1.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_TIMEOUT": 60,
    "DOWNLOAD_MAXSIZE": 300 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 50 * 1024 * 1024,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "GOVBUDGET_RETRY_BACKOFF_BASE": 2.0,
    "GOVBUDGET_RETRY_BACKOFF_MAX": 60.0,
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": True,
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "govbudget.spiders.middlewares.OffsiteMiddleware": 40,  # before robots.txt (100) and Scrapy's offsite (50)
        "govbudget.spiders.middlewares.BackoffRetryMiddleware": 550,
        "govbudget.spiders.middlewares.ConditionalGetMiddleware": 560,
        "govbudget.spiders.middlewares.HttpsFallbackMiddleware": 570,  # exceptions run high → low: before retry (550)
        # process_response runs high → low: cookies stored (700), gate passed (650),
        # redirects followed (600), body decompressed (590), then challenges judged (585)
        "govbudget.spiders.middlewares.ChallengeMiddleware": 585,
        "govbudget.spiders.middlewares.CookieGateMiddleware": 650,
    },
    "ITEM_PIPELINES": {
        "govbudget.spiders.pipelines.FileCheckPipeline": 100,
        "govbudget.spiders.pipelines.ArchivePipeline": 200,
    },
}


def portal_settings(portal: Portal, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = dict(DEFAULTS)
    politeness = portal.politeness
    if politeness.download_delay is not None:
        settings["DOWNLOAD_DELAY"] = politeness.download_delay
    if politeness.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = politeness.concurrency
    if politeness.timeout is not None:
        settings["DOWNLOAD_TIMEOUT"] = politeness.timeout
    settings.update(overrides or {})
    return settings
