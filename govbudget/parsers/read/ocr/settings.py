"""The knobs of the OCR path, in one place (like pdfplumber's TableSettings)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OcrMode(StrEnum):
    auto = "auto"  # only pages that need it (image-only or garbage text layer)
    always = "always"  # every page, ignoring the text layer
    never = "never"  # text layer only; pages without one yield no text


@dataclass(frozen=True, slots=True)
class OcrSettings:
    mode: OcrMode = OcrMode.auto
    # Recognition resolution. 200 dpi: the text recogniser normalises line
    # height to 48 px anyway; higher costs render time for no accuracy gain on
    # 150 dpi scans (benchmarks/ocr_speed.py).
    dpi: int = 200
    # Text *detection* runs on a smaller copy: DB's cost grows with pixels and
    # 10 pt text is still ~15 px tall at 110 dpi.
    detection_dpi: int = 110
    min_confidence: float = 0.5  # recogniser boxes below this are dropped
    max_skew_degrees: float = 5.0  # larger estimates are treated as no skew
    # Detect: a page is image-only when images cover this share of it and it
    # has fewer real characters than ``min_text_chars``.
    image_cover_ratio: float = 0.5
    min_text_chars: int = 20
    garbage_ratio: float = 0.3  # share of unreadable characters that condemns a text layer
    # Glyphs whose font has no Unicode map (read as U+FFFD) a page may have and still be
    # believed: none, since any of them may be a digit of a figure (read/ocr/detect.py)
    max_unmapped_glyphs: int = 0
