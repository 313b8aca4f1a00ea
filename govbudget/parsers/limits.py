"""How much one PDF may cost to parse: the limits a hostile file runs into.

A disclosure is a few dozen A4 pages. A file far outside that is refused with its
reason before it is read (bytes, pages, page size), decoded within a budget (OCR
pixels, decompressed stream bytes), and parsed in a worker process that cannot
outgrow its memory or its time (``govbudget.parsers.workers``). Each limit has an
environment variable, read when a parse starts; docs/schema.md lists them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    # File size and page count: a budget book is a few MB and ≤ a few hundred pages.
    max_bytes: int = 200 * MB
    max_pages: int = 2000
    # Page area in pt²: 14,400 pt (200 in) a side is the largest page Acrobat shows.
    max_page_area: float = 14_400.0 * 14_400.0
    # OCR renders a page at its dpi unless that exceeds this many pixels; then at
    # the dpi that fits (A4 at 200 dpi is 3.9 Mpx, A3 7.8 Mpx; A0 would be 62 Mpx).
    # Text detection sees at most this × (detection dpi / dpi)², 2.4 Mpx: with
    # 3 Mpx onnxruntime sometimes failed to allocate under the 1 GB worker cap.
    ocr_max_pixels: int = 8_000_000
    # One stream decoded through its filters (content, font, image, …) may be this large.
    max_stream_bytes: int = 256 * MB
    # A worker process: address space (RLIMIT_AS) and wall-clock time per file.
    worker_memory: int = 1024 * MB
    timeout_seconds: float = 600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Limits":
        """Defaults, each overridden by ``GOVBUDGET_<FIELD>`` (e.g. ``GOVBUDGET_MAX_PAGES``)."""
        environ = os.environ if environ is None else environ
        values = {}
        for field in fields(cls):
            raw = environ.get(env_name(field.name))
            if raw is not None:
                values[field.name] = _number(field.name, raw, type(field.default))
        return cls(**values)


def env_name(field: str) -> str:
    return "GOVBUDGET_" + field.upper()


def _number(field: str, raw: str, kind: type) -> int | float:
    from govbudget.errors import ConfigError

    try:
        value = kind(float(raw)) if kind is int else kind(raw)
    except ValueError:
        raise ConfigError(env_name(field), f"not a number: {raw!r}") from None
    if value <= 0:
        raise ConfigError(env_name(field), f"must be positive, not {raw!r}")
    return value
