"""The one directory govbudget's libraries may write to besides ``--out`` and the archive.

``GOVBUDGET_CACHE_DIR``, else ``$XDG_CACHE_HOME/govbudget``, else ``~/.cache/govbudget``.
onnxruntime (OCR) writes a telemetry device id under ``$XDG_CACHE_HOME`` and a
session file into ``$TMPDIR``; :func:`redirect_caches` points both into this
directory before the OCR engine is built, so a parse leaves ``$HOME`` and the
system temp directory as it found them.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "GOVBUDGET_CACHE_DIR"


def cache_dir() -> Path:
    configured = os.environ.get(ENV)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govbudget"


def redirect_caches() -> Path:
    """Point ``XDG_CACHE_HOME`` and ``TMPDIR`` of this process into :func:`cache_dir` (idempotent)."""
    root = cache_dir()
    if os.environ.get("GOVBUDGET_CACHES_REDIRECTED") == str(root):
        return root
    libraries, temp = root / "libraries", root / "tmp"
    libraries.mkdir(parents=True, exist_ok=True)
    temp.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {"XDG_CACHE_HOME": str(libraries), "TMPDIR": str(temp), "GOVBUDGET_CACHES_REDIRECTED": str(root), ENV: str(root)}
    )
    return root
