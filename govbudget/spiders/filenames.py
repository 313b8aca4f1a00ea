"""Attachment file names: from Content-Disposition (any encoding servers use) or the URL.

Chinese portals send RFC 5987 ``filename*=UTF-8''…``, percent-encoded names, or raw
GBK/UTF-8 bytes in a header that HTTP says is Latin-1. Names matter: they carry the
publisher and year when the article title does not.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, unquote_to_bytes, urlsplit

DOCUMENT_EXTENSIONS = (".pdf", ".xls", ".xlsx", ".doc", ".docx", ".zip", ".wps", ".et", ".rar")

_EXTENDED = re.compile(rb"filename\*\s*=\s*([\w!#$%&+^`{}~-]+)'[^']*'([^;\s]+)", re.I)
_PLAIN = re.compile(rb'filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))', re.I)
_LEGACY_CHARSETS = ("utf-8", "gb18030")


def filename_from_content_disposition(header: bytes | str | None) -> str | None:
    """The file name a Content-Disposition header gives, decoded to text."""
    if not header:
        return None
    raw = header.encode("latin-1", "replace") if isinstance(header, str) else header
    extended = _EXTENDED.search(raw)
    if extended:
        charset = extended.group(1).decode("ascii").lower()
        return _basename(_decode_bytes(unquote_to_bytes(extended.group(2)), (charset, *_LEGACY_CHARSETS)))
    plain = _PLAIN.search(raw)
    if not plain:
        return None
    value = (plain.group(1) if plain.group(1) is not None else plain.group(2)).strip()
    if b"%" in value:
        value = unquote_to_bytes(value)
    return _basename(_decode_bytes(value, _LEGACY_CHARSETS))


def filename_from_url(url: str) -> str | None:
    """The last path segment, or a ``filename=`` query value (``downfile.jsp?filename=…``)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for key in ("filename", "fileName", "file", "name"):
        for value in query.get(key, []):
            name = _basename(value)
            if has_document_extension(name):
                return name
    segment = unquote(parts.path.rsplit("/", 1)[-1])
    return segment or None


def has_document_extension(name: str | None) -> bool:
    return bool(name) and name.lower().split("?", 1)[0].endswith(DOCUMENT_EXTENSIONS)


def extension_of(name: str | None) -> str | None:
    if not name or "." not in name:
        return None
    return "." + name.rsplit(".", 1)[-1].lower()


def decode_header_value(value: bytes) -> str:
    """A raw header value as text: UTF-8 or GB18030 when it is, else byte-for-byte Latin-1."""
    return _decode_bytes(value, ("ascii", *_LEGACY_CHARSETS))


def _decode_bytes(value: bytes, charsets: tuple[str, ...]) -> str:
    for charset in charsets:
        try:
            return value.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
    return value.decode("latin-1")


def _basename(name: str) -> str | None:
    name = name.strip().strip('"').replace("\\", "/").rsplit("/", 1)[-1]
    return name or None
