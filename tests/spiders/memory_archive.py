"""An in-memory Archive for spider tests (the storage package owns the real backends)."""

from __future__ import annotations

import hashlib
import re

from govbudget.schema import RawDocument
from storage.interface import OriginalRef


class MemoryArchive:
    location = "memory://"

    def __init__(self):
        self.originals: dict[str, bytes] = {}
        self.provenance: dict[str, dict] = {}
        self.states: dict[str, bytes] = {}
        self.puts: list[str] = []

    def put_original(self, data: bytes, raw: RawDocument | None = None) -> OriginalRef:
        sha = hashlib.sha256(data).hexdigest()
        is_new = sha not in self.originals
        self.originals.setdefault(sha, data)
        self.puts.append(sha)
        if raw is not None:
            record = self.provenance.setdefault(sha, {"urls": []})
            for url in raw.urls or [raw.url]:
                if url not in record["urls"]:
                    record["urls"].append(url)
            record["title"] = record.get("title") or raw.title
        return OriginalRef(sha, f"originals/{sha}", is_new)

    def has_original(self, sha256: str) -> bool:
        return sha256 in self.originals

    def get_original(self, sha256: str) -> bytes:
        return self.originals[sha256]

    def get_provenance(self, sha256: str) -> dict | None:
        return self.provenance.get(sha256)

    def put_parse(self, result):  # not used by spiders
        raise NotImplementedError

    def get_parse(self, doc_id, parser_version=None):
        raise NotImplementedError

    def get_state(self, name: str) -> bytes | None:
        return self.states.get(_state_name(name))

    def put_state(self, name: str, data: bytes) -> None:
        self.states[_state_name(name)] = data


def _state_name(name: str) -> str:
    """The real backends accept letters, digits, . _ - only (storage.layout)."""
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise ValueError(f"{name}: invalid state name")
    return name
