"""The byte-level contract both backends meet; everything above it is written once.

Keys are ``/``-separated relative paths. Every ``put`` is atomic (a reader sees
the old object, the new one, or nothing, never a prefix) and ``put_if_absent``
is the content-addressed write: it never replaces what is there.
"""

from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable


@runtime_checkable
class ObjectStore(Protocol):
    location: str  # printable, never carries credentials

    def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        """Atomically create or replace ``key``."""

    def put_if_absent(self, key: str, data: bytes, content_type: str | None = None) -> bool:
        """Create ``key`` unless it exists; True when this call created it."""

    def get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is no such key."""

    def exists(self, key: str) -> bool: ...

    def list(self, prefix: str) -> Iterator[str]:
        """Every key under ``prefix``, sorted."""

    def url(self, key: str) -> str:
        """Where a reader outside govbudget finds ``key`` (path or s3:// URL)."""

    def delete(self, key: str) -> None:
        """Remove ``key`` (only bookkeeping objects: originals, parses and table files are never deleted)."""

    def storage_options(self) -> dict[str, str] | None:
        """What ``deltalake`` needs to reach ``url(...)`` (endpoint, credentials), None for local paths."""


def join(*parts: str) -> str:
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))
