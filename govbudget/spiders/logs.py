"""Scrapy's own log records, routed through the project's handlers for the length of a crawl.

Reactorless crawls never call ``scrapy.utils.log.configure_logging``: Scrapy's
warnings (gave up retrying, robots.txt unreadable, a pipeline error) would reach
only the root logger, where during a crawl Scrapy's own log-counting handler keeps
logging's last-resort output from showing them. Forwarding the ``scrapy`` logger to
the ``govbudget.spiders`` logger puts them in front of whatever handles the project's logs
(``govbudget.log``'s JSON lines in the CLI, the caller's root handlers otherwise),
with the portal and URL as fields. The ``scrapy`` logger's own settings are put
back when the last concurrent crawl ends; handlers a caller attached stay.
"""

from __future__ import annotations

import copy
import logging
import threading
from contextlib import contextmanager
from typing import Any, Iterator

TARGET = "govbudget.spiders"  # the project logger Scrapy's records are handed to
_DROPPED_ATTRIBUTES = ("spider", "item")  # object reprs, not fields: the portal and URL replace them


def url_in(args: Any) -> str | None:
    """The URL of the request or response a Scrapy log message is about."""
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else ()
    for value in values:
        url = getattr(value, "url", None)
        if isinstance(url, str):
            return url
    return None


class _ForwardToProject(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger(TARGET)
        if not target.isEnabledFor(record.levelno):
            return
        forwarded = copy.copy(record)  # handlers the caller put on "scrapy" see the record untouched
        spider = getattr(record, "spider", None)
        for name in _DROPPED_ATTRIBUTES:
            forwarded.__dict__.pop(name, None)
        if spider is not None and not hasattr(record, "portal"):
            forwarded.portal = getattr(spider, "name", str(spider))
        url = url_in(record.args)
        if url and not hasattr(record, "url"):
            forwarded.url = url
        target.handle(forwarded)


_HANDLER = _ForwardToProject()
_lock = threading.Lock()
_crawls = 0
_saved: tuple[bool, int] | None = None


@contextmanager
def scrapy_logs_routed(level: str) -> Iterator[None]:
    """Route the ``scrapy`` logger to :data:`TARGET` at ``level`` (Scrapy's LOG_LEVEL) while crawling.

    ``level`` applies only when the caller left the ``scrapy`` logger's level unset.
    """
    _enter(level)
    try:
        yield
    finally:
        _leave()


def _enter(level: str) -> None:
    global _crawls, _saved
    with _lock:
        _crawls += 1
        if _crawls > 1:
            return
        scrapy_logger = logging.getLogger("scrapy")
        _saved = (scrapy_logger.propagate, scrapy_logger.level)
        scrapy_logger.addHandler(_HANDLER)
        scrapy_logger.propagate = False  # reaches root through TARGET, once
        if scrapy_logger.level == logging.NOTSET:
            scrapy_logger.setLevel(level.upper())


def _leave() -> None:
    global _crawls, _saved
    with _lock:
        _crawls -= 1
        if _crawls or _saved is None:
            return
        scrapy_logger = logging.getLogger("scrapy")
        scrapy_logger.removeHandler(_HANDLER)
        scrapy_logger.propagate, level = _saved
        scrapy_logger.setLevel(level)
        _saved = None
