"""``govbudget portals check``: can this machine reach a portal's start page, unchallenged?

A plain fetch with the crawler's User-Agent, cookies kept across redirects (so a
302-to-self cookie gate passes), judged by the same challenge detection the
crawler uses, plus what robots.txt says about the start URL. An https start page
that cannot connect is tried over http, as the crawler's fallback does.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urljoin

from protego import Protego

from govbudget.spiders.challenges import detect_challenge
from govbudget.spiders.fallback import http_twin, is_setup_failure
from govbudget.spiders.registry import Portal
from govbudget.spiders.settings import USER_AGENT


@dataclass(frozen=True)
class CheckResult:
    portal_id: str
    url: str
    status: str  # reachable | blocked | unreachable
    detail: str  # HTTP status, challenge type or error
    robots_allowed: bool | None  # None when robots.txt could not be read
    setup_failed: bool = False  # TLS or the connection itself failed (see govbudget.spiders.fallback)


def check_portal(portal: Portal, timeout: float = 20.0) -> CheckResult:
    """Fetch the start page; an https start page that cannot connect is tried over http, as crawls do."""
    url = portal.start_urls[0]
    result = _check_url(portal.id, url, timeout)
    twin = http_twin(url)
    if result.status == "unreachable" and twin and result.setup_failed:
        over_http = _check_url(portal.id, twin, timeout)
        return replace(over_http, detail=f"{over_http.detail} over http; https failed: {result.detail}")
    return result


@dataclass(frozen=True)
class Fetched:
    status: int
    url: str  # after redirects
    headers: dict[str, bytes]  # lower-case names
    body: bytes

    @property
    def challenge(self) -> str | None:
        return detect_challenge(self.url, self.status, self.headers, self.body)


def opener():
    """A urllib opener with the crawler's User-Agent that keeps cookies across redirects (cookie gates)."""
    built = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    built.addheaders = [("User-Agent", USER_AGENT)]
    return built


def fetch(url: str, timeout: float, via=None) -> Fetched:
    """One GET; HTTP errors are answers, connection failures raise (URLError / OSError)."""
    via = via or opener()
    try:
        with via.open(url, timeout=timeout) as response:
            status, final_url, headers, body = response.status, response.geturl(), response.headers, response.read()
    except urllib.error.HTTPError as exc:
        status, final_url, headers, body = exc.code, exc.geturl() or url, exc.headers, exc.read()
    lowered = {k.lower(): v.encode("latin-1", "replace") for k, v in headers.items()}
    return Fetched(status, final_url, lowered, body)


def _check_url(portal_id: str, url: str, timeout: float) -> CheckResult:
    via = opener()
    robots = robots_allows(via, url, timeout)
    try:
        page = fetch(url, timeout, via)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return CheckResult(portal_id, url, "unreachable", str(reason), robots, setup_failed=is_setup_failure(exc))
    if page.challenge:
        return CheckResult(portal_id, url, "blocked", page.challenge, robots)
    if page.status >= 400:
        return CheckResult(portal_id, url, "unreachable", f"HTTP {page.status}", robots)
    return CheckResult(portal_id, url, "reachable", f"HTTP {page.status}, {len(page.body)} bytes", robots)


def robots_allows(opener, url: str, timeout: float) -> bool | None:
    try:
        with opener.open(urljoin(url, "/robots.txt"), timeout=timeout) as response:
            text = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return True if exc.code == 404 else None
    except (urllib.error.URLError, OSError):
        return None
    return Protego.parse(text).can_fetch(url, USER_AGENT)


def mark_verified(registry_path: Path, portal_ids: list[str]) -> list[str]:
    """Set ``verified: true`` on these entries in place, keeping the file's comments."""
    text = registry_path.read_text("utf-8")
    marked = []
    for pid in portal_ids:
        entry = re.compile(rf"(^\s*-\s+id:\s*{re.escape(pid)}\s*$(?:(?!^\s*-\s+id:).)*?^\s*verified:\s*)false", re.M | re.S)
        text, count = entry.subn(r"\1true", text, count=1)
        if count:
            marked.append(pid)
    registry_path.write_text(text, "utf-8")
    return marked
