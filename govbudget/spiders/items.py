"""What spiders yield: a fetched attachment with everything known about where it came from.

Spiders fill these; item pipelines check, store and turn them into
:class:`govbudget.schema.RawDocument`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from govbudget.schema import Classification


@dataclass
class DocumentContext:
    """An article (or API record) announcing a disclosure, before its files are fetched."""

    portal_id: str
    list_url: str | None
    article_url: str | None
    title: str | None
    publish_date: str | None = None
    source_unit: str | None = None
    column: str | None = None
    page_text: str | None = field(default=None, repr=False)
    attachments: list[str] = field(default_factory=list)  # every attachment URL of the article


@dataclass
class FetchedFile:
    """One attachment response (or one PDF unpacked from an attachment zip)."""

    context: DocumentContext
    url: str  # where the bytes came from, after redirects (``zip URL#member`` for zip members)
    requested_url: str  # the URL the article linked
    link_text: str | None
    body: bytes = field(repr=False)  # log lines name the URL, never dump the bytes
    http_status: int
    headers: dict[str, str]
    fetched_at: datetime
    filename: str | None = None
    content_type: str | None = None
    not_modified: bool = False  # a 304 to our conditional GET: nothing new to store
    container_sha256: str | None = None  # sha256 of the zip this member came from
    cover: str | None = field(default=None, repr=False)  # first-page text of a PDF, read by the file check


@dataclass
class FoundFile:
    """An attachment a dry run found and did not download."""

    context: DocumentContext
    url: str
    link_text: str | None
    classification: Classification


@dataclass(frozen=True)
class FailedFetch:
    """A list, article or attachment request that ended in an error; a pipeline reports it."""

    portal_id: str
    url: str
    reason: str
    attachment: bool
