"""Checks on downloaded attachment bytes, and PDFs unpacked from zip attachments.

A portal that answers a PDF link with an error page or a cut-off file must not put
those bytes in the archive: they would be parsed, fail, and hide the real document.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from govbudget.pdfium_lock import pdfium_lock
from govbudget.schema.filetypes import is_pdf
from govbudget.spiders.filenames import extension_of

MIN_NON_PDF_BYTES = 1000


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 50
    max_member_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 300 * 1024 * 1024


def rejection_reason(body: bytes, filename: str | None, content_type: str | None) -> str | None:
    """Why these bytes are not a usable document, or None when they are."""
    ext = extension_of(filename)
    head = body[:512].lstrip().lower()
    looks_html = head.startswith((b"<!doctype", b"<html", b"<head", b"<body")) or b"<html" in head
    claims_pdf = ext == ".pdf" or "pdf" in (content_type or "")
    if looks_html and (ext or claims_pdf):
        return f"HTML page served as {ext or content_type}"
    if claims_pdf or is_pdf(body):
        if not is_pdf(body):
            return "not a PDF (no %PDF- header)"
        if b"%%EOF" not in body[-2048:]:
            return "truncated PDF (no %%EOF trailer)"
        return None
    if len(body) < MIN_NON_PDF_BYTES:
        return f"only {len(body)} bytes and not a PDF"
    if ext in (".zip", ".xlsx", ".docx") and not zipfile.is_zipfile(io.BytesIO(body)):
        return f"not a zip container although named {ext}"
    return None


def cover_text(body: bytes, max_chars: int = 2000) -> str | None:
    """The text of a PDF's first page (its cover), or None when it has none or cannot be read."""
    import pypdfium2 as pdfium

    with pdfium_lock:  # PDFium is not thread-safe
        try:
            pdf = pdfium.PdfDocument(body)
        except pdfium.PdfiumError:
            return None
        try:
            if len(pdf) == 0:
                return None
            textpage = pdf[0].get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").strip()
            return text[:max_chars] or None
        except pdfium.PdfiumError:
            return None
        finally:
            pdf.close()


def is_zip_attachment(body: bytes, filename: str | None) -> bool:
    return extension_of(filename) == ".zip" and zipfile.is_zipfile(io.BytesIO(body))


def pdfs_in_zip(body: bytes, limits: ZipLimits = ZipLimits()) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(name, bytes) of the PDFs inside a zip within ``limits``, and why others were skipped."""
    found: list[tuple[str, bytes]] = []
    skipped: list[str] = []
    total = 0
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for info in members[: limits.max_members]:
            name = member_name(info)
            if extension_of(name) != ".pdf":
                continue
            if info.file_size > limits.max_member_bytes or total + info.file_size > limits.max_total_bytes:
                skipped.append(f"{name}: {info.file_size} bytes exceeds the zip size limit")
                continue
            data = archive.read(info)
            total += len(data)
            found.append((name, data))
        if len(members) > limits.max_members:
            skipped.append(f"{len(members) - limits.max_members} members past the limit of {limits.max_members}")
    return found, skipped


def member_name(info: zipfile.ZipInfo) -> str:
    """Zip member names from Chinese Windows tools are GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
