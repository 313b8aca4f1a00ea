"""The flows: ``pipeline`` (crawl → ingest → changes → report) and ``reparse_all``.

Flows only compose tasks (govbudget.flows.tasks); everything they decide is in the plain
modules beside them. A document or portal that fails is listed with its reason and the
run goes on to its end; a run with failures then ends in Prefect's ``Failed`` state
(message "completed with failures: …", the run report as its data), so an automation
on ``prefect.flow-run.Failed`` sees it. Bad configuration, found before any work, fails
a run with its error.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from prefect import flow, unmapped
from prefect.states import Completed, Failed, State
from prefect.futures import as_completed

from govbudget.errors import ArchiveHeld, StorageError
from govbudget.log import phase
from govbudget.schema import PARSER_VERSION, RawDocument

from govbudget.flows import progress
from govbudget.flows.archives import archive_for, archive_run
from govbudget.flows.crawling import unique_documents
from govbudget.flows.ingest import (
    archived_document, cached_result, failed_outcome, interrupted_documents, parsed_outcome, skipped_outcome,
    split_for_parsing, stale_documents,
)
from govbudget.flows.outcomes import DocumentOutcome, PortalCrawl, RunReport
from govbudget.flows.preflight import archive_location, preflight
from govbudget.storage.location import check_writable
from govbudget.flows.runners import task_runner_from_env, threads
from govbudget.flows.tasks import crawl_portal, detect_changes, ensure_portal_limits, parse_document, publish_report, store_parse


log = logging.getLogger(__name__)


def _reason(error: BaseException) -> str:
    if isinstance(error, StorageError):  # which object of the archive, and why
        return str(error)
    return getattr(error, "reason", None) or f"{type(error).__name__}: {error}"


@flow(name="crawl", task_runner=threads())
def crawl_all(portal_ids: list[str], years: list[int] | None, archive: str, registry: str | None) -> list[PortalCrawl]:
    """One crawl task per portal (and per year when years are given); a failed crawl is reported, not raised.

    A subflow with its own thread pool, so crawls stay on the machine running the
    pipeline even when parsing fans out to Dask.
    """
    jobs = [(pid, year) for pid in portal_ids for year in (years or [None])]
    futures = {crawl_portal.submit(pid, archive, year, registry): (pid, year) for pid, year in jobs}
    crawls = []
    progress.report("crawl", total=len(jobs))
    for future in as_completed(list(futures)):
        pid, year = futures[future]
        outcome = _outcome_of(future)
        crawls.append(PortalCrawl(portal_id=pid, year=year, failure=_reason(outcome))
                      if isinstance(outcome, BaseException) else outcome)
        progress.report("crawl", advance=1)
    return sorted(crawls, key=lambda c: (c.portal_id, c.year or 0))


def _outcome_of(future):
    """A task's result, or the error it ended with; also when the future itself raises (a lost Dask worker)."""
    try:
        return future.result(raise_on_failure=False)
    except Exception as exc:  # noqa: BLE001 - listed as the document's failure
        return exc


def ingest_all(raws: list[RawDocument], archive: str) -> list[DocumentOutcome]:
    """Parse what the archive has no current parse of (fanned out), store it; the rest is a cache hit."""
    skipped, cached, to_parse = split_for_parsing(raws, archive)  # sets: O(run), not O(run²)
    outcomes = [skipped_outcome(raw) for raw in skipped]
    outcomes += [parsed_outcome(raw, cached_result(raw.sha256, archive), "cached") for raw in cached]
    progress.report("parse", total=len(to_parse))
    with phase(log, "parse", documents=len(to_parse)):
        futures = parse_document.map([raw.sha256 for raw in to_parse], archive=unmapped(archive))
        by_future = dict(zip(futures, to_parse))
        for future in as_completed(list(futures)):
            raw = by_future[future]
            result = _outcome_of(future)
            if not isinstance(result, BaseException):
                stored = store_parse(result, archive, return_state=True)
                outcomes.append(parsed_outcome(raw, result, "parsed") if stored.is_completed()
                                else failed_outcome(raw, _reason(stored.result(raise_on_failure=False)), archive))
            else:
                outcomes.append(failed_outcome(raw, _reason(result), archive))
            progress.report("parse", advance=1)
    return outcomes


def _left_by(interrupted: list[dict], crawled: set[str], location: str) -> list[RawDocument]:
    """Documents interrupted runs archived but never parsed: this run completes them."""
    return [archived_document(doc_id, location) for doc_id in interrupted_documents(location, interrupted)
            if doc_id not in crawled]


def record_crawl_failures(crawls: list[PortalCrawl], archive: str) -> None:
    """Into the run's manifest (documents that fail are recorded as they fail)."""
    for crawl in crawls:
        for failure in crawl.failures:
            archive_for(archive).record_failure(failure.where, failure.reason)


def _finish(report: RunReport, archive: str) -> State:
    manifest = archive_for(archive).manifest(report.run_id) or {}
    report.manifest_counts = manifest.get("counts", {})
    report.finished_at = datetime.now(timezone.utc)
    report.report_url = publish_report(report, archive)
    if report.failures:
        return Failed(message=f"completed with failures: {len(report.failures)} (run report: {report.report_url})",
                      data=report)
    return Completed(data=report)


def report_of(state: State) -> RunReport:
    """The run report of a finished run, Completed or Failed with failures; the error of a run that had none."""
    result = state.result(raise_on_failure=False)
    if isinstance(result, RunReport):
        return result
    if isinstance(result, BaseException):
        raise result
    raise RuntimeError(f"the run ended {state.type.value} without a run report: {state.message}")


@flow(name="pipeline", task_runner=task_runner_from_env())
def pipeline(
    portals: list[str] | None = None,
    regions: list[str] | None = None,
    years: list[int] | None = None,
    archive: str | None = None,
    registry: str | None = None,
) -> State:
    """Crawl portals, archive and parse what is new, detect and report what changed.

    Args:
        portals: portal ids of the registry (default: every enabled portal).
        regions: only portals in these regions (a province, city or county name).
        years: only disclosures of these fiscal years (default: all).
        archive: local directory or s3://bucket/prefix (default $GOVBUDGET_ARCHIVE or ./archive).
        registry: portal registry YAML (default: the packaged one).
    """
    try:
        return _pipeline(portals, regions, years, archive, registry)
    except ArchiveHeld as exc:  # a state, not a raise: one line for the user, no traceback in the log
        return Failed(message=str(exc), data=exc)


def _pipeline(portals, regions, years, archive, registry) -> State:
    location = archive_location(archive)
    selected = preflight(portals, regions, location, registry)
    report = RunReport(flow="pipeline", run_id="", archive=location, parser_version=PARSER_VERSION,
                       started_at=datetime.now(timezone.utc))
    try:
        with archive_run(location) as report.run_id:
            ensure_portal_limits(selected)  # holding the archive: slots still taken are leaked ones (see there)
            interrupted = archive_for(location).interrupted_runs(unrecovered=True)
            with phase(log, "crawl", portals=len(selected)):
                report.crawls = crawl_all(selected, years, location, registry)
            record_crawl_failures(report.crawls, location)
            crawled = unique_documents(report.crawls)
            report.documents = ingest_all(crawled + _left_by(interrupted, {raw.sha256 for raw in crawled}, location),
                                          location)
            with phase(log, "changes"):
                report.changes = detect_changes(location, [d.doc_id for d in report.documents if d.parse == "parsed"],
                                                report.run_id)
        if interrupted and not any(d.failure for d in report.documents if d.crawl_status == "archived"):
            archive_for(location).mark_recovered([m["run_id"] for m in interrupted], report.run_id)
        return _finish(report, location)
    except StorageError as exc:
        return _unrecorded(report, exc)


def _unrecorded(report: RunReport, error: StorageError) -> State:
    """The archive failed (unreachable, full, read-only) after its retries: the run ends, its failures listed.

    Nothing stored is lost, but the run may have no manifest: it then counts as
    interrupted, and the next run completes its documents.
    """
    if isinstance(error, ArchiveHeld) or not report.run_id:
        raise error
    report.archive_failure = f"the archive failed, this run may be recorded as interrupted: {error}"
    report.finished_at = datetime.now(timezone.utc)
    log.error("archive failed", extra={"run_id": report.run_id, "url": error.subject, "reason": error.reason})
    return Failed(message=f"completed with failures: {len(report.failures)} ({report.archive_failure})", data=report)


@flow(name="reparse-all", task_runner=task_runner_from_env())
def reparse_all(archive: str | None = None) -> State:
    """Parse again every archived original that has no parse by the installed parser version.

    Args:
        archive: local directory or s3://bucket/prefix (default $GOVBUDGET_ARCHIVE or ./archive).
    """
    try:
        return _reparse_all(archive)
    except ArchiveHeld as exc:
        return Failed(message=str(exc), data=exc)


def _reparse_all(archive: str | None) -> State:
    location = archive_location(archive)
    check_writable(location)
    report = RunReport(flow="reparse-all", run_id="", archive=location, parser_version=PARSER_VERSION,
                       started_at=datetime.now(timezone.utc))
    try:
        with archive_run(location) as report.run_id:
            report.documents = ingest_all([archived_document(doc_id, location) for doc_id in stale_documents(location)],
                                          location)
            with phase(log, "changes"):
                report.changes = detect_changes(location, [d.doc_id for d in report.documents if d.parse == "parsed"],
                                                report.run_id)
        return _finish(report, location)
    except StorageError as exc:
        return _unrecorded(report, exc)
