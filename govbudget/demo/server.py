"""Replica portals on 127.0.0.1: the four CMS families with the faults real portals have.

Every request is logged (method, path, headers, status, body bytes sent), so tests
can prove what a crawl did *not* fetch. The PDFs come from a corpus directory passed
in (the shipped :data:`govbudget.demo.DEMO_CORPUS` by default).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from govbudget.demo import site as replica_site

REGISTRY_TEMPLATE = Path(__file__).with_name("portals.yaml")
# Where the demo fails on purpose: challenge pages, the robots-disallowed column, a redirect
# loop; files built broken (site.FileSpec sources "html-error" and "truncated:…") come on top.
STAGED_FAILURE_PREFIXES = ("/rs/", "/wz/", "/nx/", "/yq/xxgk/private/", "/gy/upload/loop/")
_BROKEN_SOURCES = ("html-error", "truncated")
_LAST_MODIFIED = formatdate(1_750_000_000, usegmt=True)
_RUISHU = (
    "<html><head><meta charset='utf-8'></head><body><script type=\"text/javascript\" r='m'>"
    "$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd=\"qEtrrqAlWa\";</script>"
    "<script type=\"text/javascript\" src=\"/rs/abcdefg.js\" r='m'></script></body></html>"
)
_WZWS = (
    "<html><head><meta charset='utf-8'><title>安全验证</title></head><body>"
    "<script>var wzwsquestion=\"XYZ\";var wzwsfactor=\"7421\";var wzwsmethod=\"post\";"
    "var wzwsparams=\"\";function wzwschallengex(){}</script></body></html>"
)
_WAF_405 = (
    "<html><head><meta charset='utf-8'><title>405</title></head><body><h2>网防G01提示您：</h2>"
    "<p>您的访问请求可能对网站造成安全威胁，请求已被拦截。</p>" + "<p>事件ID：0000000000</p>" * 60 + "</body></html>"
)


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str  # path with query
    host: str
    headers: dict[str, str]
    status: int
    body_bytes: int  # bytes of response body sent


@dataclass
class _State:
    republished: bool = False
    served_counts: dict[str, int] = field(default_factory=dict)
    requests: list[LoggedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class ReplicaServer:
    """A running replica; use as a context manager or call :meth:`close`."""

    def __init__(self, corpus_dir: Path | str, port: int = 0):
        self.corpus_dir = Path(corpus_dir)
        if not (self.corpus_dir / "000-office.pdf").is_file():
            from govbudget.errors import ConfigError

            raise ConfigError(str(self.corpus_dir), "not a corpus directory (000-office.pdf missing)")
        self._state = _State()
        self._httpd = _QuietServer(("127.0.0.1", port), _handler_class(self))
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.site = replica_site.build_site(self.base_url)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="replica", daemon=True)
        self._thread.start()

    # -- for tests and the demo --
    @property
    def requests(self) -> list[LoggedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    def requests_to(self, path_prefix: str) -> list[LoggedRequest]:
        return [r for r in self.requests if r.path.startswith(path_prefix)]

    def clear_log(self) -> None:
        with self._state.lock:
            self._state.requests.clear()

    def republish(self) -> None:
        """Switch files that have a corrected version to their new bytes (same URLs)."""
        self._state.republished = True

    def registry_entries(self) -> list[dict[str, Any]]:
        """Portal registry entries pointing at this server (see replica/portals.yaml)."""
        text = Template(REGISTRY_TEMPLATE.read_text("utf-8")).substitute(base_url=self.base_url)
        return yaml.safe_load(text)["portals"]

    def write_registry(self, path: Path | str) -> Path:
        path = Path(path)
        path.write_text(yaml.safe_dump({"portals": self.registry_entries()}, allow_unicode=True), "utf-8")
        return path

    def file_bytes(self, path: str) -> bytes:
        spec = self.site.files[path]
        return replica_site.file_bytes(self._source_of(spec), self.corpus_dir)

    def staged_failure(self, where: str) -> bool:
        """Whether a run failure at ``where`` (a URL, maybe followed by a note) is one the site stages."""
        path = urlsplit(where.split()[0]).path
        spec = self.site.files.get(path)
        return path.startswith(STAGED_FAILURE_PREFIXES) or (spec is not None and spec.source.split(":")[0] in _BROKEN_SOURCES)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ReplicaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving --
    def _source_of(self, spec: replica_site.FileSpec) -> str:
        if self._state.republished and spec.republished_source:
            return spec.republished_source
        return spec.source

    def _count(self, key: str) -> int:
        with self._state.lock:
            self._state.served_counts[key] = self._state.served_counts.get(key, 0) + 1
            return self._state.served_counts[key]

    def _log(self, entry: LoggedRequest) -> None:
        with self._state.lock:
            self._state.requests.append(entry)


def serve_replica(corpus_dir: Path | str, port: int = 0) -> ReplicaServer:
    return ReplicaServer(corpus_dir, port)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """Clients hanging up (a crawl cancelling a download) are not server errors."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_class(server: ReplicaServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_ReplicaHandler):
        replica = server

    return Handler


class _ReplicaHandler(BaseHTTPRequestHandler):
    replica: ReplicaServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # the request log replaces it
        pass

    def do_GET(self) -> None:
        self._dispatch(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._dispatch(self.rfile.read(length))

    # -- routing --
    def _dispatch(self, form: bytes) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        site = self.replica.site
        if self.headers.get("Host", "").startswith("localhost"):
            return self._send(200, b"<html><body>mirror</body></html>", "text/html")
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /yq/xxgk/private/\n", "text/plain")
        if path.startswith("/rs/"):
            return self._send(412, _RUISHU.encode(), "text/html", {"Set-Cookie": "__jsluid_h=0123456789abcdef; path=/"})
        if path.startswith("/wz/"):
            return self._send(302, b"", "text/html", {"Location": "/WZWSREL3d6L2luZGV4Lmh0bWw=?wzwschallenge=V1pXU19DT05GSVJN"})
        if path.startswith("/WZWSREL"):
            return self._send(200, _WZWS.encode(), "text/html")
        if path.startswith("/nx/"):
            return self._send(405, _WAF_405.encode(), "text/html")
        if path.startswith("/bmp_pub/api/") and "bmp_gate=ok" not in (self.headers.get("Cookie") or ""):
            return self._send(302, b"", "text/html", {"Location": self.path, "Set-Cookie": "bmp_gate=ok; Path=/"})
        if path == "/module/web/jpage/dataproxy.jsp" and self.command == "POST":
            return self._dataproxy(query, parse_qs(form.decode("utf-8", "replace")))
        if path == replica_site.HANWEB_OLD_PROXY and self.command == "GET":
            return self._send(200, replica_site.hanweb_old_page(int((query.get("page") or ["1"])[0])), "text/xml; charset=utf-8")
        if path == "/module/download/downfile.jsp":
            name = (query.get("filename") or [""])[0]
            return self._send(302, b"", "text/html", {"Location": f"/attach/{query.get('classid', ['0'])[0]}/{name}"})
        if path == "/gy/upload/loop/a.pdf":
            return self._send(302, b"", "text/html", {"Location": "/gy/upload/loop/b.pdf"})
        if path == "/gy/upload/loop/b.pdf":
            return self._send(302, b"", "text/html", {"Location": "/gy/upload/loop/a.pdf"})
        if path in site.files:
            return self._file(site.files[path])
        key = path + ("?" + parts.query if path.startswith("/bmp_pub/api/") else "")
        if key in site.pages:
            time.sleep(site.slow.get(path, 0.0))
            content_type, body, encoding = site.pages[key]
            charset = "; charset=utf-8" if encoding == "utf-8" else ""
            return self._send(200, body, content_type + charset)
        return self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")

    def _dataproxy(self, query: dict[str, list[str]], form: dict[str, list[str]]) -> None:
        expected = {"columnid": str(replica_site.HANWEB_COLUMN), "unitid": str(replica_site.HANWEB_UNIT), "webid": str(replica_site.HANWEB_WEB)}
        if any((form.get(k) or [""])[0] != v for k, v in expected.items()):
            return self._send(200, b"<datastore><nextgroup></nextgroup></datastore>", "text/xml")
        start = int((query.get("startrecord") or ["1"])[0])
        end = int((query.get("endrecord") or ["1"])[0])
        records = replica_site.hanweb_records()
        chunk = "".join(replica_site.hanweb_record_xml(*r) for r in records[start - 1 : end])
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup>'
            f"<totalrecord>{len(records)}</totalrecord><totalpage>{-(-len(records) // 3)}</totalpage>"
            f"<recordset>{chunk}</recordset></datastore>"
        )
        return self._send(200, body.encode("utf-8"), "text/xml; charset=utf-8")

    def _file(self, spec: replica_site.FileSpec) -> None:
        if spec.fail_first and self.replica._count(spec.path) <= spec.fail_first:
            return self._send(500, b"<html><body>500 Internal Server Error</body></html>", "text/html")
        data = replica_site.file_bytes(self.replica._source_of(spec), self.replica.corpus_dir)
        etag = replica_site.etag_of(data)
        headers = {"ETag": etag, "Last-Modified": _LAST_MODIFIED}
        if self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == _LAST_MODIFIED and not self.replica._state.republished
        ):
            return self._send(304, b"", None, headers)
        content_type = {"pdf": "application/pdf", "zip": "application/zip"}.get(
            spec.path.rsplit(".", 1)[-1], "application/octet-stream"
        )
        return self._send(200, data, content_type, headers, spec.disposition)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
        disposition: bytes | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if disposition is not None:  # raw bytes, as servers that send GBK file names do
            self._headers_buffer.append(b"Content-Disposition: " + disposition + b"\r\n")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.replica._log(
            LoggedRequest(
                method=self.command,
                path=self.path,
                host=self.headers.get("Host", ""),
                headers={k: v for k, v in self.headers.items()},
                status=status,
                body_bytes=len(body),
            )
        )
