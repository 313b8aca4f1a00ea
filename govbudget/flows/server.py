"""A Prefect server for schedules: the user's (``PREFECT_API_URL``) or a local one we start.

Schedules never fire on Prefect's ephemeral API, so ``govbudget serve`` needs a real
server. A local one runs as a child process on 127.0.0.1, with its database and
log under ``PREFECT_HOME``; it stops with us.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from govbudget.errors import ConfigError
from govbudget.net import free_port
from govbudget.flows import environment


def health_url(api_url: str) -> str:
    return api_url.rstrip("/") + "/health"


def is_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(health_url(api_url), timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def check_api(api_url: str) -> None:
    """Fail fast, with one line, when the configured server does not answer."""
    if not is_healthy(api_url, timeout=5.0):
        raise ConfigError(f"PREFECT_API_URL={api_url}", "no healthy Prefect server answers there")


@dataclass
class LocalServer:
    api_url: str
    process: subprocess.Popen
    log_path: Path

    def stop(self, timeout: float = 15.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_local_server(port: int | None = None, startup_timeout: float = 90.0) -> LocalServer:
    """Start ``prefect server start`` on 127.0.0.1 and wait until it is healthy."""
    environment.apply()
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    log_path = environment.prefect_home() / "server.log"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
               "--analytics-off"]
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LocalServer(api_url, process, log_path)
    deadline = time.monotonic() + startup_timeout
    while not is_healthy(api_url):
        if process.poll() is not None:
            raise ConfigError(str(log_path), f"the local Prefect server exited with status {process.returncode}")
        if time.monotonic() > deadline:
            server.stop()
            raise ConfigError(api_url, f"the local Prefect server was not healthy after {startup_timeout:.0f} s")
        time.sleep(0.3)
    return server
