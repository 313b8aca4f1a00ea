"""Small builders shared by the storage tests."""

from __future__ import annotations

import argparse
import hashlib
from datetime import datetime, timezone

from govbudget.schema import Classification, RawDocument
from tests.storage.truth_results import CORPUS, corpus_manifest


def raw_for(data: bytes, url: str, *, portal: str = "yangquan", fetched_at: str = "2025-02-01T08:00:00", **extra) -> RawDocument:
    return RawDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        portal_id=portal,
        url=url,
        fetched_at=datetime.fromisoformat(fetched_at).replace(tzinfo=timezone.utc),
        **extra,
    )


def corpus_pdf(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def corpus_raw(name: str, url: str | None = None, **extra) -> RawDocument:
    data = corpus_pdf(name)
    entry = corpus_manifest()[name]
    return raw_for(
        data,
        url or f"http://127.0.0.1/yq/attach/{name}",
        title=f"{entry['seed']} disclosure",
        headers={"Content-Type": "application/pdf", "ETag": f'"{entry["sha256"][:8]}"'},
        classification=Classification(publisher="阳泉市12315投诉举报中心", fiscal_year=2025, kind="budget"),
        **extra,
    )


def run_cli(argv: list[str]) -> int:
    """Run one storage subcommand the way ``govbudget`` dispatches it."""
    from govbudget.storage import cli

    parser = argparse.ArgumentParser(prog="govbudget")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
