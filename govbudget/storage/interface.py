"""The narrow interface the rest of govbudget uses to reach the archive.

Spiders hand originals in through :meth:`Archive.put_original`; flows store parse
results and manifests; research pulls read the Delta tables. Backends (local
directory, S3-compatible) implement this Protocol and pass one shared test suite.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from govbudget.schema import ParseResult, RawDocument


@dataclass(frozen=True)
class OriginalRef:
    sha256: str
    key: str  # backend key of the original bytes
    is_new: bool  # False when these bytes were already archived


@runtime_checkable
class Archive(Protocol):
    location: str  # e.g. /path/archive or s3://bucket/prefix (never with credentials)

    def put_original(self, data: bytes, raw: RawDocument | None = None) -> OriginalRef:
        """Store bytes content-addressed and merge ``raw``'s provenance into the sidecar."""

    def has_original(self, sha256: str) -> bool: ...

    def get_original(self, sha256: str) -> bytes: ...

    def get_provenance(self, sha256: str) -> dict | None:
        """The metadata sidecar (every URL, first/last seen, headers, classification)."""

    def put_parse(self, result: ParseResult) -> str:
        """Store a parse result under doc_id and parser version; returns its key.

        Its rows reach the tables with the next commit batch (the end of the run,
        every FLUSH_DOCUMENTS documents, or :meth:`flush`), replacing the document's
        earlier rows and re-stamping an edition it re-publishes as not current.
        """

    def flush(self) -> object:
        """Commit staged rows to the tables now (reads do this first)."""

    def parsed_ids(self, parser_version: str | None = None) -> set[str]:
        """Documents whose rows are committed (by ``parser_version``): one catalog read."""

    def get_parse(self, doc_id: str, parser_version: str | None = None) -> ParseResult | None: ...

    def get_state(self, name: str) -> bytes | None:
        """Small named state blobs (e.g. the crawler's seen-URL record)."""

    def put_state(self, name: str, data: bytes) -> None: ...

    # Runs: every write belongs to one; its manifest is written last and makes
    # the run's datasets visible to pulls (``as_of`` selects an older one).

    def run(self, run_id: str | None = None) -> AbstractContextManager[str]:
        """``with archive.run() as run_id:``; writes outside one join an implicit run ended by close()."""

    def original_ids(self) -> list[str]:
        """The sha256 of every archived original."""

    def is_pdf(self, sha256: str) -> bool:
        """Whether an archived original is a PDF (judged from its bytes when it was stored)."""

    def put_run_file(self, run_id: str, name: str, data: bytes, content_type: str) -> str:
        """Store a report beside run ``run_id``'s manifest; returns its URL."""

    def record_failure(self, subject: str, reason: str) -> None:
        """Note a document the run could not finish (reported in the manifest)."""

    def close(self) -> dict | None:
        """Finish the implicit run, if any; returns its manifest."""

    def manifest(self, as_of: str | None = None) -> dict | None:
        """The manifest of run ``as_of`` / of the last run finished by date ``as_of`` / the latest."""

    def catalog(self, *, doc_ids=None, parents=None, current_only: bool = False, as_of: str | None = None) -> list[dict]:
        """One entry per parsed document and edition (metadata, parse key, edition, is_current),
        narrowed to ``doc_ids`` / normalised ``parents`` when given."""

    def table_versions(self, as_of: str | None = None) -> dict[str, int]:
        """Each Delta table's version now, or as run/date ``as_of`` left it."""
