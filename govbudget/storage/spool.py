"""Originals whose upload failed wait here, so the next run sends them without re-downloading."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from govbudget.errors import StorageError
from govbudget.schema import RawDocument

if TYPE_CHECKING:  # pragma: no cover
    from govbudget.storage.archive import ObjectArchive

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, directory: str | Path):
        self.directory = Path(directory).expanduser()

    def keep(self, sha256: str, data: bytes, raw: RawDocument | None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for suffix, payload in ((".json", raw.model_dump_json().encode() if raw else b""), (".bin", data)):
            tmp = self.directory / f".{sha256}{suffix}.tmp"
            tmp.write_bytes(payload)
            os.replace(tmp, self.directory / f"{sha256}{suffix}")  # .bin last: it marks the entry complete

    def pending(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob("*.bin"))

    def flush(self, archive: "ObjectArchive") -> int:
        """Upload every spooled original; those that fail again stay for the next run."""
        sent = 0
        for sha256 in self.pending():
            data = (self.directory / f"{sha256}.bin").read_bytes()
            meta = (self.directory / f"{sha256}.json").read_bytes()
            raw = RawDocument.model_validate_json(meta) if meta else None
            try:
                archive.put_original(data, raw)
            except StorageError:
                log.warning("spooled original still not archived", extra={"doc_id": sha256})
                continue
            for suffix in (".bin", ".json"):
                (self.directory / f"{sha256}{suffix}").unlink(missing_ok=True)
            sent += 1
        return sent
