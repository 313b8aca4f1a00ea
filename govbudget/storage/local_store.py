"""The embedded default backend: a directory, written with temp file + rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

from govbudget.errors import StorageError

# Temp files live in one directory of the archive root (same filesystem, so
# os.replace is atomic) and never among the objects a listing returns.
TMP_DIR = ".tmp"


class LocalStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).expanduser().resolve()
        self.location = str(self.root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise StorageError(key, "key escapes the archive directory")
        return path

    def _write_temp(self, data: bytes) -> Path:
        tmp_dir = self.root / TMP_DIR
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=tmp_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            os.unlink(name)
            raise
        return Path(name)

    def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._write_temp(data), target)
        except OSError as exc:
            raise StorageError(str(target), f"write failed: {exc.strerror or exc}") from exc

    def put_if_absent(self, key: str, data: bytes, content_type: str | None = None) -> bool:
        target = self._path(key)
        if target.exists():
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._write_temp(data)
            try:
                os.link(tmp, target)  # fails if target appeared meanwhile: never replaces
            except FileExistsError:
                return False
            finally:
                os.unlink(tmp)
        except OSError as exc:
            raise StorageError(str(target), f"write failed: {exc.strerror or exc}") from exc
        return True

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str) -> Iterator[str]:
        base = self._path(prefix) if prefix else self.root
        if base.is_file():
            yield prefix
            return
        if not base.is_dir():
            return
        keys = []
        for dirpath, dirnames, filenames in os.walk(base):
            if Path(dirpath) == self.root:
                dirnames[:] = [d for d in dirnames if d != TMP_DIR]
            rel = Path(dirpath).relative_to(self.root).as_posix()
            keys.extend(f"{rel}/{f}" if rel != "." else f for f in filenames)
        yield from sorted(keys)

    def url(self, key: str) -> str:
        return str(self._path(key))

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def storage_options(self) -> None:
        return None
