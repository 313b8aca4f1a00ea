"""Archive a batch of documents as one run, surviving failures of single documents.

A failed upload has already been retried by the store; here it is reported
(manifest ``failures``, structured log) and the run moves on. The bytes stay in
the spool, so the next run uploads them without fetching them again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable

from govbudget.errors import StorageError
from govbudget.schema import ParseResult, RawDocument
from govbudget.storage.archive import ObjectArchive

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Item:
    data: bytes
    raw: RawDocument | None = None
    parse: ParseResult | None = None
    failure: str | None = None  # why there is no parse: the original is archived, the run lists the document


@dataclass
class IngestReport:
    run_id: str | None = None
    archived: list[str] = field(default_factory=list)  # sha256 of each document fully archived
    failed: dict[str, str] = field(default_factory=dict)  # sha256/url -> reason
    manifest: dict | None = None


def ingest(
    archive: ObjectArchive,
    items: Iterable[Item],
    run_id: str | None = None,
    on_item: Callable[[int, Item], None] | None = None,
) -> IngestReport:
    """Store originals then parse results; a document that fails does not stop the others."""
    report = IngestReport()
    with archive.run(run_id) as report.run_id:
        for index, item in enumerate(items):
            subject = item.raw.url if item.raw else f"item {index}"
            try:
                ref = archive.put_original(item.data, item.raw)
                if item.parse is not None:
                    archive.put_parse(item.parse)
            except StorageError as exc:
                report.failed[subject] = exc.reason
                log.error("document not archived", extra={"url": subject, "reason": exc.reason})
                archive.record_failure(subject, exc.reason)
                continue
            if item.failure:  # the original is kept; the run lists why it has no data
                report.failed[subject] = item.failure
                log.error("document not parsed", extra={"url": subject, "reason": item.failure})
                archive.record_failure(subject, item.failure)
                continue
            report.archived.append(ref.sha256)
            if on_item:
                on_item(index, item)
    report.manifest = archive.manifest(report.run_id) if report.run_id in archive.run_ids() else None
    return report
