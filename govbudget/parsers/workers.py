"""Parse files in worker processes that one hostile file cannot take down.

Each worker runs under a memory cap (``RLIMIT_DATA``, :attr:`Limits.worker_memory`)
and each file under a wall-clock limit (:attr:`Limits.timeout_seconds`). A file that
outgrows either — a decompression bomb pdfium aborts on, a parse that never ends —
kills only its worker: pebble reports that file's failure and starts a fresh worker,
and the other files of the batch are parsed as if it had not been there.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed

from pebble import ProcessExpired, ProcessPool

from govbudget.cache_dir import redirect_caches
from govbudget.parsers.limits import MB, Limits, env_name


def limit_this_process(memory_bytes: int) -> None:
    """Cap this process's heap and forbid core dumps (nothing written on a crash).

    ``RLIMIT_DATA`` (private writable memory: heap, mmap'd buffers, pdfium's
    partitions), not ``RLIMIT_AS``: onnxruntime maps ~1 GB of address space it never
    touches, while its resident memory for a page is ~0.5 GB.
    """
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    redirect_caches()


def run_isolated(
    task: Callable, items: Iterable[tuple], *, workers: int, limits: Limits, failed: Callable[[tuple, str], object]
) -> Iterator:
    """``task(*item)`` for every item in capped worker processes, in completion order.

    A worker that dies or overruns yields ``failed(item, reason)`` instead, with the
    reason in one line; the pool replaces the worker and goes on.
    """
    items = list(items)
    if not items:
        return
    pool = ProcessPool(
        max_workers=max(1, min(workers, len(items))),
        max_tasks=1,  # a fresh worker per file: nothing one file did (memory, state) reaches the next
        initializer=limit_this_process,
        initargs=(limits.worker_memory,),
        context=_context(),
    )
    futures = {}
    try:
        futures = {pool.schedule(task, args=item, timeout=limits.timeout_seconds): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield future.result()
            except FutureTimeout:
                yield failed(item, timeout_reason(limits))
            except ProcessExpired as exc:
                yield failed(item, death_reason(exc.exitcode, limits))
    finally:  # the caller stopped early (or an error): pending files are not parsed
        if all(f.done() for f in futures):
            pool.close()
        else:
            pool.stop()
        pool.join()


def _context():
    """forkserver, preloaded with the parser: a worker forked from the caller would start with
    the caller's memory (counted against its cap) and threads; one from the server starts warm."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govbudget.parsers.api", "govbudget.parsers.extract"])
    return context


def death_reason(exitcode: int | None, limits: Limits) -> str:
    """Why a worker vanished, as far as its exit status tells."""
    how = f"exit status {exitcode}"
    if exitcode and exitcode < 0:
        try:
            how = f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"signal {-exitcode}"
    return (
        f"the parse worker died ({how}), most likely over the memory limit of "
        f"{limits.worker_memory // MB} MB per file ({env_name('worker_memory')})"
    )


def timeout_reason(limits: Limits) -> str:
    return f"took longer than {limits.timeout_seconds:g} s (limit, {env_name('timeout_seconds')})"


def memory_reason(limits: Limits) -> str:
    return f"out of memory: over the limit of {limits.worker_memory // MB} MB per file ({env_name('worker_memory')})"


def default_workers() -> int:
    return os.cpu_count() or 1
