"""Parse files in worker processes that one hostile file cannot take down.

Each worker runs under a memory cap (its resident memory, :attr:`Limits.worker_memory`)
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
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed

from pebble import ProcessExpired, ProcessPool

from govbudget.cache_dir import redirect_caches
from govbudget.parsers.limits import MB, Limits, env_name


OVER_MEMORY = 86  # exit status of a worker its watchdog ended
_MARGIN = 64 * MB  # what a native allocation may add between two looks (10 ms)
# A worker is replaced after this many files (and whenever one kills it): a fresh
# interpreter costs ~1 s, so not after every file.
_FILES_PER_WORKER = 50


def limit_this_process(memory_bytes: int) -> None:
    """Hold this process's resident memory under ``memory_bytes``; no core dumps.

    A watchdog thread reads the RSS every 10 ms and ends the process (exit status
    :data:`OVER_MEMORY`) when it comes within :data:`_MARGIN` of the limit; pdfium's
    and onnxruntime's native code releases the GIL, so it runs while they allocate.
    ``RLIMIT_DATA`` at twice the limit stops an allocation too fast to watch (the
    data limit cannot be the limit itself: onnxruntime reserves ~0.25 GB it never touches).
    """
    resource.setrlimit(resource.RLIMIT_DATA, (2 * memory_bytes, 2 * memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    redirect_caches()
    threading.Thread(target=_watch_memory, args=(memory_bytes - _MARGIN,), daemon=True).start()


def _watch_memory(limit: int) -> None:
    page = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm", "rb") as statm:
        while True:
            statm.seek(0)
            if int(statm.read().split()[1]) * page > limit:
                os._exit(OVER_MEMORY)
            time.sleep(0.01)


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
        max_tasks=_FILES_PER_WORKER,
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
    """spawn: a forked worker would start with the caller's memory (counted against its cap)
    and threads; a forkserver needs a socket path in $TMPDIR, too long in some."""
    return multiprocessing.get_context("spawn")


def death_reason(exitcode: int | None, limits: Limits) -> str:
    """Why a worker vanished, as far as its exit status tells."""
    if exitcode == OVER_MEMORY:
        return memory_reason(limits)
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
