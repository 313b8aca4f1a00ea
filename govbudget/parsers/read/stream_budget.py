"""Refuse a PDF any of whose streams decodes to more than the limit: decompression bombs.

A 53 KB Flate stream can inflate to 4 GB; pdfium inflates a whole stream into
memory (and aborts when it cannot) and pdfminer does the same in Python. Before
either reads the file, every stream is decoded here through its filter chain
*with a running count*, stopping the moment the count passes
:attr:`Limits.max_stream_bytes`: Flate, LZW and RunLength (the filters that
amplify) and the text filters around them. Image codecs (DCT, JPX, JBIG2, CCITT)
are not decoded; their pixel count (width × height × components, from the stream
and the JPEG / JPEG 2000 header) stands for their size.

A first pass over the raw bytes bounds each stream by its length times the most
its filters can amplify (Flate 1032×, …): almost every real file stops there, at
no cost. Only when some stream could pass the limit are the objects walked with
pdfminer's parser (xref tables, object streams, encryption) and decoded; a file
pdfminer cannot walk is left to the worker's memory cap.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Callable

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral

from govbudget.errors import InputError
from govbudget.parsers.limits import MB, Limits, env_name

logger = logging.getLogger(__name__)
_CHUNK = 1 << 20
_IMAGE_CODECS = {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"}
_STREAM_START = re.compile(rb"stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_SOF = re.compile(rb"\xff[\xc0-\xc3\xc5-\xc7\xc9-\xcb\xcd-\xcf]")


class _TooLarge(Exception):
    """Decoding stopped at the limit; the message says how far it got."""


def check_streams(data: bytes, name: str, limits: Limits) -> None:
    """Raise :class:`InputError` naming the first stream that decodes past the limit."""
    if not _may_exceed(data, limits.max_stream_bytes):
        return
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        objids = sorted({objid for xref in document.xrefs for objid in xref.get_objids()})
    except Exception as exc:  # pdfium opened it; pdfminer's opinion is not needed
        logger.debug("stream budget skipped", extra={"file": name, "reason": repr(exc)})
        return
    for objid in objids:
        try:
            obj = document.getobj(objid)
        except Exception:
            continue
        if isinstance(obj, PDFStream):
            _check_stream(obj, objid, name, limits)


def _may_exceed(data: bytes, cap: int) -> bool:
    """Some stream's raw length × its filters' amplification passes ``cap`` (or cannot be bounded)."""
    for match in _STREAM_START.finditer(data):
        if match.start() and data[match.start() - 1 : match.start()].isalnum():
            continue  # "endstream" or a name that ends in "stream"
        head = data[max(data.rfind(b"obj", 0, match.start()), match.start() - 4096, 0) : match.start()]
        end = data.find(b"endstream", match.end())
        length = (end if end >= 0 else len(data)) - match.end()
        found = _FILTER.search(head)
        if not found:
            continue
        names = [n.decode("latin-1") for n in _NAME.findall(found.group(1))]
        if b" R" in found.group(1) or any(n in _IMAGE_CODECS for n in names):
            return True  # an indirect filter, or an image: decided on the parsed object
        if length * _most_amplified(names) > cap:
            return True
    return False


def _check_stream(stream: PDFStream, objid: int, name: str, limits: Limits) -> None:
    cap = limits.max_stream_bytes
    data = stream.rawdata if stream.rawdata is not None else stream.data
    if data is None:
        return
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    try:
        filters = [_literal(f) for f, _ in stream.get_filters()]
    except Exception:
        return
    if len(data) * _most_amplified(filters) <= cap:
        return  # cannot reach the limit, however it decodes: most streams stop here, undecoded
    try:
        for position, kind in enumerate(filters, start=1):
            if kind in _IMAGE_CODECS:
                size = _image_bytes(stream, kind, data)
                if size > cap:
                    raise _TooLarge(f"{size // MB} MB of pixels")
                return
            decode = _DECODERS.get(kind)
            if decode is None:
                return  # an unknown filter: pdfium will refuse to decode it too
            data = decode(data, cap, keep=position < len(filters))  # the last one is only counted
    except _TooLarge as exc:
        raise InputError(
            name,
            f"decompression bomb: object {objid} ({' → '.join(filters)}) decodes to {exc} "
            f"(limit {cap // MB} MB, {env_name('max_stream_bytes')})",
        ) from None
    except Exception:  # corrupt data: the reader reports what it can read
        return


def _most_amplified(filters: list[str]) -> float:
    """How many times its input a chain can at most decode to (image codecs: no bound)."""
    factor = 1.0
    for kind in filters:
        factor *= _AMPLIFICATION.get(kind, float("inf"))
    return factor


def _flate(data: bytes, cap: int, keep: bool = True) -> bytes:
    inflate = zlib.decompressobj()
    out, size = [], 0
    for start in range(0, len(data), _CHUNK):
        pending = data[start : start + _CHUNK]
        while pending:
            part = inflate.decompress(pending, min(_CHUNK, cap + 1 - size))  # 1 MB at a time: counted, not held
            size += len(part)
            if size > cap:
                raise _TooLarge(f"more than {cap // MB} MB")
            if keep:
                out.append(part)
            pending = inflate.unconsumed_tail
            if inflate.eof:
                return b"".join(out)
    return b"".join(out)


def _lzw(data: bytes, cap: int, keep: bool = True) -> bytes:
    out, size = [], 0
    for part in LZWDecoder(io.BytesIO(data)).run():
        size += len(part)
        if size > cap:
            raise _TooLarge(f"more than {cap // MB} MB")
        if keep:
            out.append(part)
    return b"".join(out)


def _run_length(data: bytes, cap: int, keep: bool = True) -> bytes:
    out, size, i = bytearray(), 0, 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            part = data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            part = data[i + 1 : i + 2] * (257 - length)
            i += 2
        size += len(part)
        if size > cap:
            raise _TooLarge(f"more than {cap // MB} MB")
        if keep:
            out += part
    return bytes(out)


def _text(decode: Callable[[bytes], bytes]) -> Callable[..., bytes]:
    def run(data: bytes, cap: int, keep: bool = True) -> bytes:
        out = decode(data)  # at most 4× its input (ASCII85's "z" is 4 zero bytes)
        if len(out) > cap:
            raise _TooLarge(f"more than {cap // MB} MB")
        return out

    return run


# decode(data, cap, keep): the decoded bytes (b"" unless keep), or _TooLarge past cap
_DECODERS: dict[str, Callable[..., bytes]] = {
    "FlateDecode": _flate, "Fl": _flate,
    "LZWDecode": _lzw, "LZW": _lzw,
    "RunLengthDecode": _run_length, "RL": _run_length,
    "ASCII85Decode": _text(ascii85decode), "A85": _text(ascii85decode),
    "ASCIIHexDecode": _text(asciihexdecode), "AHx": _text(asciihexdecode),
}


# Deflate's longest match (258 bytes) costs ≥ 2 bits: ≤ 1032×. LZW: a ≤ 4096-byte
# string per code of ≥ 9 bits. RunLength: 2 bytes → 128. ASCII85: "z" → 4 bytes.
_AMPLIFICATION = {
    "FlateDecode": 1032, "Fl": 1032, "LZWDecode": 3641, "LZW": 3641, "RunLengthDecode": 64, "RL": 64,
    "ASCII85Decode": 4, "A85": 4, "ASCIIHexDecode": 1, "AHx": 1,
}


def _image_bytes(stream: PDFStream, codec: str, data: bytes) -> int:
    """Decoded size of a coded image: the larger of what the dictionary and the codestream declare."""
    width, height = _int(stream.get("Width")), _int(stream.get("Height"))
    declared = [(width, height, 4)]
    if codec in {"DCTDecode", "DCT"}:
        sof = _SOF.search(data)
        if sof and len(data) >= sof.end() + 8:
            at = sof.end() + 3  # length (2), precision (1)
            height_, width_, parts = int.from_bytes(data[at : at + 2], "big"), int.from_bytes(data[at + 2 : at + 4], "big"), data[at + 4]
            declared.append((width_, height_, parts))
    elif codec == "JPXDecode":
        siz = data.find(b"\xff\x51")
        if siz >= 0 and len(data) >= siz + 40:
            field = lambda k: int.from_bytes(data[siz + 6 + 4 * k : siz + 10 + 4 * k], "big")  # noqa: E731
            declared.append((field(0) - field(2), field(1) - field(3), int.from_bytes(data[siz + 38 : siz + 40], "big")))
    return max(w * h * c for w, h, c in declared)


def _literal(value) -> str:
    value = resolve1(value)
    return value.name if isinstance(value, PSLiteral) else str(value)


def _int(value) -> int:
    value = resolve1(value)
    return int(value) if isinstance(value, (int, float)) else 0
