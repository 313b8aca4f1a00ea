"""What the spiders hand on: a document's bytes' identity and where they came from."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from govbudget.schema.vocab import DocKind, Scope


class Classification(BaseModel):
    """Read from title, then file name, then page. Unknown stays None: never guess."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    publisher: str | None = None
    fiscal_year: int | None = None
    kind: DocKind | None = None
    scope: Scope | None = None


class RawDocument(BaseModel):
    """One fetched disclosure file with its full provenance."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    sha256: str
    size: int
    portal_id: str
    url: str  # the attachment URL the bytes came from (after redirects)
    urls: list[str] = Field(default_factory=list)  # every URL these bytes were seen at
    list_url: str | None = None
    article_url: str | None = None
    link_text: str | None = None
    title: str | None = None
    publish_date: str | None = None  # ISO date as printed on the article page
    source_unit: str | None = None
    column: str | None = None
    filename: str | None = None
    content_type: str | None = None
    http_status: int | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    fetched_at: datetime
    classification: Classification = Field(default_factory=Classification)
    attachments: list[str] = Field(default_factory=list)  # other attachment URLs of the article
    republication_of: str | None = None  # sha256 previously seen at the same URL
    status: str = "new"  # new | changed | duplicate (bytes already archived from another URL)


class CrawlReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_ids: list[str] = Field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    pages_fetched: int = 0
    documents_found: int = 0
    documents_new: int = 0
    documents_changed: int = 0
    documents_unchanged: int = 0
    documents_duplicate: int = 0  # known bytes met at a new URL: stored once, URL added
    documents_failed: int = 0
    bytes_downloaded: int = 0
    blocked: dict[str, str] = Field(default_factory=dict)  # portal id -> URL and reason
    flags: list[str] = Field(default_factory=list)  # zero documents, new years/departments
    failures: list[dict[str, str]] = Field(default_factory=list)
    # portal id -> pages, articles, found, new, …, offsite, missing, bytes (govbudget.spiders.report.PORTAL_COUNTS)
    per_portal: dict[str, dict[str, int]] = Field(default_factory=dict)
    paging: dict[str, str] = Field(default_factory=dict)  # portal id -> paging method(s) used, e.g. pager-script
    offsite: dict[str, list[str]] = Field(default_factory=dict)  # portal id -> links to other hosts, not requested
