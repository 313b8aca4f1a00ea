"""Re-publication: the same publisher, year and kind, published again with new bytes.

Portals replace a draft with the approved budget, or fix a typo, at the same
place. The archive keeps every version; this module orders them and diffs each
against the one it replaced.
"""

from __future__ import annotations

from govbudget.storage.archive import ObjectArchive
from govbudget.changes.diff import ChangeSet, compare
from govbudget.changes.units import publisher_matches, unit_key


def edition_key(entry: dict) -> tuple:
    """Documents sharing this key are editions of one disclosure."""
    return (*unit_key(entry), entry.get("fiscal_year"), entry.get("kind"), entry.get("scope"))


def _published_order(entry: dict) -> tuple:
    return (entry.get("first_seen") or "", entry.get("run_id") or "", entry["doc_id"])


def editions(catalog: list[dict]) -> dict[tuple, list[dict]]:
    """Each disclosure's documents, oldest first; ``republication_of`` links are followed too."""
    by_id = {e["doc_id"]: e for e in catalog}
    groups: dict[tuple, list[dict]] = {}
    for entry in catalog:
        root = entry
        seen = {entry["doc_id"]}
        while root.get("republication_of") in by_id and root["republication_of"] not in seen:
            root = by_id[root["republication_of"]]
            seen.add(root["doc_id"])
        groups.setdefault(edition_key(root), []).append(entry)
    return {key: sorted(group, key=_published_order) for key, group in groups.items()}


def latest_editions(catalog: list[dict]) -> list[dict]:
    return [group[-1] for group in editions(catalog).values()]


def republications(archive: ObjectArchive, catalog: list[dict] | None = None, publisher: str | None = None) -> list[ChangeSet]:
    """A diff for every document that replaced an earlier edition."""
    sets = []
    for group in editions(catalog if catalog is not None else archive.catalog()).values():
        if not publisher_matches(publisher, group[-1].get("publisher")):
            continue
        for before, after in zip(group, group[1:]):
            old, new = archive.get_parse(before["doc_id"]), archive.get_parse(after["doc_id"])
            if old and new:
                sets.append(compare(old, new, kind="republication").with_urls(before.get("source_url"), after.get("source_url")))
    return sets
