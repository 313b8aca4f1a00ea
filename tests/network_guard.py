"""Refuse, record and fail on any connection to a host outside the loopback range.

An audit hook (PEP 578) sees every ``socket.getaddrinfo`` and ``socket.connect`` before
it happens and raises, so nothing leaves the machine. Each refusal is appended to the
file named by ``GOVBUDGET_NETGUARD_LOG``; tests/conftest.py installs the hook in the test
process and, through ``tests/netguard/sitecustomize.py`` on ``PYTHONPATH``, in every
process the tests start (servers, workers, the CLI), and fails the session when the log
is not empty.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import traceback

LOG_ENV = "GOVBUDGET_NETGUARD_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}
_installed = False


class OutboundConnectionRefused(ConnectionRefusedError):
    """Raised instead of contacting a non-loopback host."""


def is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): a local bind address
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    name = host.strip("[]").split("%")[0].lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a host name other than localhost: it would be resolved outside
    return address.is_loopback or address.is_unspecified


def _host_of(event: str, args: tuple) -> object:
    if event == "socket.getaddrinfo":
        return args[0]
    address = args[1]  # socket.connect: (socket, address)
    if isinstance(address, tuple):
        return address[0]
    return None


def _hook(event: str, args: tuple) -> None:
    if event not in ("socket.getaddrinfo", "socket.connect"):
        return
    host = _host_of(event, args)
    if is_loopback(host):
        return
    where = "".join(traceback.format_stack(limit=8)[:-1])
    record = f"pid {os.getpid()} {event} {host!r} from {sys.argv[:2]}\n{where}\n"
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(record)
    raise OutboundConnectionRefused(f"network guard: {event} to {host!r} refused (only loopback is allowed)")


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def refusals(path: str | os.PathLike) -> str:
    try:
        with open(path, encoding="utf-8") as log:
            return log.read()
    except FileNotFoundError:
        return ""
