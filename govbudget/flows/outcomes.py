"""What a run did, document by document and portal by portal: the run report's raw material.

:attr:`RunReport.failures` is the one definition of what counts as a failure of a run: the
run report, the terminal summary, the archive's manifest, the Prefect state and the exit
code all count the same list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from govbudget.schema import CheckResult, CrawlReport, RawDocument
from govbudget.spiders.report import STOPPED_YIELDING


class RunFailure(BaseModel):
    """Something a run could not do: where (URL, document or portal), whose portal, and why."""

    where: str
    portal_id: str | None = None
    reason: str


class PortalCrawl(BaseModel):
    """One portal crawled (for one fiscal year, or all): its report and the documents it stored."""

    portal_id: str
    year: int | None = None
    report: CrawlReport | None = None
    documents: list[RawDocument] = Field(default_factory=list)
    failure: str | None = None  # the crawl itself failed (after retries)

    @property
    def failures(self) -> list[RunFailure]:
        """The crawl failed, a page or attachment could not be fetched, the portal blocked us or went silent."""
        if self.failure:
            return [RunFailure(where=self.portal_id, portal_id=self.portal_id, reason=f"crawl failed: {self.failure}")]
        if self.report is None:
            return []
        failures = [RunFailure(where=f.get("url") or self.portal_id, portal_id=f.get("portal") or self.portal_id,
                               reason=f"{f.get('reason')} (not archived)") for f in self.report.failures]
        failures += [RunFailure(where=where, portal_id=portal, reason="portal blocked the crawler")
                     for portal, where in self.report.blocked.items()]
        failures += [RunFailure(where=self.portal_id, portal_id=self.portal_id, reason=flag)
                     for flag in self.report.flags if flag.startswith(f"{STOPPED_YIELDING}:")]
        return failures


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
    archive_failure: str | None = None  # the archive failed before the run was recorded (no manifest: interrupted)

    def documents_with(self, crawl_status: str) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.crawl_status == crawl_status and d.failure is None]

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [d for d in self.documents if d.failure is not None]

    @computed_field
    @property
    def failures(self) -> list[RunFailure]:
        """Every failure of the run: its crawls' (see :attr:`PortalCrawl.failures`), then its documents'."""
        return [f for c in self.crawls for f in c.failures] + [
            RunFailure(where=d.url or d.doc_id, portal_id=d.portal_id, reason=d.failure or "") for d in self.failed] + (
            [RunFailure(where=self.archive, reason=self.archive_failure)] if self.archive_failure else [])

    @computed_field
    @property
    def status(self) -> Literal["complete", "incomplete"]:
        """As the run's manifest says it: ``incomplete`` when anything failed (the run still went to its end)."""
        return "incomplete" if self.failures else "complete"
