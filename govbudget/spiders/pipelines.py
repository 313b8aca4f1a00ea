"""Item pipelines: check fetched files, then store them content-addressed.

Storage is keyed by the sha256 of the bytes, not the URL: a corrected file
re-published at the same URL is a new version (status ``changed``), and the same
bytes under a second URL are stored once with both URLs in their provenance.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any

from scrapy.exceptions import DropItem

from govbudget.schema import RawDocument
from govbudget.spiders.classify import PageContext, classify, judge
from govbudget.spiders.context import context_of
from govbudget.spiders.files import cover_text, is_pdf, is_zip_attachment, pdfs_in_zip, rejection_reason
from govbudget.spiders.items import FailedFetch, FetchedFile, FoundFile

logger = logging.getLogger(__name__)


class _CrawlPipeline:
    def __init__(self, crawler):
        context = context_of(crawler)
        self.recorder = context.recorder
        self.state = context.state
        self.archive = context.archive
        self.zip_limits = context.zip_limits

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class FileCheckPipeline(_CrawlPipeline):
    """Failed fetches, unusable bytes (HTML-as-PDF, truncated, tiny) and PDFs whose cover
    shows they are no disclosure (a notice attached under a budget title) end here, reported."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FailedFetch):
            self.recorder.failed(item.portal_id, item.url, item.reason, item.attachment)
            logger.warning("fetch failed: %s", item.reason, extra={"portal": item.portal_id, "url": item.url})
            raise DropItem(f"{item.url}: {item.reason}")
        if not isinstance(item, FetchedFile):
            return item
        if item.not_modified:
            known = self.state.validators(item.url)
            reason = known.rejected and f"{known.rejected} (unchanged since it was rejected)" if known else None
        else:
            reason = rejection_reason(item.body, item.filename, item.content_type) or self._not_a_disclosure(item)
            if reason:  # remembered, so an unchanged broken file is not downloaded again
                remember_validators(self.state, item, hashlib.sha256(item.body).hexdigest(), rejected=reason)
        if reason:
            self.recorder.rejected(item.context.portal_id, item.url, reason)
            logger.warning("rejected attachment: %s", reason, extra={"portal": item.context.portal_id, "url": item.url})
            raise DropItem(f"{item.url}: {reason}")
        return item


    @staticmethod
    def _not_a_disclosure(item: FetchedFile) -> str | None:
        if not is_pdf(item.body):
            return None
        item.cover = cover_text(item.body)
        ctx = item.context
        verdict = judge(ctx.title, ctx.page_text, item.filename, item.cover)
        return f"not a disclosure: {verdict.reason}" if verdict.disclosure is False else None


class ArchivePipeline(_CrawlPipeline):
    """Stores new bytes through ``Archive.put_original`` and keeps the crawl state current.

    Archive calls block (S3 round trips), so they run in a worker thread while the
    crawl's event loop keeps downloading; one store at a time per crawl (the
    context's lock), so "new" versus "duplicate" is decided against every earlier
    store, across portals too. Counts and crawl state change only on the loop.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.store_lock = context_of(crawler).store_lock

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, FoundFile):
            self.recorder.dry_run_found(item)
            return item
        if not isinstance(item, FetchedFile):
            return item
        if item.not_modified:
            self.recorder.unchanged(item.context.portal_id, _classify(item, item.filename))
            return item
        sha = hashlib.sha256(item.body).hexdigest()
        known = self.state.validators(item.requested_url) or self.state.validators(item.url)
        if known is not None and known.sha256 == sha:  # the server ignored our conditional GET
            self.recorder.unchanged(item.context.portal_id, _classify(item, item.filename))
        elif is_zip_attachment(item.body, item.filename):
            await self._store_zip_members(item, sha, known.sha256 if known else None)
        else:
            await self._store(item, item.body, item.url, item.filename, republished_from=known.sha256 if known else None)
        remember_validators(self.state, item, sha)
        return item

    async def _store_zip_members(self, item: FetchedFile, zip_sha: str, republished_from: str | None) -> None:
        members, skipped = pdfs_in_zip(item.body, self.zip_limits)
        for reason in skipped:
            self.recorder.failed(item.context.portal_id, item.url, f"zip member skipped: {reason}")
        if not members and not skipped:
            self.recorder.failed(item.context.portal_id, item.url, "zip attachment holds no PDF")
        for name, data in members:
            await self._store(item, data, f"{item.url}#{name}", name, republished_from, container=zip_sha)

    async def _store(
        self, item: FetchedFile, data: bytes, url: str, filename: str | None,
        republished_from: str | None, container: str | None = None,
    ) -> RawDocument:
        sha = hashlib.sha256(data).hexdigest()
        if container is not None:
            republished_from = None  # a changed zip is reported through its new members
        async with self.store_lock:
            if republished_from is not None and republished_from != sha:
                status = "changed"
            elif await asyncio.to_thread(self.archive.has_original, sha):
                status, republished_from = "duplicate", None
            else:
                status, republished_from = "new", None
            raw = self._raw_document(item, data, sha, url, filename, container, republished_from, status)
            await asyncio.to_thread(self.archive.put_original, data, raw)
        self.recorder.document(raw)
        logger.info("stored %s document", status, extra={"doc_id": sha, "url": url, "portal": raw.portal_id})
        return raw

    @staticmethod
    def _raw_document(
        item: FetchedFile, data: bytes, sha: str, url: str, filename: str | None,
        container: str | None, republished_from: str | None, status: str,
    ) -> RawDocument:
        ctx = item.context
        return RawDocument(
            sha256=sha,
            size=len(data),
            portal_id=ctx.portal_id,
            url=url,
            urls=list(dict.fromkeys([url, item.requested_url, item.url])),
            list_url=ctx.list_url,
            article_url=ctx.article_url,
            link_text=item.link_text,
            title=ctx.title,
            publish_date=ctx.publish_date,
            source_unit=ctx.source_unit,
            column=ctx.column,
            filename=filename,
            content_type="application/pdf" if container else item.content_type,
            http_status=item.http_status,
            headers=item.headers,
            fetched_at=item.fetched_at,
            classification=_classify(item, filename),
            attachments=[u for u in ctx.attachments if u != item.requested_url],
            republication_of=republished_from,
            status=status,
        )


def remember_validators(state, item: FetchedFile, sha: str, rejected: str | None = None) -> None:
    """What the next crawl needs for a conditional GET of this attachment."""
    headers = {k.lower(): v for k, v in item.headers.items()}
    for url in {item.requested_url, item.url}:
        state.saw_url(url, sha, headers.get("etag"), headers.get("last-modified"), rejected)


def _classify(item: FetchedFile, filename: str | None):
    ctx = item.context
    return classify(ctx.title, filename, PageContext(ctx.source_unit, ctx.column, ctx.page_text), cover=item.cover)
