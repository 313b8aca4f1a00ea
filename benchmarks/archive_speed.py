"""Archive the corpus to an S3 server (moto on 127.0.0.1, own process) and pull it back.

Prints MB/s and objects/s for archiving (originals + parse results + Delta
table commits) and for pulling (originals and line items back), each beside a
baseline measured in the same process: plain boto3 ``put_object``/``get_object``
of the same original bytes. Then shows partition pruning: the S3 requests (as
the server counted them: delta-rs talks to S3 past boto3) of a one-table-kind
pull against a full pull.

    python benchmarks/archive_speed.py [--copies 4]

Parse results come from the corpus truth (tests/storage/truth_results.py) until
the parser lands on main; ``--copies`` repeats the corpus with distinct bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import urllib.request
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govbudget import storage  # noqa: E402
from govbudget.storage.ingest import Item, ingest  # noqa: E402
from govbudget.storage.pull import Selection, pull  # noqa: E402
from tests.storage.helpers import raw_for  # noqa: E402
from tests.storage.truth_results import CORPUS, corpus_manifest, truth_result  # noqa: E402
from govbudget.net import free_port


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"moto server on 127.0.0.1:{port} did not start")


def corpus_items(copies: int) -> list[Item]:
    items = []
    for copy in range(copies):
        for name, entry in sorted(corpus_manifest().items()):
            data = (CORPUS / name).read_bytes() + (f"\n% copy {copy}\n".encode() if copy else b"")
            raw = raw_for(data, f"http://127.0.0.1/bench/{copy}/{name}")
            result = truth_result(Path(entry["truth"]).stem)
            parse = result.model_copy(update={"document": result.document.model_copy(update={"doc_id": raw.sha256})})
            items.append(Item(data, raw, parse))
    return items


def server_requests(port: int, reset: bool = False) -> int:
    """Requests the S3 server answered since the last reset (see tests/counting_s3.py)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_requests", method="DELETE" if reset else "GET")
    with urllib.request.urlopen(request) as response:
        return sum(json.load(response).values())


def rate(amount: float, seconds: float) -> str:
    return f"{amount / seconds:,.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()

    # moto in its own process: in-process it would share the GIL with the client being measured
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.counting_s3", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench-secret",
        AWS_DEFAULT_REGION="us-east-1",
        GOVBUDGET_SPOOL=f"/tmp/govbudget-bench-spool-{uuid.uuid4().hex[:8]}",
    )
    try:
        items = corpus_items(args.copies)
        megabytes = sum(len(i.data) for i in items) / 1e6
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        archive = storage.open_archive(f"s3://{bucket}/archive")
        client = archive.store.client
        client.create_bucket(Bucket=bucket)

        started = time.perf_counter()
        for n, item in enumerate(items):
            client.put_object(Bucket=bucket, Key=f"baseline/{n}", Body=item.data)
        base_put = time.perf_counter() - started
        started = time.perf_counter()
        for n in range(len(items)):
            client.get_object(Bucket=bucket, Key=f"baseline/{n}")["Body"].read()
        base_get = time.perf_counter() - started

        archive.store.requests.clear()
        started = time.perf_counter()
        report = ingest(archive, items)
        archive_seconds = time.perf_counter() - started
        puts = archive.store.requests["PutObject"]
        objects = sum(1 for _ in archive.store.list(""))

        archive.store.requests.clear()
        started = time.perf_counter()
        originals = sum(len(archive.get_original(sha)) for sha in report.archived)
        everything = pull(archive, Selection())
        pull_seconds = time.perf_counter() - started
        pulled_objects = archive.store.requests["GetObject"]  # originals, through boto3
        full_requests = sum(archive.store.requests.values())

        server_requests(port, reset=True)
        one_kind = pull(archive, Selection(table_kinds=("three_public",)))
        one_requests = server_requests(port)
        server_requests(port, reset=True)
        data_only = pull(archive, Selection())
        all_requests = server_requests(port)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"corpus: {len(items)} documents, {megabytes:.1f} MB of originals, {objects} objects in the archive")
    print(f"baseline boto3 put_object of the originals: {rate(megabytes, base_put)} MB/s, {rate(len(items), base_put)} objects/s")
    print(
        f"archive (originals + sidecars + parses + datasets + catalog): {rate(megabytes, archive_seconds)} MB/s of originals, "
        f"{rate(puts, archive_seconds)} objects/s written ({puts} PUTs); "
        f"{archive_seconds / base_put:.1f}x the baseline time"
    )
    print(f"baseline boto3 get_object of the originals: {rate(megabytes, base_get)} MB/s, {rate(len(items), base_get)} objects/s")
    print(
        f"pull back ({originals / 1e6:.1f} MB of originals + {everything.table.num_rows:,} line items): "
        f"{rate(originals / 1e6, pull_seconds)} MB/s, {rate(pulled_objects, pull_seconds)} objects/s; "
        f"{pull_seconds / base_get:.1f}x the baseline time"
    )
    print(
        f"partition pruning: one table kind (three_public) {one_requests} requests "
        f"({one_kind.table.num_rows} rows) vs all kinds {all_requests} requests "
        f"({data_only.table.num_rows} rows): ratio {one_requests / all_requests:.3f}"
    )
    print(f"(full pull incl. originals sent {full_requests} boto3 requests)")


if __name__ == "__main__":
    main()
