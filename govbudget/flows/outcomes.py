"""What a run did, document by document and portal by portal: the run report's raw material."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from govbudget.schema import CheckResult, CrawlReport, RawDocument


class PortalCrawl(BaseModel):
    """One portal crawled (for one fiscal year, or all): its report and the documents it stored."""

    portal_id: str
    year: int | None = None
    report: CrawlReport | None = None
    documents: list[RawDocument] = Field(default_factory=list)
    failure: str | None = None  # the crawl itself failed (after retries)


class DocumentOutcome(BaseModel):
    """One document's way through ingest. ``failure`` set means it failed, with the reason."""

    doc_id: str
    url: str | None = None
    portal_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    fiscal_year: int | None = None
    kind: str | None = None
    crawl_status: str = "archived"  # new | changed | duplicate (from the crawl) | archived (re-parse)
    parse: Literal["parsed", "cached", "failed", "skipped"] = "parsed"  # skipped: not a PDF, archived only
    failure: str | None = None
    tables: int = 0
    failing_checks: list[CheckResult] = Field(default_factory=list)

    @classmethod
    def from_raw(cls, raw: RawDocument, **fields) -> DocumentOutcome:
        c = raw.classification
        return cls(
            doc_id=raw.sha256, url=raw.url, portal_id=raw.portal_id, title=raw.title, publisher=c.publisher,
            fiscal_year=c.fiscal_year, kind=c.kind, crawl_status=raw.status, **fields,
        )


class TopChange(BaseModel):
    publisher: str | None
    years: str  # "2024 → 2025" or "re-published"
    table_kind: str
    row: str
    column: str
    old: str | None
    new: str | None
    delta_yuan: str | None
    pct_change: str | None


class ChangeSummary(BaseModel):
    comparisons: int = 0
    cells_changed: int = 0
    top: list[TopChange] = Field(default_factory=list)
    report_url: str | None = None  # the full Markdown change report in the archive
    table_url: str | None = None  # every changed cell (CSV)


class RunReport(BaseModel):
    flow: str
    run_id: str
    archive: str
    parser_version: str
    started_at: datetime
    finished_at: datetime | None = None
    crawls: list[PortalCrawl] = Field(default_factory=list)
    documents: list[DocumentOutcome] = Field(default_factory=list)
    changes: ChangeSummary = Field(default_factory=ChangeSummary)
    manifest_counts: dict[str, int] = Field(default_factory=dict)
    report_url: str | None = None

    def documents_with(self, crawl_status: str) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.crawl_status == crawl_status and d.failure is None]

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.failure is not None]
