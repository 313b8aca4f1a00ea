"""The one lock on PDFium in a process.

PDFium is not thread-safe: two threads inside it at once can corrupt its state
or kill the process (seen: a Prefect flow parsing two documents on its thread
pool died of SIGTRAP). Every use of pypdfium2 in govbudget holds this lock, so
in-process parses (``GOVBUDGET_PARSE_PROCESSES=0``, Dask workers) run one at a
time; parallel parsing is done by processes (:mod:`govbudget.parsers.workers`).
"""

from __future__ import annotations

import threading

pdfium_lock = threading.RLock()
