"""Parse files in worker processes that one hostile file cannot take down.

Each worker runs under a memory cap (its resident memory, :attr:`Limits.worker_memory`)
and each file under a wall-clock limit (:attr:`Limits.timeout_seconds`). A file that
outgrows either — a decompression bomb pdfium aborts on, a parse that never ends —
kills only its worker: pebble reports that file's failure and starts a fresh worker,
and the other files are parsed as if it had not been there.

This is govbudget's one process pool. A batch (:func:`run_isolated`, ``govbudget parse``)
gets a pool of its own; files that arrive one at a time from many threads (the flow's
parse tasks, :func:`run_one`) share one per process, replaced when the caller's
``GOVBUDGET_*`` settings change so a worker never parses under settings gone stale.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessPool

from govbudget.cache_dir import redirect_caches
from govbudget.parsers.limits import MB, Limits, env_name


OVER_MEMORY = 86  # exit status of a worker its watchdog ended
_MARGIN = 64 * MB  # what a native allocation may add between two looks (10 ms)
# A worker is replaced after this many files (and whenever one kills it): a fresh
# interpreter costs ~1 s, so not after every file.
_FILES_PER_WORKER = 50

_shared: tuple[tuple, ProcessPool] | None = None  # (what it was started for, the pool)
_shared_lock = threading.Lock()


class WorkerLost(Exception):
    """A file's worker died or overran its time: ``reason`` says which, in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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


def settings() -> dict[str, str]:
    """This process's ``GOVBUDGET_*`` settings: what a worker must parse under."""
    return {name: value for name, value in os.environ.items() if name.startswith("GOVBUDGET_")}


def _start_worker(memory_bytes: int, configured: dict[str, str]) -> None:
    """A worker adopts the settings its pool was started with (pebble may spawn it much
    later, when the caller's environment has moved on), then caps itself."""
    for name in [name for name in os.environ if name.startswith("GOVBUDGET_")]:
        del os.environ[name]
    os.environ.update(configured)
    limit_this_process(memory_bytes)


def _start_pool(workers: int, limits: Limits, configured: dict[str, str]) -> ProcessPool:
    """spawn: a forked worker would start with the caller's memory (counted against its cap)
    and threads (Prefect's loops, which may hold locks); a forkserver needs a socket path
    in $TMPDIR, too long in some, and keeps the environment it started with."""
    return ProcessPool(
        max_workers=max(1, workers),
        max_tasks=_FILES_PER_WORKER,
        initializer=_start_worker,
        initargs=(limits.worker_memory, configured),
        context=multiprocessing.get_context("spawn"),
    )


def _result(future: Future, limits: Limits):
    """The task's return value, or :class:`WorkerLost` when its worker did not come back."""
    try:
        return future.result()
    except FutureTimeout:
        raise WorkerLost(timeout_reason(limits)) from None
    except ProcessExpired as exc:
        raise WorkerLost(death_reason(exc.exitcode, limits)) from None


def run_isolated(
    task: Callable, items: Iterable[tuple], *, workers: int, limits: Limits, failed: Callable[[tuple, str], object]
) -> Iterator:
    """``task(*item)`` for every item in a pool of its own, in completion order.

    A worker that dies or overruns yields ``failed(item, reason)`` instead, with the
    reason in one line; the pool replaces the worker and goes on.
    """
    items = list(items)
    if not items:
        return
    pool = _start_pool(min(workers, len(items)), limits, settings())
    futures = {}
    try:
        futures = {pool.schedule(task, args=item, timeout=limits.timeout_seconds): item for item in items}
        for future in as_completed(futures):
            try:
                yield _result(future, limits)
            except WorkerLost as lost:
                yield failed(futures[future], lost.reason)
    finally:  # the caller stopped early (or an error): pending files are not parsed
        if all(f.done() for f in futures):
            pool.close()
        else:
            pool.stop()
        pool.join()


def run_one(task: Callable, args: tuple, *, workers: int, limits: Limits):
    """``task(*args)`` in a worker of this process's shared pool; raises :class:`WorkerLost`.

    Safe to call from many threads at once: ``workers`` files run at a time. The pool is
    started on first use, and again when the worker count, memory cap or any ``GOVBUDGET_*``
    setting differs from the running pool's; the old pool finishes the files it has in the
    background, then its workers exit.
    """
    global _shared
    configured = settings()
    key = (workers, limits.worker_memory, tuple(sorted(configured.items())))
    with _shared_lock:  # scheduling under the lock: no other thread retires the pool in between
        if _shared is not None and _shared[0] != key:
            _retire(_shared[1])
            _shared = None
        if _shared is None:
            _shared = (key, _start_pool(workers, limits, configured))
        future = _shared[1].schedule(task, args=args, timeout=limits.timeout_seconds)
    return _result(future, limits)


def stop_shared_pool() -> None:
    """Stop the shared pool now (its unfinished files fail); the next :func:`run_one` starts another."""
    global _shared
    with _shared_lock:
        pool, _shared = (_shared[1] if _shared else None), None
    if pool is not None:
        pool.stop()
        pool.join()


def _retire(pool: ProcessPool) -> None:
    pool.close()
    threading.Thread(target=pool.join, name="govbudget-retire-pool", daemon=True).start()


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
