"""Structured logging: one JSON object per line, carrying doc_id and url.

Plain stdlib logging so Scrapy and Prefect handlers keep working; context goes in
``extra`` (or through :func:`bind`) and lands as top-level JSON fields.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Iterator

_STD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
CONTEXT_KEYS = ("doc_id", "url", "file", "portal", "table", "page", "run_id")
HANDLER_NAME = "govbudget-json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure(level: str | None = None, stream=None) -> None:
    """Install the JSON handler on the ``govbudget`` logger family (idempotent)."""
    level = (level or os.environ.get("GOVBUDGET_LOG_LEVEL") or "WARNING").upper()
    if level not in logging.getLevelNamesMapping():
        from govbudget.errors import ConfigError

        raise ConfigError("GOVBUDGET_LOG_LEVEL", f"{level!r} is not a log level (DEBUG, INFO, WARNING, ERROR)")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name(HANDLER_NAME)
    logger = logging.getLogger("govbudget")
    logger.handlers = [h for h in logger.handlers if h.get_name() != HANDLER_NAME]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def bind(logger: logging.Logger, **context: Any) -> logging.LoggerAdapter:
    """A logger that adds ``context`` (doc_id=…, url=…) to every record."""
    return logging.LoggerAdapter(logger, {k: v for k, v in context.items() if v is not None})


@contextmanager
def phase(logger: logging.Logger, name: str, **context: Any) -> Iterator[None]:
    """Log ``phase started`` / ``phase finished`` (or ``phase failed``; INFO, field ``phase``) around one step of a run.

    With ``GOVBUDGET_LOG_LEVEL=INFO`` an operator (or a test that kills the run) sees which
    step a run was in when it stopped: a ``started`` line with neither of the others.
    """
    logger.info("phase started", extra={"phase": name, **context})
    try:
        yield
    except BaseException as exc:
        logger.info("phase failed", extra={"phase": name, "error": type(exc).__name__})
        raise
    logger.info("phase finished", extra={"phase": name})
