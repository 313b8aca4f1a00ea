"""Open a PDF or refuse it with a one-line reason.

Checks run cheapest first (size, magic bytes, trailer) so a 1 GB HTML error page
or a truncated download is refused before pdfium parses it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from govbudget.schema.filetypes import is_pdf
from govbudget.errors import InputError
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS, ExtractSettings


# pdfium error codes (FPDF_GetLastError) worth a specific message.
_PASSWORD_ERROR = 4
_FORMAT_ERROR = 3


def open_pdf(
    source: str | Path | bytes, name: str | None = None, settings: ExtractSettings | None = None
) -> tuple[pdfium.PdfDocument, bytes]:
    """Return the opened document and its bytes, or raise :class:`InputError`."""
    settings = settings or DEFAULT_SETTINGS
    data, name = _read_bytes(source, name, settings)
    _check_bytes(data, name, settings)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(name, _pdfium_reason(exc)) from None
    page_count = len(pdf)
    if page_count == 0:
        pdf.close()
        raise InputError(name, "empty: the PDF has no pages")
    if page_count > settings.max_pages:
        pdf.close()
        raise InputError(name, f"too large: {page_count} pages (limit {settings.max_pages})")
    return pdf, data


def _read_bytes(source: str | Path | bytes, name: str | None, settings: ExtractSettings) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "<bytes>"
    path = Path(source)
    name = name or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror or exc})") from None
    if size > settings.max_bytes:
        raise InputError(name, f"too large: {size} bytes (limit {settings.max_bytes})")
    return path.read_bytes(), name


def _check_bytes(data: bytes, name: str, settings: ExtractSettings) -> None:
    if not data:
        raise InputError(name, "empty: 0 bytes")
    if len(data) > settings.max_bytes:
        raise InputError(name, f"too large: {len(data)} bytes (limit {settings.max_bytes})")
    if not is_pdf(data):
        raise InputError(name, f"not a PDF (starts with {data[:5]!r})")
    if b"%%EOF" not in data[-4096:]:
        # pdfium repairs many truncated files silently; a missing trailer means the
        # download stopped early, and pages after the cut would be lost unnoticed.
        raise InputError(name, "truncated: no %%EOF trailer at the end of the file")


def _pdfium_reason(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == _PASSWORD_ERROR:
        return "encrypted: password required"
    if code == _FORMAT_ERROR:
        return "corrupt: not a readable PDF structure"
    return f"corrupt: {exc}"
