"""The run report: what was found, what failed and why, what changed (rendered without Prefect)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from govbudget.schema import CheckResult, CrawlReport
from govbudget.flows.outcomes import ChangeSummary, DocumentOutcome, PortalCrawl, RunReport, TopChange
from govbudget.flows.report import render_markdown

NOW = datetime(2026, 11, 23, tzinfo=timezone.utc)


def report() -> RunReport:
    check = CheckResult(check_id="total=basic+project", scope="t02", description="合计 = 基本支出 + 项目支出",
                        expected=Decimal("100.00"), actual=Decimal("100.01"), passed=False, pages=[7])
    return RunReport(
        flow="pipeline", run_id="r1", archive="s3://b/p", parser_version="0.1.0", started_at=NOW,
        crawls=[PortalCrawl(portal_id="yq", report=CrawlReport(documents_found=2, documents_new=1,
                                                                blocked={"yq": "http://x/rs/ (ruishu-412)"})),
                PortalCrawl(portal_id="gy", failure="StorageError: s3 put refused")],
        documents=[
            DocumentOutcome(doc_id="a" * 64, publisher="阳泉市财政局", fiscal_year=2025, kind="budget", crawl_status="new",
                            tables=19, failing_checks=[check]),
            DocumentOutcome(doc_id="b" * 64, url="http://x/b.pdf", portal_id="yq", crawl_status="new", parse="failed",
                            failure="encrypted PDF"),
        ],
        changes=ChangeSummary(comparisons=1, cells_changed=3, report_url="s3://b/p/runs/r1/changes.md", top=[
            TopChange(publisher="阳泉市财政局", years="2024 → 2025", table_kind="three_public", row="公务接待费",
                      column="total", old="1.00", new="2.00", delta_yuan="+10,000.00", pct_change="+100%")]),
    )


def test_a_failed_document_is_listed_with_its_reason():
    assert "| http://x/b.pdf | yq | encrypted PDF |" in render_markdown(report())


def test_a_failed_crawl_is_listed_with_its_reason():
    assert "| gy | gy | crawl failed: StorageError: s3 put refused |" in render_markdown(report())


def test_blocked_portals_show_where():
    assert "blocked: http://x/rs/ (ruishu-412)" in render_markdown(report())


def test_failing_checks_show_expected_actual_and_pages():
    assert "| 阳泉市财政局 | 2025 | 合计 = 基本支出 + 项目支出 | 100.00 | 100.01 | 7 |" in render_markdown(report())


def test_top_changes_are_tabled():
    assert "| 阳泉市财政局 | 2024 → 2025 | three_public | 公务接待费 | total | 1.00 | 2.00 | +10,000.00 | +100% |" in render_markdown(report())


def test_the_full_change_report_is_linked():
    assert "Full change report: `s3://b/p/runs/r1/changes.md`" in render_markdown(report())
