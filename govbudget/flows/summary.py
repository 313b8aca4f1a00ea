"""The end-of-run summary a person reads in the terminal (the full report is in the archive)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from govbudget.flows.outcomes import RunReport

TOP = 5


def print_summary(report: RunReport, console: Console | None = None) -> None:
    console = console or Console()
    counts = Table(title=f"run {report.run_id}", show_header=True)
    for column in ("new", "re-published", "known bytes, new URL", "parsed", "from cache", "not PDF", "failed"):
        counts.add_column(column, justify="right")
    parse = [d.parse for d in report.documents]
    counts.add_row(
        str(len(report.documents_with("new"))), str(len(report.documents_with("changed"))),
        str(len(report.documents_with("duplicate"))), str(parse.count("parsed")), str(parse.count("cached")),
        str(parse.count("skipped")), str(len(report.failures)),
    )
    console.print(counts)
    from govbudget.spiders.report import portal_line

    for crawl in report.crawls:  # per-portal rows of each crawl report
        for portal_id in crawl.report.per_portal if crawl.report else ():
            console.print(portal_line(crawl.report, portal_id), soft_wrap=True)
    for failure in report.failures:
        console.print(f"[red]failed[/] {failure.where} ({failure.portal_id or 'no portal'}): {failure.reason}")
    changes = report.changes
    console.print(f"{changes.comparisons} comparison(s), {changes.cells_changed} changed cell(s)")
    for top in changes.top[:TOP]:
        console.print(f"  {top.publisher} {top.years} {top.table_kind} / {top.row} / {top.column}: "
                      f"{top.old} → {top.new} ({top.pct_change or 'new'})")
    console.print(f"change report: {changes.report_url}")
    console.print(f"run report:    {report.report_url}")
