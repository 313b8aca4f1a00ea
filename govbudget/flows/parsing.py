"""Parse one archived original: the CPU-heavy step the flow fans out.

Prefect's thread pool cannot use more than one core for pure-Python parsing, so
on a single machine each parse runs in a shared process pool (no Prefect inside
it, so no extra API servers); on a Dask worker the parse runs in the worker itself.
The pool's workers run under the parser's memory cap and time limit
(:mod:`govbudget.parsers.workers`): a document that kills its worker is that
document's ParseFailure, and the pool replaces the worker.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessPool

from govbudget.errors import InputError
from govbudget.parsers.limits import Limits
from govbudget.parsers.workers import death_reason, limit_this_process, memory_reason, timeout_reason
from govbudget.schema import ParseResult

from govbudget.flows.archives import archive_for

_POOL: ProcessPool | None = None
_POOL_LOCK = threading.Lock()


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


def _pool(workers: int, limits: Limits) -> ProcessPool:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            # forkserver: never fork a process whose threads (Prefect's loops) may hold locks
            _POOL = ProcessPool(
                max_workers=workers, initializer=limit_this_process, initargs=(limits.worker_memory,),
                context=multiprocessing.get_context("forkserver"),
            )
        return _POOL


def _settings() -> dict[str, str]:
    """This process's ``GOVBUDGET_*`` settings, which a pool task takes along.

    Pool workers are forked from multiprocessing's forkserver, started once per
    process with the environment of that moment; without this a limit set later
    (or by the flow's caller) would not reach the parse.
    """
    return {name: value for name, value in os.environ.items() if name.startswith("GOVBUDGET_")}


def _adopt(settings: dict[str, str]) -> None:
    for name in [name for name in os.environ if name.startswith("GOVBUDGET_") and name not in settings]:
        del os.environ[name]
    os.environ.update(settings)


def _parse_bytes(data: bytes, name: str, settings: dict[str, str] | None = None) -> ParseResult:
    from govbudget.parsers.api import parse_pdf

    if settings is not None:
        _adopt(settings)
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
    limits = Limits.from_env()
    try:
        return _pool(workers, limits).schedule(_parse_bytes, args=(data, doc_id, _settings()), timeout=limits.timeout_seconds).result()
    except FutureTimeout:
        raise ParseFailure(timeout_reason(limits)) from None
    except ProcessExpired as exc:
        raise ParseFailure(death_reason(exc.exitcode, limits)) from None
