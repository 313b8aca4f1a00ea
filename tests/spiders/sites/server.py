"""A loopback HTTP server for replica sites: routes in, a request log out.

Two listeners share one route table and one log: the site on 127.0.0.1 and an
"other host" on 127.0.0.2 (also loopback), so a test can prove from the log that
an off-site link was never requested. Files answer conditional GETs (ETag) and
can fail with 500 a given number of times or switch to new bytes (``republish``);
``cookie_gate`` puts a route behind the 302-to-self gate that sets a cookie.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Logged:
    host: str
    method: str
    path: str  # with query
    status: int
    body_bytes: int
    form: bytes = b""


@dataclass
class File:
    data: bytes
    republished: bytes | None = None  # served after SiteServer.republish()
    fail_first: int = 0  # answer 500 this many times first
    content_type: str = "application/pdf"


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)


Route = File | Reply | Callable[[str, bytes, dict], Reply]  # a dynamic route gets (path with query, POST body, headers)


def cookie_gate(route: Reply, cookie: str) -> Callable[[str, bytes, dict], Reply]:
    """``route`` once the client sends ``cookie``; before that a 302 to the same URL setting it."""

    def gated(path: str, form: bytes, headers) -> Reply:
        if cookie in (headers.get("Cookie") or ""):
            return route
        return Reply(302, b"", "text/html", {"Location": path, "Set-Cookie": f"{cookie}; Path=/"})

    return gated


class SiteServer:
    def __init__(self, routes: dict[str, Route] | None = None, other_routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = routes or {}  # by path (or path?query), on 127.0.0.1
        self.other_routes: dict[str, Route] = other_routes or {}  # on 127.0.0.2
        self.log: list[Logged] = []
        self.republished = False
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._servers = [_Quiet((host, 0), _handler(self, host)) for host in ("127.0.0.1", "127.0.0.2")]
        self.base_url = f"http://127.0.0.1:{self._servers[0].server_address[1]}"
        self.other_url = f"http://127.0.0.2:{self._servers[1].server_address[1]}"
        self.alias_url = f"http://localhost:{self._servers[0].server_address[1]}"  # the same server under another name
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self._servers]
        for thread in self._threads:
            thread.start()

    def republish(self) -> None:
        self.republished = True

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def requests(self, host_prefix: str = "") -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.host.startswith(host_prefix)]

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving --
    def answer(self, host: str, path: str, headers, form: bytes) -> Reply:
        routes = self.other_routes if host.startswith("127.0.0.2") else self.routes
        route = routes.get(path, routes.get(urlsplit(path).path))
        if route is None:
            return Reply(404, b"<html><body>404 Not Found</body></html>")
        if isinstance(route, Reply):
            return route
        if isinstance(route, File):
            return self._file(path, route, headers)
        return route(path, form, headers)

    def _file(self, path: str, spec: File, headers) -> Reply:
        with self._lock:
            self._served[path] = self._served.get(path, 0) + 1
            attempt = self._served[path]
        if attempt <= spec.fail_first:
            return Reply(500, b"<html><body>500 Internal Server Error</body></html>")
        data = spec.republished if self.republished and spec.republished is not None else spec.data
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if headers.get("If-None-Match") == etag:
            return Reply(304, b"", "", {"ETag": etag})
        return Reply(200, data, spec.content_type, {"ETag": etag})

    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(site: SiteServer, bound: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            self._reply(b"")

        def do_POST(self) -> None:
            self._reply(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _reply(self, form: bytes) -> None:
            host = self.headers.get("Host", bound)
            reply = site.answer(bound, self.path, self.headers, form)
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            site.record(Logged(host, self.command, self.path, reply.status, len(reply.body), form))

    return Handler
