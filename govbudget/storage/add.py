"""PDFs a researcher already has, into an archive: ``govbudget add FILE|DIR…``.

Each file is archived with its provenance (its local path as a ``file://`` URL and,
when given, the URL it was published at), parsed, and stored through
:func:`govbudget.storage.ingest.ingest` — the same calls a crawl run makes — so
``changes`` and ``pull`` see it like any crawled document. Bytes already parsed by
this parser version are not parsed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from govbudget.errors import InputError
from govbudget.schema import PARSER_VERSION, Classification, ParseResult, RawDocument
from govbudget.storage.archive import ObjectArchive, sniff_extension
from govbudget.storage.ingest import IngestReport, Item, ingest

LOCAL_PORTAL = "local"


@dataclass(frozen=True)
class LocalFile:
    path: Path
    data: bytes


@dataclass
class AddReport:
    ingest: IngestReport
    parsed: dict[str, ParseResult] = field(default_factory=dict)  # path → parse

    @property
    def failed(self) -> dict[str, str]:
        """URL (``file://`` of a local file) → reason: parse and storage failures alike."""
        return self.ingest.failed


def local_files(paths: list[str]) -> list[LocalFile]:
    """Every PDF named or under a named directory; refuses, before anything is archived,
    a path that does not exist, a named file that is not a PDF, or no PDF at all."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(name, "no such file or directory")
    files = []
    for path in dict.fromkeys(p.resolve() for p in found):
        data = path.read_bytes()
        if sniff_extension(data) != "pdf":
            raise InputError(str(path), "not a PDF (its bytes do not start with %PDF)")
        files.append(LocalFile(path, data))
    if not files:
        raise InputError(" ".join(paths), "no PDF files found")
    return files


def provenance(file: LocalFile, source_url: str | None, publisher: str | None) -> RawDocument:
    import hashlib

    local = file.path.as_uri()
    return RawDocument(
        sha256=hashlib.sha256(file.data).hexdigest(),
        size=len(file.data),
        portal_id=LOCAL_PORTAL,
        url=source_url or local,
        urls=[local],
        filename=file.path.name,
        content_type="application/pdf",
        fetched_at=datetime.now(timezone.utc),
        classification=Classification(publisher=publisher),
        status="new",
    )


def _with_publisher(result: ParseResult, publisher: str | None) -> ParseResult:
    """``--publisher`` names the unit when the document does not print its name."""
    if not publisher or result.document.publisher:
        return result
    return result.model_copy(update={"document": result.document.model_copy(update={"publisher": publisher})})


def _parses(archive: ObjectArchive, files: list[LocalFile], workers: int | None) -> Iterator[tuple[LocalFile, ParseResult | None, str | None]]:
    """(file, parse, failure) for each file: the archive's parse by this parser version, else a new one."""
    from govbudget.parsers.api import parse_many

    cached, todo = {}, []
    for file in files:
        sha256 = provenance(file, None, None).sha256
        result = archive.get_parse(sha256, PARSER_VERSION) if PARSER_VERSION in archive.parser_versions(sha256) else None
        if result is not None:
            cached[file.path] = result
        else:
            todo.append(file)
    for file in files:
        if file.path in cached:
            yield file, cached[file.path], None
    by_path = {str(f.path): f for f in todo}
    for outcome in parse_many(list(by_path), workers=workers):
        yield by_path[outcome.file], outcome.result, outcome.error


def add_files(
    archive: ObjectArchive,
    paths: list[str],
    *,
    source_url: str | None = None,
    publisher: str | None = None,
    workers: int | None = None,
    on_file: Callable[[LocalFile, ParseResult | None, str | None], None] | None = None,
) -> AddReport:
    """Archive, parse and store ``paths`` in one run of ``archive``."""
    files = local_files(paths)
    if source_url and len(files) > 1:
        raise InputError("--source-url", f"names one document's URL, but {len(files)} PDFs were given")
    report = AddReport(IngestReport())

    def items() -> Iterator[Item]:
        for file, result, failure in _parses(archive, files, workers):
            raw = provenance(file, source_url, publisher)
            if result is not None:
                result = _with_publisher(result, publisher)
                report.parsed[str(file.path)] = result
            if on_file:
                on_file(file, result, failure)
            yield Item(file.data, raw, result, failure=None if result is not None else f"not parsed: {failure}")

    report.ingest = ingest(archive, items())
    return report
