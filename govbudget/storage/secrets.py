"""Keep credentials out of every message the archive emits."""

from __future__ import annotations

import os
import re

_SECRET_ENV = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECURITY_TOKEN")
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
_SIGNATURE = re.compile(r"(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s]+", re.IGNORECASE)


def scrub(text: str, extra: tuple[str, ...] = ()) -> str:
    """``text`` with known secret values, URL user-info and presigned parameters masked."""
    for value in [os.environ.get(name) for name in _SECRET_ENV] + list(extra):
        if value and len(value) >= 4:
            text = text.replace(value, "***")
    text = _USERINFO.sub("***@", text)
    return _SIGNATURE.sub(r"\1***", text)
