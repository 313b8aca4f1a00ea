"""When an https URL may be fetched over plain http instead, and as which URL.

County portals are linked as https (in the MOF map, in their own pages) yet serve
TLS with expired or self-signed certificates, or do not listen on 443 at all, while
the same pages answer over http. Only a failure to *set up* the connection counts:
a slow or broken answer over TLS is an answer, and is retried as one.
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit, urlunsplit


def http_twin(url: str) -> str | None:
    """``url`` over http (default port dropped), or None when it is not an https URL."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    netloc = parts.netloc.removesuffix(":443")
    return urlunsplit(("http", netloc, parts.path, parts.query, parts.fragment))


def is_setup_failure(exc: BaseException) -> bool:
    """A TLS handshake or certificate failure, or a refused connection, anywhere in the chain.

    Scrapy wraps aiohttp's connector errors (``__cause__``); urllib puts them in
    ``URLError.reason``.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, (ssl.SSLError, ssl.CertificateError, ConnectionRefusedError)):
            return True
        seen.add(id(current))
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else current.__cause__ or current.__context__
    return False
