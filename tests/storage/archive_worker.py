"""A separate process archiving many documents, for the kill -9 test.

Usage: python -m tests.storage.archive_worker LOCATION COUNT
Prints ``done <i>`` after each document so the parent knows when to strike.
"""

from __future__ import annotations

import sys

from govbudget import storage
from govbudget.storage.ingest import Item, ingest
from tests.storage.helpers import corpus_pdf, raw_for
from tests.storage.truth_results import truth_result


def items(count: int):
    base = corpus_pdf("002-reportlab.pdf")
    result = truth_result("002")
    for i in range(count):
        data = base + f"\n% copy {i}\n".encode()
        raw = raw_for(data, f"http://127.0.0.1/docs/{i}.pdf")
        parse = result.model_copy(update={"document": result.document.model_copy(update={"doc_id": raw.sha256})})
        yield Item(data, raw, parse)


def main(location: str, count: int) -> None:
    archive = storage.open_archive(location, backoff_seconds=0.05)
    ingest(archive, items(count), on_item=lambda i, _: print(f"done {i}", flush=True))
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
