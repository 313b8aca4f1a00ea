"""A sample of a corpus PDF: the same pages, clean (the reference) or about to be damaged."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def keep_only(pdf: pikepdf.Pdf, pages: list[int] | None) -> None:
    """Delete every page not in ``pages`` (1-based); None keeps them all."""
    if not pages:
        return
    for index in reversed(range(len(pdf.pages))):
        if index + 1 not in pages:
            del pdf.pages[index]


def copy_pages(source: Path, target: Path, pages: list[int] | None = None) -> Path:
    """The clean reference: ``pages`` of ``source``, nothing else changed."""
    with pikepdf.open(source) as pdf:
        keep_only(pdf, pages)
        pdf.save(target)
    return Path(target)
