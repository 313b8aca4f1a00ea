"""File names as text that can be printed and stored: any bytes a file system allows.

Python keeps a name that is not valid UTF-8 (a GBK name from a Windows share) as
a ``str`` with lone surrogates, which every UTF-8 writer (stdout, JSON, Parquet)
refuses. Such bytes become ``\\xNN`` here, visibly and reversibly, never guessed
into characters; control characters are escaped too where one line is promised.
"""

from __future__ import annotations

import os

_CONTROL = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def text_name(name: str | os.PathLike) -> str:
    """``name`` as valid UTF-8 text: undecodable bytes written as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def one_line(name: str | os.PathLike) -> str:
    """:func:`text_name` with control characters (newlines…) escaped, for a one-line message."""
    return "".join(
        _CONTROL.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 32 or ord(ch) == 127 else ch) for ch in text_name(name)
    )
