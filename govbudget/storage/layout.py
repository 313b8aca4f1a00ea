"""Where everything lives in the archive (docs/archive.md describes the same tree).

::

    originals/sha256/ab/abcd….pdf          the bytes as published, keyed by their sha256
    originals/sha256/ab/abcd….json         provenance sidecar (every URL, first/last seen, headers…)
    parsed/<doc_id>/<parser_version>/result.json
    catalog/documents/<doc_id>.json        one entry per document
    datasets/<table>/<col>=<v>/…/<doc_id>-<digest>.parquet   hive partitions, never overwritten
    runs/<run_id>/manifest.json            what a run added/changed, counts, durations, snapshot
    state/<name>                           small named blobs (crawler state)
"""

from __future__ import annotations

import re

from govbudget.errors import StorageError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SAFE = re.compile(r"^[A-Za-z0-9._\-]+$")

ORIGINALS = "originals/sha256"
PARSED = "parsed"
CATALOG = "catalog/documents"
DATASETS = "datasets"
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


def catalog_key(doc_id: str) -> str:
    return f"{CATALOG}/{safe_name(doc_id, 'doc_id')}.json"


def run_manifest_key(run_id: str) -> str:
    return f"{RUNS}/{safe_name(run_id, 'run id')}/manifest.json"


def state_key(name: str) -> str:
    return f"{STATE}/{safe_name(name, 'state name')}"


def partition_value(value: object) -> str:
    """Hive partition values: ``None`` is the conventional ``__HIVE_DEFAULT_PARTITION__``."""
    if value is None or value == "":
        return "__HIVE_DEFAULT_PARTITION__"
    return safe_name(str(value), "partition value")


def dataset_key(table: str, partition: dict[str, object], doc_id: str, digest: str) -> str:
    parts = "/".join(f"{col}={partition_value(v)}" for col, v in partition.items())
    return f"{DATASETS}/{safe_name(table, 'dataset')}/{parts}/{safe_name(doc_id, 'doc_id')}-{digest}.parquet"


def dataset_partition(key: str) -> dict[str, str]:
    """``{column: value}`` read back from a dataset key's hive path."""
    return dict(seg.split("=", 1) for seg in key.split("/")[2:-1] if "=" in seg)


def dataset_table(key: str) -> str:
    return key.split("/")[1]
