"""The Prefect face of the plain task functions: retries and concurrency limits, in one place.

Every function here is a thin wrapper; the work and its tests live in
govbudget.flows.crawling, govbudget.flows.parsing, govbudget.flows.ingest, govbudget.flows.changes and govbudget.flows.report.
"""

from __future__ import annotations

import logging
import os

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.concurrency.sync import concurrency

from govbudget.errors import StorageError
from govbudget.schema import ParseResult

from govbudget.flows import changes, crawling, ingest, parsing, report, runlogs
from govbudget.flows.outcomes import ChangeSummary, PortalCrawl, RunReport

log = logging.getLogger(__name__)
PORTAL_SLOT_WAIT_SECONDS = 3600  # a crawl of one portal takes minutes; an hour's wait means a held slot

runlogs.install()  # wherever tasks run (flow process, Dask worker), govbudget's warnings reach the API

# No task timeouts: Prefect cannot interrupt a task blocked in a worker thread. The
# spiders carry their own download timeouts; a parse is bounded in govbudget.flows.parsing.


def portal_limit(portal_id: str) -> str:
    """One crawl of a portal at a time across every worker: politeness, and one writer of its crawl state."""
    return f"portal-{portal_id}"


def _delays(*seconds: float) -> list[float]:
    """Waits before a task's retries; ``GOVBUDGET_TASK_RETRY_DELAY_SECONDS`` replaces each (read at import)."""
    configured = os.environ.get("GOVBUDGET_TASK_RETRY_DELAY_SECONDS")
    return [float(configured)] * len(seconds) if configured else list(seconds)


def _retry_storage_only(task, task_run, state) -> bool:
    """Retry what a flaky archive caused; a parser or configuration error fails the same way again."""
    try:
        state.result()
    except StorageError:
        return True
    except Exception:
        return False
    return False


@task(name="crawl-portal", task_run_name="crawl {portal_id}", retries=2, retry_delay_seconds=_delays(30, 300),
      retry_condition_fn=_retry_storage_only)
def crawl_portal(portal_id: str, archive: str, year: int | None = None, registry: str | None = None) -> PortalCrawl:
    # never wait forever: a slot another run holds for longer than this fails the crawl, loudly
    with concurrency(portal_limit(portal_id), occupy=1, timeout_seconds=PORTAL_SLOT_WAIT_SECONDS):
        return crawling.crawl_portal(portal_id, archive, year=year, registry=registry)


@task(name="parse-document", task_run_name="parse {doc_id:.12}", retries=2, retry_delay_seconds=_delays(10, 10),
      retry_condition_fn=_retry_storage_only)
def parse_document(doc_id: str, archive: str) -> ParseResult:
    return parsing.parse_original(doc_id, archive)


@task(name="store-parse", task_run_name="store {result.document.doc_id:.12}", retries=2, retry_delay_seconds=_delays(10, 10))
def store_parse(result: ParseResult, archive: str) -> str:
    return ingest.store_parse(result, archive)


@task(name="detect-changes", retries=1, retry_delay_seconds=_delays(10))
def detect_changes(archive: str, doc_ids: list[str], run_id: str) -> ChangeSummary:
    return changes.detect_changes(archive, doc_ids, run_id)


@task(name="publish-report", retries=1, retry_delay_seconds=_delays(10))
def publish_report(run_report: RunReport, archive: str) -> str:
    url = report.store_report(run_report, archive)
    create_markdown_artifact(
        key="govbudget-run-report",
        markdown=report.render_markdown(run_report),
        description=f"govbudget {run_report.flow} run {run_report.run_id} (stored at {url})",
    )
    return url


def ensure_portal_limits(portal_ids: list[str], slots: int = 1) -> None:
    """Create each portal's global concurrency limit if missing; an operator's own setting is kept.

    On the temporary (ephemeral) API, Prefect runs no repossessor: a slot held by a run that was
    killed is never given back, and every later crawl of that portal would wait for it forever.
    There the run holds its archive exclusively (storage's run lock), so slots still taken at
    its start are released as leaked ones; a run into another archive sharing the Prefect home
    would lose its slot, and the portal be crawled twice at once, which is better than a crawl
    that never ends. A Prefect server reclaims expired slots itself (its repossessor).
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    from govbudget.flows import environment

    ephemeral = not environment.server_configured()
    with get_client(sync_client=True) as client:
        for portal_id in portal_ids:
            try:
                limit = client.read_global_concurrency_limit_by_name(portal_limit(portal_id))
                if ephemeral and limit.active_slots:
                    log.warning("released %d concurrency slot(s) of %s left by a run that did not finish",
                                limit.active_slots, portal_limit(portal_id), extra={"portal": portal_id})
                    client.update_global_concurrency_limit(portal_limit(portal_id), GlobalConcurrencyLimitUpdate(active_slots=0))
            except ObjectNotFound:
                try:
                    client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=portal_limit(portal_id), limit=slots))
                except ObjectAlreadyExists:  # another run created it meanwhile
                    pass
