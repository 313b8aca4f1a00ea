"""moto's S3 server, counting the requests it answers: what any client (boto3, delta-rs) sent.

delta-rs talks to S3 from Rust, past boto3's event hooks, so requests are
counted where they arrive. ``GET /_requests`` returns the counts as JSON and
``DELETE /_requests`` resets them (for a server in another process).

    python -m tests.counting_s3 PORT
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import parse_qs

from moto.server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

COUNTS_PATH = "/_requests"


def operation(environ: dict) -> str:
    """GET of a bucket with ``list-type`` is a LIST; a create-only PUT is ``PUT-IF-NONE-MATCH``."""
    method = environ["REQUEST_METHOD"]
    if method == "GET" and "list-type" in parse_qs(environ.get("QUERY_STRING", "")):
        return "LIST"
    if method == "PUT" and environ.get("HTTP_IF_NONE_MATCH") == "*":
        return "PUT-IF-NONE-MATCH"
    return method


def request_path(environ: dict) -> str:
    """The object's path; for a LIST, the bucket's path and ``?prefix=`` what it lists."""
    path = environ.get("PATH_INFO", "")
    if operation(environ) == "LIST":
        path += "?prefix=" + parse_qs(environ.get("QUERY_STRING", "")).get("prefix", [""])[0]
    return path


def kind(op: str, path: str) -> str:
    """A request's operation and what it touched: Delta log, Parquet data, or other objects."""
    where = "log" if "_delta_log" in path else "parquet" if path.endswith(".parquet") else "object"
    return f"{op.split('-')[0]} {where}"


class CountingMotoServer(ThreadedMotoServer):
    def __init__(self, ip_address: str = "127.0.0.1", port: int = 5000, verbose: bool = False):
        super().__init__(ip_address=ip_address, port=port, verbose=verbose)
        self.requests: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()  # server time per kind of request
        self.paths: list[tuple[str, str]] = []  # (operation, path) in arrival order; a LIST's path ends "?prefix=…"
        self._lock = threading.Lock()

    def kinds(self) -> Counter[str]:
        """Requests since :meth:`clear` by :func:`kind` ("GET log", "LIST object", "PUT parquet", …)."""
        with self._lock:
            return Counter(kind(op, path) for op, path in self.paths)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.seconds.clear()
            self.paths.clear()

    def _counting(self, app):
        def counted(environ, start_response):
            if environ.get("PATH_INFO") == COUNTS_PATH:
                if environ["REQUEST_METHOD"] == "DELETE":
                    self.clear()
                body = json.dumps(dict(self.requests)).encode()
                start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            with self._lock:
                self.requests[operation(environ)] += 1
                self.paths.append((operation(environ), request_path(environ)))
            started = time.perf_counter()
            try:
                return app(environ, start_response)
            finally:  # the server's own work (moto lists by walking every key of the bucket)
                with self._lock:
                    self.seconds[kind(operation(environ), request_path(environ))] += time.perf_counter() - started

        return counted

    def _server_entry(self) -> None:
        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(self._ip_address, self._port, self._counting(app), True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


if __name__ == "__main__":
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = CountingMotoServer(port=int(sys.argv[1]))
    server.start()
    threading.Event().wait()
