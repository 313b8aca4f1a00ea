"""The archive as tasks reach it: by location string, one open archive per process.

Tasks receive the location (it pickles and reaches Dask workers) rather than an
archive object; inside one process they share a single archive, so the run the
flow begins records every write its tasks make.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from govbudget.storage import ObjectArchive, open_archive, resolve_location

_OPEN: dict[str, ObjectArchive] = {}
_LOCK = threading.Lock()


def archive_for(location: str | None) -> ObjectArchive:
    location = resolve_location(location)
    with _LOCK:
        if location not in _OPEN:
            _OPEN[location] = open_archive(location)
        return _OPEN[location]


@contextmanager
def archive_run(location: str, run_id: str | None = None) -> Iterator[str]:
    """A run of the archive: its manifest is written last, even when the body fails.

    Writes made earlier in this process outside any run (an implicit run) are
    finished first, under their own manifest. One flow run at a time per archive:
    a second refuses to start, naming the run that holds it (see docs/operations.md).
    """
    archive = archive_for(location)
    archive.close()
    with archive.run(run_id, exclusive=True) as run_id:
        yield run_id


def put_run_file(location: str, run_id: str, name: str, data: bytes, content_type: str) -> str:
    """Store a report next to the run's manifest; returns where a reader finds it."""
    return archive_for(location).put_run_file(run_id, name, data, content_type)


def archived_ids(location: str) -> list[str]:
    """The sha256 of every archived original."""
    return archive_for(location).original_ids()
