"""Recognise anti-bot challenges, so a blocked portal is reported rather than silently empty.

Each check names the challenge family seen on Chinese government sites: 瑞数
(412 + ``$_ts``), 知道创宇/WZWS cookie challenges, the 网防G01 405 page and tiny
script-only shells that set a cookie and reload.
"""

from __future__ import annotations

import re

_TINY_SHELL_BYTES = 2048
_SHELL_SCRIPT = re.compile(rb"document\.cookie|location\.(?:reload|replace|href)|eval\(|setTimeout\(", re.I)
_VISIBLE_TEXT = re.compile(rb">\s*[^<\s][^<]{20,}<")


def detect_challenge(url: str, status: int, headers: dict[str, bytes], body: bytes) -> str | None:
    """The challenge type a response is, or None for an ordinary response."""
    location = headers.get("location", b"")
    if status == 412 and (b"$_ts" in body or b"__jsluid" in headers.get("set-cookie", b"")):
        return "ruishu-412"
    if b"WZWSREL" in location or "/WZWSREL" in url or b"wzwsquestion" in body or b"wzwschallenge" in body:
        return "wzws"
    if status == 405 and ("网防".encode() in body or b"G01" in body or b"waf" in body.lower()):
        return "waf-405"
    if status in (403, 412, 521) and _SHELL_SCRIPT.search(body):
        return f"js-shell-{status}"
    if status == 200 and len(body) < _TINY_SHELL_BYTES and b"<script" in body.lower():
        stripped = re.sub(rb"<script.*?</script>", b"", body, flags=re.S | re.I)
        if _SHELL_SCRIPT.search(body) and not _VISIBLE_TEXT.search(stripped):
            return "js-shell"
    return None
