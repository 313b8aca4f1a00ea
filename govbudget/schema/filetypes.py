"""What a file is, judged from its bytes (never its URL or name): one rule for every part.

A PDF is a file with the ``%PDF-`` header within its first 1024 bytes, as PDF readers
accept it (some generators put a few bytes before it). Spiders use it to accept a
download, storage to key the original, the parser to refuse a non-PDF.
"""

from __future__ import annotations

PDF_MAGIC = b"%PDF-"
HEADER_WINDOW = 1024
_MAGIC = ((b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"))  # zip (also xlsx/docx), OLE (xls/doc)


def is_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:HEADER_WINDOW]


def sniff_extension(data: bytes) -> str:
    """``pdf``, ``zip``, ``ole`` or ``bin``: the extension an original is stored under."""
    if is_pdf(data):
        return "pdf"
    head = data[:HEADER_WINDOW].lstrip()
    return next((ext for magic, ext in _MAGIC if head.startswith(magic)), "bin")
