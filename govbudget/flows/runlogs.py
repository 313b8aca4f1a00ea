"""Every warning and error of govbudget's own loggers reaches the Prefect API, with its fields.

Prefect sends only its own ``prefect.*`` loggers to the API. govbudget logs through
``govbudget.*`` (Scrapy's records are forwarded to ``govbudget.spiders``); this handler sends their
warnings and errors to the run they happen in, from any thread that carries the run's
context (the crawl thread does: govbudget.spiders.crawl copies it), and from a Dask
worker. The log API keeps a message only, so the record's fields (portal, URL,
document id) follow the text as one JSON object after :data:`SEPARATOR`;
:func:`fields_of` reads them back.
"""

from __future__ import annotations

import json
import logging

from prefect.logging.handlers import APILogHandler

LOGGERS = ("govbudget",)  # govbudget.spiders.logs forwards Scrapy's records to govbudget.spiders
FIELDS = ("portal", "url", "doc_id", "file", "page")
SEPARATOR = " | "


class _FieldsFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {k: getattr(record, k) for k in FIELDS if getattr(record, k, None) is not None}
        text = record.getMessage()
        return text + SEPARATOR + json.dumps(fields, ensure_ascii=False, default=str) if fields else text


class RunLogHandler(APILogHandler):
    """Sends a record to the API only inside a flow or task run (elsewhere there is nothing to attach it to)."""

    def emit(self, record: logging.LogRecord) -> None:
        from prefect.context import FlowRunContext, TaskRunContext

        if FlowRunContext.get() is None and TaskRunContext.get() is None:
            return
        super().emit(record)


def fields_of(message: str) -> dict[str, str]:
    """The fields a forwarded message carries ({} when it has none)."""
    head, sep, tail = message.rpartition(SEPARATOR)
    if not sep:
        return {}
    try:
        fields = json.loads(tail)
    except ValueError:
        return {}
    return fields if isinstance(fields, dict) else {}


def install(level: int = logging.WARNING) -> None:
    """Attach the handler to govbudget's loggers (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, RunLogHandler) for h in logger.handlers):
            handler = RunLogHandler(level)
            handler.setFormatter(_FieldsFormatter())
            logger.addHandler(handler)
