"""Editions: the same disclosure published again with new bytes (a draft replaced, a typo fixed).

Documents of one unit, year, kind and scope — or linked by the spider's
``republication_of`` — are editions of one disclosure, numbered in order of
first sighting; the last is current. This is the one place that rule lives:
the archive stamps ``edition``/``is_current`` on every row from it, and change
detection diffs each edition against the one it replaced.
"""

from __future__ import annotations

import pyarrow as pa

from govbudget.storage.catalog import base_edition_key


def published_order(entry: dict) -> tuple:
    return (entry.get("first_seen") or "", entry.get("run_id") or "", entry["doc_id"])


def resolve_keys(entries: dict[str, dict], known: dict[str, dict]) -> None:
    """Set ``edition_key`` on ``entries``: a re-publication joins the disclosure it replaced."""

    def key_of(doc_id: str, seen: set[str]) -> str:
        entry = entries.get(doc_id) or known[doc_id]
        if entry.get("edition_key") and doc_id not in entries:
            return entry["edition_key"]
        target = entry.get("republication_of")
        if target and target not in seen and (target in entries or target in known):
            return key_of(target, seen | {target})
        return base_edition_key(entry)

    for doc_id, entry in entries.items():
        entry["edition_key"] = key_of(doc_id, {doc_id})


def number(group: list[dict]) -> list[dict]:
    """Members of one disclosure, oldest first, with ``edition`` and ``is_current`` set."""
    ordered = sorted(group, key=published_order)
    for index, entry in enumerate(ordered, 1):
        entry["edition"], entry["is_current"] = index, index == len(ordered)
    return ordered


def editions(catalog: list[dict]) -> dict[str, list[dict]]:
    """Each disclosure's documents, oldest first, as the catalog numbers them."""
    groups: dict[str, list[dict]] = {}
    for entry in catalog:
        groups.setdefault(entry["edition_key"], []).append(entry)
    return {key: sorted(group, key=lambda e: e["edition"]) for key, group in groups.items()}


def current(catalog: list[dict]) -> list[dict]:
    return [e for e in catalog if e.get("is_current")]


def with_edition(table: pa.Table, edition: int, is_current: bool) -> pa.Table:
    """A document's dataset rows stamped with its edition (as :func:`number` set it)."""
    for name, value, kind in (("edition", edition, pa.int32()), ("is_current", is_current, pa.bool_())):
        table = table.set_column(table.schema.get_field_index(name), pa.field(name, kind), pa.array([value] * table.num_rows, kind))
    return table
