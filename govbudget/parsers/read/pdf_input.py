"""Open a PDF or refuse it with a one-line reason.

Checks run cheapest first so a hostile file is refused before pdfium parses it:
what the path is (a directory, FIFO or device is never read: a FIFO would block,
``/dev/zero`` never ends), its size, magic bytes and trailer; then, with pdfium,
the page count and every page's area, and every stream's decoded size
(:mod:`govbudget.parsers.read.stream_budget`); limits in :mod:`govbudget.parsers.limits`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pypdfium2 as pdfium

from govbudget.errors import InputError
from govbudget.schema.filetypes import is_pdf
from govbudget.parsers.limits import Limits, env_name
from govbudget.parsers.read.stream_budget import check_streams

# pdfium error codes (FPDF_GetLastError) worth a specific message.
_PASSWORD_ERROR = 4
_FORMAT_ERROR = 3
_FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def open_pdf(
    source: str | Path | bytes, name: str | None = None, limits: Limits | None = None
) -> tuple[pdfium.PdfDocument, bytes]:
    """Return the opened document and its bytes, or raise :class:`InputError`."""
    limits = limits or Limits.from_env()
    data, name = _read_bytes(source, name, limits)
    _check_bytes(data, name, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(name, _pdfium_reason(exc)) from None
    try:
        _check_pages(pdf, name, limits)
        check_streams(data, name, limits)
    except InputError:
        pdf.close()
        raise
    return pdf, data


def _read_bytes(source: str | Path | bytes, name: str | None, limits: Limits) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<bytes>"
    path = Path(source)
    name = name or str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        raise InputError(name, f"not a regular file ({kind})")
    with os.fdopen(fd, "rb") as fh:
        _check_size(info.st_size, name, limits)
        try:
            data = fh.read(limits.max_bytes + 1)  # a file growing while read stops at the limit
        except OSError as exc:
            raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    return data, name


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise InputError(name, f"too large: {size} bytes (limit {limits.max_bytes}, {env_name('max_bytes')})")


def _check_bytes(data: bytes, name: str, limits: Limits) -> None:
    if not data:
        raise InputError(name, "empty: 0 bytes")
    _check_size(len(data), name, limits)
    if not is_pdf(data):
        raise InputError(name, f"not a PDF (starts with {data[:5]!r})")
    if b"%%EOF" not in data[-4096:]:
        # pdfium repairs many truncated files silently; a missing trailer means the
        # download stopped early, and pages after the cut would be lost unnoticed.
        raise InputError(name, "truncated: no %%EOF trailer at the end of the file")


def _check_pages(pdf: pdfium.PdfDocument, name: str, limits: Limits) -> None:
    """Page count and each page's area (read from the page tree, no page is loaded)."""
    page_count = len(pdf)
    if page_count == 0:
        raise InputError(name, "empty: the PDF has no pages (or its page tree cannot be walked)")
    if page_count > limits.max_pages:
        raise InputError(name, f"too large: {page_count} pages (limit {limits.max_pages}, {env_name('max_pages')})")
    for index in range(page_count):
        try:
            width, height = pdf.get_page_size(index)
        except pdfium.PdfiumError:  # e.g. a page tree whose kids lead back to itself
            raise InputError(name, f"corrupt: page {index + 1} of {page_count} is not in the page tree") from None
        if width * height > limits.max_page_area:
            raise InputError(
                name,
                f"page {index + 1} too large: {width:.0f} × {height:.0f} pt "
                f"(limit {limits.max_page_area ** 0.5:.0f}² pt², {env_name('max_page_area')})",
            )


def _pdfium_reason(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == _PASSWORD_ERROR:
        return "encrypted: password required"
    if code == _FORMAT_ERROR:
        return "corrupt: not a readable PDF structure"
    return f"corrupt: {exc}"
