"""Downloader middlewares: transport concerns the spiders never see.

- :class:`ChallengeMiddleware` turns anti-bot challenges into a *blocked* report.
- :class:`CookieGateMiddleware` passes the WAF gate that answers 302-to-self with a
  cookie, re-sending with ``dont_filter`` so the duplicate filter keeps the retry.
- :class:`ConditionalGetMiddleware` sends If-None-Match / If-Modified-Since for
  attachments the crawl state knows. Scrapy's HttpCacheMiddleware (RFC2616Policy)
  would do the same from a local cache holding every PDF body a second time on one
  machine; the validators live in the archive's crawl state instead, shared by
  every machine crawling into it.
- :class:`BackoffRetryMiddleware` is Scrapy's retry with exponential backoff and
  Retry-After on 429/503.
- :class:`HttpsFallbackMiddleware` re-sends over http what failed to connect over
  https, and sends the rest of that host's requests over http straight away.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

from govbudget.spiders.challenges import detect_challenge
from govbudget.spiders.context import context_of
from govbudget.spiders.fallback import http_twin, is_setup_failure

logger = logging.getLogger(__name__)

ATTACHMENT = "govbudget_attachment"  # request meta: this request fetches a document file
ARTICLE = "govbudget_article"  # request meta: this request opens an article page
GATE_PASSES = "govbudget_gate_passes"


class BlockedByChallenge(IgnoreRequest):
    """Already in the report's ``blocked``; not a failure to record again."""


class OffsiteSkipped(IgnoreRequest):
    """Already in the report's ``offsite``; not a failure to record again."""


def host_allowed(url: str, domains: list[str]) -> bool:
    """``url``'s host is one of ``domains`` or a subdomain of one (ports ignored, as Scrapy does)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower().split(":")[0] for d in domains))


class OffsiteMiddleware:
    """Every request (attachments and redirects included) stays on the portal's hosts.

    Scrapy's own offsite check lets ``dont_filter`` requests through, and attachments
    are sent with ``dont_filter``. Like Scrapy's, it judges requests as they are
    scheduled (so they are reported, not dropped silently by Scrapy's) and again as
    they are downloaded, ordered first, so an off-site host's robots.txt is not
    fetched either. Attachments may also come from the registry's ``file_hosts``.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.recorder = context_of(crawler).recorder

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        middleware = cls(crawler)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        return middleware

    def request_scheduled(self, request, **_):
        self.process_request(request)

    def process_request(self, request):
        portal = self.crawler.spider.portal
        files = request.meta.get(ATTACHMENT) or urlsplit(request.url).path == "/robots.txt"  # a file host's own robots.txt
        domains = portal.allowed_domains + (portal.file_hosts if files else [])
        if host_allowed(request.url, domains):
            return None
        self.recorder.offsite(portal.id, request.url)
        logger.info("off-site link not requested", extra={"portal": portal.id, "url": request.url})
        raise OffsiteSkipped(f"{request.url}: not on {', '.join(domains)}")


def _headers(response) -> dict[str, bytes]:
    return {k.decode("latin-1").lower(): b", ".join(v) for k, v in response.headers.items()}


class ChallengeMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.recorder = context_of(crawler).recorder

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        portal = self.crawler.spider.name
        challenge = detect_challenge(response.url, response.status, _headers(response), response.body)
        if challenge is None:
            return response
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.recorder.blocked(portal, url, challenge)
        logger.warning("portal blocked by %s", challenge, extra={"portal": portal, "url": url})
        raise BlockedByChallenge(f"{url}: blocked by {challenge} challenge")


class CookieGateMiddleware:
    max_passes = 2

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307) or b"Set-Cookie" not in response.headers:
            return response
        target = response.urljoin(response.headers.get("Location", b"").decode("latin-1"))
        passes = request.meta.get(GATE_PASSES, 0)
        if target != request.url or passes >= self.max_passes:
            return response
        logger.info("passing cookie gate", extra={"portal": self.crawler.spider.name, "url": request.url})
        retry = request.replace(dont_filter=True)
        retry.meta[GATE_PASSES] = passes + 1
        return retry


class ConditionalGetMiddleware:
    def __init__(self, crawler):
        self.state = context_of(crawler).state

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not request.meta.get(ATTACHMENT):
            return None
        known = self.state.validators(request.url)
        if known is None:
            return None
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        return None


class HttpsFallbackMiddleware:
    """Ordered above Scrapy's retry, so a TLS failure falls back at once instead of being retried."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.recorder = context_of(crawler).recorder
        self.http_only: set[str] = set()  # hosts (host:port) whose https could not be set up

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        twin = http_twin(request.url)
        if twin and urlsplit(request.url).netloc in self.http_only:
            return request.replace(url=twin)
        return None

    def process_exception(self, request, exception):
        twin = http_twin(request.url)
        if twin is None or not is_setup_failure(exception):
            return None
        host = urlsplit(request.url).netloc
        if host not in self.http_only:
            self.http_only.add(host)
            portal = self.crawler.spider.name
            self.recorder.fell_back_to_http(portal, request.url)
            logger.warning("https failed (%s): falling back to http", exception, extra={"portal": portal, "url": request.url})
        return request.replace(url=twin, dont_filter=True)  # a new URL that must not be dropped as seen


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries 5xx/429 after ``base * 2**n`` seconds (or Retry-After), capped."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("GOVBUDGET_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("GOVBUDGET_RETRY_BACKOFF_MAX", 60.0)

    async def process_response(self, request, response):
        result = super().process_response(request, response)
        if result is not response and hasattr(result, "meta"):
            attempt = result.meta.get("retry_times", 1)
            delay = _retry_after(response) if response.status in (429, 503) else None
            delay = min(self.cap, delay if delay is not None else self.base * 2 ** (attempt - 1))
            if delay > 0:
                await asyncio.sleep(delay)
        return result


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, (parsedate_to_datetime(text) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None
