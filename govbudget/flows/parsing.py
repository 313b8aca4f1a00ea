"""Parse one archived original: the CPU-heavy step the flow fans out.

Prefect's thread pool cannot use more than one core for pure-Python parsing, so
on a single machine each parse runs in the parser's shared process pool
(:func:`govbudget.parsers.workers.run_one`: no Prefect inside it, so no extra API
servers; capped memory and time; current settings); on a Dask worker the parse runs
in the worker itself. A document that kills its worker is that document's
ParseFailure, and the pool replaces the worker.
"""

from __future__ import annotations

import os
import traceback

from govbudget.errors import InputError
from govbudget.parsers.limits import Limits
from govbudget.parsers.workers import WorkerLost, memory_reason, run_one
from govbudget.schema import ParseResult

from govbudget.flows.archives import archive_for


class ParseFailure(Exception):
    """The parser could not read a document: listed in the run report, never retried."""


def parse_processes() -> int:
    """``GOVBUDGET_PARSE_PROCESSES`` (0 = in this process); default one per core, none on a Dask worker."""
    configured = os.environ.get("GOVBUDGET_PARSE_PROCESSES")
    if configured is not None:
        return int(configured)
    try:
        from distributed import get_worker

        get_worker()
        return 0
    except (ImportError, ValueError):
        return os.cpu_count() or 1


def _parse_bytes(data: bytes, name: str) -> ParseResult:
    from govbudget.parsers.api import parse_pdf

    try:
        return parse_pdf(data, name=name)
    except InputError as exc:  # plain message: the pool pickles errors back
        raise ParseFailure(exc.reason) from None
    except MemoryError:
        raise ParseFailure(memory_reason(Limits.from_env())) from None
    except Exception as exc:  # a parser bug on one document must not take down the others
        last = traceback.extract_tb(exc.__traceback__)[-1]
        raise ParseFailure(f"parser error {type(exc).__name__}: {exc} ({os.path.basename(last.filename)}:{last.lineno})") from None


def parse_original(doc_id: str, archive: str) -> ParseResult:
    """The archived original ``doc_id`` parsed with the installed parser.

    Raises ParseFailure for a document the parser cannot read (reported, not
    retried) and StorageError when the archive fails (retried).
    """
    data = archive_for(archive).get_original(doc_id)
    workers = parse_processes()
    if workers <= 0:
        return _parse_bytes(data, doc_id)
    try:
        return run_one(_parse_bytes, (data, doc_id), workers=workers, limits=Limits.from_env())
    except WorkerLost as lost:
        raise ParseFailure(lost.reason) from None
