"""Content-stream objects exactly as pdfminer's parser yields them, several times faster.

pdfminer tokenizes a content stream one state-machine step per call (~60 % of the
time it spends interpreting a page). One regular expression finds the same tokens;
arrays and dictionaries are assembled as ``PSStackParser.nextobject`` does. Whatever
this reading does not mirror exactly (inline images, procedures, ``#`` escapes in
names, malformed numbers, unbalanced brackets, a stream ending inside a token) makes
:func:`content_objects` return None, and the caller falls back on pdfminer's parser.
"""

from __future__ import annotations

import re

from pdfminer.psparser import ESC_STRING, HEX_PAIR, KWD, LIT, SPC, PSBaseParser, choplist, literal_name

_TOKEN = re.compile(
    rb"(?:[\s\x00]|%[^\r\n]*)*"  # white space and comments before the token
    rb"(?:(?P<number>[+-]?(?:\d+\.?\d*|\.\d+))"
    rb"|(?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*|['\"])"
    rb"|/(?P<name>[^#/%\[\]()<>{}\s]*)(?!#)"
    rb"|\((?P<string>(?:[^()\\]|\\.)*)\)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>(?!>)"
    rb"|(?P<nested>\()"  # a string holding parentheses: read by _string
    rb"|(?P<other>.)"
    rb"|\Z)",
    re.S,
)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|\r\n|(.))", re.S)
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = frozenset(b"01234567")
_CLOSES = {b"]": b"[", b">>": b"<<"}


class _Unmirrored(Exception):
    """The stream holds something pdfminer reads in a way this module does not copy."""


def content_objects(streams: list[bytes]) -> list | None:
    """Top-level operands and operator keywords of the concatenated streams, in order."""
    if any(data and not data[-1:].isspace() for data in streams[:-1]):
        return None  # a token could run on into the next stream
    if any(_splits_escaped_line_end(data) for data in streams):
        return None
    try:
        return _objects(b"\n".join(streams))
    except _Unmirrored:
        return None


def _splits_escaped_line_end(data: bytes) -> bool:
    """pdfminer reads 4 KiB at a time and misreads backslash-CR-LF in a string cut after the CR."""
    size = PSBaseParser.BUFSIZ
    return any(data[cut - 1] == 0x0D for cut in range(size, len(data), size))


def _objects(data: bytes) -> list:
    """Tokens in order; an array or dictionary becomes one object once closed."""
    out: list = []
    current = out  # the list the next object joins: ``out`` or an open bracket's items
    open_brackets: list[tuple[bytes, list]] = []
    pos = 0
    while True:
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastgroup
            if kind is None:  # end of data
                if open_brackets:
                    raise _Unmirrored
                return out
            text = m.group(kind)
            if kind == "keyword":
                current.append(_KEYWORDS.get(text) or _keyword(text))
            elif kind == "number":
                current.append(float(text) if b"." in text else int(text))
            elif kind == "string":
                current.append(_ESCAPE.sub(_unescape, text) if b"\\" in text else text)
            elif kind == "name":
                current.append(_LITERALS.get(text) or _literal(text))
            elif kind == "hex":
                current.append(HEX_PAIR.sub(_hex_byte, SPC.sub(b"", text)))
            elif kind == "open":
                open_brackets.append((text, current))
                current = []
            elif kind == "close":
                current = _close(text, current, open_brackets)
            elif kind == "nested":
                value, pos = _string(data, m.end())
                current.append(value)
                break  # go on from the string's end
            else:
                raise _Unmirrored


def _unescape(m: re.Match) -> bytes:
    octal, char = m.group(1), m.group(2)
    if octal:
        code = int(octal, 8)
        if code > 255:
            raise _Unmirrored
        return bytes((code,))
    if char is None:  # backslash before CR LF: a line continuation
        return b""
    escaped = ESC_STRING.get(char)
    return b"" if escaped is None else bytes((escaped,))


def _hex_byte(m: re.Match) -> bytes:
    return bytes((int(m.group(0), 16),))


_KEYWORDS: dict[bytes, object] = {}  # memo of the operators met so far
_LITERALS: dict[bytes, object] = {}  # and of the names
_MEMO_SIZE = 4096


def _keyword(text: bytes):
    if text == b"BI":
        raise _Unmirrored  # inline image
    keyword = True if text == b"true" else False if text == b"false" else KWD(text)
    if len(_KEYWORDS) < _MEMO_SIZE:
        _KEYWORDS[text] = keyword
    return keyword


def _literal(text: bytes):
    try:
        literal = LIT(str(text, "utf-8"))
    except UnicodeDecodeError:
        literal = LIT(text)
    if len(_LITERALS) < _MEMO_SIZE:
        _LITERALS[text] = literal
    return literal


def _close(bracket: bytes, items: list, open_brackets: list) -> list:
    if not open_brackets or open_brackets[-1][0] != _CLOSES[bracket]:
        raise _Unmirrored
    _, outer = open_brackets.pop()
    if bracket == b"]":
        outer.append(items)
        return outer
    if len(items) % 2:
        raise _Unmirrored
    outer.append({literal_name(k): v for (k, v) in choplist(2, items) if v is not None})
    return outer


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its ``(``: pdfminer's escapes, nesting and quirks."""
    out = bytearray()
    depth = 1
    end = len(data)
    while True:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            raise _Unmirrored
        stop = m.start()
        out += data[pos:stop]
        c = data[stop]
        pos = stop + 1
        if c == 0x5C:  # backslash
            pos = _escape(data, pos, end, out)
        elif c == 0x28:  # (
            depth += 1
            out.append(c)
        else:
            depth -= 1
            if not depth:
                return bytes(out), pos
            out.append(c)


def _escape(data: bytes, pos: int, end: int, out: bytearray) -> int:
    digits = pos
    while digits < end and digits - pos < 3 and data[digits] in _OCTAL:
        digits += 1
    if digits > pos:
        code = int(data[pos:digits], 8)
        if code > 255:
            raise _Unmirrored
        out.append(code)
        return digits
    if pos >= end:
        raise _Unmirrored
    c = data[pos:pos + 1]
    if c in ESC_STRING:
        out.append(ESC_STRING[c])
    elif c == b"\r" and data[pos + 1:pos + 2] == b"\n":
        return pos + 2
    return pos + 1
