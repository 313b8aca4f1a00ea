"""Where everything lives in the archive (docs/archive.md describes the same tree).

::

    originals/sha256/ab/abcd….pdf          the bytes as published, keyed by their sha256
    originals/sha256/ab/abcd….json         provenance sidecar (every URL, first/last seen, headers…)
    parsed/<doc_id>/<parser_version>/result.json
    tables/<name>/                         Delta Lake tables: line_items, performance_targets,
                                           facts, checks, documents (the catalog)
    runs/<run_id>/manifest.json            what a run did, counts, durations, table versions
    state/<name>                           small named blobs (crawler state)
"""

from __future__ import annotations

import re

from govbudget.errors import StorageError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SAFE = re.compile(r"^[A-Za-z0-9._\-]+$")

ORIGINALS = "originals/sha256"
PARSED = "parsed"
TABLES = "tables"
RUNS = "runs"
STATE = "state"


def checked_sha256(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise StorageError(sha256, "not a lowercase hex sha256")
    return sha256


def safe_name(name: str, what: str) -> str:
    """Names become key segments: refuse anything that could climb or nest."""
    if not _SAFE.match(name) or name in {".", ".."}:
        raise StorageError(name, f"invalid {what} (letters, digits, . _ - only)")
    return name


def original_key(sha256: str, extension: str = "pdf") -> str:
    sha = checked_sha256(sha256)
    return f"{ORIGINALS}/{sha[:2]}/{sha}.{extension}"


def sidecar_key(sha256: str) -> str:
    sha = checked_sha256(sha256)
    return f"{ORIGINALS}/{sha[:2]}/{sha}.json"


def parse_key(doc_id: str, parser_version: str) -> str:
    return f"{PARSED}/{safe_name(doc_id, 'doc_id')}/{safe_name(parser_version, 'parser version')}/result.json"


def parse_prefix(doc_id: str) -> str:
    return f"{PARSED}/{safe_name(doc_id, 'doc_id')}/"


RUN_MANIFEST = "manifest.json"  # written last: the run finished
RUN_STARTED = "started.json"  # written first: run id, host, pid, start time
RUN_RECOVERED = "recovered.json"  # a later run completed the documents of this interrupted run


def run_file(run_id: str, name: str) -> str:
    return f"{RUNS}/{safe_name(run_id, 'run id')}/{name}"


def run_manifest_key(run_id: str) -> str:
    return run_file(run_id, RUN_MANIFEST)


def state_key(name: str) -> str:
    return f"{STATE}/{safe_name(name, 'state name')}"
