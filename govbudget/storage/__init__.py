"""The archive: content-addressed originals, parsed records, datasets, change detection.

``open_archive()`` is the one entry point: a local directory by default, an
S3-compatible bucket for ``s3://bucket/prefix``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from govbudget.storage.archive import ObjectArchive
from govbudget.storage.interface import Archive, OriginalRef

from govbudget.cache_dir import cache_dir
from govbudget.storage.location import DEFAULT_LOCATION, check_readable, check_writable, resolve_location

__all__ = ["Archive", "DEFAULT_LOCATION", "ObjectArchive", "OriginalRef", "check_readable", "check_writable",
           "open_archive", "resolve_location"]


def _default_spool(location: str) -> Path:
    """Where an S3 archive keeps originals it could not upload yet: ``GOVBUDGET_SPOOL``, else
    the cache directory (:mod:`govbudget.cache_dir`), one folder per archive location."""
    root = os.environ.get("GOVBUDGET_SPOOL")
    if root:
        return Path(root)
    return cache_dir() / "spool" / hashlib.sha256(location.encode()).hexdigest()[:16]


def open_archive(location: str | None = None, **s3_options) -> ObjectArchive:
    """``None`` → ``$GOVBUDGET_ARCHIVE`` or ``./archive``; ``s3://bucket/prefix`` → S3 via boto3.

    ``s3_options`` override :class:`govbudget.storage.s3_store.S3Settings` fields
    (``endpoint_url``, ``attempts``, ``backoff_seconds``…).
    """
    location = resolve_location(location)
    if location.startswith("s3://"):
        from govbudget.storage.s3_store import S3Settings, S3Store

        store = S3Store(S3Settings.from_url(location, **s3_options))
        return ObjectArchive(store, spool_dir=_default_spool(store.location))
    from govbudget.storage.local_store import LocalStore

    return ObjectArchive(LocalStore(location))
