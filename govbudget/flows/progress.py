"""Progress of long steps, for whoever listens (the CLI's rich bars); nobody listening costs nothing.

Flows run in the CLI's own process (ephemeral API), so a listener registered
there sees every task's progress; in a deployment nobody listens.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator

Listener = Callable[[str, int, int | None], None]  # (step, advance, total or None)

_LISTENERS: list[Listener] = []
_LOCK = threading.Lock()


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _LOCK:
        _LISTENERS.append(listener)
    try:
        yield
    finally:
        with _LOCK:
            _LISTENERS.remove(listener)


def report(step: str, advance: int = 0, total: int | None = None) -> None:
    with _LOCK:
        listeners = list(_LISTENERS)
    for listener in listeners:
        listener(step, advance, total)
