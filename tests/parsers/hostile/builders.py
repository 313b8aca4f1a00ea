"""Hostile PDFs written byte by byte: every class of file that must be refused, not obeyed.

Each builder returns the bytes of a small, well-formed PDF (header, objects, a correct
cross-reference table, trailer) whose *content* attacks the reader: a page tree that
points back at itself, a page 20,000 pt wide, a stream that inflates to gigabytes
through any filter chain, an image that declares 60,000² pixels. Sizes are
parameters, so a test picks one just over the limit it is about.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterator, Sequence

A4 = (595.0, 842.0)
ZERO_CHUNK = b"\0" * (1 << 20)


def pdf(objects: Sequence[bytes], root: int = 1) -> bytes:
    """Objects 1..n (their bodies) → a complete PDF with a valid xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(content: bytes = b"", page_size: tuple[float, float] = A4, resources: bytes = b"<< >>",
             extra: Sequence[bytes] = (), content_entries: bytes = b"") -> bytes:
    """A one-page PDF: catalog 1, pages 2, page 3, content 4, then ``extra`` objects 5…"""
    width, height = page_size
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents 4 0 R >>"
        % (_num(width), _num(height), resources),
        stream(content_entries, content),
        *extra,
    ])


def text_page(text: str = "budget 2024") -> bytes:
    """A harmless page with one line of text: the control next to hostile files."""
    content = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    font = b"<< /Font << /F1 5 0 R >> >>"
    return one_page(content, resources=font, extra=[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def page_tree_loop() -> bytes:
    """The page tree's only kid is the tree itself: a naive walk never ends."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ])


def many_pages(count: int) -> bytes:
    """``count`` pages sharing one empty content stream (small file, huge page count)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        stream(b"", b""),
        *pages,
    ])


def huge_page_tiny_image(side_pt: float = 20_000.0) -> bytes:
    """A ``side_pt``² page covered by a 2×2 grey image: image-only, so OCR renders it."""
    content = b"q %s 0 0 %s 0 0 cm /Im0 Do Q" % (_num(side_pt), _num(side_pt))
    image = stream(b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
                   b"\x80\x40\x40\x80")
    return one_page(content, (side_pt, side_pt), b"<< /XObject << /Im0 5 0 R >> >>", [image])


# --- decompression bombs ---------------------------------------------------------------

def flate_zeros(size: int, level: int = 9) -> bytes:
    """``size`` zero bytes deflated, built chunk by chunk (never ``size`` bytes in memory)."""
    deflate = zlib.compressobj(level)
    parts = [deflate.compress(chunk) for chunk in _zero_chunks(size)]
    parts.append(deflate.flush())
    return b"".join(parts)


def lzw_zeros(size: int) -> bytes:
    """``size`` (or slightly more) zero bytes LZW-coded, EarlyChange 1.

    Codes stay 9 bits wide (a Clear before the table reaches 511 entries), the one
    width every decoder agrees on: code 258+k stands for k+2 zeros, so each cycle
    ``256, 0, 258, 259, … 508`` spells 1 + 2 + … + 252 zeros.
    """
    cycle_codes = [256, 0, *range(258, 509)]
    cycle_bytes = 1 + sum(range(2, 252))
    cycles = max(1, -(-size // cycle_bytes))
    codes = cycle_codes * cycles + [257]
    bits = "".join(format(code, "09b") for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def run_length_zeros(size: int) -> bytes:
    """RunLength: 2 bytes per 128 zeros (64:1), ``size`` rounded up to 128."""
    return b"\x81\x00" * max(1, -(-size // 128)) + b"\x80"


FILTERS = ("FlateDecode", "LZWDecode", "ASCIIHexDecode", "ASCII85Decode", "RunLengthDecode")


def encode_chain(size: int, filters: Sequence[str]) -> bytes:
    """Bytes that decode through ``filters`` (first applied first) to ``size`` zeros.

    The innermost filter carries the bomb; the outer ones wrap its output, so
    ``["ASCII85Decode", "FlateDecode"]`` is a Flate bomb in ASCII85 clothing.
    Text filters cannot amplify, so a chain of only those is just big.
    """
    *outer, inner = filters
    data = {
        "FlateDecode": lambda: flate_zeros(size),
        "LZWDecode": lambda: lzw_zeros(size),
        "RunLengthDecode": lambda: run_length_zeros(size),
        "ASCIIHexDecode": lambda: b"00" * size + b">",
        "ASCII85Decode": lambda: b"z" * (size // 4) + b"~>",
    }[inner]()
    for name in reversed(outer):
        data = {
            "FlateDecode": lambda d: zlib.compress(d, 9),
            "LZWDecode": None,
            "RunLengthDecode": None,
            "ASCIIHexDecode": lambda d: base64.b16encode(d) + b">",
            "ASCII85Decode": lambda d: base64.a85encode(d) + b"~>",
        }[name](data)
    return data


def filter_entry(filters: Sequence[str]) -> bytes:
    return b"/Filter [" + b" ".join(b"/" + name.encode() for name in filters) + b"]"


def content_bomb(size: int, filters: Sequence[str] = ("FlateDecode",)) -> bytes:
    """A page whose content stream decodes to ``size`` bytes through ``filters``."""
    return one_page(encode_chain(size, filters), content_entries=filter_entry(filters))


def font_bomb(size: int, filters: Sequence[str] = ("FlateDecode", "FlateDecode")) -> bytes:
    """Text in an embedded font whose program inflates to ``size`` bytes (read only when drawn)."""
    content = b"BT /F1 12 Tf 72 720 Td (budget) Tj ET"
    font = b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>"
    descriptor = b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] " \
                 b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>"
    program = stream(filter_entry(filters), encode_chain(size, filters))
    return one_page(content, resources=b"<< /Font << /F1 5 0 R >> >>", extra=[font, descriptor, program])


def image_bomb(side_px: int = 60_000, filters: Sequence[str] = ("FlateDecode",)) -> bytes:
    """A page covered by a ``side_px``² grey image of zeros (side_px² bytes decoded)."""
    image = stream(
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        % (side_px, side_px) + filter_entry(filters),
        encode_chain(side_px * side_px, filters),
    )
    return one_page(b"q 595 0 0 842 0 0 cm /Im0 Do Q", resources=b"<< /XObject << /Im0 5 0 R >> >>", extra=[image])


def jpeg_bomb(side_px: int = 60_000) -> bytes:
    """A page covered by a baseline JPEG that declares ``side_px``² pixels in a few hundred bytes."""
    return _coded_image(b"DCTDecode", _jpeg_header(side_px), side_px)


def jpx_bomb(side_px: int = 60_000) -> bytes:
    """A page covered by a JPEG 2000 codestream that declares ``side_px``² pixels."""
    return _coded_image(b"JPXDecode", _jpx_codestream(side_px), side_px)


def _coded_image(filter_name: bytes, data: bytes, side_px: int) -> bytes:
    image = stream(
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /%s"
        % (side_px, side_px, filter_name),
        data,
    )
    return one_page(b"q 595 0 0 842 0 0 cm /Im0 Do Q", resources=b"<< /XObject << /Im0 5 0 R >> >>", extra=[image])


def _jpeg_header(side: int) -> bytes:
    """SOI, one quantisation and one Huffman table, SOF0 of ``side``² grey, SOS, all-zero scan."""
    dqt = b"\xff\xdb\x00\x43\x00" + bytes([1] * 64)
    sof = b"\xff\xc0\x00\x0b\x08" + side.to_bytes(2, "big") * 2 + b"\x01\x01\x11\x00"
    # DC table 0 and AC table 0, each one code of length 1 for symbol 0 (DC diff 0 / EOB)
    dht = b"\xff\xc4\x00\x26" + b"\x00" + bytes([1] + [0] * 15) + b"\x00" + b"\x10" + bytes([1] + [0] * 15) + b"\x00"
    sos = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + dqt + sof + dht + sos + b"\x00" * 4096 + b"\xff\xd9"


def _jpx_codestream(side: int) -> bytes:
    """SOC, SIZ (``side``² one 8-bit component), COD, QCD, one empty tile, EOC."""
    siz = b"\xff\x51\x00\x29\x00\x00" + side.to_bytes(4, "big") * 2 + b"\x00" * 8 + side.to_bytes(4, "big") * 2 \
        + b"\x00" * 8 + b"\x00\x01" + b"\x07\x01\x01"
    cod = b"\xff\x52\x00\x0c\x00\x00\x00\x01\x00\x05\x04\x04\x00\x01"
    qcd = b"\xff\x5c\x00\x04\x40\x40"
    sot = b"\xff\x90\x00\x0a\x00\x00\x00\x00\x00\x0e\x00\x01"
    return b"\xff\x4f" + siz + cod + qcd + sot + b"\xff\x93" + b"\xff\xd9"


def _zero_chunks(size: int) -> Iterator[bytes]:
    while size > 0:
        chunk = ZERO_CHUNK[: min(size, len(ZERO_CHUNK))]
        size -= len(chunk)
        yield chunk


def _num(value: float) -> bytes:
    return (b"%d" % value) if float(value).is_integer() else (b"%.2f" % value)
