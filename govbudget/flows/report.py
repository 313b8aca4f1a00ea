"""The run report: what a run found, what failed and why, what changed. Markdown for people.

It becomes a Prefect markdown artifact (visible in the UI beside the flow run)
and is stored in the archive next to the run's manifest, so the archive alone
tells its history.
"""

from __future__ import annotations

from govbudget.flows.archives import put_run_file
from govbudget.flows.outcomes import DocumentOutcome, RunReport

MAX_LISTED = 50


def _cell(text: object) -> str:
    return "—" if text in (None, "") else str(text).replace("|", "\\|").replace("\n", " ")


def _portal_section(report: RunReport) -> list[str]:
    lines = ["## Portals", "", "| portal | year | pages | found | new | changed | unchanged | failed | blocked / flags |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for crawl in report.crawls:
        r = crawl.report
        if r is None:
            lines.append(f"| {crawl.portal_id} | {_cell(crawl.year)} | | | | | | | crawl failed: {_cell(crawl.failure)} |")
            continue
        notes = [f"blocked: {where}" for where in r.blocked.values()] + list(r.flags)
        lines.append(
            f"| {crawl.portal_id} | {_cell(crawl.year)} | {r.pages_fetched} | {r.documents_found} | {r.documents_new} "
            f"| {r.documents_changed} | {r.documents_unchanged} | {r.documents_failed} | {_cell('; '.join(notes))} |"
        )
    return lines + [""]


def _document_rows(documents: list[DocumentOutcome]) -> list[str]:
    rows = ["| publisher | year | kind | tables | failing checks | document |", "|---|---|---|---:|---:|---|"]
    for d in documents[:MAX_LISTED]:
        rows.append(f"| {_cell(d.publisher)} | {_cell(d.fiscal_year)} | {_cell(d.kind)} | {d.tables} "
                    f"| {len(d.failing_checks)} | {_cell(d.title or d.url)} (`{d.doc_id[:12]}`) |")
    if len(documents) > MAX_LISTED:
        rows.append(f"| … {len(documents) - MAX_LISTED} more | | | | | |")
    return rows


def _documents_section(report: RunReport) -> list[str]:
    lines = ["## Documents", ""]
    for status, heading in (("new", "New"), ("changed", "Re-published (new bytes at a known place)"),
                            ("duplicate", "Known bytes at a new URL"), ("archived", "Re-parsed")):
        documents = [d for d in report.documents_with(status) if d.parse != "skipped"]
        if documents:
            lines += [f"### {heading}: {len(documents)}", "", *_document_rows(documents), ""]
    skipped = [d for d in report.documents if d.parse == "skipped"]
    if skipped:
        lines += [f"### Archived, not parsed (not a PDF): {len(skipped)}", ""]
        lines += [f"- {_cell(d.title)} {_cell(d.url)} (`{d.doc_id[:12]}`)" for d in skipped] + [""]
    failed = report.failures
    lines += [f"### Failed: {len(failed)}", ""]
    if failed:
        lines += ["| document | portal | reason |", "|---|---|---|"]
        lines += [f"| {_cell(f.where)} | {_cell(f.portal_id)} | {_cell(f.reason)} |" for f in failed]
        lines.append("")
    if not report.documents:
        lines.append("No new or changed documents in this run.")
    return lines + [""]


def _checks_section(report: RunReport) -> list[str]:
    failing = [(d, c) for d in report.documents for c in d.failing_checks]
    lines = [f"## Failing checks: {len(failing)}", ""]
    if failing:
        lines += ["| publisher | year | check | expected | actual | pages |", "|---|---|---|---:|---:|---|"]
        for d, c in failing[:MAX_LISTED]:
            pages = ", ".join(str(p) for p in c.pages)
            lines.append(f"| {_cell(d.publisher)} | {_cell(d.fiscal_year)} | {_cell(c.description or c.check_id)} "
                         f"| {_cell(c.expected)} | {_cell(c.actual)} | {_cell(pages)} |")
    return lines + [""]


def _changes_section(report: RunReport) -> list[str]:
    changes = report.changes
    lines = [f"## Top changes ({changes.comparisons} comparison(s), {changes.cells_changed} cell(s) changed)", ""]
    if changes.top:
        lines += ["| publisher | years | table | row | column | old | new | Δ yuan | % |", "|---|---|---|---|---|---:|---:|---:|---:|"]
        for t in changes.top:
            lines.append(f"| {_cell(t.publisher)} | {t.years} | {t.table_kind} | {_cell(t.row)} | {_cell(t.column)} "
                         f"| {_cell(t.old)} | {_cell(t.new)} | {_cell(t.delta_yuan)} | {_cell(t.pct_change)} |")
        lines.append("")
    if changes.report_url:
        lines.append(f"Full change report: `{changes.report_url}` (every cell: `{changes.table_url}`)")
    return lines + [""]


def render_markdown(report: RunReport) -> str:
    duration = (report.finished_at - report.started_at).total_seconds() if report.finished_at else None
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.manifest_counts.items())
    header = [
        f"# govbudget {report.flow} run {report.run_id}",
        "",
        f"Status: **{report.status}**" + (f" ({len(report.failures)} failure(s), listed under Failed)" if report.failures else ""),
        "",
        f"Archive `{report.archive}` · parser {report.parser_version}"
        + (f" · {duration:.0f} s" if duration is not None else ""),
        "",
        f"Manifest: {counts}" if counts else "",
        "",
    ]
    body = _portal_section(report) if report.crawls else []
    return "\n".join(header + body + _documents_section(report) + _checks_section(report) + _changes_section(report))


def store_report(report: RunReport, archive: str) -> str:
    """report.md and report.json beside the run's manifest; returns the Markdown's location."""
    put_run_file(archive, report.run_id, "report.json", report.model_dump_json(indent=1).encode("utf-8"), "application/json")
    return put_run_file(archive, report.run_id, "report.md", render_markdown(report).encode("utf-8"), "text/markdown; charset=utf-8")
