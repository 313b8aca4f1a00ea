"""Which documents need parsing, and storing what the parser made of them.

The archive is the parse cache: a document in the archive's catalog with
PARSER_VERSION means these bytes were parsed by this parser already (and their
rows committed), on any machine sharing the archive, so they are never parsed
again. Which documents those are is one catalog read per batch, then set lookups.
"""

from __future__ import annotations

from datetime import datetime, timezone

from govbudget.schema import PARSER_VERSION, ParseResult, RawDocument

from govbudget.flows.archives import archive_for, archived_ids
from govbudget.flows.outcomes import DocumentOutcome


def has_current_parse(doc_id: str, archive: str) -> bool:
    return doc_id in archive_for(archive).parsed_ids(PARSER_VERSION)


def split_for_parsing(raws: list[RawDocument], archive: str) -> tuple[list[RawDocument], list[RawDocument], list[RawDocument]]:
    """(not PDFs, parsed by this parser already, still to parse), in input order."""
    parsed = archive_for(archive).parsed_ids(PARSER_VERSION)
    pdf = {raw.sha256 for raw in raws if is_pdf(raw.sha256, archive)}
    skipped = [raw for raw in raws if raw.sha256 not in pdf]
    cached = [raw for raw in raws if raw.sha256 in pdf and raw.sha256 in parsed]
    to_parse = [raw for raw in raws if raw.sha256 in pdf and raw.sha256 not in parsed]
    return skipped, cached, to_parse


def store_parse(result: ParseResult, archive: str) -> str:
    """Records, datasets and catalog entry of one document (the archive writes them in a safe order)."""
    return archive_for(archive).put_parse(result)


def parsed_outcome(raw: RawDocument, result: ParseResult, parse: str) -> DocumentOutcome:
    outcome = DocumentOutcome.from_raw(raw, parse=parse, tables=len(result.tables),
                                       failing_checks=[c for c in result.checks if not c.passed])
    doc = result.document
    # the parser read the document itself: prefer it over what the listing page said
    outcome.publisher = doc.publisher or outcome.publisher
    outcome.fiscal_year = doc.fiscal_year or outcome.fiscal_year
    outcome.kind = doc.kind or outcome.kind
    return outcome


def failed_outcome(raw: RawDocument, reason: str, archive: str) -> DocumentOutcome:
    """The document is listed with its reason, in the run report and the archive's manifest."""
    archive_for(archive).record_failure(raw.url or raw.sha256, reason)
    return DocumentOutcome.from_raw(raw, parse="failed", failure=reason)


def is_pdf(doc_id: str, archive: str) -> bool:
    """Judged by the archive from the bytes (zip, xls and doc attachments are archived, not parsed)."""
    return archive_for(archive).is_pdf(doc_id)


def skipped_outcome(raw: RawDocument) -> DocumentOutcome:
    return DocumentOutcome.from_raw(raw, parse="skipped")


def cached_result(doc_id: str, archive: str) -> ParseResult | None:
    return archive_for(archive).get_parse(doc_id, PARSER_VERSION)


def archived_document(doc_id: str, archive: str) -> RawDocument:
    """An archived original as a RawDocument, rebuilt from its latest sighting (for re-parsing)."""
    sidecar = archive_for(archive).get_provenance(doc_id) or {}
    latest = (sidecar.get("sightings") or [{}])[-1]
    fields = {k: v for k, v in latest.items() if k in RawDocument.model_fields and v is not None}
    fields.update(
        sha256=doc_id,
        size=sidecar.get("size", 0),
        urls=sidecar.get("urls", []),
        classification=sidecar.get("classification") or {},
        status="archived",
    )
    fields.setdefault("portal_id", (sidecar.get("portals") or [""])[0])
    fields.setdefault("url", (sidecar.get("urls") or [""])[0])
    fields.setdefault("fetched_at", sidecar.get("last_seen") or sidecar.get("first_seen"))
    return RawDocument.model_validate(fields)


def stale_documents(archive: str) -> list[str]:
    """Archived PDFs without a parse by the installed parser version (parser upgrades, earlier failures)."""
    parsed = archive_for(archive).parsed_ids(PARSER_VERSION)
    return [doc_id for doc_id in archived_ids(archive) if doc_id not in parsed and is_pdf(doc_id, archive)]


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def interrupted_documents(archive: str, interrupted: list[dict]) -> list[str]:
    """Archived PDFs without a current parse, seen since the first of ``interrupted`` (run start markers) began.

    A run killed after archiving a document and before its rows committed leaves it
    so; its crawl state already counts it as seen, so only this finds it again.
    """
    if not interrupted:
        return []
    since = min(_moment(m["started_at"]) for m in interrupted)
    provenance = archive_for(archive).get_provenance
    return [doc_id for doc_id in stale_documents(archive)
            if (_moment((provenance(doc_id) or {}).get("last_seen")) or since) >= since]
